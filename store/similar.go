package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"qinglian"
)

// This file holds what the copied-passage index (package similar, kept by
// the server) needs from the database: the latest version of every report,
// and the corpus of model essays (范文) organisers import.

// IndexedVersion is the latest version of one report, with who wrote it,
// for which unit and year: what the index records of it.
type IndexedVersion struct {
	ReportID int64
	Number   int
	UserID   int64
	OrgID    int64
	Year     int
	Body     string // empty when listed without bodies
}

// ListLatestVersions returns the latest version of every report, by report;
// withBody false leaves Body empty, for comparing with an index read from
// disk without loading every text.
func (s *Store) ListLatestVersions(ctx context.Context, withBody bool) ([]IndexedVersion, error) {
	body := "''"
	if withBody {
		body = "v.body"
	}
	var out []IndexedVersion
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT r.id, r.latest, p.user_id, p.org_id, c.year, `+body+`
			FROM reports r JOIN participants p ON p.id = r.participant_id JOIN campaigns c ON c.id = p.campaign_id
			JOIN versions v ON v.report_id = r.id AND v.number = r.latest ORDER BY r.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var iv IndexedVersion
			if err := rows.Scan(&iv.ReportID, &iv.Number, &iv.UserID, &iv.OrgID, &iv.Year, &iv.Body); err != nil {
				return t.d.normalise(err)
			}
			out = append(out, iv)
		}
		return t.d.normalise(rows.Err())
	})
	return out, err
}

// SimilarTemplate is one imported model essay: a file from a template
// website, kept as its text.
type SimilarTemplate struct {
	ID        int64
	Name      string // the uploaded file's name
	Body      string // empty when listed without bodies
	Size      int64  // bytes of the uploaded file
	CreatedBy int64
	CreatedAt time.Time
}

// MaxTemplateName is the longest template file name kept, in characters.
const MaxTemplateName = 200

// requireOrganiserAnywhere refuses an actor who is neither organiser nor
// administrator at any organisation: the template corpus serves the whole
// installation, so any organising department may add to it.
func requireOrganiserAnywhere(ctx context.Context, t *tx, actor int64) error {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.user_id = ? AND m.role IN (?, ?) AND u.disabled = 0`, actor, qinglian.RoleOrganiser, qinglian.RoleAdmin).Scan(&n)
	if err != nil {
		return t.d.normalise(err)
	}
	if n == 0 {
		return qinglian.Errorf(qinglian.ErrForbidden, "只有组织部门或管理员可以管理范文库。")
	}
	return nil
}

// AddSimilarTemplates stores every template of ts in one transaction,
// filling ID, CreatedBy and CreatedAt: either all are stored or none.
// ErrInvalid for an empty name or text; ErrForbidden unless the actor is
// organiser or administrator somewhere.
func (s *Store) AddSimilarTemplates(ctx context.Context, actor int64, ts []*SimilarTemplate) error {
	for _, tp := range ts {
		if strings.TrimSpace(tp.Name) == "" || utf8.RuneCountInString(tp.Name) > MaxTemplateName {
			return qinglian.Errorf(qinglian.ErrInvalid, "范文文件名不能为空，也不能超过 %d 个字符。", MaxTemplateName)
		}
		if strings.TrimSpace(tp.Body) == "" {
			return qinglian.Errorf(qinglian.ErrInvalid, "范文《%s》没有正文。", tp.Name)
		}
	}
	return s.update(ctx, func(t *tx) error {
		if err := requireOrganiserAnywhere(ctx, t, actor); err != nil {
			return err
		}
		for _, tp := range ts {
			tp.CreatedBy, tp.CreatedAt = actor, t.now
			if err := t.queryRow(ctx, `INSERT INTO similar_templates (name, body, size, created_by, created_at)
				VALUES (?, ?, ?, ?, ?) RETURNING id`, tp.Name, tp.Body, tp.Size, actor, micro(t.now)).Scan(&tp.ID); err != nil {
				return t.d.normalise(err)
			}
			if err := appendAudit(ctx, t, actor, "template.import", "similar_template", tp.ID, nil,
				map[string]any{"name": tp.Name, "size": tp.Size}, fmt.Sprintf("chars=%d", utf8.RuneCountInString(tp.Body))); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListSimilarTemplates returns the imported templates by ID; withBody false
// leaves Body empty.
func (s *Store) ListSimilarTemplates(ctx context.Context, withBody bool) ([]*SimilarTemplate, error) {
	body := "''"
	if withBody {
		body = "body"
	}
	var out []*SimilarTemplate
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, name, `+body+`, size, created_by, created_at FROM similar_templates ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var tp SimilarTemplate
			if err := rows.Scan(&tp.ID, &tp.Name, &tp.Body, &tp.Size, &tp.CreatedBy, microDest{&tp.CreatedAt}); err != nil {
				return t.d.normalise(err)
			}
			out = append(out, &tp)
		}
		return t.d.normalise(rows.Err())
	})
	return out, err
}

// DeleteSimilarTemplate removes a template. ErrNotFound if there is none
// with that ID; ErrForbidden unless the actor is organiser or
// administrator somewhere.
func (s *Store) DeleteSimilarTemplate(ctx context.Context, actor, id int64) error {
	return s.update(ctx, func(t *tx) error {
		if err := requireOrganiserAnywhere(ctx, t, actor); err != nil {
			return err
		}
		var name string
		if err := t.queryRow(ctx, "SELECT name FROM similar_templates WHERE id = ?", id).Scan(&name); err != nil {
			return notFound(t.d.normalise(err), "范文（编号 %d）不存在。", id)
		}
		if _, err := t.exec(ctx, "DELETE FROM similar_templates WHERE id = ?", id); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "template.delete", "similar_template", id, map[string]any{"name": name}, nil, "")
	})
}
