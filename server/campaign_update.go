package server

import (
	"net/http"
	"strconv"

	"qinglian"
)

// campaignUpdate saves the campaign form, provided nobody changed the
// campaign since the form was shown (the revision field).
func (s *Server) campaignUpdate(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.requireOrganiser(r, c); err != nil {
		s.fail(w, r, err)
		return
	}
	f, msg := parseCampaignForm(r)
	f.ID, f.OrgID = c.ID, c.OrgID
	if msg != "" {
		s.renderCampaignForm(w, r, http.StatusUnprocessableEntity, true, f, msg)
		return
	}
	c.Title, c.Template, c.Deadline, c.State, c.Units, c.Revision = f.Title, f.campaignTemplate(), f.deadline(), f.State, f.Units, f.Revision
	if err := s.store.UpdateCampaign(r.Context(), viewerOf(r).user.ID, c); err != nil {
		if formError(err) {
			s.renderCampaignForm(w, r, statusOf(err), true, f, qinglian.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	// The template may have changed, and the findings of every report
	// reviewed against it with it.
	s.reviews.clear()
	s.redirectWith(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10), "活动已保存。")
}
