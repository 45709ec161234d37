package server

import (
	"net/http"
	"strconv"

	"qinglian"
)

// campaignCreate stores a new campaign; the store checks that the viewer
// organises at the chosen organisation.
func (s *Server) campaignCreate(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	if !v.holds(qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		s.fail(w, r, forbidden("新建述责述廉活动"))
		return
	}
	f, msg := parseCampaignForm(r)
	if msg == "" && f.OrgID == 0 {
		msg = "请选择组织本次活动的党委（党组）。"
	}
	if msg != "" {
		s.renderCampaignForm(w, r, http.StatusUnprocessableEntity, false, f, msg)
		return
	}
	c := &qinglian.Campaign{OrgID: f.OrgID, Year: f.Year, Title: f.Title, Template: f.campaignTemplate(),
		Deadline: f.deadline(), State: f.State, Units: f.Units}
	if err := s.store.CreateCampaign(r.Context(), v.user.ID, c); err != nil {
		if formError(err) {
			s.renderCampaignForm(w, r, statusOf(err), false, f, qinglian.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10), "活动已创建。下一步：添加述责人。")
}
