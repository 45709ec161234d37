package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"qinglian/store"
)

var (
	onceField     = regexp.MustCompile(`<p class="once">([^<]+)</p>`)
	participantID = regexp.MustCompile(`href="/participants/(\d+)"`)
	publicID      = regexp.MustCompile(`href="/public/(\d+)"`)
)

// TestUserPath starts the whole server on a real port-0 listener, as
// `qinglian serve` does, and walks the annual cycle through the pages with
// net/http and a cookie jar: first start, accounts, campaign, upload with
// defects, return with a paragraph comment, fix, resubmit, accept, publish,
// anonymous reading, archive, exports, audit, metrics, shutdown.
func TestUserPath(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		st, err := store.Open(ctx, dbURL(t, kind))
		must(t, err)
		defer st.Close()
		adminLogin, adminOnce, err := FirstStart(ctx, st, "市委")
		must(t, err)
		srv, err := New(Config{Store: st, Engine: engine(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		must(t, err)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		runCtx, stop := context.WithCancel(ctx)
		served := make(chan error, 1)
		go func() { served <- srv.Serve(runCtx, ln) }()
		base := "http://" + ln.Addr().String()

		// First login with the one-time password leads to the password form.
		admin := signIn(t, base, adminLogin, adminOnce)

		// The administrator builds the tree and the accounts.
		wantStatus(t, "add unit", admin.post("/admin/orgs", url.Values{"parent": {"1"}, "name": {"市水利局"}, "kind": {"unit"}}), http.StatusSeeOther)
		tree := admin.get("/admin/orgs")
		unit := regexp.MustCompile(`<option value="(\d+)"[^>]*>市水利局</option>`).FindStringSubmatch(tree.body)
		if unit == nil {
			t.Fatalf("unit not in the tree:\n%s", excerpt(tree.body))
		}
		account := func(login, name string, org string, role string) string {
			r := admin.post("/admin/users", url.Values{"login": {login}, "name": {name}, "title": {"局长"}, "org": {org}, "role": {role}})
			wantStatus(t, "create "+login, r, http.StatusOK)
			m := onceField.FindStringSubmatch(r.body)
			if m == nil {
				t.Fatalf("no one-time password for %s:\n%s", login, excerpt(r.body))
			}
			return m[1]
		}
		orgPw := account("zuzhi", "组织部干部", "1", "organiser")
		revPw := account("jijian", "纪检组长", unit[1], "reviewer")
		cadrePw := account("liuju", "刘局长", unit[1], "cadre")

		// The organiser opens the campaign and enrols the unit's cadres.
		org := signIn(t, base, "zuzhi", orgPw)
		r := org.post("/campaigns", url.Values{"org": {"1"}, "year": {"2025"}, "title": {"2025年度述责述廉"}, "units": {unit[1]},
			"state": {"open"}, "deadline": {"2025-12-31"}})
		wantStatus(t, "create campaign", r, http.StatusSeeOther)
		board := r.location
		wantStatus(t, "enrol", org.post(board+"/participants", url.Values{"all": {"1"}}), http.StatusSeeOther)
		if b := org.get(board); !strings.Contains(b.body, "刘局长") || !strings.Contains(b.body, "未开始") {
			t.Fatalf("board lacks the cadre:\n%s", excerpt(b.body))
		}

		// The cadre uploads a report with defects and sees the findings.
		cadre := signIn(t, base, "liuju", cadrePw)
		home := cadre.get("/")
		m := participantID.FindStringSubmatch(home.body)
		if m == nil {
			t.Fatalf("cadre's home lacks the report:\n%s", excerpt(home.body))
		}
		desk := "/participants/" + m[1]
		example, err := os.ReadFile("../testdata/example-report.txt")
		must(t, err)
		wantStatus(t, "upload", cadre.upload(desk+"/versions", "述责述廉报告.txt", example), http.StatusSeeOther)
		page := cadre.get(desk)
		if !strings.Contains(page.body, `<mark class="error"`) || !strings.Contains(page.body, "问题清单") {
			t.Fatalf("findings not shown inline:\n%s", excerpt(page.body))
		}
		wantStatus(t, "submit", cadre.post(desk+"/submit", url.Values{"revision": {revision(t, page.body)}}), http.StatusSeeOther)

		// The reviewer returns it with a comment on paragraph 2.
		rev := signIn(t, base, "jijian", revPw)
		if h := rev.get("/"); !strings.Contains(h.body, "待审核") || !strings.Contains(h.body, desk) {
			t.Fatalf("reviewer's home lacks the report:\n%s", excerpt(h.body))
		}
		page = rev.get(desk)
		r = rev.post(desk+"/review", url.Values{"revision": {revision(t, page.body)}, "outcome": {"returned"},
			"comment_2": {"请补充全年工作的具体数据。"}, "note": {"请修改后再提交。"}})
		wantStatus(t, "return", r, http.StatusSeeOther)

		// The cadre sees the comment, fixes the text and resubmits.
		page = cadre.get(desk)
		if !strings.Contains(page.body, "请补充全年工作的具体数据。") || !strings.Contains(page.body, "已退回") {
			t.Fatalf("cadre does not see the returned report's comment:\n%s", excerpt(page.body))
		}
		fixed := strings.Replace(string(example), "2023年，", "2023年全年，", 1) + "\n（已根据审核意见补充。）"
		wantStatus(t, "save fix", cadre.post(desk+"/versions", url.Values{"body": {fixed}, "note": {"按意见修改"}}), http.StatusSeeOther)
		page = cadre.get(desk)
		wantStatus(t, "resubmit", cadre.post(desk+"/submit", url.Values{"revision": {revision(t, page.body)}}), http.StatusSeeOther)
		if d := cadre.get(desk + "/diff?from=1&to=2"); !strings.Contains(d.body, "<ins>") {
			t.Errorf("diff shows no insertion:\n%s", excerpt(d.body))
		}

		// The reviewer accepts; the organiser publishes to the public.
		page = rev.get(desk)
		wantStatus(t, "accept", rev.post(desk+"/review", url.Values{"revision": {revision(t, page.body)}, "outcome": {"accepted"}}), http.StatusSeeOther)
		page = org.get(desk)
		wantStatus(t, "publish", org.post(desk+"/publish", url.Values{"revision": {revision(t, page.body)}, "scope": {"public"}}), http.StatusSeeOther)
		if d := org.get(desk + "/report.docx"); d.status != http.StatusOK || !strings.HasPrefix(d.body, "PK") {
			t.Errorf("accepted report .docx: %d", d.status)
		}
		if x := org.get(board + "/progress.xlsx"); x.status != http.StatusOK || !strings.HasPrefix(x.body, "PK") ||
			!strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("progress .xlsx: %d %s", x.status, x.header.Get("Content-Type"))
		}

		// An anonymous visitor finds and reads it.
		anon := newClient(t, base)
		list := anon.get("/public?name=" + url.QueryEscape("刘"))
		pm := publicID.FindStringSubmatch(list.body)
		if pm == nil {
			t.Fatalf("public search misses the report:\n%s", excerpt(list.body))
		}
		pub := anon.get("/public/" + pm[1])
		wantStatus(t, "public page", pub, http.StatusOK)
		if !strings.Contains(pub.body, "已根据审核意见补充") || strings.Contains(pub.body, "<mark") {
			t.Error("public page should show the accepted text, without findings")
		}

		// The archive holds the whole history.
		arch := cadre.get(regexp.MustCompile(`href="(/people/\d+/archive)"`).FindStringSubmatch(page.body)[1])
		for _, want := range []string{"保存版本", "审核结论", "审核意见", "公开", "第 2 版"} {
			if !strings.Contains(arch.body, want) {
				t.Errorf("archive lacks %q", want)
			}
		}
		ok, broken, err := st.VerifyAudit(ctx)
		if err != nil || !ok {
			t.Errorf("audit chain after the cycle: ok=%v broken=%d err=%v", ok, broken, err)
		}
		if mt := anon.get("/metrics"); !strings.Contains(mt.body, `route="POST /participants/{id}/review",status="303"`) {
			t.Error("metrics lack the review route by pattern")
		}
		if h := anon.get("/readyz"); h.status != http.StatusOK {
			t.Errorf("readyz: %d", h.status)
		}

		stop()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve after shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("Serve did not return after the context ended")
		}
	})
}

// signIn logs in with the form; a one-time password is replaced at once.
func signIn(t *testing.T, base, login, password string) *client {
	t.Helper()
	c := newClient(t, base)
	c.get("/login")
	r := c.login(login, password)
	wantStatus(t, "login "+login, r, http.StatusSeeOther)
	if r.location != "/password" {
		return c
	}
	// Held at the password page until the one-time password is replaced.
	if h := c.get("/"); h.location != "/password" {
		t.Fatalf("one-time password user not held at /password: %d %q", h.status, h.location)
	}
	c.get("/password")
	own := "my-own-password-" + login
	wantStatus(t, "change password", c.post("/password", url.Values{"current": {password}, "new": {own}, "again": {own}}), http.StatusSeeOther)
	wantStatus(t, "home after change", c.get("/"), http.StatusOK)
	return c
}

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)

// revision reads the revision a report page's forms carry.
func revision(t *testing.T, body string) string {
	t.Helper()
	m := revisionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("page carries no revision:\n%s", excerpt(body))
	}
	if _, err := strconv.Atoi(m[1]); err != nil {
		t.Fatal(err)
	}
	return m[1]
}
