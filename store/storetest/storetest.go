// Package storetest gives the tests of the store and of the server an empty
// database of each kind the platform runs on.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for the schema set-up
)

// PostgresEnv names the variable holding the PostgreSQL server to test
// against; .ci/run sets it, which makes the PostgreSQL runs mandatory.
const PostgresEnv = "QINGLIAN_TEST_POSTGRES"

// Kinds lists the databases every store and server test runs on.
var Kinds = []string{"sqlite", "postgres"}

// URL returns the URL of an empty database of the given kind: a SQLite file
// in a temporary directory, or a fresh PostgreSQL schema (named with prefix
// and random letters, dropped when the test ends) so parallel runs and
// reruns never meet. Without PostgresEnv the PostgreSQL run is skipped with
// a message saying how to enable it.
func URL(t testing.TB, kind, prefix string) string {
	t.Helper()
	if kind == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "qinglian.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL run skipped: set %s to a server URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", PostgresEnv)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := prefix + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
