package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"qinglian"
)

// stateConflict explains why a participant's state forbids an action.
func stateConflict(p *qinglian.Participant, action string) error {
	return qinglian.Errorf(qinglian.ErrConflict, "报告当前状态为“%s”，不能%s。", p.State.Chinese(), action)
}

// requireOpen refuses changes by cadres outside an open campaign.
func requireOpen(ctx context.Context, t *tx, campaignID int64) (*qinglian.Campaign, error) {
	c, err := findCampaign(ctx, t, campaignID)
	if err != nil {
		return nil, err
	}
	if c.State != qinglian.CampaignOpen {
		return nil, qinglian.Errorf(qinglian.ErrConflict, "述责述廉活动“%s”当前未开放填报。", c.Title)
	}
	return c, nil
}

// versionRecord is what the audit digest of a save covers: the version and
// the uploaded file's own digest.
type versionRecord struct {
	*qinglian.Version
	ContentSHA256 string `json:"content_sha256,omitempty"`
}

// SaveVersion appends a version; see qinglian.ReportService.
func (s *Store) SaveVersion(ctx context.Context, actor, participantID int64, v *qinglian.Version) (int64, error) {
	if strings.TrimSpace(v.Body) == "" {
		return 0, qinglian.Errorf(qinglian.ErrInvalid, "报告正文不能为空。")
	}
	if v.Format == "" {
		v.Format = "web"
	}
	var revision int64
	err := s.update(ctx, func(t *tx) error {
		p, err := lockParticipant(ctx, t, participantID)
		if err != nil {
			return err
		}
		if p.UserID != actor {
			return qinglian.Errorf(qinglian.ErrForbidden, "只能修改本人的述责述廉报告。")
		}
		if _, err := requireOpen(ctx, t, p.CampaignID); err != nil {
			return err
		}
		to := p.State
		switch p.State {
		case qinglian.StateNotStarted:
			to = qinglian.StateDraft
		case qinglian.StateDraft, qinglian.StateReturned:
		default:
			return stateConflict(p, "修改")
		}
		if p.ReportID == 0 {
			err := t.queryRow(ctx, "INSERT INTO reports (participant_id, latest, created_at, updated_at) VALUES (?, 0, ?, ?) RETURNING id",
				p.ID, micro(t.now), micro(t.now)).Scan(&p.ReportID)
			if err != nil {
				return t.d.normalise(err)
			}
		}
		// The increment is the version counter: on PostgreSQL it also
		// locks the report row, so two saves can never take one number.
		if err := t.queryRow(ctx, "UPDATE reports SET latest = latest + 1, updated_at = ? WHERE id = ? RETURNING latest",
			micro(t.now), p.ReportID).Scan(&v.Number); err != nil {
			return t.d.normalise(err)
		}
		v.ReportID, v.AuthorID, v.CreatedAt = p.ReportID, actor, t.now
		if err := t.queryRow(ctx, `INSERT INTO versions (report_id, number, author_id, body, file_name, format, content, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			v.ReportID, v.Number, v.AuthorID, v.Body, v.FileName, v.Format, v.Content, v.Note, micro(t.now)).Scan(&v.ID); err != nil {
			return t.d.normalise(err)
		}
		if err := moveParticipant(ctx, t, p, p.Revision, to); err != nil {
			return err
		}
		revision = p.Revision
		rec := versionRecord{Version: v}
		if v.Content != nil {
			sum := sha256.Sum256(v.Content)
			rec.ContentSHA256 = hex.EncodeToString(sum[:])
		}
		return appendAudit(ctx, t, actor, "report.save", "report", v.ReportID, nil, rec, fmt.Sprintf("version=%d", v.Number))
	})
	return revision, err
}

// SubmitReport moves draft or returned to submitted; see qinglian.ReportService.
func (s *Store) SubmitReport(ctx context.Context, actor, participantID, revision int64) (int64, error) {
	err := s.update(ctx, func(t *tx) error {
		p, err := lockParticipant(ctx, t, participantID)
		if err != nil {
			return err
		}
		if p.UserID != actor {
			return qinglian.Errorf(qinglian.ErrForbidden, "只能提交本人的述责述廉报告。")
		}
		if _, err := requireOpen(ctx, t, p.CampaignID); err != nil {
			return err
		}
		if p.Revision != revision {
			return staleRevision()
		}
		if p.State != qinglian.StateDraft && p.State != qinglian.StateReturned {
			if p.State == qinglian.StateNotStarted {
				return qinglian.Errorf(qinglian.ErrConflict, "请先保存报告，再提交。")
			}
			return stateConflict(p, "提交")
		}
		before := *p
		if err := moveParticipant(ctx, t, p, revision, qinglian.StateSubmitted); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "report.submit", "participant", p.ID, &before, p, string(p.State))
	})
	if err != nil {
		return 0, err
	}
	return revision + 1, nil
}

// ReviewReport records a reviewer's decision; see qinglian.ReportService.
func (s *Store) ReviewReport(ctx context.Context, actor, participantID, revision int64, d *qinglian.ReviewDecision) (int64, error) {
	var to qinglian.ParticipantState
	switch d.Outcome {
	case qinglian.OutcomeReturned:
		to = qinglian.StateReturned
		if strings.TrimSpace(d.Note) == "" && len(d.Comments) == 0 {
			return 0, qinglian.Errorf(qinglian.ErrInvalid, "退回修改时请写明意见。")
		}
	case qinglian.OutcomeAccepted:
		to = qinglian.StateAccepted
	default:
		return 0, qinglian.Errorf(qinglian.ErrInvalid, "未知的审核结论 %q。", d.Outcome)
	}
	for _, c := range d.Comments {
		if err := validateComment(c); err != nil {
			return 0, err
		}
	}
	err := s.update(ctx, func(t *tx) error {
		p, err := lockParticipant(ctx, t, participantID)
		if err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, p.OrgID, qinglian.RoleReviewer, qinglian.RoleOrganiser); err != nil {
			return err
		}
		if p.Revision != revision {
			return staleRevision()
		}
		if p.State != qinglian.StateSubmitted {
			return stateConflict(p, "审核")
		}
		r, err := findReport(ctx, t, p.ReportID)
		if err != nil {
			return err
		}
		d.ReportID, d.Version, d.ReviewerID, d.CreatedAt = r.ID, r.Latest, actor, t.now
		if err := t.queryRow(ctx, `INSERT INTO review_decisions (report_id, version, reviewer_id, outcome, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			d.ReportID, d.Version, d.ReviewerID, d.Outcome, d.Note, micro(t.now)).Scan(&d.ID); err != nil {
			return t.d.normalise(err)
		}
		for _, c := range d.Comments {
			c.ReportID, c.Version, c.DecisionID = r.ID, r.Latest, d.ID
			if err := insertComment(ctx, t, actor, c); err != nil {
				return err
			}
		}
		before := *p
		if err := moveParticipant(ctx, t, p, revision, to); err != nil {
			return err
		}
		if err := appendAudit(ctx, t, actor, "report.review", "participant", p.ID, &before, p, string(d.Outcome)); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "decision.create", "report", r.ID, nil, d, fmt.Sprintf("version=%d outcome=%s", d.Version, d.Outcome))
	})
	if err != nil {
		return 0, err
	}
	return revision + 1, nil
}

func validateComment(c *qinglian.Comment) error {
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" {
		return qinglian.Errorf(qinglian.ErrInvalid, "意见内容不能为空。")
	}
	if c.Paragraph < 0 {
		return qinglian.Errorf(qinglian.ErrInvalid, "段落编号不正确。")
	}
	return nil
}

func insertComment(ctx context.Context, t *tx, actor int64, c *qinglian.Comment) error {
	c.AuthorID, c.CreatedAt = actor, t.now
	err := t.queryRow(ctx, `INSERT INTO comments (report_id, version, paragraph, quote, author_id, decision_id, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ReportID, c.Version, c.Paragraph, c.Quote, actor, nullID(c.DecisionID), c.Body, micro(t.now)).Scan(&c.ID)
	if err != nil {
		return t.d.normalise(err)
	}
	return appendAudit(ctx, t, actor, "comment.add", "report", c.ReportID, nil, c, fmt.Sprintf("version=%d paragraph=%d", c.Version, c.Paragraph))
}

// AddComment stores a comment on a version; see qinglian.ReportService.
func (s *Store) AddComment(ctx context.Context, actor int64, c *qinglian.Comment) error {
	if err := validateComment(c); err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		r, err := findReport(ctx, t, c.ReportID)
		if err != nil {
			return err
		}
		if c.Version == 0 {
			c.Version = r.Latest
		}
		if c.Version < 1 || c.Version > r.Latest {
			return qinglian.Errorf(qinglian.ErrNotFound, "报告没有第 %d 版。", c.Version)
		}
		if r.UserID != actor {
			if err := requireRole(ctx, t, actor, r.OrgID, qinglian.RoleReviewer, qinglian.RoleOrganiser); err != nil {
				return err
			}
		}
		c.DecisionID = 0
		return insertComment(ctx, t, actor, c)
	})
}

// PublishReport publishes the accepted version; see qinglian.ReportService.
func (s *Store) PublishReport(ctx context.Context, actor, participantID, revision int64, pub *qinglian.Publication) (int64, error) {
	switch pub.Scope {
	case qinglian.ScopeUnit, qinglian.ScopeOrganisation, qinglian.ScopePublic:
	default:
		return 0, qinglian.Errorf(qinglian.ErrInvalid, "未知的公开范围 %q。", pub.Scope)
	}
	err := s.update(ctx, func(t *tx) error {
		p, err := lockParticipant(ctx, t, participantID)
		if err != nil {
			return err
		}
		c, err := findCampaign(ctx, t, p.CampaignID)
		if err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, c.OrgID, qinglian.RoleOrganiser); err != nil {
			return err
		}
		if p.Revision != revision {
			return staleRevision()
		}
		if p.State != qinglian.StateAccepted {
			return stateConflict(p, "公开")
		}
		r, err := findReport(ctx, t, p.ReportID)
		if err != nil {
			return err
		}
		pub.ReportID, pub.Version, pub.PublishedBy, pub.PublishedAt = r.ID, r.Latest, actor, t.now
		pub.OrgID = c.OrgID
		if pub.Scope == qinglian.ScopeUnit {
			pub.OrgID = p.OrgID
		}
		if err := t.queryRow(ctx, `INSERT INTO publications (report_id, version, scope, org_id, published_by, published_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			pub.ReportID, pub.Version, pub.Scope, pub.OrgID, actor, micro(t.now)).Scan(&pub.ID); err != nil {
			return conflict(t.d.normalise(err), "该报告已经公开。")
		}
		pub.UserID, pub.UserName, pub.UnitID, pub.UnitName, pub.Year = p.UserID, p.UserName, p.OrgID, p.OrgName, c.Year
		before := *p
		if err := moveParticipant(ctx, t, p, revision, qinglian.StatePublished); err != nil {
			return err
		}
		if err := appendAudit(ctx, t, actor, "report.publish", "participant", p.ID, &before, p, string(pub.Scope)); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "publication.create", "publication", pub.ID, nil, pub, string(pub.Scope))
	})
	if err != nil {
		return 0, err
	}
	return revision + 1, nil
}
