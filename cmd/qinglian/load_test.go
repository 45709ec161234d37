package main

// Load benchmarks of `qinglian serve` (issue 3, item 14), against a real
// server process on 127.0.0.1 with its SQLite database, driven from this
// process by a Go load generator with keep-alive connections:
//
//	go test -run '^$' -bench Load -benchtime 1x ./cmd/qinglian/
//
// BenchmarkLoadPublicPage: a published report page at 64 concurrent
// connections (requests/s, p50, p99), and a bare net/http handler serving
// the same bytes, in its own process, in the same run, for the ratio.
// BenchmarkLoadSubmissions: 200 cadres each save a version and submit, at
// once. BenchmarkLoadSubmissionsKill: the same while the server is killed
// with SIGKILL in the middle and restarted on the same --data. Every run is
// bounded in count and time and stops by itself.
//
// The normal suite (go test ./...) runs a small version of the last two:
// 50 cadres, one kill (TestSubmissionsUnderLoad, TestSubmissionsSurviveKill).

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"qinglian"
	"qinglian/server"
	"qinglian/store"
)

// loadPassword is every seeded account's password.
const loadPassword = "load-test-password"

// binDir holds the command built for the tests that need a process of
// their own; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// serveBinary builds the command once per test process; every test and
// benchmark here that needs a server process shares it.
var serveBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "qinglian-load-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "qinglian")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func binary(tb testing.TB) string {
	tb.Helper()
	bin, err := serveBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// serverProc is one `qinglian serve` process.
type serverProc struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	stderr *syncBuffer
	done   chan struct{}
}

// startServer runs `qinglian serve --data dir` on a free port of 127.0.0.1
// and waits until it listens.
func startServer(tb testing.TB, dir string) *serverProc {
	tb.Helper()
	cmd := exec.Command(binary(tb), "serve", "--addr", "127.0.0.1:0", "--data", dir)
	cmd.Env = append(os.Environ(), "QINGLIAN_LOG_JSON=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	p := &serverProc{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() { cmd.Wait(); close(p.done) }()
	select {
	case p.base = <-addr:
	case <-p.done:
		tb.Fatalf("serve exited before listening:\n%s", p.stderr)
	case <-time.After(30 * time.Second):
		tb.Fatalf("serve did not listen within 30 s:\n%s", p.stderr)
	}
	return p
}

// kill ends the process with SIGKILL, as a power cut or the OOM killer
// would, and waits for it.
func (p *serverProc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process with SIGTERM (graceful shutdown) and waits.
func (p *serverProc) stop(tb testing.TB) {
	tb.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.kill()
		tb.Error("serve did not stop within 20 s of SIGTERM")
	}
}

// lockErrors are what SQLite says when writers collide without waiting.
var lockErrors = regexp.MustCompile(`(?i)database is locked|SQLITE_BUSY|database table is locked`)

// loadOrg is a seeded database: a committee, one unit, an organiser, a
// reviewer and n cadres enrolled in an open campaign.
type loadOrg struct {
	dir          string
	cadres       []string // logins
	participants []int64  // participant of cadres[i]
	public       int64    // a publication with public scope (when asked)
}

// seedLoad fills a fresh --data directory through the store, then closes
// it, so the server process finds a working organisation.
func seedLoad(tb testing.TB, n int, withPublication bool) *loadOrg {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "qinglian.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	check := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	root := &qinglian.Organisation{Name: "县委", Kind: qinglian.OrgCommittee}
	check(st.CreateOrganisation(ctx, 0, root))
	unit := &qinglian.Organisation{ParentID: root.ID, Name: "县水利局", Kind: qinglian.OrgUnit}
	check(st.CreateOrganisation(ctx, 0, unit))
	hash, err := server.HashPassword(loadPassword, false)
	check(err)
	user := func(login, name string, org int64, role qinglian.Role) *qinglian.User {
		u := &qinglian.User{Login: login, Name: name, Title: "局长", PasswordHash: hash}
		check(st.CreateUser(ctx, 0, u))
		check(st.GrantRole(ctx, 0, &qinglian.Membership{UserID: u.ID, OrgID: org, Role: role}))
		return u
	}
	user("admin", "管理员", root.ID, qinglian.RoleAdmin)
	organiser := user("zuzhi", "组织部", root.ID, qinglian.RoleOrganiser)
	reviewer := user("jijian", "纪检组长", unit.ID, qinglian.RoleReviewer)
	year := time.Now().Year()
	camp := &qinglian.Campaign{OrgID: root.ID, Year: year, Title: fmt.Sprintf("%d年度述责述廉", year), State: qinglian.CampaignOpen,
		Units: []int64{unit.ID}, Deadline: time.Date(year+1, 12, 31, 15, 59, 59, 0, time.UTC)}
	check(st.CreateCampaign(ctx, organiser.ID, camp))
	org := &loadOrg{dir: dir}
	for i := range n {
		login := fmt.Sprintf("cadre%03d", i)
		u := user(login, fmt.Sprintf("干部%03d", i), unit.ID, qinglian.RoleCadre)
		p := &qinglian.Participant{CampaignID: camp.ID, UserID: u.ID, OrgID: unit.ID}
		check(st.AddParticipant(ctx, organiser.ID, p))
		org.cadres = append(org.cadres, login)
		org.participants = append(org.participants, p.ID)
	}
	if withPublication {
		// A real-sized report through the whole cycle to public scope.
		body, err := os.ReadFile("../../testdata/example-report.txt")
		check(err)
		u := user("liuju", "刘局长", unit.ID, qinglian.RoleCadre)
		p := &qinglian.Participant{CampaignID: camp.ID, UserID: u.ID, OrgID: unit.ID}
		check(st.AddParticipant(ctx, organiser.ID, p))
		rev, err := st.SaveVersion(ctx, u.ID, p.ID, &qinglian.Version{Body: strings.TrimSpace(string(body))})
		check(err)
		rev, err = st.SubmitReport(ctx, u.ID, p.ID, rev)
		check(err)
		rev, err = st.ReviewReport(ctx, reviewer.ID, p.ID, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted})
		check(err)
		pub := &qinglian.Publication{Scope: qinglian.ScopePublic}
		_, err = st.PublishReport(ctx, organiser.ID, p.ID, rev, pub)
		check(err)
		org.public = pub.ID
	}
	return org
}

// cadreClient is one cadre's browser: a cookie jar, the form token of
// their session, no automatic redirects.
type cadreClient struct {
	base  string
	http  *http.Client
	csrf  string
	login string
	desk  string // /participants/ID
}

var (
	csrfInput     = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	revisionInput = regexp.MustCompile(`name="revision" value="(\d+)"`)
)

func newCadreClient(base, login string, participant int64, tr http.RoundTripper) *cadreClient {
	jar, _ := cookiejar.New(nil)
	return &cadreClient{base: base, login: login, desk: "/participants/" + strconv.FormatInt(participant, 10),
		http: &http.Client{Jar: jar, Transport: tr, Timeout: 60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// statusError is an answer other than the one expected.
type statusError struct {
	what   string
	status int
	body   string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: status %d: %s", e.what, e.status, clipBody(e.body))
}

func clipBody(s string) string {
	if i := strings.Index(s, `role="alert"`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

func (c *cadreClient) do(req *http.Request, what string, want int) (string, error) {
	res, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return "", fmt.Errorf("%s: read: %w", what, err)
	}
	body := string(b)
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	if res.StatusCode != want {
		return body, &statusError{what: what, status: res.StatusCode, body: body}
	}
	return body, nil
}

func (c *cadreClient) get(path string, want int) (string, error) {
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		return "", err
	}
	return c.do(req, "GET "+path, want)
}

func (c *cadreClient) post(path string, form url.Values, want int) (string, error) {
	form.Set("csrf", c.csrf)
	req, err := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req, "POST "+path, want)
}

// signIn logs in through the form.
func (c *cadreClient) signIn() error {
	if _, err := c.get("/login", http.StatusOK); err != nil {
		return err
	}
	_, err := c.post("/login", url.Values{"login": {c.login}, "password": {loadPassword}}, http.StatusSeeOther)
	return err
}

// reportBody is cadre i's report: a realistic text with a mark of its own,
// so the check afterwards knows the version is this cadre's.
func reportBody(base string, i int) string {
	return strings.Replace(base, "2023年，", fmt.Sprintf("2023年（编号%03d），", i), 1) + fmt.Sprintf("\n提交标记 load-%03d", i)
}

// saveAndSubmit saves a new version and submits it, as the report page
// does. It returns nil only when the submission was acknowledged (303).
func (c *cadreClient) saveAndSubmit(body string) error {
	if _, err := c.get(c.desk, http.StatusOK); err != nil {
		return err
	}
	if _, err := c.post(c.desk+"/versions", url.Values{"body": {body}, "note": {"负载测试"}}, http.StatusSeeOther); err != nil {
		return err
	}
	page, err := c.get(c.desk, http.StatusOK)
	if err != nil {
		return err
	}
	m := revisionInput.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("%s: the report page after saving offers no submit form", c.login)
	}
	_, err = c.post(c.desk+"/submit", url.Values{"revision": {m[1]}}, http.StatusSeeOther)
	return err
}

// finish completes a submission whose answer was lost, as a person would
// after looking at the page again: the version may already be saved (then
// only submit) or even submitted (then nothing is left to do).
func (c *cadreClient) finish(body string) error {
	page, err := c.get(c.desk, http.StatusOK)
	if err != nil {
		return err
	}
	mark := body[strings.LastIndex(body, "\n")+1:]
	saved := strings.Contains(page, mark)
	m := revisionInput.FindStringSubmatch(page)
	submitForm := strings.Contains(page, `action="`+c.desk+`/submit"`)
	switch {
	case saved && !submitForm:
		return nil
	case saved && m != nil:
		_, err = c.post(c.desk+"/submit", url.Values{"revision": {m[1]}}, http.StatusSeeOther)
		return err
	}
	return c.saveAndSubmit(body)
}

// submissionRun is what a submission load saw.
type submissionRun struct {
	n             int
	acked         []bool // acked[i]: cadre i's submission answered 303
	ackedBefore   int    // acknowledged before the kill (kill runs)
	failures      []error
	elapsed       time.Duration // the submission burst, without logins
	lockedInLog   bool
	afterRestart  int // submissions completed against the restarted server
	auditVerified string
}

// runSubmissions seeds n cadres, logs them all in, then lets all of them
// save and submit at once. With kill, the server gets SIGKILL once a third
// of the submissions are acknowledged; it is restarted on the same --data,
// the cadres whose submission was not acknowledged finish theirs, and every
// acknowledged submission must be in the database with its text.
func runSubmissions(tb testing.TB, n int, kill bool) *submissionRun {
	tb.Helper()
	ctx := context.Background()
	org := seedLoad(tb, n, false)
	base, err := os.ReadFile("../../testdata/example-report.txt")
	if err != nil {
		tb.Fatal(err)
	}
	srv := startServer(tb, org.dir)
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	clients := make([]*cadreClient, n)
	var wg sync.WaitGroup
	loginErrs := make([]error, n)
	sem := make(chan struct{}, 8) // logins are bcrypt-bound; more at once only queue
	for i := range n {
		clients[i] = newCadreClient(srv.base, org.cadres[i], org.participants[i], tr)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			loginErrs[i] = clients[i].signIn()
		})
	}
	wg.Wait()
	if err := errors.Join(loginErrs...); err != nil {
		tb.Fatalf("logins: %v", err)
	}

	run := &submissionRun{n: n, acked: make([]bool, n)}
	var acked atomic.Int64
	killAt := int64(n / 3)
	killed := make(chan struct{})
	var killOnce sync.Once
	errs := make([]error, n)
	start := make(chan struct{})
	began := time.Now()
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = clients[i].saveAndSubmit(reportBody(string(base), i))
			if errs[i] != nil {
				return
			}
			run.acked[i] = true
			if kill && acked.Add(1) == killAt {
				killOnce.Do(func() {
					close(killed)
					srv.kill()
				})
			}
		})
	}
	close(start)
	wg.Wait()
	run.elapsed = time.Since(began)
	stderr := srv.stderr.String()
	run.lockedInLog = lockErrors.MatchString(stderr)
	for i, err := range errs {
		if err == nil {
			run.ackedBefore++
			continue
		}
		if !kill {
			run.failures = append(run.failures, fmt.Errorf("%s: %w", org.cadres[i], err))
		}
		var se *statusError
		if errors.As(err, &se) && lockErrors.MatchString(se.body) {
			run.lockedInLog = true
		}
	}

	if kill {
		select {
		case <-killed:
		default:
			tb.Fatalf("the load ended before the kill (%d of %d acknowledged)", acked.Load(), n)
		}
		// Restart on the same data; the sessions are in the database, so
		// the cadres go on where they were.
		srv = startServer(tb, org.dir)
		for i, c := range clients {
			c.base = srv.base
			if run.acked[i] {
				continue
			}
			wg.Go(func() {
				if err := c.finish(reportBody(string(base), i)); err != nil {
					errs[i] = fmt.Errorf("after restart: %w", err)
					return
				}
				errs[i] = nil
			})
		}
		wg.Wait()
		for i, err := range errs {
			if !run.acked[i] {
				if err != nil {
					run.failures = append(run.failures, fmt.Errorf("%s: %w", org.cadres[i], err))
				} else {
					run.afterRestart++
				}
			}
		}
		if lockErrors.MatchString(srv.stderr.String()) {
			run.lockedInLog = true
		}
	}
	srv.stop(tb)

	// Every acknowledged submission is there, with its own text.
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(org.dir, "qinglian.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	for i, pid := range org.participants {
		if errs[i] != nil && !run.acked[i] {
			continue // counted among the failures
		}
		p, err := st.FindParticipantByID(ctx, pid)
		if err != nil {
			tb.Fatal(err)
		}
		if p.State != qinglian.StateSubmitted || p.ReportID == 0 {
			tb.Errorf("%s: acknowledged submission not in the database: state %s", org.cadres[i], p.State)
			continue
		}
		r, err := st.FindReportByID(ctx, p.ReportID)
		if err != nil {
			tb.Fatal(err)
		}
		v, err := st.FindVersion(ctx, p.ReportID, r.Latest)
		if err != nil {
			tb.Fatal(err)
		}
		if !strings.Contains(v.Body, fmt.Sprintf("提交标记 load-%03d", i)) {
			tb.Errorf("%s: the submitted version is not the one sent", org.cadres[i])
		}
	}
	if ok, broken, err := st.VerifyAudit(ctx); err != nil || !ok {
		tb.Errorf("audit chain: ok=%v first broken %d err %v", ok, broken, err)
	}
	out, err := exec.Command(binary(tb), "audit", "verify", "--data", org.dir).CombinedOutput()
	run.auditVerified = strings.TrimSpace(string(out))
	if err != nil || !strings.HasPrefix(run.auditVerified, "OK") {
		tb.Errorf("qinglian audit verify: %v\n%s", err, out)
	}
	if run.lockedInLog {
		tb.Errorf("\"database is locked\" during the load; server log:\n%s", clipLog(stderr))
	}
	if len(run.failures) > 0 {
		tb.Errorf("%d of %d submissions failed; first: %v", len(run.failures), n, run.failures[0])
	}
	return run
}

func clipLog(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

// TestSubmissionsUnderLoad: 50 cadres save and submit at once against a
// server process on SQLite; no "database is locked", every submission
// acknowledged and present.
func TestSubmissionsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	r := runSubmissions(t, 50, false)
	if r.ackedBefore != 50 {
		t.Errorf("%d of 50 submissions acknowledged", r.ackedBefore)
	}
	t.Logf("50 concurrent save+submit: %v", r.elapsed.Round(time.Millisecond))
}

// TestSubmissionsSurviveKill: 50 cadres save and submit at once; the
// server is killed with SIGKILL in the middle and restarted on the same
// --data. Every acknowledged submission survives, the others complete
// after the restart, and `qinglian audit verify` passes.
func TestSubmissionsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	r := runSubmissions(t, 50, true)
	if r.ackedBefore == 0 || r.ackedBefore == 50 {
		t.Errorf("the kill did not fall in the middle of the load: %d of 50 acknowledged before it", r.ackedBefore)
	}
	t.Logf("acknowledged before SIGKILL %d, completed after restart %d; %s", r.ackedBefore, r.afterRestart, r.auditVerified)
}

// BenchmarkLoadSubmissions: 200 cadres save a version and submit at once.
func BenchmarkLoadSubmissions(b *testing.B) {
	for b.Loop() {
		r := runSubmissions(b, 200, false)
		b.ReportMetric(float64(r.ackedBefore), "acknowledged")
		b.ReportMetric(r.elapsed.Seconds(), "burst-s")
		b.ReportMetric(float64(2*r.n)/r.elapsed.Seconds(), "writes/s")
	}
}

// BenchmarkLoadSubmissionsKill: the same with a SIGKILL in the middle and
// a restart on the same --data.
func BenchmarkLoadSubmissionsKill(b *testing.B) {
	for b.Loop() {
		r := runSubmissions(b, 200, true)
		b.ReportMetric(float64(r.ackedBefore), "acked-before-kill")
		b.ReportMetric(float64(r.afterRestart), "done-after-restart")
	}
}

// pageLoad is the figures of one page load run.
type pageLoad struct {
	requests  int
	failures  int
	elapsed   time.Duration
	p50, p99  time.Duration
	reqPerSec float64
}

func (l pageLoad) String() string {
	return fmt.Sprintf("%d requests in %v: %.0f req/s, p50 %v, p99 %v, %d failures",
		l.requests, l.elapsed.Round(time.Millisecond), l.reqPerSec, l.p50.Round(10*time.Microsecond), l.p99.Round(10*time.Microsecond), l.failures)
}

// hammer sends GET url from conns keep-alive connections, each one request
// after the other, for d after a warm-up of warm (not counted), and
// returns the throughput and the latency quantiles. It stops after max
// requests at most.
func hammer(url string, conns int, warm, d time.Duration, max int, wantSize int) pageLoad {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true,
		DialContext: (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, 1<<16)
		failures  atomic.Int64
		count     atomic.Int64
		wg        sync.WaitGroup
	)
	startMeasure := time.Now().Add(warm)
	end := startMeasure.Add(d)
	for range conns {
		wg.Go(func() {
			local := make([]time.Duration, 0, 4096)
			buf := make([]byte, 32<<10)
			for {
				t0 := time.Now()
				if t0.After(end) || count.Load() >= int64(max) {
					break
				}
				res, err := client.Get(url)
				ok := err == nil
				if ok {
					n := 0
					for {
						k, err := res.Body.Read(buf)
						n += k
						if err != nil {
							break
						}
					}
					res.Body.Close()
					ok = res.StatusCode == http.StatusOK && (wantSize == 0 || n == wantSize)
				}
				if t0.Before(startMeasure) {
					continue
				}
				count.Add(1)
				if !ok {
					failures.Add(1)
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(startMeasure)
	if elapsed > d {
		elapsed = d // requests that started before the end and finished after it are few
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	return pageLoad{requests: int(count.Load()), failures: int(failures.Load()), elapsed: elapsed,
		p50: q(0.50), p99: q(0.99), reqPerSec: float64(count.Load()-failures.Load()) / elapsed.Seconds()}
}

// bareEnv makes the test binary, run again, a bare net/http server of the
// file it names (see TestBareServerProcess).
const bareEnv = "QINGLIAN_LOAD_BARE_PAGE"

// TestBareServerProcess is not a test: run by the page benchmark in a
// process of its own with bareEnv set, it serves the file named there at
// every path with a bare net/http handler, prints its address and serves
// until killed. Without bareEnv it does nothing.
func TestBareServerProcess(t *testing.T) {
	file := os.Getenv(bareEnv)
	if file == "" {
		t.Skip("helper process for BenchmarkLoadPublicPage")
	}
	page, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
}

// startBare runs the bare server on page in a process of its own.
func startBare(tb testing.TB, page []byte) (base string, stop func()) {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "page.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBareServerProcess$", "-test.v")
	cmd.Env = append(os.Environ(), bareEnv+"="+file)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return m[1], stop
		}
	}
	stop()
	tb.Fatal("bare server did not start")
	return "", nil
}

// BenchmarkLoadPublicPage: a published report page at 64 concurrent
// keep-alive connections against `qinglian serve` on SQLite, then a bare
// net/http handler serving the same bytes, each for a few seconds after a
// warm-up. Target (issue 3): ≥ 2,000 req/s and p99 ≤ 50 ms on a 2-core
// machine with the load generator on the same cores.
func BenchmarkLoadPublicPage(b *testing.B) {
	const conns = 64
	dur := 5 * time.Second
	if s := os.Getenv("QINGLIAN_LOAD_SECONDS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			dur = time.Duration(n) * time.Second
		}
	}
	org := seedLoad(b, 0, true)
	srv := startServer(b, org.dir)
	defer srv.stop(b)
	path := fmt.Sprintf("/public/%d", org.public)
	res, err := http.Get(srv.base + path)
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "述责述廉报告") {
		b.Fatalf("public page: %d", res.StatusCode)
	}
	bareBase, stopBare := startBare(b, page)
	defer stopBare()
	for b.Loop() {
		q := hammer(srv.base+path, conns, time.Second, dur, 10_000_000, len(page))
		bare := hammer(bareBase+"/", conns, time.Second, dur, 10_000_000, len(page))
		b.Logf("page %d bytes, %d connections", len(page), conns)
		b.Logf("qinglian: %v", q)
		b.Logf("bare:     %v", bare)
		b.ReportMetric(q.reqPerSec, "req/s")
		b.ReportMetric(float64(q.p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(q.p99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(bare.reqPerSec, "bare-req/s")
		b.ReportMetric(q.reqPerSec/bare.reqPerSec, "ratio")
		b.ReportMetric(float64(q.failures), "failures")
		if q.failures > 0 {
			b.Errorf("%d failed requests", q.failures)
		}
	}
}
