package store

import (
	"context"
	"strings"

	"qinglian"
)

// participantSelect reads participants with the names the board shows.
const participantSelect = `SELECT p.id, p.campaign_id, p.user_id, p.org_id, p.state, p.revision, COALESCE(r.id, 0),
	p.created_at, p.updated_at, u.name, o.name
	FROM participants p
	JOIN users u ON u.id = p.user_id
	JOIN organisations o ON o.id = p.org_id
	LEFT JOIN reports r ON r.participant_id = p.id`

func queryParticipants(ctx context.Context, t *tx, q string, args ...any) ([]*qinglian.Participant, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.Participant
	for rows.Next() {
		var p qinglian.Participant
		if err := rows.Scan(&p.ID, &p.CampaignID, &p.UserID, &p.OrgID, &p.State, &p.Revision, &p.ReportID,
			microDest{&p.CreatedAt}, microDest{&p.UpdatedAt}, &p.UserName, &p.OrgName); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, rows.Err()
}

func findParticipant(ctx context.Context, t *tx, id int64) (*qinglian.Participant, error) {
	ps, err := queryParticipants(ctx, t, participantSelect+" WHERE p.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, qinglian.Errorf(qinglian.ErrNotFound, "述责人（编号 %d）不在活动名单中。", id)
	}
	return ps[0], nil
}

// AddParticipant enrols a cadre; see qinglian.CampaignService.
func (s *Store) AddParticipant(ctx context.Context, actor int64, p *qinglian.Participant) error {
	return s.update(ctx, func(t *tx) error {
		c, err := findCampaign(ctx, t, p.CampaignID)
		if err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, c.OrgID, qinglian.RoleOrganiser); err != nil {
			return err
		}
		u, err := findUser(ctx, t, p.UserID)
		if err != nil {
			return err
		}
		path, err := ancestors(ctx, t, p.OrgID)
		if err != nil {
			return err
		}
		if !containsOrg(path, c.OrgID) {
			return qinglian.Errorf(qinglian.ErrInvalid, "所选单位不属于组织本次活动的党委（党组）。")
		}
		p.State, p.Revision, p.ReportID, p.CreatedAt, p.UpdatedAt = qinglian.StateNotStarted, 1, 0, t.now, t.now
		p.UserName, p.OrgName = u.Name, path[len(path)-1].Name
		err = t.queryRow(ctx, `INSERT INTO participants (campaign_id, user_id, org_id, state, revision, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.CampaignID, p.UserID, p.OrgID, p.State, p.Revision, micro(t.now), micro(t.now)).Scan(&p.ID)
		if err != nil {
			return conflict(t.d.normalise(err), "%s 已在本次活动名单中。", u.Name)
		}
		return appendAudit(ctx, t, actor, "participant.add", "participant", p.ID, nil, p, u.Name)
	})
}

func containsOrg(path []*qinglian.Organisation, id int64) bool {
	for _, o := range path {
		if o.ID == id {
			return true
		}
	}
	return false
}

// FindParticipantByID returns the participant, or ErrNotFound.
func (s *Store) FindParticipantByID(ctx context.Context, id int64) (*qinglian.Participant, error) {
	var p *qinglian.Participant
	err := s.view(ctx, func(t *tx) (err error) {
		p, err = findParticipant(ctx, t, id)
		return err
	})
	return p, err
}

// ListParticipants returns a campaign's matching participants by unit, then
// name; f.OrgID matches the unit and everything below it.
func (s *Store) ListParticipants(ctx context.Context, f qinglian.ParticipantFilter) ([]*qinglian.Participant, error) {
	q := participantSelect
	where := []string{"p.campaign_id = ?"}
	args := []any{f.CampaignID}
	if f.OrgID != 0 {
		q = `WITH RECURSIVE down (id) AS (
				SELECT id FROM organisations WHERE id = ?
				UNION ALL
				SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id
			) ` + q
		args = append([]any{f.OrgID}, args...)
		where = append(where, "p.org_id IN (SELECT id FROM down)")
	}
	if f.State != "" {
		where, args = append(where, "p.state = ?"), append(args, f.State)
	}
	if f.UserID != 0 {
		where, args = append(where, "p.user_id = ?"), append(args, f.UserID)
	}
	q += " WHERE " + strings.Join(where, " AND ") + " ORDER BY o.name, u.name, p.id"
	var out []*qinglian.Participant
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryParticipants(ctx, t, q, args...)
		return err
	})
	return out, err
}

// ListParticipationsByUser returns the user's participations, newest
// campaign first.
func (s *Store) ListParticipationsByUser(ctx context.Context, userID int64) ([]*qinglian.Participant, error) {
	var out []*qinglian.Participant
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryParticipants(ctx, t, participantSelect+
			" JOIN campaigns c ON c.id = p.campaign_id WHERE p.user_id = ? ORDER BY c.year DESC, c.id DESC", userID)
		return err
	})
	return out, err
}

// lockParticipant reads a participant for a change, holding it against
// concurrent changes until the transaction ends.
func lockParticipant(ctx context.Context, t *tx, id int64) (*qinglian.Participant, error) {
	if err := t.d.lockRow(ctx, t, "participants", id); err != nil {
		return nil, err
	}
	return findParticipant(ctx, t, id)
}

// moveParticipant sets the state and bumps the revision, provided the
// revision is still the one the actor decided on.
func moveParticipant(ctx context.Context, t *tx, p *qinglian.Participant, revision int64, to qinglian.ParticipantState) error {
	res, err := t.exec(ctx, "UPDATE participants SET state = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?",
		to, micro(t.now), p.ID, revision)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleRevision()
	}
	p.State, p.Revision, p.UpdatedAt = to, revision+1, t.now
	return nil
}
