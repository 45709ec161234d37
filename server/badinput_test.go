package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"qinglian/input/docxbuild"
)

// versions counts the saved versions of the cadre's report.
func (f *fixture) versions(t *testing.T) int {
	t.Helper()
	vs, err := f.st.ListVersions(ctx, f.pA.ReportID)
	must(t, err)
	return len(vs)
}

// upload posts a file to the cadre's report as the upload form does.
func (c *client) upload(path, name string, data []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("note", "上传")
	fw, err := mw.CreateFormFile("file", name)
	must(c.t, err)
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", c.base+path, &body)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// Every state-changing request needs the session's token and must not come
// from another site; a refusal changes nothing.
func TestCSRF(t *testing.T) {
	f := newFixture(t, "sqlite")
	c := f.as(t, "cadre")
	path := fmt.Sprintf("/participants/%d/versions", f.pA.ID)
	body := url.Values{"body": {"新的正文，第二版。"}}
	before := f.versions(t)
	cases := []struct {
		name   string
		form   url.Values
		header map[string]string
	}{
		{"no token", url.Values{"body": body["body"], "csrf": {""}}, nil},
		{"wrong token", url.Values{"body": body["body"], "csrf": {"forged-token-forged-token-forged-token"}}, nil},
		// Hostile: a valid token replayed from another site's page.
		{"cross-site fetch", nil, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin", nil, map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tc := range cases {
		form := tc.form
		if form == nil {
			form = url.Values{"body": body["body"], "csrf": {c.csrf}}
		}
		req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		r := c.do(req)
		wantStatus(t, tc.name, r, http.StatusForbidden)
		if !strings.Contains(r.body, "跨站") && !strings.Contains(r.body, "安全令牌") {
			t.Errorf("%s: refusal does not explain itself in Chinese:\n%s", tc.name, excerpt(r.body))
		}
	}
	if n := f.versions(t); n != before {
		t.Fatalf("refused requests saved %d versions", n-before)
	}
	// The same form with the token goes through.
	r := c.post(path, body)
	wantStatus(t, "with token", r, http.StatusSeeOther)
	if n := f.versions(t); n != before+1 {
		t.Fatalf("versions %d, want %d", n, before+1)
	}
	// The login form is protected too, by the anonymous token.
	anon := f.as(t, "anonymous")
	wantStatus(t, "login without token", anon.post("/login", url.Values{"csrf": {""}, "login": {"cadre"}, "password": {testPassword}}), http.StatusForbidden)
}

// login posts the real login form.
func (c *client) login(login, password string) response {
	c.t.Helper()
	return c.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/"}})
}

// Five wrong passwords lock the account (and the client) for a while,
// even against the right password; the wait passes.
func TestLoginThrottle(t *testing.T) {
	f := newFixture(t, "sqlite")
	c := f.as(t, "anonymous")
	wantStatus(t, "right password", c.login("cadre", testPassword), http.StatusSeeOther)
	c = f.as(t, "anonymous")
	for i := range 5 {
		wantStatus(t, "wrong password "+strconv.Itoa(i), c.login("cadre", "wrong-password"), http.StatusUnauthorized)
	}
	r := c.login("cadre", testPassword)
	wantStatus(t, "locked account", r, http.StatusTooManyRequests)
	if !strings.Contains(r.body, "分钟后再试") {
		t.Errorf("throttle message missing:\n%s", excerpt(r.body))
	}
	// Another account from the same client is held too (per-client limit).
	wantStatus(t, "same client, other account", c.login("member", testPassword), http.StatusTooManyRequests)
	f.clock.Add(61 * time.Second)
	wantStatus(t, "after the wait", c.login("cadre", testPassword), http.StatusSeeOther)
	// Unknown logins are refused like wrong passwords, not revealed.
	c = f.as(t, "anonymous")
	if r := c.login("nobody", "whatever-pass"); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "登录名或密码不正确") {
		t.Errorf("unknown login: %d", r.status)
	}
}

// A second click on submit, or a save identical to the last version, is
// refused with 409 and writes nothing.
func TestDoubleSubmission(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		c := f.as(t, "cadre")
		page := c.get(fmt.Sprintf("/participants/%d", f.pA.ID))
		rev := strconv.FormatInt(f.pA.Revision, 10)
		if !strings.Contains(page.body, `name="revision" value="`+rev+`"`) {
			t.Fatalf("report page does not carry revision %s", rev)
		}
		submit := fmt.Sprintf("/participants/%d/submit", f.pA.ID)
		wantStatus(t, "first submit", c.post(submit, url.Values{"revision": {rev}}), http.StatusSeeOther)
		r := c.post(submit, url.Values{"revision": {rev}})
		wantStatus(t, "second submit", r, http.StatusConflict)
		if !strings.Contains(r.body, "请勿重复提交") {
			t.Errorf("double submit message:\n%s", excerpt(r.body))
		}
		// Saving the same text twice.
		f2 := newFixture(t, kind)
		c2 := f2.as(t, "cadre")
		save := fmt.Sprintf("/participants/%d/versions", f2.pA.ID)
		text := url.Values{"body": {"第二版正文。\n第二段。"}}
		wantStatus(t, "first save", c2.post(save, text), http.StatusSeeOther)
		n := f2.versions(t)
		r = c2.post(save, text)
		wantStatus(t, "second save", r, http.StatusConflict)
		if !strings.Contains(r.body, "未重复保存") || f2.versions(t) != n {
			t.Errorf("identical save: versions %d → %d\n%s", n, f2.versions(t), excerpt(r.body))
		}
	})
}

// Two reviewers deciding on one report at once: one wins, the other gets
// 409 with a Chinese message, and only one decision is stored.
func TestConcurrentReview(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		rev, err := f.st.SubmitReport(ctx, f.users["cadre"].ID, f.pA.ID, f.pA.Revision)
		must(t, err)
		a, b := f.as(t, "reviewer"), f.as(t, "organiser")
		path := fmt.Sprintf("/participants/%d/review", f.pA.ID)
		forms := []url.Values{
			{"revision": {strconv.FormatInt(rev, 10)}, "outcome": {"accepted"}},
			{"revision": {strconv.FormatInt(rev, 10)}, "outcome": {"returned"}, "comment_2": {"请补充具体事例。"}},
		}
		var wg sync.WaitGroup
		results := make([]response, 2)
		for i, c := range []*client{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = c.post(path, forms[i])
			}()
		}
		wg.Wait()
		won, lost := 0, 0
		for _, r := range results {
			switch r.status {
			case http.StatusSeeOther:
				won++
			case http.StatusConflict:
				lost++
				if !strings.Contains(r.body, "审核未保存") {
					t.Errorf("conflict message:\n%s", excerpt(r.body))
				}
			default:
				t.Errorf("status %d\n%s", r.status, excerpt(r.body))
			}
		}
		ds, err := f.st.ListReviewDecisions(ctx, f.pA.ReportID)
		must(t, err)
		if won != 1 || lost != 1 || len(ds) != 1 {
			t.Fatalf("won %d, lost %d, decisions %d; want 1, 1, 1", won, lost, len(ds))
		}
		// The loser's typed comment is offered back, not lost.
		for i, r := range results {
			if r.status == http.StatusConflict && i == 1 && !strings.Contains(r.body, "请补充具体事例。") {
				t.Error("the refused reviewer's comment is not kept on the page")
			}
		}
	})
}

// Uploads: too large (the limit is stated), a type we do not read, a
// binary file posing as text, and an empty file are refused with a 4xx and
// a Chinese message; nothing is saved. A real .docx is read.
func TestUploads(t *testing.T) {
	f := newFixture(t, "sqlite")
	c := f.as(t, "cadre")
	path := fmt.Sprintf("/participants/%d/versions", f.pA.ID)
	before := f.versions(t)
	big := bytes.Repeat([]byte("述责述廉报告正文。\n"), DefaultMaxUpload/27+1000)
	cases := []struct {
		name   string
		file   string
		data   []byte
		status int
		want   string
	}{
		{"over the limit", "big.txt", big, http.StatusRequestEntityTooLarge, "10 MB"},
		{"far over the limit", "huge.txt", bytes.Repeat(big, 2), http.StatusRequestEntityTooLarge, "10 MB"},
		{"pdf", "report.pdf", []byte("%PDF-1.4 ..."), http.StatusUnsupportedMediaType, ".docx、.txt 或 .md"},
		{"old Word", "report.doc", []byte{0xd0, 0xcf, 0x11, 0xe0}, http.StatusUnsupportedMediaType, "另存为 .docx"},
		// Hostile: a binary file renamed .txt.
		{"binary as text", "report.txt", bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 200), http.StatusUnsupportedMediaType, "无法读取"},
		{"corrupt docx", "report.docx", []byte("PK\x03\x04 not really a zip"), http.StatusUnprocessableEntity, "无法读取"},
		{"empty", "report.txt", nil, http.StatusUnprocessableEntity, "文件为空"},
	}
	for _, tc := range cases {
		r := c.upload(path, tc.file, tc.data)
		wantStatus(t, tc.name, r, tc.status)
		if !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: message lacks %q:\n%s", tc.name, tc.want, excerpt(r.body))
		}
	}
	if n := f.versions(t); n != before {
		t.Fatalf("refused uploads saved %d versions", n-before)
	}
	docx := docxbuild.BuildDocx([]docxbuild.DocxParagraph{
		{Text: "张三同志2025年度述责述廉报告"},
		{Text: "一、执行政治纪律和政治规矩情况", Heading: 1},
		{Text: "一是坚持学习，严格要求自已，全年学习20次。"},
	})
	wantStatus(t, "docx", c.upload(path, "报告.docx", docx), http.StatusSeeOther)
	page := c.get(fmt.Sprintf("/participants/%d", f.pA.ID))
	if !strings.Contains(page.body, "报告.docx") || !strings.Contains(page.body, `<mark class="error"`) {
		t.Errorf("uploaded .docx not shown with its findings:\n%s", excerpt(page.body))
	}
	// A malformed form body.
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader("--x\r\nbroken"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if r := c.do(req); r.status < 400 || r.status >= 500 {
		t.Errorf("malformed multipart: status %d", r.status)
	}
}

// An expired session sends a GET to the login page with a message, and a
// POST gets 401 saying nothing was processed and nothing saved is lost.
func TestExpiredSession(t *testing.T) {
	f := newFixture(t, "sqlite")
	c := f.as(t, "cadre")
	before := f.versions(t)
	wantStatus(t, "fresh", c.get("/"), http.StatusOK)
	f.clock.Add(3 * time.Hour) // past the 2 h idle timeout
	r := c.get(fmt.Sprintf("/participants/%d", f.pA.ID))
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "expired=1") {
		t.Fatalf("expired GET: %d %q", r.status, r.location)
	}
	c2 := f.as(t, "cadre")
	f.clock.Add(3 * time.Hour)
	r = c2.post(fmt.Sprintf("/participants/%d/versions", f.pA.ID), url.Values{"body": {"过期后提交的正文。"}})
	wantStatus(t, "expired POST", r, http.StatusUnauthorized)
	if !strings.Contains(r.body, "登录已过期") || !strings.Contains(r.body, "不会丢失") {
		t.Errorf("expired POST message:\n%s", excerpt(r.body))
	}
	if f.versions(t) != before {
		t.Error("an expired session saved a version")
	}
	// A session in use is renewed before the idle timeout and lasts until
	// the absolute limit (12 h), not beyond.
	c3 := f.as(t, "cadre")
	for range 10 {
		f.clock.Add(75 * time.Minute)
		wantStatus(t, "active session", c3.get("/"), http.StatusOK)
	}
	f.clock.Add(75 * time.Minute) // 13 h 45 min after login
	if r := c3.get("/password"); r.status != http.StatusSeeOther {
		t.Errorf("session outlived the 12 h limit: %d", r.status)
	}
}

// Malformed and stale forms get a 4xx and a message, never a 500.
func TestMalformedForms(t *testing.T) {
	f := newFixture(t, "sqlite")
	org := f.as(t, "organiser")
	r := org.post("/campaigns", url.Values{"org": {strconv.FormatInt(f.root, 10)}, "year": {"二〇二五"}, "title": {"x"}, "units": {"1"}, "state": {"draft"}})
	wantStatus(t, "bad year", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "请填写正确的年度") {
		t.Errorf("bad year message:\n%s", excerpt(r.body))
	}
	r = org.post(fmt.Sprintf("/campaigns/%d", f.campaign.ID), url.Values{"year": {"2025"}, "title": {"改名"}, "units": {strconv.FormatInt(f.unitA, 10)},
		"state": {"open"}, "revision": {"0"}})
	wantStatus(t, "stale campaign edit", r, http.StatusConflict)
	r = org.post(fmt.Sprintf("/campaigns/%d", f.campaign.ID), url.Values{"year": {"2025"}, "title": {"改名"}, "units": {strconv.FormatInt(f.unitA, 10)},
		"state": {"open"}, "deadline": {"31/12/2025"}, "revision": {"1"}})
	wantStatus(t, "bad deadline", r, http.StatusUnprocessableEntity)
	r = f.as(t, "reviewer").post(fmt.Sprintf("/participants/%d/review", f.pA.ID), url.Values{"outcome": {"returned"}, "revision": {"x"}})
	wantStatus(t, "return without comment", r, http.StatusUnprocessableEntity)
	r = f.as(t, "cadre").get("/participants/abc")
	wantStatus(t, "non-numeric id", r, http.StatusNotFound)
	r = f.as(t, "cadre").get(fmt.Sprintf("/participants/%d/diff?from=9&to=1", f.pA.ID))
	wantStatus(t, "diff of a missing version", r, http.StatusNotFound)
	c, err := f.st.FindCampaignByID(ctx, f.campaign.ID)
	must(t, err)
	if c.Title != f.campaign.Title || c.Revision != f.campaign.Revision {
		t.Errorf("refused edits changed the campaign: %+v", c)
	}
}
