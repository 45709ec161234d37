package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// ErrSchemaTooNew is returned by Open when the database was migrated by a
// newer qinglian than this one: running on would misread data it does not
// know, so the operator must use the newer binary (or restore a backup).
var ErrSchemaTooNew = errors.New("database schema is newer than this qinglian binary knows")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one file of migrations/: NNNN_name.sql, applied in order of
// NNNN, which must count 1, 2, 3… without gaps. Files are append-only: a
// released migration is never edited, a change is a new file.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, path := range names {
		base := strings.TrimPrefix(path, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", base)
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (no gaps, no duplicates)", m.name, i+1)
		}
	}
	return ms, nil
}

// KnownSchemaVersion is the schema version this binary migrates to.
func KnownSchemaVersion() int {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return len(ms)
}

// SchemaVersion returns the version the database is at.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.view(ctx, func(t *tx) (err error) {
		v, err = currentVersion(ctx, t)
		return err
	})
	return v, err
}

func currentVersion(ctx context.Context, t *tx) (int, error) {
	var v int
	err := t.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v)
	return v, t.d.normalise(err)
}

const schemaVersionTable = `CREATE TABLE IF NOT EXISTS schema_version (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at BIGINT NOT NULL
)`

// migrate applies the migrations the database lacks, each in its own
// transaction together with its schema_version row, so a failure leaves the
// database at the previous version.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	for _, m := range ms {
		err := s.update(ctx, func(t *tx) error {
			if err := s.d.lockMigrations(ctx, t); err != nil {
				return err
			}
			// Created under the lock: two PostgreSQL sessions running
			// CREATE TABLE IF NOT EXISTS at once can still collide.
			if _, err := t.ExecContext(ctx, schemaVersionTable); err != nil {
				return fmt.Errorf("create schema_version: %w", err)
			}
			// Read inside the transaction: another process may have
			// migrated while this one started.
			cur, err := currentVersion(ctx, t)
			if err != nil {
				return err
			}
			if cur > len(ms) {
				return fmt.Errorf("%w: database is at version %d, this binary knows %d; use a newer qinglian", ErrSchemaTooNew, cur, len(ms))
			}
			if cur >= m.version {
				return nil
			}
			if _, err := t.ExecContext(ctx, s.d.ddl(m.sql)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err = t.exec(ctx, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, micro(t.now))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
