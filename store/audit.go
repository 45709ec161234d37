package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"qinglian"
)

// auditVersion names the canonical encoding, so that a future change of
// encoding can be told apart from tampering.
const auditVersion = "qinglian-audit-v1"

// digest returns the hex SHA-256 of v's JSON, or "" for nil. Go's JSON of a
// struct is deterministic (fields in declaration order), which is what makes
// the digest reproducible.
func digest(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		// Only the platform's own types are audited; they always marshal.
		panic(fmt.Sprintf("audit digest: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// auditHash is SHA-256 over the canonical encoding of an entry: the
// encoding's name, then every field except Hash, integers as 8 big-endian
// bytes and strings as their 8-byte length followed by their bytes, so no
// two different entries encode alike.
func auditHash(e *qinglian.AuditEntry) string {
	h := sha256.New()
	var n [8]byte
	putInt := func(v int64) {
		binary.BigEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	putString := func(s string) {
		putInt(int64(len(s)))
		h.Write([]byte(s))
	}
	putString(auditVersion)
	putInt(e.Seq)
	putInt(e.At.UnixMicro())
	putInt(e.ActorID)
	putString(e.Action)
	putString(e.ObjectType)
	putInt(e.ObjectID)
	putString(e.BeforeDigest)
	putString(e.AfterDigest)
	putString(e.Detail)
	putString(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit records a change inside the transaction that makes it. before
// and after are the object's states (nil when it did not or no longer
// exists). Taking the head row first holds every other appender until this
// transaction ends, so the chain never forks.
func appendAudit(ctx context.Context, t *tx, actor int64, action, objectType string, objectID int64, before, after any, detail string) error {
	e := &qinglian.AuditEntry{
		At:           t.now,
		ActorID:      actor,
		Action:       action,
		ObjectType:   objectType,
		ObjectID:     objectID,
		BeforeDigest: digest(before),
		AfterDigest:  digest(after),
		Detail:       detail,
	}
	// The head's hash is still the previous entry's: it is replaced below.
	err := t.queryRow(ctx, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("audit head: %w", t.d.normalise(err))
	}
	e.Hash = auditHash(e)
	if _, err := t.exec(ctx, `INSERT INTO audit_log
		(seq, at, actor_id, action, object_type, object_id, before_digest, after_digest, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, micro(e.At), e.ActorID, e.Action, e.ObjectType, e.ObjectID,
		e.BeforeDigest, e.AfterDigest, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	if _, err := t.exec(ctx, "UPDATE audit_head SET hash = ? WHERE id = 1", e.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

const auditColumns = "seq, at, actor_id, action, object_type, object_id, before_digest, after_digest, detail, prev_hash, hash"

func scanAudit(sc interface{ Scan(...any) error }) (*qinglian.AuditEntry, error) {
	var e qinglian.AuditEntry
	var at int64
	err := sc.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID,
		&e.BeforeDigest, &e.AfterDigest, &e.Detail, &e.PrevHash, &e.Hash)
	e.At = fromMicro(at)
	return &e, err
}

// ListAudit returns up to limit entries with Seq > after, in order; limit
// 0 or above 1000 means 1000.
func (s *Store) ListAudit(ctx context.Context, after int64, limit int) ([]*qinglian.AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var out []*qinglian.AuditEntry
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// VerifyAudit walks the whole chain in one snapshot and recomputes every
// hash. An entry is broken if its seq is not the next number, its PrevHash is
// not the previous entry's Hash, or its Hash does not match its fields;
// a chain that ends before the head's seq is missing its last entries.
// firstBroken is the seq where the chain first fails (0 when ok).
func (s *Store) VerifyAudit(ctx context.Context) (ok bool, firstBroken int64, err error) {
	err = s.view(ctx, func(t *tx) error {
		var headSeq int64
		var headHash string
		if err := t.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
			return fmt.Errorf("audit head: %w", t.d.normalise(err))
		}
		rows, err := t.query(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		prev := genesisHash
		var seq int64
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			seq++
			if e.Seq != seq || e.PrevHash != prev || auditHash(e) != e.Hash {
				firstBroken = seq
				return nil
			}
			prev = e.Hash
		}
		if err := rows.Err(); err != nil {
			return err
		}
		switch {
		case seq < headSeq:
			firstBroken = seq + 1
		case seq > headSeq || prev != headHash:
			firstBroken = seq
		}
		return nil
	})
	if err != nil {
		return false, 0, err
	}
	return firstBroken == 0, firstBroken, nil
}

// genesisHash is the PrevHash of the first entry (and the head's hash of an
// empty chain, set by migration 0001).
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"
