// Package store keeps the platform's data in SQLite (one file, the default)
// or PostgreSQL, with one schema and one implementation for both. The SQL is
// written once; the few differences between the two databases live in the
// dialect type and in connection set-up.
//
// Every public method opens its own transaction and composes small helpers
// that take it; every change is recorded in the audit chain inside that same
// transaction. Errors come back as the kinds of package qinglian
// (ErrNotFound, ErrConflict, ErrInvalid, ErrForbidden).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"qinglian"
)

// DefaultSQLitePath is the database file Open uses for an empty URL.
const DefaultSQLitePath = "qinglian-data/qinglian.db"

// Store is the platform's database. Now is the clock every transaction
// reads once at its start; tests replace it.
type Store struct {
	Now func() time.Time

	d dialect
	// SQLite allows one writer at a time; sending all writes through a
	// pool of one connection queues them in Go instead of failing with
	// "database is locked". Readers use their own pool and, under WAL,
	// never wait for the writer. On PostgreSQL both are the same pool.
	w *sql.DB
	r *sql.DB
	// path is the SQLite file, for Backup.
	path string
}

// Open connects to the database named by url and brings its schema up to
// date. An empty url is DefaultSQLitePath; "postgres://…" or
// "postgresql://…" is PostgreSQL; "sqlite:PATH" or any other string is the
// path of an SQLite file (its directory is created). Open fails with an
// error wrapping ErrSchemaTooNew if the database was written by a newer
// qinglian.
func Open(ctx context.Context, url string) (*Store, error) {
	s := &Store{Now: time.Now}
	var err error
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s.d = postgres
		err = s.openPostgres(url)
	default:
		s.d = sqlite
		err = s.openSQLite(strings.TrimPrefix(url, "sqlite:"))
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) openPostgres(url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
	db.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.w, s.r = db, db
	return nil
}

// sqliteConn is what an SQLite connection is for.
type sqliteConn int

const (
	sqliteWriter sqliteConn = iota // the one connection that writes
	sqliteReader                   // read-only, many
	sqliteBackup                   // reads the database, writes only the copy
)

// sqliteDSN builds the connection string; every pragma is set on each new
// connection, because SQLite forgets them (except journal_mode) between
// connections.
func sqliteDSN(path string, c sqliteConn) string {
	q := []string{
		"_pragma=busy_timeout(10000)",
		"_pragma=foreign_keys(1)",
		// FULL: an acknowledged write survives power loss, not only a crash.
		"_pragma=synchronous(FULL)",
	}
	switch c {
	case sqliteWriter:
		q = append(q, "_pragma=journal_mode(WAL)", "_txlock=immediate")
	case sqliteReader:
		q = append(q, "_pragma=query_only(1)")
	}
	return "file:" + path + "?" + strings.Join(q, "&")
}

func (s *Store) openSQLite(path string) error {
	if path == "" {
		path = DefaultSQLitePath
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("create database directory: %w", err)
		}
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, sqliteWriter))
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer connects first so the file is in WAL mode before a
	// query_only reader (which cannot change the journal mode) opens it.
	if err := w.Ping(); err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, sqliteReader))
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := 2 * runtime.GOMAXPROCS(0)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.w, s.r, s.path = w, r, path
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Backup writes a consistent copy of an SQLite database to path while the
// store stays in use. The file must not exist yet. For PostgreSQL it returns
// ErrInvalid: use pg_dump.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.d != sqlite {
		return qinglian.Errorf(qinglian.ErrInvalid, "PostgreSQL 数据库请使用 pg_dump 备份。")
	}
	if _, err := os.Stat(path); err == nil {
		return qinglian.Errorf(qinglian.ErrConflict, "备份文件 %s 已存在。", path)
	}
	// VACUUM INTO reads one snapshot, so the copy is consistent even while
	// writes continue. It needs a connection of its own: the readers are
	// query_only (which forbids VACUUM) and the writer must stay free.
	db, err := sql.Open("sqlite", sqliteDSN(s.path, sqliteBackup))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// tx is a transaction with the dialect and the moment it started.
type tx struct {
	*sql.Tx
	d   dialect
	now time.Time
}

// exec runs a statement written with ? placeholders.
func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := t.ExecContext(ctx, t.d.rebind(q), args...)
	return res, t.d.normalise(err)
}

// query runs a query written with ? placeholders.
func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := t.QueryContext(ctx, t.d.rebind(q), args...)
	return rows, t.d.normalise(err)
}

// queryRow runs a query written with ? placeholders that yields one row.
func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// update begins a writing transaction, runs fn and commits if fn succeeds.
func (s *Store) update(ctx context.Context, fn func(*tx) error) error {
	return s.run(ctx, s.w, true, fn)
}

// view begins a reading transaction so that a method's several queries see
// one snapshot, runs fn and rolls back.
func (s *Store) view(ctx context.Context, fn func(*tx) error) error {
	return s.run(ctx, s.r, false, fn)
}

func (s *Store) run(ctx context.Context, db *sql.DB, write bool, fn func(*tx) error) error {
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return s.d.normalise(err)
	}
	t := &tx{Tx: sqlTx, d: s.d, now: s.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return err
	}
	if !write {
		return sqlTx.Rollback()
	}
	return s.d.normalise(sqlTx.Commit())
}

// Times are stored as microseconds since 1970 UTC in a BIGINT on both
// databases: exact, comparable, and the same bytes in the audit hash.
func micro(t time.Time) int64 { return t.UnixMicro() }

func fromMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicro stores the zero time as NULL.
func nullMicro(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromNullMicro(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicro(n.Int64)
}

// boolInt stores a bool as 0 or 1 in an INTEGER column on both databases.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nullID stores ID 0 (none) as NULL, for optional foreign keys.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// notFound returns ErrNotFound with a user message when err is sql.ErrNoRows,
// and err normalised otherwise.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return qinglian.Errorf(qinglian.ErrNotFound, format, args...)
	}
	return err
}

// isKind reports whether err is of the given kind.
func isKind(err, kind error) bool { return err != nil && errors.Is(err, kind) }

// microDest scans a microsecond column into a time.Time.
type microDest struct{ t *time.Time }

func (d microDest) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*d.t = fromMicro(v)
	case nil:
		*d.t = time.Time{}
	default:
		return fmt.Errorf("time column holds %T, want integer", src)
	}
	return nil
}

// prefixed qualifies a column list with a table alias: "a, b" → "u.a, u.b".
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// The store implements every service the platform's domain declares.
var (
	_ qinglian.OrganisationService = (*Store)(nil)
	_ qinglian.UserService         = (*Store)(nil)
	_ qinglian.MembershipService   = (*Store)(nil)
	_ qinglian.SessionService      = (*Store)(nil)
	_ qinglian.CampaignService     = (*Store)(nil)
	_ qinglian.ReportService       = (*Store)(nil)
	_ qinglian.AuditService        = (*Store)(nil)
)
