package server

import (
	"net/http"

	"qinglian"
)

// homePage is the dashboard: what each of the viewer's roles has to do.
type homePage struct {
	Page
	Roles        []roleAt
	MyReports    []myReport
	ToReview     []reviewItem
	ToPublish    []reviewItem
	Organised    []campaignSummary
	Publications []*qinglian.Publication
}

type roleAt struct {
	Role qinglian.Role
	Org  string
}

type myReport struct {
	P        *qinglian.Participant
	Campaign *qinglian.Campaign
}

type reviewItem struct {
	P        *qinglian.Participant
	Campaign *qinglian.Campaign
}

// campaignSummary is a campaign with its board counted by state.
type campaignSummary struct {
	Campaign *qinglian.Campaign
	Counts   []stateCount
	Total    int
}

type stateCount struct {
	State qinglian.ParticipantState
	N     int
}

func countStates(ps []*qinglian.Participant) []stateCount {
	n := map[qinglian.ParticipantState]int{}
	for _, p := range ps {
		n[p.State]++
	}
	out := make([]stateCount, 0, len(qinglian.ParticipantStates))
	for _, st := range qinglian.ParticipantStates {
		out = append(out, stateCount{State: st, N: n[st]})
	}
	return out
}

// homeShow shows the dashboard, or the welcome page to an anonymous
// visitor.
func (s *Server) homeShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := viewerOf(r)
	if v != nil && v.mustChange {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	data := &homePage{Page: s.page(w, r, "首页")}
	visible, err := s.visibleOrgs(ctx, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Publications, err = s.store.ListPublications(ctx, qinglian.PublicationFilter{Visible: visible, Limit: 10}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v == nil {
		s.render(w, r, http.StatusOK, "home.html", data)
		return
	}
	for _, m := range v.memberships {
		o, err := s.store.FindOrganisationByID(ctx, m.OrgID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Roles = append(data.Roles, roleAt{Role: m.Role, Org: o.Name})
	}
	mine, err := s.store.ListParticipationsByUser(ctx, v.user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range mine {
		c, err := s.store.FindCampaignByID(ctx, p.CampaignID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.MyReports = append(data.MyReports, myReport{P: p, Campaign: c})
	}
	if v.holds(qinglian.RoleReviewer, qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		if err := s.fillReviewerHome(r, v, data); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "home.html", data)
}

// fillReviewerHome lists the submitted reports waiting in the viewer's
// units, the campaigns the viewer organises and their accepted reports
// waiting to be published.
func (s *Server) fillReviewerHome(r *http.Request, v *viewer, data *homePage) error {
	ctx := r.Context()
	scope, err := s.reviewScope(ctx, v)
	if err != nil {
		return err
	}
	campaigns, err := s.store.ListCampaigns(ctx, qinglian.CampaignFilter{})
	if err != nil {
		return err
	}
	for _, c := range campaigns {
		if c.State == qinglian.CampaignOpen {
			ps, err := s.store.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: c.ID, State: qinglian.StateSubmitted})
			if err != nil {
				return err
			}
			for _, p := range ps {
				if scope[p.OrgID] {
					data.ToReview = append(data.ToReview, reviewItem{P: p, Campaign: c})
				}
			}
		}
		organiser, err := s.store.HasRole(ctx, v.user.ID, c.OrgID, qinglian.RoleOrganiser)
		if err != nil {
			return err
		}
		if organiser && c.State != qinglian.CampaignClosed {
			ps, err := s.store.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: c.ID})
			if err != nil {
				return err
			}
			data.Organised = append(data.Organised, campaignSummary{Campaign: c, Counts: countStates(ps), Total: len(ps)})
			for _, p := range ps {
				if p.State == qinglian.StateAccepted {
					data.ToPublish = append(data.ToPublish, reviewItem{P: p, Campaign: c})
				}
			}
		}
	}
	return nil
}
