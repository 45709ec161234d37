package store

import (
	"context"

	"qinglian"
)

// Sessions are not audited: a login is not a change to the platform's
// records, and writing the chain on every request would make it noise.
// The server logs logins; the store keeps only what a login needs.

// CreateSession stores s; see qinglian.SessionService.
func (s *Store) CreateSession(ctx context.Context, sess *qinglian.Session) error {
	if sess.ID == "" || sess.CSRF == "" {
		return qinglian.Errorf(qinglian.ErrInvalid, "会话标识不能为空。")
	}
	return s.update(ctx, func(t *tx) error {
		if !sess.ExpiresAt.After(t.now) {
			return qinglian.Errorf(qinglian.ErrInvalid, "会话的过期时间必须晚于当前时间。")
		}
		u, err := findUser(ctx, t, sess.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return qinglian.Errorf(qinglian.ErrForbidden, "该账号已停用。")
		}
		sess.CreatedAt = t.now
		_, err = t.exec(ctx, "INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			sess.ID, sess.UserID, sess.CSRF, micro(t.now), micro(sess.ExpiresAt))
		return conflict(err, "会话标识重复。")
	})
}

// FindSession returns a live session and its user, or ErrNotFound.
func (s *Store) FindSession(ctx context.Context, id string) (*qinglian.Session, *qinglian.User, error) {
	var sess qinglian.Session
	var u *qinglian.User
	err := s.view(ctx, func(t *tx) error {
		row := t.queryRow(ctx, `SELECT s.id, s.user_id, s.csrf, s.created_at, s.expires_at, `+prefixed("u", userColumns)+`
			FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0`, id, micro(t.now))
		var uu qinglian.User
		err := row.Scan(&sess.ID, &sess.UserID, &sess.CSRF, microDest{&sess.CreatedAt}, microDest{&sess.ExpiresAt},
			&uu.ID, &uu.Login, &uu.Name, &uu.Title, &uu.PasswordHash, &uu.Disabled, microDest{&uu.CreatedAt}, microDest{&uu.UpdatedAt})
		u = &uu
		return notFound(t.d.normalise(err), "登录已过期，请重新登录。")
	})
	if err != nil {
		return nil, nil, err
	}
	return &sess, u, nil
}

// DeleteSession logs out; ErrNotFound if there was no such session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM sessions WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return qinglian.Errorf(qinglian.ErrNotFound, "会话不存在。")
		}
		return nil
	})
}

// DeleteExpiredSessions removes expired sessions and says how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", micro(t.now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
