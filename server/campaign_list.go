package server

import (
	"net/http"

	"qinglian"
)

// campaignsPage lists the campaigns whose board the viewer may see.
type campaignsPage struct {
	Page
	Campaigns   []campaignSummary
	CanOrganise bool
}

// campaignList shows the campaigns the viewer organises or reviews in.
func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := viewerOf(r)
	if !v.holds(qinglian.RoleOrganiser, qinglian.RoleReviewer, qinglian.RoleAdmin) {
		s.fail(w, r, forbidden("查看述责述廉活动"))
		return
	}
	all, err := s.store.ListCampaigns(ctx, qinglian.CampaignFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &campaignsPage{Page: s.page(w, r, "述责述廉活动"), CanOrganise: v.holds(qinglian.RoleOrganiser, qinglian.RoleAdmin)}
	for _, c := range all {
		ps, err := s.visibleParticipants(ctx, v, c, 0)
		if formError(err) {
			continue
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Campaigns = append(data.Campaigns, campaignSummary{Campaign: c, Counts: countStates(ps), Total: len(ps)})
	}
	s.render(w, r, http.StatusOK, "campaigns.html", data)
}
