package store

import (
	"os"
	"path/filepath"
	"testing"

	"qinglian"
)

// chain makes a store with a few audited changes: entries 1…6.
func chain(t *testing.T, s *Store) {
	t.Helper()
	root := &qinglian.Organisation{Name: "县委", Kind: qinglian.OrgCommittee}
	must(t, s.CreateOrganisation(ctx, 0, root))
	for _, login := range []string{"a", "b", "c", "d", "e"} {
		must(t, s.CreateUser(ctx, 1, &qinglian.User{Login: login, Name: "用户" + login}))
	}
}

func TestAuditChain(t *testing.T) {
	t.Parallel()
	// Each tampering is done with plain SQL, as someone with access to the
	// database file would; VerifyAudit must name the first entry it breaks.
	tamperings := []struct {
		name   string
		sql    []string
		broken int64
	}{
		{"untouched", nil, 0},
		{"edited detail", []string{"UPDATE audit_log SET detail = 'x' WHERE seq = 3"}, 3},
		{"edited actor", []string{"UPDATE audit_log SET actor_id = 99 WHERE seq = 2"}, 2},
		{"edited time", []string{"UPDATE audit_log SET at = at + 1 WHERE seq = 5"}, 5},
		// Rewriting an entry's hash to match its new content still breaks
		// the next entry's link.
		{"edited and rehashed", []string{"UPDATE audit_log SET detail = 'x', hash = 'f00d' WHERE seq = 4"}, 4},
		{"deleted middle row", []string{"DELETE FROM audit_log WHERE seq = 4"}, 4},
		{"deleted first row", []string{"DELETE FROM audit_log WHERE seq = 1"}, 1},
		{"deleted last row", []string{"DELETE FROM audit_log WHERE seq = 6"}, 6},
		{"reordered rows", []string{
			"UPDATE audit_log SET seq = -2 WHERE seq = 2",
			"UPDATE audit_log SET seq = 2 WHERE seq = 5",
			"UPDATE audit_log SET seq = 5 WHERE seq = -2",
		}, 2},
		{"forged extra row", []string{
			"INSERT INTO audit_log SELECT seq + 1, at, actor_id, action, object_type, object_id, before_digest, after_digest, detail, hash, hash FROM audit_log WHERE seq = 6",
		}, 7},
	}
	for _, kind := range dialects {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s, _ := open(t, newURL(t, kind))
			chain(t, s)
			entries, err := s.ListAudit(ctx, 0, 0)
			must(t, err)
			if len(entries) != 6 || entries[0].PrevHash != genesisHash || entries[5].PrevHash != entries[4].Hash {
				t.Fatalf("chain before tampering: %d entries", len(entries))
			}
			// One database for all cases: the pristine log is kept aside
			// and put back after each tampering.
			exec := func(q string) {
				t.Helper()
				if _, err := s.w.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec("CREATE TABLE audit_pristine AS SELECT * FROM audit_log")
			for _, tt := range tamperings {
				t.Run(tt.name, func(t *testing.T) {
					for _, q := range tt.sql {
						exec(q)
					}
					ok, broken, err := s.VerifyAudit(ctx)
					must(t, err)
					if ok != (tt.broken == 0) || broken != tt.broken {
						t.Errorf("VerifyAudit = %v, %d; want first broken %d", ok, broken, tt.broken)
					}
					exec("DELETE FROM audit_log")
					exec("INSERT INTO audit_log SELECT * FROM audit_pristine")
					if ok, broken, err := s.VerifyAudit(ctx); err != nil || !ok {
						t.Fatalf("restored chain does not verify: broken at %d, %v", broken, err)
					}
				})
			}
		})
	}
}

func TestAuditRecordsChanges(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		rev, err := s.SaveVersion(ctx, w.cadreA.ID, w.partA.ID, &qinglian.Version{Body: "正文"})
		must(t, err)
		_, err = s.SubmitReport(ctx, w.cadreA.ID, w.partA.ID, rev)
		must(t, err)
		// A refused action writes nothing.
		before, _ := s.ListAudit(ctx, 0, 0)
		_, err = s.SubmitReport(ctx, w.cadreA.ID, w.partA.ID, rev)
		mustKind(t, err, qinglian.ErrConflict)
		after, _ := s.ListAudit(ctx, 0, 0)
		if len(after) != len(before) {
			t.Fatalf("refused submit added %d audit entries", len(after)-len(before))
		}
		last := after[len(after)-1]
		if last.Action != "report.submit" || last.ActorID != w.cadreA.ID || last.ObjectType != "participant" ||
			last.ObjectID != w.partA.ID || last.BeforeDigest == "" || last.AfterDigest == "" || last.BeforeDigest == last.AfterDigest ||
			!last.At.Equal(c.Now().Truncate(1000)) {
			t.Errorf("submit entry: %+v", last)
		}
		page, err := s.ListAudit(ctx, last.Seq-2, 1)
		must(t, err)
		if len(page) != 1 || page[0].Seq != last.Seq-1 {
			t.Errorf("ListAudit(after, limit) page: %+v", page)
		}
	})
}

func TestBackup(t *testing.T) {
	t.Parallel()
	s, _ := open(t, newURL(t, "sqlite"))
	chain(t, s)
	dst := filepath.Join(t.TempDir(), "copy.db")
	must(t, s.Backup(ctx, dst))
	mustKind(t, s.Backup(ctx, dst), qinglian.ErrConflict) // never overwrites
	copied, _ := open(t, dst)
	n, err := copied.CountUsers(ctx)
	must(t, err)
	ok, _, err := copied.VerifyAudit(ctx)
	must(t, err)
	if n != 5 || !ok {
		t.Errorf("backup: %d users, audit ok=%v", n, ok)
	}
	if _, err := os.Stat(dst + "-wal"); err == nil {
		// Harmless, but a backup should be one self-contained file.
		t.Logf("backup left a WAL file beside it")
	}
}
