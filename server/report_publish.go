package server

import (
	"errors"
	"net/http"

	"qinglian"
)

// reportPublish publishes the accepted version within the chosen scope.
func (s *Server) reportPublish(w http.ResponseWriter, r *http.Request) {
	p, _, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rel.organiser {
		s.fail(w, r, forbidden("公开本报告"))
		return
	}
	scope := qinglian.Scope(r.PostFormValue("scope"))
	switch scope {
	case qinglian.ScopeUnit, qinglian.ScopeOrganisation, qinglian.ScopePublic:
	default:
		s.rerenderReport(w, r, http.StatusUnprocessableEntity, "请选择公开范围。", nil)
		return
	}
	pub := &qinglian.Publication{Scope: scope}
	if _, err := s.store.PublishReport(r.Context(), viewerOf(r).user.ID, p.ID, formRevision(r), pub); err != nil {
		if errors.Is(err, qinglian.ErrConflict) && p.State == qinglian.StatePublished {
			s.rerenderReport(w, r, http.StatusConflict, "报告已经公开，请勿重复操作。", nil)
			return
		}
		if formError(err) {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, participantURL(p.ID), "报告已"+scope.Chinese()+"。")
}
