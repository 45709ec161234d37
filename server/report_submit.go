package server

import (
	"errors"
	"net/http"

	"qinglian"
)

// reportSubmit hands the report to the reviewers. The form carries the
// revision it was shown at, so a second click (or a submit from a stale
// tab) is refused instead of acting twice.
func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rel.author {
		s.fail(w, r, forbidden("提交他人的报告"))
		return
	}
	if _, err := s.store.SubmitReport(ctx, viewerOf(r).user.ID, p.ID, formRevision(r)); err != nil {
		if errors.Is(err, qinglian.ErrConflict) && p.State == qinglian.StateSubmitted {
			s.rerenderReport(w, r, http.StatusConflict, "报告已经提交，请勿重复提交。", nil)
			return
		}
		if formError(err) {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, participantURL(p.ID), "报告已提交，等待审核。")
}
