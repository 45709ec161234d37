package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"qinglian"
	"qinglian/store/storetest"
)

// The whole suite runs once per database: always on SQLite, and on
// PostgreSQL when QINGLIAN_TEST_POSTGRES names a server, e.g.
//
//	QINGLIAN_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./store/
//
// Every test gets a database of its own: a file in a temporary directory,
// or a fresh PostgreSQL schema with a random name, dropped afterwards, so
// parallel runs and reruns never meet.

var dialects = storetest.Kinds

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func open(t testing.TB, dbURL string) (*Store, *clock) {
	t.Helper()
	s, err := Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{now: time.Date(2026, 1, 10, 9, 0, 0, 123456000, time.UTC)}
	s.Now = c.Now
	return s, c
}

// forEachDB runs test on a fresh database of each kind.
func forEachDB(t *testing.T, test func(t *testing.T, s *Store, c *clock)) {
	for _, kind := range dialects {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s, c := open(t, newURL(t, kind))
			test(t, s, c)
		})
	}
}

func mustKind(t testing.TB, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("got error %v, want %v", err, kind)
	}
	if qinglian.ErrorMessage(err) == "" {
		t.Fatalf("error %v has no user message", err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var ctx = context.Background()

func TestMigrations(t *testing.T) {
	t.Parallel()
	for _, kind := range dialects {
		t.Run(kind, func(t *testing.T) {
			u := newURL(t, kind)
			s, _ := open(t, u)
			v, err := s.SchemaVersion(ctx)
			must(t, err)
			if v != KnownSchemaVersion() || v < 1 {
				t.Fatalf("schema version %d, want %d", v, KnownSchemaVersion())
			}
			must(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{Name: "市委", Kind: qinglian.OrgCommittee}))
			s.Close()

			// Re-opening applies nothing and keeps the data.
			s2, _ := open(t, u)
			var rows int
			must(t, s2.w.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&rows))
			if rows != KnownSchemaVersion() {
				t.Fatalf("schema_version has %d rows after re-open, want %d", rows, KnownSchemaVersion())
			}
			roots, err := s2.ListChildOrganisations(ctx, 0)
			must(t, err)
			if len(roots) != 1 {
				t.Fatalf("re-open lost data: %d roots", len(roots))
			}

			// A database touched by a newer binary is refused, clearly.
			_, err = s2.w.Exec(s2.d.rebind("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"), 999, "9999_future", 0)
			must(t, err)
			s2.Close()
			_, err = Open(ctx, u)
			if !errors.Is(err, ErrSchemaTooNew) {
				t.Fatalf("open of newer schema: got %v, want ErrSchemaTooNew", err)
			}
			t.Logf("refusal reads: %v", err)
		})
	}
}

// Two processes starting at once on a new database both come up, and the
// schema is applied once.
func TestConcurrentOpen(t *testing.T) {
	t.Parallel()
	for _, kind := range dialects {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			u := newURL(t, kind)
			var wg sync.WaitGroup
			stores := make([]*Store, 4)
			errs := make([]error, len(stores))
			for i := range stores {
				wg.Add(1)
				go func() {
					defer wg.Done()
					stores[i], errs[i] = Open(ctx, u)
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("open %d: %v", i, err)
				}
				defer stores[i].Close()
			}
			var rows int
			must(t, stores[0].w.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&rows))
			if rows != KnownSchemaVersion() {
				t.Errorf("schema_version has %d rows, want %d", rows, KnownSchemaVersion())
			}
		})
	}
}

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name  string
		files fstest.MapFS
		want  int // migrations loaded; -1: an error
	}{
		{"ordered", fstest.MapFS{"migrations/0002_b.sql": file("B"), "migrations/0001_a.sql": file("A")}, 2},
		// Hostile: a gap would skip a schema change on some databases.
		{"gap", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0003_c.sql": file("C")}, -1},
		{"duplicate number", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0001_b.sql": file("B")}, -1},
		{"no number", fstest.MapFS{"migrations/init.sql": file("A")}, -1},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": file("A")}, -1},
	}
	for _, tt := range tests {
		ms, err := loadMigrations(tt.files)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("%s: loaded %d migrations, want an error", tt.name, len(ms))
			}
			continue
		}
		if err != nil || len(ms) != tt.want || ms[0].version != 1 || ms[0].sql != "A" {
			t.Errorf("%s: got %v %v", tt.name, ms, err)
		}
	}
	if _, err := loadMigrations(migrationFiles); err != nil {
		t.Fatalf("embedded migrations: %v", err)
	}
}

func TestOpenURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, u := range []string{filepath.Join(dir, "a", "plain.db"), "sqlite:" + filepath.Join(dir, "b", "prefixed.db")} {
		s, err := Open(ctx, u)
		if err != nil {
			t.Fatalf("open %s: %v", u, err)
		}
		if s.Dialect() != "sqlite" {
			t.Errorf("%s: dialect %s", u, s.Dialect())
		}
		var mode string
		must(t, s.w.QueryRow("PRAGMA journal_mode").Scan(&mode))
		var fk, busy int
		must(t, s.r.QueryRow("PRAGMA foreign_keys").Scan(&fk))
		must(t, s.r.QueryRow("PRAGMA busy_timeout").Scan(&busy))
		if mode != "wal" || fk != 1 || busy < 1000 {
			t.Errorf("%s: journal_mode=%s foreign_keys=%d busy_timeout=%d", u, mode, fk, busy)
		}
		s.Close()
	}
}

func TestOrganisations(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, _ *clock) {
		root := &qinglian.Organisation{Name: "某县委", Kind: qinglian.OrgCommittee}
		must(t, s.CreateOrganisation(ctx, 0, root))
		dept := &qinglian.Organisation{ParentID: root.ID, Name: "县纪委监委", Kind: qinglian.OrgDepartment}
		must(t, s.CreateOrganisation(ctx, 0, dept))
		unit := &qinglian.Organisation{ParentID: root.ID, Name: "县教育局", Kind: qinglian.OrgUnit}
		must(t, s.CreateOrganisation(ctx, 0, unit))
		school := &qinglian.Organisation{ParentID: unit.ID, Name: "第一中学", Kind: qinglian.OrgUnit}
		must(t, s.CreateOrganisation(ctx, 0, school))

		// Contract errors.
		mustKind(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{ParentID: root.ID, Name: "县教育局", Kind: qinglian.OrgUnit}), qinglian.ErrConflict)
		mustKind(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{ParentID: 9999, Name: "无主", Kind: qinglian.OrgUnit}), qinglian.ErrNotFound)
		mustKind(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{Name: "  ", Kind: qinglian.OrgUnit}), qinglian.ErrInvalid)
		mustKind(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{Name: "某处", Kind: "club"}), qinglian.ErrInvalid)
		_, err := s.FindOrganisationByID(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
		_, err = s.OrganisationAncestors(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
		_, err = s.OrganisationSubtree(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
		// The same name under another parent is fine.
		must(t, s.CreateOrganisation(ctx, 0, &qinglian.Organisation{ParentID: school.ID, Name: "县教育局", Kind: qinglian.OrgUnit}))

		got, err := s.FindOrganisationByID(ctx, school.ID)
		must(t, err)
		if *got != *school {
			t.Errorf("find: got %+v, want %+v", got, school)
		}
		path, err := s.OrganisationAncestors(ctx, school.ID)
		must(t, err)
		if names(path) != "某县委/县教育局/第一中学" {
			t.Errorf("ancestors: %s", names(path))
		}
		kids, err := s.ListChildOrganisations(ctx, root.ID)
		must(t, err)
		if len(kids) != 2 {
			t.Errorf("children of root: %s", names(kids))
		}
		sub, err := s.OrganisationSubtree(ctx, unit.ID)
		must(t, err)
		if names(sub) != "县教育局/第一中学/县教育局" {
			t.Errorf("subtree: %s", names(sub))
		}
	})
}

func names(os []*qinglian.Organisation) string {
	s := ""
	for i, o := range os {
		if i > 0 {
			s += "/"
		}
		s += o.Name
	}
	return s
}

func TestUsersAndRoles(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		n, err := s.CountUsers(ctx)
		must(t, err)
		if n != 0 {
			t.Fatalf("fresh database has %d users", n)
		}
		root := &qinglian.Organisation{Name: "县委", Kind: qinglian.OrgCommittee}
		must(t, s.CreateOrganisation(ctx, 0, root))
		a := &qinglian.Organisation{ParentID: root.ID, Name: "甲局", Kind: qinglian.OrgUnit}
		b := &qinglian.Organisation{ParentID: root.ID, Name: "乙局", Kind: qinglian.OrgUnit}
		must(t, s.CreateOrganisation(ctx, 0, a))
		must(t, s.CreateOrganisation(ctx, 0, b))

		u := &qinglian.User{Login: "zhang", Name: "张三", Title: "局长", PasswordHash: []byte{1, 2, 3}}
		must(t, s.CreateUser(ctx, 0, u))
		mustKind(t, s.CreateUser(ctx, 0, &qinglian.User{Login: "zhang", Name: "张三丰"}), qinglian.ErrConflict)
		mustKind(t, s.CreateUser(ctx, 0, &qinglian.User{Login: "", Name: "无名"}), qinglian.ErrInvalid)
		got, err := s.FindUserByLogin(ctx, "zhang")
		must(t, err)
		if got.ID != u.ID || string(got.PasswordHash) != "\x01\x02\x03" || !got.CreatedAt.Equal(c.Now().Truncate(time.Microsecond)) {
			t.Errorf("find by login: %+v", got)
		}
		_, err = s.FindUserByLogin(ctx, "nobody")
		mustKind(t, err, qinglian.ErrNotFound)
		_, err = s.FindUserByID(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
		must(t, s.SetUserPassword(ctx, u.ID, u.ID, []byte("new")))
		got, _ = s.FindUserByID(ctx, u.ID)
		if string(got.PasswordHash) != "new" {
			t.Errorf("password not replaced: %q", got.PasswordHash)
		}
		mustKind(t, s.SetUserPassword(ctx, 0, 9999, []byte("x")), qinglian.ErrNotFound)

		// A role at a parent reaches the children, not the siblings.
		rev := &qinglian.User{Login: "li", Name: "李四"}
		must(t, s.CreateUser(ctx, 0, rev))
		must(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: rev.ID, OrgID: a.ID, Role: qinglian.RoleReviewer}))
		must(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: rev.ID, OrgID: a.ID, Role: qinglian.RoleReviewer})) // idempotent
		mustKind(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: rev.ID, OrgID: a.ID, Role: "boss"}), qinglian.ErrInvalid)
		mustKind(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: 9999, OrgID: a.ID, Role: qinglian.RoleMember}), qinglian.ErrNotFound)
		mustKind(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: rev.ID, OrgID: 9999, Role: qinglian.RoleMember}), qinglian.ErrNotFound)
		ms, err := s.ListMembershipsByUser(ctx, rev.ID)
		must(t, err)
		if len(ms) != 1 {
			t.Fatalf("memberships after double grant: %d", len(ms))
		}
		admin := &qinglian.User{Login: "admin", Name: "管理员"}
		must(t, s.CreateUser(ctx, 0, admin))
		must(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: admin.ID, OrgID: root.ID, Role: qinglian.RoleAdmin}))
		sub := &qinglian.Organisation{ParentID: a.ID, Name: "甲局下属所", Kind: qinglian.OrgUnit}
		must(t, s.CreateOrganisation(ctx, 0, sub))
		for _, tt := range []struct {
			user, org int64
			role      qinglian.Role
			want      bool
		}{
			{rev.ID, a.ID, qinglian.RoleReviewer, true},
			{rev.ID, sub.ID, qinglian.RoleReviewer, true},   // below
			{rev.ID, b.ID, qinglian.RoleReviewer, false},    // sibling
			{rev.ID, root.ID, qinglian.RoleReviewer, false}, // above
			{rev.ID, a.ID, qinglian.RoleOrganiser, false},   // other role
			{admin.ID, b.ID, qinglian.RoleReviewer, true},   // admin counts for every role
			{u.ID, a.ID, qinglian.RoleMember, false},
		} {
			ok, err := s.HasRole(ctx, tt.user, tt.org, tt.role)
			must(t, err)
			if ok != tt.want {
				t.Errorf("HasRole(user %d, org %d, %s) = %v, want %v", tt.user, tt.org, tt.role, ok, tt.want)
			}
		}
		vis, err := s.VisibleOrganisations(ctx, rev.ID)
		must(t, err)
		if fmt.Sprint(vis) != fmt.Sprint([]int64{root.ID, a.ID, sub.ID}) {
			t.Errorf("visible to reviewer of 甲局: %v", vis)
		}

		// A disabled user holds no roles and cannot log in.
		must(t, s.SetUserDisabled(ctx, admin.ID, rev.ID, true))
		if ok, _ := s.HasRole(ctx, rev.ID, a.ID, qinglian.RoleReviewer); ok {
			t.Error("disabled user still holds a role")
		}
		must(t, s.RevokeRole(ctx, admin.ID, qinglian.Membership{UserID: rev.ID, OrgID: a.ID, Role: qinglian.RoleReviewer}))
		mustKind(t, s.RevokeRole(ctx, admin.ID, qinglian.Membership{UserID: rev.ID, OrgID: a.ID, Role: qinglian.RoleReviewer}), qinglian.ErrNotFound)
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		u := &qinglian.User{Login: "wang", Name: "王五"}
		must(t, s.CreateUser(ctx, 0, u))
		sess := &qinglian.Session{ID: "h1", UserID: u.ID, CSRF: "c1", ExpiresAt: c.Now().Add(time.Hour)}
		must(t, s.CreateSession(ctx, sess))
		mustKind(t, s.CreateSession(ctx, &qinglian.Session{ID: "h1", UserID: u.ID, CSRF: "c", ExpiresAt: c.Now().Add(time.Hour)}), qinglian.ErrConflict)
		mustKind(t, s.CreateSession(ctx, &qinglian.Session{ID: "h2", UserID: 9999, CSRF: "c", ExpiresAt: c.Now().Add(time.Hour)}), qinglian.ErrNotFound)
		mustKind(t, s.CreateSession(ctx, &qinglian.Session{ID: "h3", UserID: u.ID, CSRF: "c", ExpiresAt: c.Now()}), qinglian.ErrInvalid)
		must(t, s.CreateSession(ctx, &qinglian.Session{ID: "short", UserID: u.ID, CSRF: "c", ExpiresAt: c.Now().Add(time.Minute)}))

		got, gu, err := s.FindSession(ctx, "h1")
		must(t, err)
		if got.UserID != u.ID || got.CSRF != "c1" || gu.Login != "wang" || !got.ExpiresAt.Equal(sess.ExpiresAt.Truncate(time.Microsecond)) {
			t.Errorf("find session: %+v %+v", got, gu)
		}
		_, _, err = s.FindSession(ctx, "nope")
		mustKind(t, err, qinglian.ErrNotFound)

		c.Add(2 * time.Minute)
		_, _, err = s.FindSession(ctx, "short")
		mustKind(t, err, qinglian.ErrNotFound) // expired
		n, err := s.DeleteExpiredSessions(ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("deleted %d expired sessions, want 1", n)
		}
		must(t, s.DeleteSession(ctx, "h1"))
		mustKind(t, s.DeleteSession(ctx, "h1"), qinglian.ErrNotFound)

		// Disabling a user ends their sessions and refuses new ones.
		must(t, s.CreateSession(ctx, &qinglian.Session{ID: "h4", UserID: u.ID, CSRF: "c", ExpiresAt: c.Now().Add(time.Hour)}))
		must(t, s.SetUserDisabled(ctx, 0, u.ID, true))
		_, _, err = s.FindSession(ctx, "h4")
		mustKind(t, err, qinglian.ErrNotFound)
		mustKind(t, s.CreateSession(ctx, &qinglian.Session{ID: "h5", UserID: u.ID, CSRF: "c", ExpiresAt: c.Now().Add(time.Hour)}), qinglian.ErrForbidden)
	})
}

// An empty URL means the default SQLite file under the working directory.
func TestOpenDefaultPath(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := Open(ctx, "")
	must(t, err)
	s.Close()
	if _, err := os.Stat(DefaultSQLitePath); err != nil {
		t.Fatalf("default database not created: %v", err)
	}
}

// Driver errors reach the caller as kinds with a Chinese message that
// does not leak the driver's text; the cause stays available for logs.
func TestErrorsAreNormalised(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, _ *clock) {
		must(t, s.CreateUser(ctx, 0, &qinglian.User{Login: "dup", Name: "甲"}))
		err := s.CreateUser(ctx, 0, &qinglian.User{Login: "dup", Name: "乙"})
		mustKind(t, err, qinglian.ErrConflict)
		msg := qinglian.ErrorMessage(err)
		if msg != "登录名“dup”已被使用。" {
			t.Errorf("user message %q", msg)
		}
		var ue *qinglian.UserError
		if !errors.As(err, &ue) || ue.Cause == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") {
			t.Errorf("cause lost: %v", err)
		}
		if qinglian.ErrorMessage(errors.New("SQLSTATE 42P01 secret detail")) != "系统内部错误，请稍后重试；如问题持续，请联系管理员。" {
			t.Error("an internal error's text reaches the user")
		}
	})
}

// newURL returns the URL of an empty database of the given kind.
func newURL(t testing.TB, kind string) string { return storetest.URL(t, kind, "qltest_") }
