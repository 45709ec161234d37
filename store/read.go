package store

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"qinglian"
)

const reportSelect = `SELECT r.id, r.participant_id, p.campaign_id, p.user_id, p.org_id, c.year, r.latest, r.created_at, r.updated_at
	FROM reports r JOIN participants p ON p.id = r.participant_id JOIN campaigns c ON c.id = p.campaign_id`

func findReport(ctx context.Context, t *tx, id int64) (*qinglian.Report, error) {
	var r qinglian.Report
	err := t.queryRow(ctx, reportSelect+" WHERE r.id = ?", id).Scan(&r.ID, &r.ParticipantID, &r.CampaignID, &r.UserID, &r.OrgID,
		&r.Year, &r.Latest, microDest{&r.CreatedAt}, microDest{&r.UpdatedAt})
	if err != nil {
		return nil, notFound(t.d.normalise(err), "报告（编号 %d）不存在。", id)
	}
	return &r, nil
}

// FindReportByID returns the report, or ErrNotFound.
func (s *Store) FindReportByID(ctx context.Context, id int64) (*qinglian.Report, error) {
	var r *qinglian.Report
	err := s.view(ctx, func(t *tx) (err error) {
		r, err = findReport(ctx, t, id)
		return err
	})
	return r, err
}

// FindVersion returns one version with Body and Content, or ErrNotFound.
func (s *Store) FindVersion(ctx context.Context, reportID int64, number int) (*qinglian.Version, error) {
	var v qinglian.Version
	err := s.view(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT id, report_id, number, author_id, body, file_name, format, content, note, created_at
			FROM versions WHERE report_id = ? AND number = ?`, reportID, number).Scan(
			&v.ID, &v.ReportID, &v.Number, &v.AuthorID, &v.Body, &v.FileName, &v.Format, &v.Content, &v.Note, microDest{&v.CreatedAt})
		return notFound(t.d.normalise(err), "报告没有第 %d 版。", number)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// ListVersions returns the versions oldest first, without Body and Content.
func (s *Store) ListVersions(ctx context.Context, reportID int64) ([]*qinglian.Version, error) {
	var out []*qinglian.Version
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, report_id, number, author_id, file_name, format, note, created_at
			FROM versions WHERE report_id = ? ORDER BY number`, reportID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v qinglian.Version
			if err := rows.Scan(&v.ID, &v.ReportID, &v.Number, &v.AuthorID, &v.FileName, &v.Format, &v.Note, microDest{&v.CreatedAt}); err != nil {
				return err
			}
			out = append(out, &v)
		}
		return rows.Err()
	})
	return out, err
}

func queryComments(ctx context.Context, t *tx, reportID int64) ([]*qinglian.Comment, error) {
	rows, err := t.query(ctx, `SELECT id, report_id, version, paragraph, quote, author_id, COALESCE(decision_id, 0), body, created_at
		FROM comments WHERE report_id = ? ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.Comment
	for rows.Next() {
		var c qinglian.Comment
		if err := rows.Scan(&c.ID, &c.ReportID, &c.Version, &c.Paragraph, &c.Quote, &c.AuthorID, &c.DecisionID, &c.Body, microDest{&c.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// ListComments returns the report's comments, oldest first.
func (s *Store) ListComments(ctx context.Context, reportID int64) ([]*qinglian.Comment, error) {
	var out []*qinglian.Comment
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryComments(ctx, t, reportID)
		return err
	})
	return out, err
}

func queryDecisions(ctx context.Context, t *tx, reportID int64) ([]*qinglian.ReviewDecision, error) {
	rows, err := t.query(ctx, `SELECT id, report_id, version, reviewer_id, outcome, note, created_at
		FROM review_decisions WHERE report_id = ? ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.ReviewDecision
	for rows.Next() {
		var d qinglian.ReviewDecision
		if err := rows.Scan(&d.ID, &d.ReportID, &d.Version, &d.ReviewerID, &d.Outcome, &d.Note, microDest{&d.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

// ListReviewDecisions returns the decisions with their comments, oldest first.
func (s *Store) ListReviewDecisions(ctx context.Context, reportID int64) ([]*qinglian.ReviewDecision, error) {
	var out []*qinglian.ReviewDecision
	err := s.view(ctx, func(t *tx) error {
		ds, err := queryDecisions(ctx, t, reportID)
		if err != nil {
			return err
		}
		cs, err := queryComments(ctx, t, reportID)
		if err != nil {
			return err
		}
		byID := map[int64]*qinglian.ReviewDecision{}
		for _, d := range ds {
			byID[d.ID] = d
		}
		for _, c := range cs {
			if d := byID[c.DecisionID]; d != nil {
				d.Comments = append(d.Comments, c)
			}
		}
		out = ds
		return nil
	})
	return out, err
}

const publicationSelect = `SELECT pub.id, pub.report_id, pub.version, pub.scope, pub.org_id, pub.published_by, pub.published_at,
	u.id, u.name, u.title, o.id, o.name, c.year
	FROM publications pub
	JOIN reports r ON r.id = pub.report_id
	JOIN participants p ON p.id = r.participant_id
	JOIN users u ON u.id = p.user_id
	JOIN organisations o ON o.id = p.org_id
	JOIN campaigns c ON c.id = p.campaign_id`

func queryPublications(ctx context.Context, t *tx, q string, args ...any) ([]*qinglian.Publication, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.Publication
	for rows.Next() {
		var p qinglian.Publication
		if err := rows.Scan(&p.ID, &p.ReportID, &p.Version, &p.Scope, &p.OrgID, &p.PublishedBy, microDest{&p.PublishedAt},
			&p.UserID, &p.UserName, &p.UserTitle, &p.UnitID, &p.UnitName, &p.Year); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, rows.Err()
}

// FindPublicationByID returns the publication, or ErrNotFound; the caller
// checks that the reader may see its scope.
func (s *Store) FindPublicationByID(ctx context.Context, id int64) (*qinglian.Publication, error) {
	var out []*qinglian.Publication
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryPublications(ctx, t, publicationSelect+" WHERE pub.id = ?", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, qinglian.Errorf(qinglian.ErrNotFound, "公开的报告（编号 %d）不存在。", id)
	}
	return out[0], nil
}

// ListPublications returns the publications f selects, newest first; public
// ones always, unit- and organisation-scoped ones only for f.Visible.
func (s *Store) ListPublications(ctx context.Context, f qinglian.PublicationFilter) ([]*qinglian.Publication, error) {
	visible := "pub.scope = ?"
	args := []any{qinglian.ScopePublic}
	if len(f.Visible) > 0 {
		visible = "(pub.scope = ? OR pub.org_id IN (?" + strings.Repeat(", ?", len(f.Visible)-1) + "))"
		for _, id := range f.Visible {
			args = append(args, id)
		}
	}
	where := []string{visible}
	if f.UnitID != 0 {
		where, args = append(where, "p.org_id = ?"), append(args, f.UnitID)
	}
	if f.Year != 0 {
		where, args = append(where, "c.year = ?"), append(args, f.Year)
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		pat := "%" + likeEscaper.Replace(name) + "%"
		where, args = append(where, `(u.name LIKE ? ESCAPE '\' OR o.name LIKE ? ESCAPE '\')`), append(args, pat, pat)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	args = append(args, limit, max(f.Offset, 0))
	q := publicationSelect + " WHERE " + strings.Join(where, " AND ") + " ORDER BY pub.published_at DESC, pub.id DESC LIMIT ? OFFSET ?"
	var out []*qinglian.Publication
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryPublications(ctx, t, q, args...)
		return err
	})
	return out, err
}

// likeEscaper makes user text literal inside a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Archive returns a person's integrity archive, oldest first.
func (s *Store) Archive(ctx context.Context, userID int64) ([]*qinglian.ArchiveEvent, error) {
	var out []*qinglian.ArchiveEvent
	// Each part of the archive is one query over the person's reports; the
	// parts are merged by time here, the order of the parts breaking ties
	// (a version comes before the decision made on it).
	const mine = ` JOIN reports r ON r.id = x.report_id JOIN participants p ON p.id = r.participant_id
		JOIN campaigns c ON c.id = p.campaign_id WHERE p.user_id = ?`
	parts := []struct {
		kind, q string
		summary func(a, b string) string
	}{
		{"version", "SELECT x.created_at, c.year, c.id, r.id, x.number, x.author_id, x.file_name, x.note FROM versions x" + mine,
			func(file, note string) string { return strings.TrimSpace(file + " " + note) }},
		{"decision", "SELECT x.created_at, c.year, c.id, r.id, x.version, x.reviewer_id, x.outcome, x.note FROM review_decisions x" + mine,
			func(outcome, note string) string {
				return strings.TrimSpace(qinglian.ReviewOutcome(outcome).Chinese() + " " + firstRunes(note, 60))
			}},
		{"comment", "SELECT x.created_at, c.year, c.id, r.id, x.version, x.author_id, x.body, '' FROM comments x" + mine,
			func(body, _ string) string { return firstRunes(body, 60) }},
		{"publication", "SELECT x.published_at, c.year, c.id, r.id, x.version, x.published_by, x.scope, '' FROM publications x" + mine,
			func(scope, _ string) string { return qinglian.Scope(scope).Chinese() }},
		{"appraisal", `SELECT x.filed_at, c.year, c.id, 0, 0, x.filed_by, x.summary, '' FROM appraisal_results x
			JOIN appraisals a ON a.id = x.appraisal_id JOIN campaigns c ON c.id = a.campaign_id WHERE x.user_id = ?`,
			func(summary, _ string) string { return summary }},
	}
	err := s.view(ctx, func(t *tx) error {
		for _, part := range parts {
			rows, err := t.query(ctx, part.q, userID)
			if err != nil {
				return err
			}
			for rows.Next() {
				e := &qinglian.ArchiveEvent{Kind: part.kind}
				var a, b string
				if err := rows.Scan(microDest{&e.At}, &e.Year, &e.CampaignID, &e.ReportID, &e.Version, &e.ActorID, &a, &b); err != nil {
					rows.Close()
					return err
				}
				e.Summary = part.summary(a, b)
				out = append(out, e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, err
}

// firstRunes shortens s to n runes, marking the cut with an ellipsis.
func firstRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
