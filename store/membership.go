package store

import (
	"context"
	"strings"

	"qinglian"
)

// GrantRole gives a role; granting one already held changes nothing.
func (s *Store) GrantRole(ctx context.Context, actor int64, m *qinglian.Membership) error {
	if !m.Role.Valid() {
		return qinglian.Errorf(qinglian.ErrInvalid, "未知的角色 %q。", m.Role)
	}
	return s.update(ctx, func(t *tx) error {
		if _, err := findUser(ctx, t, m.UserID); err != nil {
			return err
		}
		if _, err := findOrg(ctx, t, m.OrgID); err != nil {
			return err
		}
		m.CreatedAt = t.now
		res, err := t.exec(ctx, `INSERT INTO memberships (user_id, org_id, role, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, org_id, role) DO NOTHING`, m.UserID, m.OrgID, m.Role, micro(t.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return t.d.normalise(t.queryRow(ctx, "SELECT created_at FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?",
				m.UserID, m.OrgID, m.Role).Scan(microDest{&m.CreatedAt}))
		}
		return appendAudit(ctx, t, actor, "membership.grant", "user", m.UserID, nil, m, string(m.Role))
	})
}

// RevokeRole removes a role; ErrNotFound if it was not held.
func (s *Store) RevokeRole(ctx context.Context, actor int64, m qinglian.Membership) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?", m.UserID, m.OrgID, m.Role)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return qinglian.Errorf(qinglian.ErrNotFound, "该用户在此组织没有“%s”角色。", m.Role.Chinese())
		}
		return appendAudit(ctx, t, actor, "membership.revoke", "user", m.UserID, qinglian.Membership{UserID: m.UserID, OrgID: m.OrgID, Role: m.Role}, nil, string(m.Role))
	})
}

func queryMemberships(ctx context.Context, t *tx, q string, args ...any) ([]*qinglian.Membership, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*qinglian.Membership
	for rows.Next() {
		var m qinglian.Membership
		if err := rows.Scan(&m.UserID, &m.OrgID, &m.Role, microDest{&m.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}

// ListMembershipsByUser returns the user's roles.
func (s *Store) ListMembershipsByUser(ctx context.Context, userID int64) ([]*qinglian.Membership, error) {
	var out []*qinglian.Membership
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryMemberships(ctx, t, "SELECT user_id, org_id, role, created_at FROM memberships WHERE user_id = ? ORDER BY org_id, role", userID)
		return err
	})
	return out, err
}

// ListMembershipsByOrganisation returns the roles held exactly at orgID.
func (s *Store) ListMembershipsByOrganisation(ctx context.Context, orgID int64) ([]*qinglian.Membership, error) {
	var out []*qinglian.Membership
	err := s.view(ctx, func(t *tx) (err error) {
		out, err = queryMemberships(ctx, t, "SELECT user_id, org_id, role, created_at FROM memberships WHERE org_id = ? ORDER BY user_id, role", orgID)
		return err
	})
	return out, err
}

// HasRole reports whether the user holds one of roles (or admin) at orgID
// or above it.
func (s *Store) HasRole(ctx context.Context, userID, orgID int64, roles ...qinglian.Role) (bool, error) {
	var ok bool
	err := s.view(ctx, func(t *tx) (err error) {
		ok, err = hasRole(ctx, t, userID, orgID, roles...)
		return err
	})
	return ok, err
}

func hasRole(ctx context.Context, t *tx, userID, orgID int64, roles ...qinglian.Role) (bool, error) {
	args := []any{orgID, userID, qinglian.RoleAdmin}
	for _, r := range roles {
		args = append(args, r)
	}
	var n int
	err := t.queryRow(ctx, `WITH RECURSIVE up (id) AS (
			SELECT id FROM organisations WHERE id = ?
			UNION ALL
			SELECT o.parent_id FROM organisations o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL
		)
		SELECT COUNT(*) FROM memberships m JOIN up ON m.org_id = up.id JOIN users u ON u.id = m.user_id
		WHERE m.user_id = ? AND u.disabled = 0 AND m.role IN (?`+strings.Repeat(", ?", len(roles))+")", args...).Scan(&n)
	return n > 0, t.d.normalise(err)
}

// requireRole returns ErrForbidden unless hasRole.
func requireRole(ctx context.Context, t *tx, userID, orgID int64, roles ...qinglian.Role) error {
	ok, err := hasRole(ctx, t, userID, orgID, roles...)
	if err != nil {
		return err
	}
	if !ok {
		return qinglian.Errorf(qinglian.ErrForbidden, "您没有执行此操作的权限。")
	}
	return nil
}

// VisibleOrganisations returns the organisations whose scoped publications
// the user may read; see qinglian.MembershipService.
func (s *Store) VisibleOrganisations(ctx context.Context, userID int64) ([]int64, error) {
	var out []int64
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `WITH RECURSIVE
			mine (org_id, role) AS (
				SELECT m.org_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.user_id = ? AND u.disabled = 0
			),
			up (id) AS (
				SELECT org_id FROM mine
				UNION
				SELECT o.parent_id FROM organisations o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL
			),
			down (id) AS (
				SELECT org_id FROM mine WHERE role IN (?, ?, ?)
				UNION
				SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id
			)
			SELECT id FROM up UNION SELECT id FROM down ORDER BY id`,
			userID, qinglian.RoleAdmin, qinglian.RoleOrganiser, qinglian.RoleReviewer)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}
