package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"qinglian"
)

// This file holds the authorisation rules the handlers share. The store
// enforces the same rules on every change; the handlers check first so that
// a page never shows a control its viewer may not use, and a read never
// reveals what the viewer may not see.

// isSystemAdmin reports whether the viewer is administrator at a root of
// the organisation tree: the one who keeps accounts and the tree itself.
func (s *Server) isSystemAdmin(ctx context.Context, v *viewer) bool {
	for _, id := range v.orgsWith(qinglian.RoleAdmin) {
		o, err := s.store.FindOrganisationByID(ctx, id)
		if err == nil && o.ParentID == 0 {
			return true
		}
	}
	return false
}

// requireSystemAdmin is the check of every /admin page.
func (s *Server) requireSystemAdmin(r *http.Request) error {
	if v := viewerOf(r); v == nil || !s.isSystemAdmin(r.Context(), v) {
		return forbidden("管理组织和账号")
	}
	return nil
}

// relation is how the viewer stands to one participant's report.
type relation struct {
	author    bool // the reporting cadre
	reviewer  bool // reviewer, organiser or administrator at the cadre's unit
	organiser bool // organiser or administrator at the campaign's organisation
}

func (rel relation) canRead() bool { return rel.author || rel.reviewer || rel.organiser }

func (s *Server) relationTo(ctx context.Context, v *viewer, p *qinglian.Participant, c *qinglian.Campaign) (relation, error) {
	rel := relation{author: v.user.ID == p.UserID}
	var err error
	if rel.reviewer, err = s.store.HasRole(ctx, v.user.ID, p.OrgID, qinglian.RoleReviewer, qinglian.RoleOrganiser); err != nil {
		return rel, err
	}
	if rel.organiser, err = s.store.HasRole(ctx, v.user.ID, c.OrgID, qinglian.RoleOrganiser); err != nil {
		return rel, err
	}
	return rel, nil
}

// loadParticipant reads the participant named by the path's {id}, its
// campaign and the viewer's relation to it. A viewer who may not read the
// report gets the same ErrNotFound as for a missing one: another unit's
// drafts are not even confirmed to exist.
func (s *Server) loadParticipant(r *http.Request) (*qinglian.Participant, *qinglian.Campaign, relation, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, relation{}, err
	}
	p, err := s.store.FindParticipantByID(ctx, id)
	if err != nil {
		return nil, nil, relation{}, err
	}
	c, err := s.store.FindCampaignByID(ctx, p.CampaignID)
	if err != nil {
		return nil, nil, relation{}, err
	}
	rel, err := s.relationTo(ctx, viewerOf(r), p, c)
	if err != nil {
		return nil, nil, relation{}, err
	}
	if !rel.canRead() {
		return nil, nil, relation{}, notFound()
	}
	return p, c, rel, nil
}

// reviewScope returns every organisation where the viewer reviews,
// organises or administers: the organisations they hold such a role at and
// everything below them.
func (s *Server) reviewScope(ctx context.Context, v *viewer) (map[int64]bool, error) {
	out := map[int64]bool{}
	for _, id := range v.orgsWith(qinglian.RoleReviewer, qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		if out[id] {
			continue
		}
		sub, err := s.store.OrganisationSubtree(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, o := range sub {
			out[o.ID] = true
		}
	}
	return out, nil
}

// boardScope says which participants of a campaign's board the viewer may
// see: all of them (organiser or reviewer at the campaign's organisation),
// those of the units they review, or none.
func (s *Server) boardScope(ctx context.Context, v *viewer, c *qinglian.Campaign) (all bool, units map[int64]bool, err error) {
	all, err = s.store.HasRole(ctx, v.user.ID, c.OrgID, qinglian.RoleOrganiser, qinglian.RoleReviewer)
	if err != nil || all {
		return all, nil, err
	}
	units, err = s.reviewScope(ctx, v)
	if err != nil {
		return false, nil, err
	}
	for _, u := range c.Units {
		if units[u] {
			return false, units, nil
		}
	}
	return false, nil, nil
}

// visibleParticipants returns the participants of c the viewer may see on
// the board, filtered by unit (0: all), or ErrNotFound if none at all.
func (s *Server) visibleParticipants(ctx context.Context, v *viewer, c *qinglian.Campaign, unit int64) ([]*qinglian.Participant, error) {
	all, units, err := s.boardScope(ctx, v, c)
	if err != nil {
		return nil, err
	}
	if !all && units == nil {
		return nil, notFound()
	}
	ps, err := s.store.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: c.ID, OrgID: unit})
	if err != nil {
		return nil, err
	}
	if all {
		return ps, nil
	}
	return slices.DeleteFunc(ps, func(p *qinglian.Participant) bool { return !units[p.OrgID] }), nil
}

// visibleOrgs returns the organisations whose unit- and organisation-scoped
// publications the viewer may read; nil for an anonymous visitor.
func (s *Server) visibleOrgs(ctx context.Context, v *viewer) ([]int64, error) {
	if v == nil {
		return nil, nil
	}
	return s.store.VisibleOrganisations(ctx, v.user.ID)
}

// canSeePublication reports whether the viewer may read pub.
func (s *Server) canSeePublication(ctx context.Context, v *viewer, pub *qinglian.Publication) (bool, error) {
	if pub.Scope == qinglian.ScopePublic {
		return true, nil
	}
	orgs, err := s.visibleOrgs(ctx, v)
	if err != nil {
		return false, err
	}
	return slices.Contains(orgs, pub.OrgID), nil
}

// pathID reads a positive integer path parameter; anything else is a
// missing page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, qinglian.Errorf(qinglian.ErrNotFound, "页面不存在。")
	}
	return id, nil
}

// formRevision reads the hidden revision field every state-changing form
// of a report carries. A missing or broken one is treated as stale.
func formRevision(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	return n
}
