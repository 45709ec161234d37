package server

import (
	"net/http"
	"strconv"

	"qinglian"
)

// campaignNew shows an empty campaign form. The units to choose from are
// those below the organising committee, so the committee is chosen first
// (?org=ID), or taken as given when the viewer organises only one.
func (s *Server) campaignNew(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	if !v.holds(qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		s.fail(w, r, forbidden("新建述责述廉活动"))
		return
	}
	orgs, err := s.organiserOrgs(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := campaignForm{Year: s.now().In(beijing).Year(), State: qinglian.CampaignDraft}
	f.OrgID, _ = strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if f.OrgID == 0 && len(orgs) == 1 {
		f.OrgID = orgs[0].ID
	}
	f.Title = strconv.Itoa(f.Year) + "年度领导干部述责述廉"
	s.renderCampaignForm(w, r, http.StatusOK, false, f, "")
}
