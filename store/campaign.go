package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"qinglian"
)

func validateCampaign(c *qinglian.Campaign) error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Year < 2000 || c.Year > 2200 {
		return qinglian.Errorf(qinglian.ErrInvalid, "年度 %d 不正确。", c.Year)
	}
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 200 {
		return qinglian.Errorf(qinglian.ErrInvalid, "活动名称不能为空，且不超过200字。")
	}
	if c.State == "" {
		c.State = qinglian.CampaignDraft
	}
	switch c.State {
	case qinglian.CampaignDraft, qinglian.CampaignOpen, qinglian.CampaignClosed:
	default:
		return qinglian.Errorf(qinglian.ErrInvalid, "未知的活动状态 %q。", c.State)
	}
	seen := map[int64]bool{}
	for _, u := range c.Units {
		if seen[u] {
			return qinglian.Errorf(qinglian.ErrInvalid, "参加单位重复。")
		}
		seen[u] = true
	}
	return nil
}

// CreateCampaign stores c; see qinglian.CampaignService.
func (s *Store) CreateCampaign(ctx context.Context, actor int64, c *qinglian.Campaign) error {
	if err := validateCampaign(c); err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		if _, err := findOrg(ctx, t, c.OrgID); err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, c.OrgID, qinglian.RoleOrganiser); err != nil {
			return err
		}
		c.Revision, c.CreatedBy, c.CreatedAt, c.UpdatedAt = 1, actor, t.now, t.now
		err := t.queryRow(ctx, `INSERT INTO campaigns (org_id, year, title, template, deadline, state, revision, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.OrgID, c.Year, c.Title, c.Template, nullMicro(c.Deadline), c.State, c.Revision, nullID(actor), micro(t.now), micro(t.now)).Scan(&c.ID)
		if err != nil {
			return conflict(t.d.normalise(err), "本组织 %d 年度的述责述廉活动已经存在。", c.Year)
		}
		if err := setCampaignUnits(ctx, t, c); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "campaign.create", "campaign", c.ID, nil, c, c.Title)
	})
}

func setCampaignUnits(ctx context.Context, t *tx, c *qinglian.Campaign) error {
	if _, err := t.exec(ctx, "DELETE FROM campaign_units WHERE campaign_id = ?", c.ID); err != nil {
		return err
	}
	for i, u := range c.Units {
		if _, err := findOrg(ctx, t, u); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO campaign_units (campaign_id, position, org_id) VALUES (?, ?, ?)", c.ID, i, u); err != nil {
			return err
		}
	}
	return nil
}

const campaignColumns = "id, org_id, year, title, template, deadline, state, revision, created_by, created_at, updated_at"

func queryCampaigns(ctx context.Context, t *tx, q string, args ...any) ([]*qinglian.Campaign, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []*qinglian.Campaign
	for rows.Next() {
		var c qinglian.Campaign
		var deadline, createdBy sql.NullInt64
		if err := rows.Scan(&c.ID, &c.OrgID, &c.Year, &c.Title, &c.Template, &deadline, &c.State, &c.Revision,
			&createdBy, microDest{&c.CreatedAt}, microDest{&c.UpdatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		c.Deadline, c.CreatedBy = fromNullMicro(deadline), createdBy.Int64
		out = append(out, &c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Units are read after the campaign rows are closed: a transaction
	// runs one query at a time on its connection.
	for _, c := range out {
		urows, err := t.query(ctx, "SELECT org_id FROM campaign_units WHERE campaign_id = ? ORDER BY position", c.ID)
		if err != nil {
			return nil, err
		}
		for urows.Next() {
			var id int64
			if err := urows.Scan(&id); err != nil {
				urows.Close()
				return nil, err
			}
			c.Units = append(c.Units, id)
		}
		urows.Close()
		if err := urows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func findCampaign(ctx context.Context, t *tx, id int64) (*qinglian.Campaign, error) {
	cs, err := queryCampaigns(ctx, t, "SELECT "+campaignColumns+" FROM campaigns WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, qinglian.Errorf(qinglian.ErrNotFound, "述责述廉活动（编号 %d）不存在。", id)
	}
	return cs[0], nil
}

// FindCampaignByID returns the campaign with its units, or ErrNotFound.
func (s *Store) FindCampaignByID(ctx context.Context, id int64) (*qinglian.Campaign, error) {
	var c *qinglian.Campaign
	err := s.view(ctx, func(t *tx) (err error) {
		c, err = findCampaign(ctx, t, id)
		return err
	})
	return c, err
}

// ListCampaigns returns matching campaigns, newest year first.
func (s *Store) ListCampaigns(ctx context.Context, f qinglian.CampaignFilter) ([]*qinglian.Campaign, error) {
	var where []string
	var args []any
	if f.OrgID != 0 {
		where, args = append(where, "org_id = ?"), append(args, f.OrgID)
	}
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, f.State)
	}
	q := "SELECT " + campaignColumns + " FROM campaigns"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY year DESC, id DESC"
	var out []*qinglian.Campaign
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryCampaigns(ctx, t, q, args...)
		return err
	})
	return out, err
}

// UpdateCampaign saves c if c.Revision is current; see qinglian.CampaignService.
func (s *Store) UpdateCampaign(ctx context.Context, actor int64, c *qinglian.Campaign) error {
	if err := validateCampaign(c); err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		before, err := findCampaign(ctx, t, c.ID)
		if err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, before.OrgID, qinglian.RoleOrganiser); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE campaigns SET title = ?, template = ?, deadline = ?, state = ?, revision = revision + 1, updated_at = ?
			WHERE id = ? AND revision = ?`,
			c.Title, c.Template, nullMicro(c.Deadline), c.State, micro(t.now), c.ID, c.Revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleRevision()
		}
		c.Revision++
		c.OrgID, c.Year, c.CreatedBy, c.CreatedAt, c.UpdatedAt = before.OrgID, before.Year, before.CreatedBy, before.CreatedAt, t.now
		if err := setCampaignUnits(ctx, t, c); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "campaign.update", "campaign", c.ID, before, c, fmt.Sprintf("state=%s", c.State))
	})
}

// staleRevision is the error for an action decided on an old state.
func staleRevision() error {
	return qinglian.Errorf(qinglian.ErrConflict, "内容已被他人修改，请刷新页面查看最新状态后再操作。")
}
