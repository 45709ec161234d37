package server

import (
	"fmt"
	"net/http"

	"qinglian"
	"qinglian/appraisal"
)

// appraisalCreate stores a new appraisal and goes to its page, where the
// slips are printed.
func (s *Server) appraisalCreate(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadCampaign(r)
	if err == nil {
		err = s.requireOrganiser(r, c)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, cfg, msg := parseAppraisalForm(r)
	if msg != "" {
		s.renderAppraisalForm(w, r, http.StatusUnprocessableEntity, c, f, msg)
		return
	}
	a := &appraisal.Appraisal{CampaignID: c.ID, Config: cfg}
	if err := s.store.CreateAppraisal(r.Context(), viewerOf(r).user.ID, a); err != nil {
		if formError(err) {
			s.renderAppraisalForm(w, r, statusOf(err), c, f, qinglian.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, fmt.Sprintf("/appraisals/%d", a.ID), "民主测评已创建。请生成并打印投票凭证。")
}
