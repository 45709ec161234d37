package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"qinglian"
)

const userColumns = "id, login, name, title, password_hash, disabled, created_at, updated_at"

func scanUser(sc interface{ Scan(...any) error }) (*qinglian.User, error) {
	var u qinglian.User
	var created, updated int64
	if err := sc.Scan(&u.ID, &u.Login, &u.Name, &u.Title, &u.PasswordHash, &u.Disabled, &created, &updated); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &u, nil
}

func findUser(ctx context.Context, t *tx, id int64) (*qinglian.User, error) {
	u, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if err != nil {
		return nil, notFound(t.d.normalise(err), "用户（编号 %d）不存在。", id)
	}
	return u, nil
}

// CreateUser stores u; see qinglian.UserService.
func (s *Store) CreateUser(ctx context.Context, actor int64, u *qinglian.User) error {
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	if u.Login == "" || utf8.RuneCountInString(u.Login) > 64 {
		return qinglian.Errorf(qinglian.ErrInvalid, "登录名不能为空，且不超过64个字符。")
	}
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 50 {
		return qinglian.Errorf(qinglian.ErrInvalid, "姓名不能为空，且不超过50个字符。")
	}
	return s.update(ctx, func(t *tx) error {
		u.CreatedAt, u.UpdatedAt = t.now, t.now
		err := t.queryRow(ctx, `INSERT INTO users (login, name, title, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Login, u.Name, u.Title, u.PasswordHash, boolInt(u.Disabled), micro(t.now), micro(t.now)).Scan(&u.ID)
		if err != nil {
			return conflict(t.d.normalise(err), "登录名“%s”已被使用。", u.Login)
		}
		return appendAudit(ctx, t, actor, "user.create", "user", u.ID, nil, u, u.Login)
	})
}

// FindUserByID returns the user, or ErrNotFound.
func (s *Store) FindUserByID(ctx context.Context, id int64) (*qinglian.User, error) {
	var u *qinglian.User
	err := s.view(ctx, func(t *tx) (err error) {
		u, err = findUser(ctx, t, id)
		return err
	})
	return u, err
}

// FindUserByLogin returns the user with that login, or ErrNotFound.
func (s *Store) FindUserByLogin(ctx context.Context, login string) (*qinglian.User, error) {
	var u *qinglian.User
	err := s.view(ctx, func(t *tx) (err error) {
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE login = ?", strings.TrimSpace(login)))
		return notFound(t.d.normalise(err), "用户“%s”不存在。", login)
	})
	return u, err
}

// ListUsers returns every user by login.
func (s *Store) ListUsers(ctx context.Context) ([]*qinglian.User, error) {
	var out []*qinglian.User
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+userColumns+" FROM users ORDER BY login")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.view(ctx, func(t *tx) error {
		return t.d.normalise(t.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n))
	})
	return n, err
}

// SetUserPassword replaces the password hash; ErrNotFound if no such user.
func (s *Store) SetUserPassword(ctx context.Context, actor, userID int64, hash []byte) error {
	if len(hash) == 0 {
		return qinglian.Errorf(qinglian.ErrInvalid, "密码不能为空。")
	}
	return s.update(ctx, func(t *tx) error {
		before, err := findUser(ctx, t, userID)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, micro(t.now), userID); err != nil {
			return err
		}
		// The hash itself never enters the log: the digests cover the
		// user's public fields, the detail says what changed.
		after := *before
		after.UpdatedAt = t.now
		return appendAudit(ctx, t, actor, "user.password", "user", userID, before, &after, "")
	})
}

// SetUserDisabled blocks or unblocks a login; blocking ends its sessions.
func (s *Store) SetUserDisabled(ctx context.Context, actor, userID int64, disabled bool) error {
	return s.update(ctx, func(t *tx) error {
		before, err := findUser(ctx, t, userID)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", boolInt(disabled), micro(t.now), userID); err != nil {
			return err
		}
		if disabled {
			if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return err
			}
		}
		after := *before
		after.Disabled, after.UpdatedAt = disabled, t.now
		return appendAudit(ctx, t, actor, "user.disable", "user", userID, before, &after, map[bool]string{true: "disabled", false: "enabled"}[disabled])
	})
}
