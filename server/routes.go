package server

import (
	"net/http"
)

// access says who may reach a route at all; each handler then checks the
// role its action needs on the object it loads (and the store checks again).
type access int

const (
	anyone   access = iota // no login needed
	signedIn               // a live session; otherwise the login page
)

// route is one line of the site map.
type route struct {
	pattern string
	access  access
	handler http.HandlerFunc
}

// routes is every route of the site, in one place. The authorisation test
// walks this list, so a route added here without a row in that test fails.
func (s *Server) routes() []route {
	return []route{
		// Operations.
		{"GET /healthz", anyone, s.healthShow},
		{"GET /readyz", anyone, s.readyShow},
		{"GET /metrics", anyone, s.metrics.handler().ServeHTTP},
		{"GET /static/{file}", anyone, s.staticShow},

		// Login and the account itself.
		{"GET /{$}", anyone, s.homeShow},
		{"GET /login", anyone, s.loginShow},
		{"POST /login", anyone, s.loginSubmit},
		{"POST /logout", signedIn, s.logoutSubmit},
		{"GET /password", signedIn, s.passwordEdit},
		{"POST /password", signedIn, s.passwordUpdate},

		// Administration: organisation tree and accounts.
		{"GET /admin/orgs", signedIn, s.orgList},
		{"POST /admin/orgs", signedIn, s.orgCreate},
		{"GET /admin/users", signedIn, s.userList},
		{"POST /admin/users", signedIn, s.userCreate},
		{"POST /admin/users/{id}/roles", signedIn, s.userRoleGrant},
		{"POST /admin/users/{id}/roles/revoke", signedIn, s.userRoleRevoke},
		{"POST /admin/users/{id}/password", signedIn, s.userPasswordReset},
		{"POST /admin/users/{id}/disable", signedIn, s.userDisable},

		// Annual campaigns and their progress board.
		{"GET /campaigns", signedIn, s.campaignList},
		{"GET /campaigns/new", signedIn, s.campaignNew},
		{"POST /campaigns", signedIn, s.campaignCreate},
		{"GET /campaigns/{id}", signedIn, s.campaignShow},
		{"GET /campaigns/{id}/edit", signedIn, s.campaignEdit},
		{"POST /campaigns/{id}", signedIn, s.campaignUpdate},
		{"POST /campaigns/{id}/participants", signedIn, s.participantCreate},
		{"GET /campaigns/{id}/progress.xlsx", signedIn, s.campaignExport},
		{"GET /campaigns/{id}/copies", signedIn, s.campaignCopies},

		// One cadre's report in one campaign, addressed by the participant
		// (the report itself exists only from the first save).
		{"GET /participants/{id}", signedIn, s.reportShow},
		{"POST /participants/{id}/versions", signedIn, s.reportSave},
		{"POST /participants/{id}/submit", signedIn, s.reportSubmit},
		{"POST /participants/{id}/review", signedIn, s.reportReview},
		{"POST /participants/{id}/comments", signedIn, s.reportComment},
		{"POST /participants/{id}/publish", signedIn, s.reportPublish},
		{"GET /participants/{id}/diff", signedIn, s.reportDiff},
		{"GET /participants/{id}/versions/{n}/file", signedIn, s.versionDownload},
		{"GET /participants/{id}/report.docx", signedIn, s.reportDownload},

		// Democratic appraisal (民主测评): set-up, slips and results for the
		// campaign's organisers; voting without login, by one-time token.
		{"GET /campaigns/{id}/appraisals/new", signedIn, s.appraisalNew},
		{"POST /campaigns/{id}/appraisals", signedIn, s.appraisalCreate},
		{"GET /appraisals/{id}", signedIn, s.appraisalShow},
		{"POST /appraisals/{id}/tokens", signedIn, s.appraisalTokens},
		{"POST /appraisals/{id}/close", signedIn, s.appraisalClose},
		{"GET /appraisals/{id}/results.xlsx", signedIn, s.appraisalExport},
		{"GET /appraisals/{id}/ballots.json", signedIn, s.appraisalBallots},
		{"GET /vote", anyone, s.voteShow},
		{"POST /vote", anyone, s.voteSubmit},
		{"POST /vote/ballots.json", anyone, s.voteBallots},

		// The template corpus (范文库) of the copied-passage index.
		{"GET /corpus", signedIn, s.corpusList},
		{"POST /corpus", signedIn, s.corpusImport},
		{"POST /corpus/{id}/delete", signedIn, s.corpusDelete},

		// Integrity archive (廉政档案, 一人一档).
		{"GET /people", signedIn, s.peopleList},
		{"GET /people/{id}/archive", signedIn, s.archiveShow},

		// Published reports: public scope without login, others after it.
		{"GET /public", anyone, s.publicList},
		{"GET /public/{id}", anyone, s.publicShow},
		{"GET /public/{id}/report.docx", anyone, s.publicDownload},

		// Everything else: a Chinese "not found" page.
		{"/", anyone, s.notFoundShow},
	}
}

// buildHandler registers the routes and wraps them in the cross-cutting
// layers, outermost first: panic recovery, metrics and request log,
// security headers, session, cross-site request forgery check.
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		h := rt.handler
		if rt.access == signedIn {
			h = s.requireLogin(h)
		}
		mux.Handle(rt.pattern, labelRoute(rt.pattern, h))
	}
	var h http.Handler = mux
	h = s.checkCSRF(h)
	h = s.loadSession(h)
	h = securityHeaders(h)
	h = s.observe(h)
	h = s.recoverPanic(h)
	return h
}
