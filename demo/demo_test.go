package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qinglian"
	"qinglian/input"
	"qinglian/review"
	"qinglian/store"
)

// fakeHash stands in for the server's password hashing: the test only
// needs to see that Load stored what hash returned.
func fakeHash(p string) ([]byte, error) {
	h := sha256.Sum256([]byte("demo:" + p))
	return h[:], nil
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	now := time.Date(2026, 1, 6, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	logins, err := Load(ctx, s, now, fakeHash)
	if err != nil {
		t.Fatal(err)
	}

	// Accounts: one per person, every role present, unique passwords,
	// the stored hash is the one hash gave.
	if len(logins.Users) != len(people) {
		t.Fatalf("%d logins, want %d", len(logins.Users), len(people))
	}
	roles := map[qinglian.Role]bool{}
	seen := map[string]bool{}
	for _, l := range logins.Users {
		roles[l.Role] = true
		if len(l.Password) != 12 || seen[l.Password] {
			t.Errorf("%s: password %q", l.Login, l.Password)
		}
		seen[l.Password] = true
		u, err := s.FindUserByLogin(ctx, l.Login)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := fakeHash(l.Password)
		if !bytes.Equal(u.PasswordHash, want) || u.Name != l.Name || !strings.HasPrefix(u.Name, "示例") {
			t.Errorf("%s: stored %+v", l.Login, u)
		}
	}
	for _, r := range qinglian.Roles {
		if !roles[r] {
			t.Errorf("no login for role %s", r)
		}
	}
	if out := logins.String(); !strings.Contains(out, "cadre3") || !strings.Contains(out, logins.Users[0].Password) {
		t.Errorf("String():\n%s", out)
	}

	// The tree: committee, 2 departments, 3 units with 3 offices each.
	orgs, err := s.OrganisationSubtree(ctx, logins.RootID)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1+2+3+9 || orgs[0].Name != RootName {
		t.Errorf("%d organisations under %q", len(orgs), orgs[0].Name)
	}

	// The campaign is open, for 2025, due 30 days after now.
	c, err := s.FindCampaignByID(ctx, logins.CampaignID)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != qinglian.CampaignOpen || c.Year != 2025 || len(c.Units) != 3 || !c.Deadline.After(now.AddDate(0, 0, 29)) {
		t.Errorf("campaign %+v", c)
	}

	// Every state of the board, one participant each.
	ps, err := s.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]qinglian.ParticipantState{}
	byName := map[string]*qinglian.Participant{}
	for _, p := range ps {
		states[p.UserName] = p.State
		byName[p.UserName] = p
	}
	want := map[string]qinglian.ParticipantState{
		"示例干部一": qinglian.StatePublished,
		"示例干部二": qinglian.StateReturned,
		"示例干部三": qinglian.StateSubmitted,
		"示例干部四": qinglian.StateDraft,
		"示例干部五": qinglian.StateAccepted,
		"示例干部六": qinglian.StateNotStarted,
	}
	if len(states) != len(want) {
		t.Errorf("participants %v", states)
	}
	for name, st := range want {
		if states[name] != st {
			t.Errorf("%s is %s, want %s", name, states[name], st)
		}
	}

	// The published report has two versions to compare and its history.
	p1 := byName["示例干部一"]
	vs, err := s.ListVersions(ctx, p1.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Fatalf("published report has %d versions", len(vs))
	}
	v1, _ := s.FindVersion(ctx, p1.ReportID, 1)
	v2, _ := s.FindVersion(ctx, p1.ReportID, 2)
	clean, _, _ := report(CleanReport)
	if v2.Body != clean || v1.Body == v2.Body || !strings.Contains(v1.Body, "目前正在抓紧整改。") {
		t.Errorf("versions of the clean report:\n%s\n---\n%s", v1.Body, v2.Body)
	}
	ds, _ := s.ListReviewDecisions(ctx, p1.ReportID)
	if len(ds) != 2 || ds[0].Outcome != qinglian.OutcomeReturned || len(ds[0].Comments) != 1 || ds[1].Outcome != qinglian.OutcomeAccepted {
		t.Errorf("decisions on the clean report: %+v", ds)
	}
	pubs, err := s.ListPublications(ctx, qinglian.PublicationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 1 || pubs[0].UserName != "示例干部一" || pubs[0].Scope != qinglian.ScopePublic || pubs[0].Version != 2 {
		t.Errorf("public publications %+v", pubs)
	}

	// Comments are anchored to the paragraph they quote.
	p2 := byName["示例干部二"]
	ds, _ = s.ListReviewDecisions(ctx, p2.ReportID)
	if len(ds) != 1 || len(ds[0].Comments) != 2 {
		t.Fatalf("decisions on the returned report: %+v", ds)
	}
	v, _ := s.FindVersion(ctx, p2.ReportID, 1)
	paras := strings.Split(v.Body, "\n")
	for _, cm := range ds[0].Comments {
		if cm.Paragraph < 1 || paras[cm.Paragraph-1] != cm.Quote {
			t.Errorf("comment on paragraph %d quotes %q", cm.Paragraph, cm.Quote)
		}
	}
	// An uploaded version keeps the file.
	v3, _ := s.FindVersion(ctx, byName["示例干部三"].ReportID, 1)
	if v3.Format != "text" || v3.FileName != "示例干部三-述责述廉报告.txt" || len(v3.Content) == 0 {
		t.Errorf("uploaded version: format %q file %q, %d bytes", v3.Format, v3.FileName, len(v3.Content))
	}

	// The audit chain holds the whole story and checks out.
	if ok, broken, err := s.VerifyAudit(ctx); err != nil || !ok {
		t.Errorf("audit chain: ok %v, first broken %d, %v", ok, broken, err)
	}

	// A second load refuses clearly and changes nothing.
	if ok, err := Loaded(ctx, s); err != nil || !ok {
		t.Errorf("Loaded after Load: %v %v", ok, err)
	}
	n, _ := s.CountUsers(ctx)
	_, err = Load(ctx, s, now, fakeHash)
	if !errors.Is(err, qinglian.ErrConflict) || !strings.Contains(qinglian.ErrorMessage(err), "演示数据已经加载") {
		t.Errorf("second load: %v", err)
	}
	if m, _ := s.CountUsers(ctx); m != n {
		t.Errorf("second load changed the users: %d → %d", n, m)
	}
}

// TestLoadRefusesTakenLogin: a database whose accounts collide with the
// demo's is left alone.
func TestLoadRefusesTakenLogin(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if err := s.CreateUser(ctx, 0, &qinglian.User{Login: "cadre3", Name: "真实用户"}); err != nil {
		t.Fatal(err)
	}
	_, err := Load(ctx, s, time.Now(), fakeHash)
	if !errors.Is(err, qinglian.ErrConflict) || !strings.Contains(qinglian.ErrorMessage(err), "cadre3") {
		t.Errorf("load over a taken login: %v", err)
	}
	if ok, _ := Loaded(ctx, s); ok {
		t.Error("the demo was partly loaded")
	}
	failing := func(string) ([]byte, error) { return nil, errors.New("no entropy") }
	s2 := openStore(t)
	if _, err := Load(ctx, s2, time.Now(), failing); err == nil || !strings.Contains(err.Error(), "no entropy") {
		t.Errorf("hash error not returned: %v", err)
	}
}

// TestReports checks the example texts do what the README says, through
// the real review engine.
func TestReports(t *testing.T) {
	eng, err := review.New(review.Config{})
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]*review.Result{}
	texts := map[string]string{}
	names, err := fs.Glob(ReportFiles(), "*.txt")
	if err != nil || len(names) != 5 {
		t.Fatalf("reports %v %v", names, err)
	}
	for _, name := range names {
		data, _ := fs.ReadFile(ReportFiles(), name)
		doc, err := input.Read(name, data)
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = strings.ReplaceAll(doc.Text(), "\n", "")
		if n := utf8.RuneCountInString(texts[name]); n < 1500 || n > 3000 {
			t.Errorf("%s has %d characters, want 1,500–3,000", name, n)
		}
		results[name] = eng.Review(doc, review.Options{})
	}
	rules := func(name string, sev qinglian.Severity) map[string]int {
		out := map[string]int{}
		for _, f := range results[name].Findings {
			if f.Severity == sev {
				out[f.Rule]++
			}
		}
		return out
	}

	// The clean and the concrete reports have no error; the clean one
	// has no warning either.
	for _, name := range []string{CleanReport, EmptyPhrasesReport, MissingAreaReport, ReusedReport} {
		if errs := rules(name, qinglian.Error); len(errs) > 0 {
			t.Errorf("%s has errors: %v", name, errs)
		}
	}
	if w := rules(CleanReport, qinglian.Warning); len(w) > 0 {
		t.Errorf("%s has warnings: %v", CleanReport, w)
	}

	// The defect report has each kind of the seed.
	errs := rules(DefectReport, qinglian.Error)
	if !results[DefectReport].HasErrors() {
		t.Errorf("%s has no error", DefectReport)
	}
	for rule, n := range map[string]int{"spelling.confusion": 3, "punct.double-end": 2, "privacy.mobile": 1} {
		if errs[rule] != n {
			t.Errorf("%s: %d × %s, want %d (errors %v)", DefectReport, errs[rule], rule, n, errs)
		}
	}
	placeholder := 0
	for rule, n := range errs {
		if strings.HasPrefix(rule, "placeholder.") {
			placeholder += n
		}
	}
	if placeholder != 1 {
		t.Errorf("%s: %d placeholders, want 1 (errors %v)", DefectReport, placeholder, errs)
	}
	if rules(DefectReport, qinglian.Warning)["punct.separator"] != 1 {
		t.Errorf("%s: no ．→· finding", DefectReport)
	}

	// The stock-phrase report: every area without a fact.
	if n := rules(EmptyPhrasesReport, qinglian.Warning)["facts.empty-section"]; n < 4 {
		t.Errorf("%s: %d empty sections, want 4 or more", EmptyPhrasesReport, n)
	}

	// The missing-area report misses exactly 执行廉洁纪律.
	var missing []string
	for _, a := range results[MissingAreaReport].Coverage {
		if a.Required && !a.Covered {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) != 1 || missing[0] != "执行廉洁纪律" {
		t.Errorf("%s misses %v", MissingAreaReport, missing)
	}
	for _, name := range []string{CleanReport, EmptyPhrasesReport, DefectReport, ReusedReport} {
		for _, a := range results[name].Coverage {
			if a.Required && !a.Covered {
				t.Errorf("%s misses %s", name, a.Name)
			}
		}
	}

	// The reused report lifts whole sentences from the clean one and
	// shares none with the others beyond stock phrases.
	if n := sharedSentences(texts[ReusedReport], texts[CleanReport]); n < 5 {
		t.Errorf("%s shares %d long sentences with %s, want 5 or more", ReusedReport, n, CleanReport)
	}
	for _, name := range []string{EmptyPhrasesReport, DefectReport, MissingAreaReport} {
		if n := sharedSentences(texts[name], texts[CleanReport]); n > 1 {
			t.Errorf("%s shares %d long sentences with %s", name, n, CleanReport)
		}
	}
}

// sharedSentences counts the sentences of a of 20 runes or more that
// appear word for word in b.
func sharedSentences(a, b string) int {
	n := 0
	for _, s := range strings.FieldsFunc(a, func(r rune) bool { return r == '。' || r == '；' }) {
		if utf8.RuneCountInString(s) >= 20 && strings.Contains(b, s) {
			n++
		}
	}
	return n
}
