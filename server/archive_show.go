package server

import (
	"context"
	"net/http"

	"qinglian"
)

// archivePage is a person's integrity archive (廉政档案): their reports by
// year and, oldest first, every version, decision, comment and publication.
type archivePage struct {
	Page
	Person         *qinglian.User
	Participations []myReport
	Events         []*qinglian.ArchiveEvent
	Names          map[int64]string
	Campaigns      map[int64]string
	Participant    map[int64]int64 // report → participant, for links
	// Yearly compares the newest report the viewer may read with the
	// person's earlier ones; YearlyOf is that report's participation.
	Yearly   *yearlyView
	YearlyOf *myReport
}

// archiveShow shows one person's archive to themself, or to a reviewer,
// organiser or administrator over a unit where the person reports or holds
// a role.
func (s *Server) archiveShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	person, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		s.fail(w, r, notFound())
		return
	}
	v := viewerOf(r)
	ok, err := s.canSeeArchive(ctx, v, person.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, notFound())
		return
	}
	data := &archivePage{Page: s.page(w, r, person.Name+" · 廉政档案"), Person: person,
		Names: map[int64]string{}, Campaigns: map[int64]string{}, Participant: map[int64]int64{}}
	parts, err := s.store.ListParticipationsByUser(ctx, person.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range parts {
		c, err := s.store.FindCampaignByID(ctx, p.CampaignID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Participations = append(data.Participations, myReport{P: p, Campaign: c})
		data.Campaigns[c.ID] = c.Title
		if p.ReportID != 0 {
			data.Participant[p.ReportID] = p.ID
		}
	}
	if data.Yearly, data.YearlyOf, err = s.archiveYearly(ctx, v, data.Participations); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Events, err = s.store.Archive(ctx, person.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range data.Events {
		if err := s.addName(ctx, data.Names, e.ActorID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "archive.html", data)
}

// canSeeArchive: the person themself, a system administrator, or whoever
// reviews or organises at a unit the person reports for or belongs to.
func (s *Server) canSeeArchive(ctx context.Context, v *viewer, personID int64) (bool, error) {
	if v.user.ID == personID || s.isSystemAdmin(ctx, v) {
		return true, nil
	}
	scope, err := s.reviewScope(ctx, v)
	if err != nil || len(scope) == 0 {
		return false, err
	}
	ms, err := s.store.ListMembershipsByUser(ctx, personID)
	if err != nil {
		return false, err
	}
	for _, m := range ms {
		if scope[m.OrgID] {
			return true, nil
		}
	}
	parts, err := s.store.ListParticipationsByUser(ctx, personID)
	if err != nil {
		return false, err
	}
	for _, p := range parts {
		if scope[p.OrgID] {
			return true, nil
		}
	}
	return false, nil
}
