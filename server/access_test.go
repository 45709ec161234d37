package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"qinglian/store"
)

// routeCase says who may use one route of routes.go and how to call it.
type routeCase struct {
	path    func(f *fixture) string // the URL to request
	form    url.Values              // for POST: a form that passes authorisation but (mostly) fails validation
	allowed []string                // roles let through; every other role must be refused
	status  int                     // if set: every role gets exactly this status
}

var (
	everyone  = roles
	signedIn_ = roles[1:]
	// readers of the cadre's draft in unit A.
	draftReaders = []string{"cadre", "reviewer", "organiser", "admin"}
	// readers of cadreA2's accepted and published report in unit A.
	unitAStaff   = []string{"reviewer", "organiser", "admin"}
	boardViewers = []string{"reviewerB", "reviewer", "organiser", "admin"}
	organisers   = []string{"organiser", "admin"}
	admins       = []string{"admin"}
)

func fixed(p string) func(*fixture) string { return func(*fixture) string { return p } }

func pA(suffix string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/participants/%d%s", f.pA.ID, suffix) }
}

func campaign(suffix string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/campaigns/%d%s", f.campaign.ID, suffix) }
}

func spare(suffix string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/admin/users/%d%s", f.users["spare"].ID, suffix) }
}

// routeCases has one row per pattern of routes.go. TestRoutesByRole fails
// for a route without a row, so a new route cannot skip this table.
var routeCases = map[string]routeCase{
	"GET /healthz":       {path: fixed("/healthz"), allowed: everyone},
	"GET /readyz":        {path: fixed("/readyz"), allowed: everyone},
	"GET /metrics":       {path: fixed("/metrics"), allowed: everyone},
	"GET /static/{file}": {path: fixed("/static/style.css"), allowed: everyone},
	"GET /{$}":           {path: fixed("/"), allowed: everyone},
	"GET /login":         {path: fixed("/login"), allowed: everyone},
	"POST /login":        {path: fixed("/login"), allowed: everyone},
	"POST /logout":       {path: fixed("/logout"), allowed: signedIn_},
	"GET /password":      {path: fixed("/password"), allowed: signedIn_},
	"POST /password":     {path: fixed("/password"), allowed: signedIn_},

	"GET /admin/orgs":                          {path: fixed("/admin/orgs"), allowed: admins},
	"POST /admin/orgs":                         {path: fixed("/admin/orgs"), allowed: admins},
	"GET /admin/users":                         {path: fixed("/admin/users"), allowed: admins},
	"POST /admin/users":                        {path: fixed("/admin/users"), allowed: admins},
	"POST /admin/users/{id}/roles":             {path: spare("/roles"), allowed: admins},
	"POST /admin/users/{id}/roles/revoke":      {path: spare("/roles/revoke"), allowed: admins},
	"POST /admin/users/{id}/password":          {path: spare("/password"), allowed: admins},
	"POST /admin/users/{id}/disable":           {path: spare("/disable"), form: url.Values{"disabled": {"0"}}, allowed: admins},
	"GET /campaigns":                           {path: fixed("/campaigns"), allowed: boardViewers},
	"GET /campaigns/new":                       {path: fixed("/campaigns/new"), allowed: organisers},
	"POST /campaigns":                          {path: fixed("/campaigns"), allowed: organisers},
	"GET /campaigns/{id}":                      {path: campaign(""), allowed: boardViewers},
	"GET /campaigns/{id}/edit":                 {path: campaign("/edit"), allowed: organisers},
	"POST /campaigns/{id}":                     {path: campaign(""), allowed: organisers},
	"POST /campaigns/{id}/participants":        {path: campaign("/participants"), allowed: organisers},
	"GET /campaigns/{id}/progress.xlsx":        {path: campaign("/progress.xlsx"), allowed: boardViewers},
	"GET /campaigns/{id}/copies":               {path: campaign("/copies"), allowed: boardViewers},
	"GET /participants/{id}":                   {path: pA(""), allowed: draftReaders},
	"POST /participants/{id}/versions":         {path: pA("/versions"), allowed: []string{"cadre"}},
	"POST /participants/{id}/submit":           {path: pA("/submit"), allowed: []string{"cadre"}},
	"POST /participants/{id}/review":           {path: pA("/review"), allowed: unitAStaff},
	"POST /participants/{id}/comments":         {path: pA("/comments"), allowed: draftReaders},
	"POST /participants/{id}/publish":          {path: pA("/publish"), allowed: organisers},
	"GET /participants/{id}/diff":              {path: pA("/diff"), allowed: draftReaders},
	"GET /participants/{id}/versions/{n}/file": {path: pA("/versions/1/file"), allowed: draftReaders},
	"GET /participants/{id}/report.docx": {path: func(f *fixture) string {
		return fmt.Sprintf("/participants/%d/report.docx", f.pA2.ID)
	}, allowed: unitAStaff},
	"GET /corpus":  {path: fixed("/corpus"), allowed: organisers},
	"POST /corpus": {path: fixed("/corpus"), allowed: organisers},
	// A fresh template for every role, so each keeper deletes one.
	"POST /corpus/{id}/delete": {path: func(f *fixture) string {
		tp := &store.SimilarTemplate{Name: "范文.txt", Body: "范文正文", Size: 12}
		if err := f.st.AddSimilarTemplates(ctx, f.users["organiser"].ID, []*store.SimilarTemplate{tp}); err != nil {
			panic(err)
		}
		return fmt.Sprintf("/corpus/%d/delete", tp.ID)
	}, allowed: organisers},
	"GET /people": {path: fixed("/people"), allowed: boardViewers},
	"GET /people/{id}/archive": {path: func(f *fixture) string {
		return fmt.Sprintf("/people/%d/archive", f.users["cadre"].ID)
	}, allowed: draftReaders},
	"GET /public": {path: fixed("/public"), allowed: everyone},
	"GET /public/{id}": {path: func(f *fixture) string {
		return fmt.Sprintf("/public/%d", f.pubPublic.ID)
	}, allowed: everyone},
	"GET /public/{id}/report.docx": {path: func(f *fixture) string {
		return fmt.Sprintf("/public/%d/report.docx", f.pubPublic.ID)
	}, allowed: everyone},
	"GET /campaigns/{id}/appraisals/new": {path: campaign("/appraisals/new"), allowed: organisers},
	"POST /campaigns/{id}/appraisals":    {path: campaign("/appraisals"), allowed: organisers},
	"GET /appraisals/{id}":               {path: appraisalPath(""), allowed: organisers},
	"POST /appraisals/{id}/tokens":       {path: appraisalPath("/tokens"), allowed: organisers},
	"POST /appraisals/{id}/close":        {path: appraisalPath("/close"), allowed: organisers},
	"GET /appraisals/{id}/results.xlsx":  {path: appraisalPath("/results.xlsx"), allowed: organisers},
	"GET /appraisals/{id}/ballots.json":  {path: appraisalPath("/ballots.json"), allowed: organisers},
	"GET /vote":                          {path: fixed("/vote"), allowed: everyone},
	"POST /vote":                         {path: fixed("/vote"), allowed: everyone},
	// Without a token there is nothing to download, for anyone.
	"POST /vote/ballots.json": {path: fixed("/vote/ballots.json"), status: http.StatusNotFound},
	"/":                       {path: fixed("/no/such/page"), status: http.StatusNotFound},
}

// refused reports whether a response turns the viewer away: 401, 403,
// 404, or a redirect to log in.
func refused(r response) bool {
	switch r.status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(r.location, "/login?")
	}
	return false
}

// TestRoutesByRole walks every route of routes.go as every role and checks
// that exactly the allowed roles get through. A POST that gets through is
// sent with a form that fails validation (or a stale revision), so the walk
// changes as little as it can; the routes that do change something act on
// the spare account.
func TestRoutesByRole(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		testAppraisal(t, f)
		for _, rt := range f.srv.routes() {
			tc, ok := routeCases[rt.pattern]
			if !ok {
				t.Errorf("route %q has no row in routeCases: say who may use it", rt.pattern)
				continue
			}
			method := "GET"
			if m, _, ok := strings.Cut(rt.pattern, " "); ok {
				method = m
			}
			for _, role := range roles {
				c := f.as(t, role)
				path := tc.path(f)
				var r response
				if method == "POST" {
					form := url.Values{}
					for k, v := range tc.form {
						form[k] = v
					}
					r = c.post(path, form)
				} else {
					r = c.get(path)
				}
				switch {
				case tc.status != 0:
					if r.status != tc.status {
						t.Errorf("%s as %s: status %d, want %d", rt.pattern, role, r.status, tc.status)
					}
				case slices.Contains(tc.allowed, role) && refused(r):
					t.Errorf("%s as %s: refused (%d %s), want allowed\n%s", rt.pattern, role, r.status, r.location, excerpt(r.body))
				case !slices.Contains(tc.allowed, role) && !refused(r):
					t.Errorf("%s as %s: allowed (%d %s), want refused", rt.pattern, role, r.status, r.location)
				case slices.Contains(tc.allowed, role) && r.status >= 500:
					t.Errorf("%s as %s: status %d\n%s", rt.pattern, role, r.status, excerpt(r.body))
				}
			}
		}
		for p := range routeCases {
			found := false
			for _, rt := range f.srv.routes() {
				found = found || rt.pattern == p
			}
			if !found {
				t.Errorf("routeCases has %q, which routes.go no longer lists", p)
			}
		}
	})
}

// One unit's reviewer cannot read, download, compare or even confirm
// another unit's drafts, nor see them on the board.
func TestReviewerCannotReadOtherUnitsDrafts(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		b := f.as(t, "reviewerB")
		for _, path := range []string{
			fmt.Sprintf("/participants/%d", f.pA.ID),
			fmt.Sprintf("/participants/%d/diff", f.pA.ID),
			fmt.Sprintf("/participants/%d/versions/1/file", f.pA.ID),
			fmt.Sprintf("/participants/%d?v=1", f.pA.ID),
		} {
			r := b.get(path)
			wantStatus(t, path, r, http.StatusNotFound)
			if strings.Contains(r.body, "撰写心得5篇") || strings.Contains(r.body, "张三") {
				t.Errorf("%s: the refusal leaks the draft", path)
			}
		}
		board := b.get(fmt.Sprintf("/campaigns/%d", f.campaign.ID))
		wantStatus(t, "board", board, http.StatusOK)
		if strings.Contains(board.body, "张三") || !strings.Contains(board.body, "王五") {
			t.Errorf("reviewer B's board should list unit B only:\n%s", excerpt(board.body))
		}
		// The reviewer of unit A reads the same draft.
		a := f.as(t, "reviewer").get(fmt.Sprintf("/participants/%d", f.pA.ID))
		wantStatus(t, "reviewer A", a, http.StatusOK)
		if !strings.Contains(a.body, "撰写心得5篇") {
			t.Error("reviewer A does not see the draft text")
		}
	})
}

// An anonymous visitor sees public-scope reports only; a unit-scoped one
// asks for a login, and after login only the unit's people read it.
func TestAnonymousSeesOnlyPublicReports(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		anon := f.as(t, "anonymous")
		list := anon.get("/public")
		wantStatus(t, "public list", list, http.StatusOK)
		if !strings.Contains(list.body, "李四") || strings.Contains(list.body, "王五") {
			t.Errorf("anonymous list should hold the public report only:\n%s", list.body)
		}
		pub := anon.get(fmt.Sprintf("/public/%d", f.pubPublic.ID))
		wantStatus(t, "public report", pub, http.StatusOK)
		if !strings.Contains(pub.body, "全年主持专题会议6次") {
			t.Error("public report text missing")
		}
		if c := pub.header.Values("Set-Cookie"); len(c) > 0 || !strings.Contains(pub.header.Get("Cache-Control"), "public") {
			t.Errorf("public report page must be cacheable and set no cookie: %q %q", c, pub.header.Get("Cache-Control"))
		}
		unit := anon.get(fmt.Sprintf("/public/%d", f.pubUnit.ID))
		if unit.status != http.StatusSeeOther || !strings.HasPrefix(unit.location, "/login?") || strings.Contains(unit.body, "廉政谈话") {
			t.Errorf("unit-scoped report to anonymous: %d %q", unit.status, unit.location)
		}
		wantStatus(t, "unit report docx to anonymous", anon.get(fmt.Sprintf("/public/%d/report.docx", f.pubUnit.ID)), http.StatusSeeOther)
		// Search by name, year and unit.
		if r := anon.get("/public?name=" + url.QueryEscape("李")); !strings.Contains(r.body, "李四") {
			t.Error("search by name misses 李四")
		}
		if r := anon.get("/public?year=2024"); strings.Contains(r.body, "/public/") && strings.Contains(r.body, "李四</a>") {
			t.Error("search by year 2024 still lists a 2025 report")
		}
		if r := anon.get(fmt.Sprintf("/public?unit=%d", f.unitB)); strings.Contains(r.body, "李四</a>") {
			t.Error("search by unit B lists a unit A report")
		}
		// Members of unit B see their unit's report; unit A's member does not.
		wantStatus(t, "cadreB reads own unit", f.as(t, "cadreB").get(fmt.Sprintf("/public/%d", f.pubUnit.ID)), http.StatusOK)
		wantStatus(t, "member A reads unit B", f.as(t, "member").get(fmt.Sprintf("/public/%d", f.pubUnit.ID)), http.StatusNotFound)
		if r := f.as(t, "member").get("/public"); strings.Contains(r.body, "王五") {
			t.Error("member of unit A sees unit B's report in the list")
		}
	})
}
