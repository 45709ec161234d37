package server

import (
	"net/http"
	"strconv"

	"qinglian"
)

// boardPage is a campaign's progress board.
type boardPage struct {
	Page
	Campaign     *qinglian.Campaign
	Org          *qinglian.Organisation
	Units        []*qinglian.Organisation // the campaign's units, for the filter
	Unit         int64                    // the unit filtered by, 0 for all
	Participants []*qinglian.Participant
	Counts       []stateCount
	CanOrganise  bool
	Users        []*qinglian.User // for the form that adds a participant
	Error        string
}

// campaignShow shows the progress board: every participant the viewer may
// see, with their state, filtered by unit (?unit=ID).
func (s *Server) campaignShow(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	s.renderBoard(w, r, http.StatusOK, c, unit, "")
}

func (s *Server) renderBoard(w http.ResponseWriter, r *http.Request, status int, c *qinglian.Campaign, unit int64, msg string) {
	ctx := r.Context()
	v := viewerOf(r)
	ps, err := s.visibleParticipants(ctx, v, c, unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &boardPage{Page: s.page(w, r, c.Title), Campaign: c, Unit: unit, Participants: ps, Counts: countStates(ps), Error: msg}
	if data.Org, err = s.store.FindOrganisationByID(ctx, c.OrgID); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, id := range c.Units {
		o, err := s.store.FindOrganisationByID(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Units = append(data.Units, o)
	}
	if data.CanOrganise, err = s.store.HasRole(ctx, v.user.ID, c.OrgID, qinglian.RoleOrganiser); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.CanOrganise {
		if data.Users, err = s.store.ListUsers(ctx); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "campaign_board.html", data)
}
