package server

import (
	"net/http"

	"qinglian"
)

// loadCampaign reads the campaign named by the path's {id}.
func (s *Server) loadCampaign(r *http.Request) (*qinglian.Campaign, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindCampaignByID(r.Context(), id)
}

// requireOrganiser refuses a viewer who is not organiser (or administrator)
// at the campaign's organisation.
func (s *Server) requireOrganiser(r *http.Request, c *qinglian.Campaign) error {
	ok, err := s.store.HasRole(r.Context(), viewerOf(r).user.ID, c.OrgID, qinglian.RoleOrganiser)
	if err != nil {
		return err
	}
	if !ok {
		return forbidden("管理本次述责述廉活动")
	}
	return nil
}

// campaignEdit shows the campaign form filled in.
func (s *Server) campaignEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.requireOrganiser(r, c); err != nil {
		s.fail(w, r, err)
		return
	}
	var f campaignForm
	f.fill(c)
	s.renderCampaignForm(w, r, http.StatusOK, true, f, "")
}
