package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"qinglian"
	"qinglian/review"
	"qinglian/store"
	"qinglian/store/storetest"
)

// The server tests run on SQLite always and, when QINGLIAN_TEST_POSTGRES
// names a server, on PostgreSQL too, each test in a fresh schema (as the
// store's own suite does):
//
//	QINGLIAN_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./server/

var ctx = context.Background()

// engine is built once for the whole package: it loads the lexicon, which
// takes longer than any single test.
var engine = sync.OnceValue(func() *review.Engine {
	e, err := review.New(review.Config{})
	if err != nil {
		panic(err)
	}
	return e
})

// forEachDB runs test once per database kind.
func forEachDB(t *testing.T, test func(t *testing.T, kind string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			test(t, kind)
		})
	}
}

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// testPassword is every fixture user's password.
const testPassword = "correct-horse-battery"

// roles are the viewers the authorisation test walks, weakest first.
var roles = []string{"anonymous", "member", "cadre", "reviewerB", "reviewer", "organiser", "admin"}

// fixture is a small organisation in mid-campaign:
//
//	市委 (root, committee): admin, organiser
//	├── 甲局 (unit A): reviewer, member, cadre (draft, one uploaded version), cadreA2 (published to the public)
//	└── 乙局 (unit B): reviewerB, cadreB (published within unit B)
//
// plus "spare", an account the admin routes may reset and disable.
type fixture struct {
	st    *store.Store
	srv   *Server
	ts    *httptest.Server
	clock *clock
	users map[string]*qinglian.User

	root, unitA, unitB int64
	campaign           *qinglian.Campaign
	pA, pA2, pB        *qinglian.Participant
	pubPublic, pubUnit *qinglian.Publication
}

func newFixture(t *testing.T, kind string, mod ...func(*Config)) *fixture {
	t.Helper()
	st, err := store.Open(ctx, dbURL(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, clock: &clock{now: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)}, users: map[string]*qinglian.User{}}
	st.Now = f.clock.Now
	cfg := Config{Store: st, Engine: engine(), Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	for _, m := range mod {
		m(&cfg)
	}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	f.seed(t)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seed builds the organisation through the store, as an administrator
// would through the pages.
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	org := func(parent int64, name string, kind qinglian.OrgKind) int64 {
		o := &qinglian.Organisation{ParentID: parent, Name: name, Kind: kind}
		must(t, f.st.CreateOrganisation(ctx, 0, o))
		return o.ID
	}
	f.root = org(0, "市委", qinglian.OrgCommittee)
	f.unitA = org(f.root, "甲局", qinglian.OrgUnit)
	f.unitB = org(f.root, "乙局", qinglian.OrgUnit)
	hash, err := hashPassword(testPassword, false)
	must(t, err)
	user := func(login, name string, org int64, role qinglian.Role) {
		u := &qinglian.User{Login: login, Name: name, Title: "局长", PasswordHash: hash}
		must(t, f.st.CreateUser(ctx, 0, u))
		if org != 0 {
			must(t, f.st.GrantRole(ctx, 0, &qinglian.Membership{UserID: u.ID, OrgID: org, Role: role}))
		}
		f.users[login] = u
	}
	user("admin", "管理员", f.root, qinglian.RoleAdmin)
	user("organiser", "组织部甲", f.root, qinglian.RoleOrganiser)
	user("reviewer", "纪检甲", f.unitA, qinglian.RoleReviewer)
	user("reviewerB", "纪检乙", f.unitB, qinglian.RoleReviewer)
	user("cadre", "张三", f.unitA, qinglian.RoleCadre)
	user("cadreA2", "李四", f.unitA, qinglian.RoleCadre)
	user("cadreB", "王五", f.unitB, qinglian.RoleCadre)
	user("member", "赵六", f.unitA, qinglian.RoleMember)
	user("spare", "备用", 0, "")

	org_ := f.users["organiser"].ID
	f.campaign = &qinglian.Campaign{OrgID: f.root, Year: 2025, Title: "2025年度领导干部述责述廉", State: qinglian.CampaignOpen,
		Units: []int64{f.unitA, f.unitB}, Deadline: time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC)}
	must(t, f.st.CreateCampaign(ctx, org_, f.campaign))
	enrol := func(login string, unit int64) *qinglian.Participant {
		p := &qinglian.Participant{CampaignID: f.campaign.ID, UserID: f.users[login].ID, OrgID: unit}
		must(t, f.st.AddParticipant(ctx, org_, p))
		return p
	}
	f.pA = enrol("cadre", f.unitA)
	f.pA2 = enrol("cadreA2", f.unitA)
	f.pB = enrol("cadreB", f.unitB)

	// cadre: a draft, uploaded as a text file.
	draft := "张三同志2025年度述责述廉报告\n一、执行政治纪律和政治规矩情况\n一是加强学习，全年学习14次，撰写心得5篇。\n"
	_, err = f.st.SaveVersion(ctx, f.users["cadre"].ID, f.pA.ID, &qinglian.Version{
		Body: strings.TrimSpace(draft), FileName: "张三.txt", Format: "text", Content: []byte(draft)})
	must(t, err)
	// cadreA2 and cadreB: through the whole cycle to publication.
	f.pubPublic = f.publish(t, "cadreA2", f.pA2, "reviewer", qinglian.ScopePublic, "李四同志2025年度述责述廉报告\n一、履行管党治党责任情况\n全年主持专题会议6次。")
	f.pubUnit = f.publish(t, "cadreB", f.pB, "reviewerB", qinglian.ScopeUnit, "王五同志2025年度述责述廉报告\n一、推进党风廉政建设情况\n全年开展廉政谈话12人次。")
	f.refresh(t)
}

func (f *fixture) publish(t *testing.T, cadre string, p *qinglian.Participant, reviewer string, scope qinglian.Scope, body string) *qinglian.Publication {
	t.Helper()
	rev, err := f.st.SaveVersion(ctx, f.users[cadre].ID, p.ID, &qinglian.Version{Body: body})
	must(t, err)
	rev, err = f.st.SubmitReport(ctx, f.users[cadre].ID, p.ID, rev)
	must(t, err)
	rev, err = f.st.ReviewReport(ctx, f.users[reviewer].ID, p.ID, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted})
	must(t, err)
	pub := &qinglian.Publication{Scope: scope}
	_, err = f.st.PublishReport(ctx, f.users["organiser"].ID, p.ID, rev, pub)
	must(t, err)
	return pub
}

// refresh re-reads the participants after changes.
func (f *fixture) refresh(t *testing.T) {
	t.Helper()
	for _, p := range []**qinglian.Participant{&f.pA, &f.pA2, &f.pB} {
		np, err := f.st.FindParticipantByID(ctx, (*p).ID)
		must(t, err)
		*p = np
	}
}

// client is a browser: a cookie jar, the form token of its session, and
// no automatic redirects, so tests see every status.
type client struct {
	t    *testing.T
	base string // the server's URL
	http *http.Client
	csrf string
}

// newClient returns a browser for the server at base, with no session.
func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// as returns a client signed in as the fixture user login ("anonymous":
// none). Sessions are made directly, without a password round, so the
// tests stay fast; TestUserPath and the login tests use the real form.
func (f *fixture) as(t *testing.T, login string) *client {
	t.Helper()
	c := newClient(t, f.ts.URL)
	if login == "anonymous" {
		c.get("/login")
		return c
	}
	u := f.users[login]
	if u == nil {
		t.Fatalf("no fixture user %q", login)
	}
	value, sess, err := f.srv.startSession(ctx, u.ID, f.clock.Now(), "")
	must(t, err)
	base, _ := url.Parse(f.ts.URL)
	c.http.Jar.SetCookies(base, []*http.Cookie{{Name: sessionCookie, Value: value, Path: "/"}})
	c.csrf = sess.CSRF
	return c
}

// response is what a test checks of an answer.
type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if m := csrfField.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.base+path, nil)
	must(c.t, err)
	return c.do(req)
}

// post sends a form with the client's token (unless the form sets csrf).
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, err := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	must(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// wantStatus fails unless r has the status.
func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\nlocation %q\n%s", what, r.status, status, r.location, excerpt(r.body))
	}
}

// excerpt is the error message of a page, or its start.
func excerpt(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		body = body[i:]
	} else if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 600 {
		body = body[:600]
	}
	return body
}

// dbURL returns the URL of an empty database of the given kind.
func dbURL(t testing.TB, kind string) string { return storetest.URL(t, kind, "qlsrv_") }
