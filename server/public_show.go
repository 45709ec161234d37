package server

import (
	"net/http"

	"qinglian"
)

// publicReportPage is a published report as its readers see it: the text
// only, without the review's findings or the reviewers' comments.
type publicReportPage struct {
	Page
	Pub        *qinglian.Publication
	Paragraphs []paragraphView
}

// loadPublication reads the publication named by the path and checks the
// viewer may read it. An anonymous visitor asking for a report published
// within a unit or organisation is sent to log in; a signed-in one who may
// not read it is told it does not exist.
func (s *Server) loadPublication(w http.ResponseWriter, r *http.Request) (*qinglian.Publication, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	pub, err := s.store.FindPublicationByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	v := viewerOf(r)
	ok, err := s.canSeePublication(r.Context(), v, pub)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !ok {
		if v == nil {
			s.needLogin(w, r)
		} else {
			s.fail(w, r, notFound())
		}
		return nil, false
	}
	return pub, true
}

// publicShow shows one published report.
func (s *Server) publicShow(w http.ResponseWriter, r *http.Request) {
	pub, ok := s.loadPublication(w, r)
	if !ok {
		return
	}
	a, err := s.analyseVersion(r.Context(), pub.ReportID, pub.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := pub.UnitName + " " + pub.UserName + " " + "述责述廉报告"
	data := &publicReportPage{Page: s.page(w, r, title), Pub: pub, Paragraphs: a.Paragraphs}
	if pub.Scope == qinglian.ScopePublic && viewerOf(r) == nil {
		// Public pages may be cached by the browser and proxies.
		w.Header().Set("Cache-Control", "public, max-age=60")
	}
	s.render(w, r, http.StatusOK, "public_show.html", data)
}

// publicDownload returns a published report as .docx to whoever may read it.
func (s *Server) publicDownload(w http.ResponseWriter, r *http.Request) {
	pub, ok := s.loadPublication(w, r)
	if !ok {
		return
	}
	rep, err := s.store.FindReportByID(r.Context(), pub.ReportID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.store.FindParticipantByID(r.Context(), rep.ParticipantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.FindCampaignByID(r.Context(), p.CampaignID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocx(w, r, p, c, pub.Version)
}
