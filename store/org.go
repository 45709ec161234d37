package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"qinglian"
)

const orgColumns = "id, parent_id, name, kind, created_at"

func scanOrg(sc interface{ Scan(...any) error }) (*qinglian.Organisation, error) {
	var o qinglian.Organisation
	var parent sql.NullInt64
	var created int64
	if err := sc.Scan(&o.ID, &parent, &o.Name, &o.Kind, &created); err != nil {
		return nil, err
	}
	o.ParentID = parent.Int64
	o.CreatedAt = fromMicro(created)
	return &o, nil
}

func queryOrgs(ctx context.Context, t *tx, q string, args ...any) ([]*qinglian.Organisation, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func findOrg(ctx context.Context, t *tx, id int64) (*qinglian.Organisation, error) {
	o, err := scanOrg(t.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", id))
	if err != nil {
		return nil, notFound(t.d.normalise(err), "组织（编号 %d）不存在。", id)
	}
	return o, nil
}

// CreateOrganisation stores o; see qinglian.OrganisationService.
func (s *Store) CreateOrganisation(ctx context.Context, actor int64, o *qinglian.Organisation) error {
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" || utf8.RuneCountInString(o.Name) > 100 {
		return qinglian.Errorf(qinglian.ErrInvalid, "组织名称不能为空，且不超过100字。")
	}
	switch o.Kind {
	case qinglian.OrgCommittee, qinglian.OrgDepartment, qinglian.OrgUnit:
	default:
		return qinglian.Errorf(qinglian.ErrInvalid, "未知的组织类型 %q。", o.Kind)
	}
	return s.update(ctx, func(t *tx) error {
		if o.ParentID != 0 {
			if _, err := findOrg(ctx, t, o.ParentID); err != nil {
				return err
			}
		}
		o.CreatedAt = t.now
		err := t.queryRow(ctx, "INSERT INTO organisations (parent_id, name, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			nullID(o.ParentID), o.Name, o.Kind, micro(t.now)).Scan(&o.ID)
		if err != nil {
			return conflict(t.d.normalise(err), "同一上级组织下已有名为“%s”的组织。", o.Name)
		}
		return appendAudit(ctx, t, actor, "organisation.create", "organisation", o.ID, nil, o, o.Name)
	})
}

// FindOrganisationByID returns the organisation, or ErrNotFound.
func (s *Store) FindOrganisationByID(ctx context.Context, id int64) (*qinglian.Organisation, error) {
	var o *qinglian.Organisation
	err := s.view(ctx, func(t *tx) (err error) {
		o, err = findOrg(ctx, t, id)
		return err
	})
	return o, err
}

// ListChildOrganisations returns the children of parentID (0: the roots) by name.
func (s *Store) ListChildOrganisations(ctx context.Context, parentID int64) ([]*qinglian.Organisation, error) {
	var out []*qinglian.Organisation
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryOrgs(ctx, t, "SELECT "+orgColumns+" FROM organisations WHERE COALESCE(parent_id, 0) = ? ORDER BY name, id", parentID)
		return err
	})
	return out, err
}

// OrganisationAncestors returns the path from the root to id, inclusive.
func (s *Store) OrganisationAncestors(ctx context.Context, id int64) ([]*qinglian.Organisation, error) {
	var out []*qinglian.Organisation
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = ancestors(ctx, t, id)
		return err
	})
	return out, err
}

// ancestors walks up from id; depth orders the path from the root down.
func ancestors(ctx context.Context, t *tx, id int64) ([]*qinglian.Organisation, error) {
	out, err := queryOrgs(ctx, t, `WITH RECURSIVE up (id, depth) AS (
			SELECT id, 0 FROM organisations WHERE id = ?
			UNION ALL
			SELECT o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL
		)
		SELECT o.id, o.parent_id, o.name, o.kind, o.created_at FROM organisations o JOIN up ON o.id = up.id ORDER BY up.depth DESC`, id)
	if err == nil && len(out) == 0 {
		err = qinglian.Errorf(qinglian.ErrNotFound, "组织（编号 %d）不存在。", id)
	}
	return out, err
}

// OrganisationSubtree returns id and everything below it, parents first.
func (s *Store) OrganisationSubtree(ctx context.Context, id int64) ([]*qinglian.Organisation, error) {
	var out []*qinglian.Organisation
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryOrgs(ctx, t, `WITH RECURSIVE down (id, depth) AS (
				SELECT id, 0 FROM organisations WHERE id = ?
				UNION ALL
				SELECT o.id, down.depth + 1 FROM organisations o JOIN down ON o.parent_id = down.id
			)
			SELECT o.id, o.parent_id, o.name, o.kind, o.created_at FROM organisations o JOIN down ON o.id = down.id ORDER BY down.depth, o.name, o.id`, id)
		if err == nil && len(out) == 0 {
			err = qinglian.Errorf(qinglian.ErrNotFound, "组织（编号 %d）不存在。", id)
		}
		return err
	})
	return out, err
}

// conflict gives a normalised ErrConflict a specific user message; other
// errors pass unchanged.
func conflict(err error, format string, args ...any) error {
	if isKind(err, qinglian.ErrConflict) {
		return qinglian.WrapError(qinglian.ErrConflict, fmt.Sprintf(format, args...), err)
	}
	return err
}
