package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"qinglian/input/docxbuild"
	"qinglian/store"
)

// defectiveReport is a cadre's report with the defect kinds of the seed:
// 自已, 正已, 烙守, a doubled 。。, the left-over placeholder ** and a full-width
// ． inside a name. Paragraph numbers as the report page counts them.
var defectiveReport = []docxbuild.DocxParagraph{
	{Text: "刘局长2025年度述责述廉报告", Heading: 1},
	{Text: "2025年，在县委的坚强领导下，本人认真履行党组书记第一责任人职责，现将履职尽责和廉洁自律情况报告如下，请予评议。"},
	{Text: "一、执行政治纪律和政治规矩情况", Heading: 2},
	{Text: "全年主持党组理论学习中心组学习12次，撰写心得体会4篇，严格执行重大事项请示报告制度，向县委请示报告重大事项6件。。"},
	{Text: "二、履行管党治党责任情况", Heading: 2},
	{Text: "年初与局属6个单位签订党风廉政建设责任书，开通“阳光水利．廉洁监督”专栏，召开党风廉政建设专题会议4次。"},
	{Text: "三、执行廉洁纪律情况", Heading: 2},
	{Text: "始终把严下先严上、正人先正已作为行为准则，在工程项目招投标中坚持“一把手”不直接分管，始终烙守廉洁底线。"},
	{Text: "四、存在的不足和下一步打算", Heading: 2},
	{Text: "理论学习还不够深入。下一步，本人将以更高标准严格要求自已，推动新时代**建设高质量发展。"},
}

// fixes are the cadre's corrections after the review, applied to the text
// in the editor.
var fixes = strings.NewReplacer(
	"6件。。", "6件。",
	"阳光水利．廉洁监督", "阳光水利·廉洁监督",
	"正人先正已", "正人先正己",
	"烙守", "恪守",
	"要求自已", "要求自己",
	"新时代**建设", "新时代水利",
	"理论学习还不够深入。", "理论学习还不够深入，全年只参加集中学习12次中的10次，有2次因出差缺席。",
)

var onceText = regexp.MustCompile(`^\S+$`)

// TestBrowserUserPath walks the annual cycle in a real browser against the
// whole server on a port-0 listener: the administrator builds the tree and
// the accounts in the admin pages, the organiser opens a campaign, a cadre
// uploads a .docx with defects and sees them highlighted, a reviewer returns
// it with a paragraph comment, the cadre fixes and resubmits, the reviewer
// accepts, the organiser publishes it to the public, an anonymous visitor
// finds and reads it, and the archive holds the history. It asserts on what
// each page shows and saves a full-page screenshot of each (and of the
// report and public pages at 360 px).
func TestBrowserUserPath(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t) // skip early, before building anything
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "qinglian.db"))
	must(t, err)
	defer st.Close()
	adminLogin, adminOnce, err := FirstStart(ctx, st, "县委")
	must(t, err)
	srv, err := New(Config{Store: st, Engine: engine(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	must(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	runCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(runCtx, ln) }()
	defer func() {
		stop()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve after shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("Serve did not return after the context ended")
		}
	}()
	b := newBrowser(t, "http://"+ln.Addr().String())

	// The administrator logs in with the one-time password and must set
	// their own first.
	admin := b.tab("admin")
	admin.open("/login")
	admin.shot("login")
	signInBrowser(admin, adminLogin, adminOnce)

	// The tree: a unit under the committee.
	admin.open("/admin/orgs")
	admin.do(setSelect("#parent", "县委"))
	admin.typeInto("#name", "县水利局")
	admin.press(`form[action="/admin/orgs"] button[type=submit]`)
	admin.wantText("tree", ".tree", "县委", "县水利局")
	admin.shot("admin-orgs")

	// The accounts, each with a one-time password shown once.
	account := func(login, name, title, org, role string) string {
		admin.open("/admin/users")
		admin.typeInto("#login", login)
		admin.typeInto("#name", name)
		admin.typeInto("#title", title)
		admin.do(setSelect("#org", org), setSelectValue("#role", role))
		admin.press(`form[action="/admin/users"] button[type=submit]`)
		pw := admin.text(".once")
		if !onceText.MatchString(pw) {
			admin.t.Fatalf("no one-time password for %s; the page shows:\n%s", login, clip(admin.mainText(), 800))
		}
		return pw
	}
	orgPw := account("zuzhi", "组织部干部", "干部科科长", "县委", "organiser")
	revPw := account("jijian", "纪检组长", "派驻纪检组组长", "县水利局", "reviewer")
	cadrePw := account("liuju", "刘局长", "党组书记、局长", "县水利局", "cadre")
	admin.wantText("accounts", "main", "zuzhi", "jijian", "liuju", "述责人", "纪检监察审核", "组织部门")
	admin.shot("admin-users")

	// The organiser opens the 2025 campaign for the unit and enrols its cadres.
	org := b.tab("organiser")
	signInBrowser(org, "zuzhi", orgPw)
	org.open("/campaigns/new")
	// One who organises for several committees chooses one first; one
	// who organises for a single committee goes straight to the form.
	if len(org.texts(`form[action="/campaigns/new"]`)) > 0 {
		org.do(setSelect("#org", "县委"))
		org.press(`form[action="/campaigns/new"] button[type=submit]`)
	}
	org.setValue("#year", "2025")
	org.setValue("#deadline", "2025-12-31")
	org.do(setSelectValue("#state", "open"))
	org.typeInto("#title", "2025年度述责述廉")
	org.eval(`(() => { for (const l of document.querySelectorAll("fieldset label")) if (l.innerText.includes("县水利局")) l.querySelector("input").checked = true })()`, nil)
	org.shot("campaign-form")
	org.press(`form[action="/campaigns"] button[type=submit]`)
	board := org.path()
	if !regexp.MustCompile(`^/campaigns/\d+$`).MatchString(board) {
		t.Fatalf("after creating the campaign the organiser is at %s, not its board", board)
	}
	org.press(`form[action$="/participants"] input[name=all] ~ button`)
	org.wantText("board", "main", "2025年度述责述廉", "刘局长", "县水利局", "未开始")
	org.shot("campaign-board")

	// The cadre uploads the .docx and sees the defects highlighted.
	cadre := b.tab("cadre")
	signInBrowser(cadre, "liuju", cadrePw)
	cadre.wantText("home", "main", "我的述责述廉报告", "2025年度述责述廉", "未开始")
	cadre.shot("cadre-home")
	cadre.press(`main a[href^="/participants/"]`)
	desk := cadre.path()
	docx := filepath.Join(t.TempDir(), "刘局长述责述廉报告.docx")
	must(t, os.WriteFile(docx, docxbuild.BuildDocx(defectiveReport), 0o644))
	cadre.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{docx}))
	cadre.typeInto("#note-up", "初稿")
	cadre.press(`form[enctype="multipart/form-data"] button[type=submit]`)
	cadre.wantText("report after upload", "main", "草稿", "第 1 版", "刘局长述责述廉报告.docx", "问题清单")
	marks := strings.Join(cadre.texts("mark.error"), "|")
	for _, want := range []string{"自已", "正已", "烙守", "。。", "**"} {
		if !strings.Contains(marks, want) {
			t.Errorf("the report page does not highlight %q as an error; error marks: %s", want, marks)
		}
	}
	if m := strings.Join(cadre.texts("mark"), "|"); !strings.Contains(m, "．") {
		t.Errorf("the report page does not mark the full-width ．; marks: %s", m)
	}
	cadre.wantText("findings table", "#f1", "第")
	rows := strings.Join(cadre.texts(`tr[id^="f"]`), "\n")
	for _, want := range []string{"自己", "正己", "恪守", "错误"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the findings table lacks %q:\n%s", want, rows)
		}
	}
	if errs := cadre.text(".summary .sev-error"); errs == "错误 0" || !strings.HasPrefix(errs, "错误 ") {
		t.Errorf("summary shows %q, want a non-zero error count", errs)
	}
	cadre.shot("cadre-report-findings")
	cadre.narrow("cadre-report-findings")
	cadre.press(`form[action$="/submit"] button`)
	cadre.wantText("after submit", "main", "已提交")
	if n := len(cadre.texts(`form[action$="/versions"]`)); n != 0 {
		t.Errorf("a submitted report still offers %d edit forms to its writer", n)
	}
	cadre.shot("cadre-report-submitted")

	// The reviewer finds it waiting and returns it with a comment on the
	// paragraph about shortcomings.
	rev := b.tab("reviewer")
	signInBrowser(rev, "jijian", revPw)
	rev.wantText("reviewer home", "main", "待审核的报告", "刘局长")
	rev.shot("reviewer-home")
	rev.press(`main a[href="` + desk + `"]`)
	var para string
	rev.eval(`(() => { for (const p of document.querySelectorAll("p.para")) if (p.innerText.includes("理论学习还不够深入")) return p.id.slice(1); return "" })()`, &para)
	if para == "" {
		t.Fatal("reviewer: the paragraph on shortcomings is not on the page")
	}
	rev.do(chromedp.Click(chromedp.CSS(`#p` + para + ` ~ details.pc summary`)))
	comment := "“存在的不足”只有一句套话，请补充具体事例和数据。"
	rev.typeInto("#c-"+para, comment)
	rev.typeInto("#note", "请按段落意见修改后再次提交。")
	rev.shot("reviewer-report-comment")
	rev.press(`button[name=outcome][value=returned]`)
	rev.wantText("after return", "main", "已退回", "退回修改", comment)
	rev.shot("reviewer-returned")

	// The cadre sees the comment under that paragraph, fixes the text and
	// resubmits.
	cadre.open(desk)
	cadre.wantText("returned report", "main", "已退回", "报告已退回修改", "请按段落意见修改后再次提交。")
	cadre.wantText("comment under its paragraph", "#p"+para+" + .comment", comment)
	cadre.wantText("comment in the history", ".comment a[href*='#p"+para+"']", "第 "+para+" 段")
	cadre.shot("cadre-report-returned")
	text := cadre.value("#body")
	if !strings.Contains(text, "烙守") {
		t.Fatalf("the editor does not hold the uploaded text:\n%s", text)
	}
	cadre.setValue("#body", fixes.Replace(text))
	cadre.typeInto("#note-save", "按审核意见修改")
	cadre.press(`form[action$="/versions"]:not([enctype]) button[type=submit]`)
	cadre.wantText("fixed report", "main", "第 2 版", "按审核意见修改", "错误 0")
	if m := cadre.texts("mark.error"); len(m) != 0 {
		t.Errorf("errors still highlighted after the fix: %q", m)
	}
	cadre.shot("cadre-report-fixed")
	cadre.open(desk + "/diff?from=1&to=2")
	cadre.wantText("diff", "main", "恪守")
	if ins := cadre.texts("ins"); len(ins) == 0 {
		t.Error("the diff shows no insertion")
	}
	cadre.shot("cadre-diff")
	cadre.open(desk)
	cadre.press(`form[action$="/submit"] button`)
	cadre.wantText("resubmitted", "main", "已提交")

	// The reviewer accepts.
	rev.open(desk)
	rev.wantText("resubmitted report", "main", "已提交", "第 2 版")
	rev.press(`button[name=outcome][value=accepted]`)
	rev.wantText("accepted", "main", "已通过", "审核通过")
	rev.shot("reviewer-accepted")

	// The organiser publishes it to the public.
	org.open("/")
	org.wantText("organiser home", "main", "已通过、待公开", "刘局长")
	org.open(desk)
	org.do(chromedp.Click(chromedp.CSS(`input[name=scope][value=public]`)))
	org.shot("organiser-publish")
	org.press(`form[action$="/publish"] button[type=submit]`)
	org.wantText("published", "main", "已公开", "查看公开页面（向社会公开）")
	org.open(board)
	org.wantText("board after publication", "main", "已公开")
	org.shot("campaign-board-published")

	// An anonymous visitor finds it by name and reads the accepted text,
	// without findings.
	anon := b.tab("anonymous")
	anon.open("/")
	anon.shot("anonymous-home")
	anon.press(`main a[href="/public"]`)
	anon.typeInto("#name", "刘")
	anon.press(`form[action="/public"] button[type=submit]`)
	anon.wantText("public search", "main table", "2025", "县水利局", "刘局长", "向社会公开")
	anon.shot("public-list")
	anon.press(`main table a[href^="/public/"]`)
	anon.wantText("public report", "main", "2025年度述责述廉报告", "县水利局", "刘局长", "恪守廉洁底线", "有2次因出差缺席")
	anon.lacksText("public report", "main", "烙守", "自已", "问题清单", "审核")
	if n := len(anon.texts("mark")); n != 0 {
		t.Errorf("the public page highlights %d findings", n)
	}
	anon.shot("public-report")
	anon.narrow("public-report")
	anon.open(desk)
	if p := anon.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("an anonymous visitor opening the report desk is at %s, not the login page", p)
	}

	// The archive holds the history: both versions, both decisions, the
	// comment and the publication.
	cadre.open(desk)
	cadre.press(`main a[href$="/archive"]`)
	cadre.wantText("archive", "main", "刘局长", "廉政档案", "2025", "已公开")
	events := cadre.texts(".timeline li")
	joined := strings.Join(events, "\n")
	for _, want := range []string{"保存版本 · 第 1 版", "保存版本 · 第 2 版", "审核结论", "审核意见", "公开"} {
		if !strings.Contains(joined, want) {
			t.Errorf("archive timeline lacks %q:\n%s", want, joined)
		}
	}
	if n := strings.Count(joined, "审核结论"); n != 2 {
		t.Errorf("archive shows %d review decisions, want 2 (returned, accepted):\n%s", n, joined)
	}
	cadre.shot("cadre-archive")

	ok, broken, err := st.VerifyAudit(ctx)
	if err != nil || !ok {
		t.Errorf("audit chain after the cycle: ok=%v broken=%d err=%v", ok, broken, err)
	}
}

// signInBrowser logs in through the form; a one-time password leads to the
// password page, where the person sets their own.
func signInBrowser(tb *tab, login, password string) {
	tb.t.Helper()
	tb.open("/login")
	tb.typeInto("#login", login)
	tb.typeInto("#password", password)
	tb.press(`form[action="/login"] button[type=submit]`)
	if tb.path() != "/password" {
		tb.wantText("home after login", "main", "您好")
		return
	}
	tb.wantText("password page", "main", "一次性密码")
	own := "my-own-password-" + login
	tb.typeInto("#current", password)
	tb.typeInto("#new", own)
	tb.typeInto("#again", own)
	if login == "admin" || strings.HasPrefix(login, "admin") {
		tb.shot("password-change")
	}
	tb.press(`form[action="/password"] button[type=submit]`)
	if p := tb.path(); p == "/password" || p == "/login" {
		tb.t.Fatalf("%s: password change refused; the page shows:\n%s", login, clip(tb.mainText(), 800))
	}
}
