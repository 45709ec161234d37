package store

// Democratic appraisal. The promise is that nobody — not the organiser, not
// the database administrator — can tell which token cast which ballot once
// the appraisal is closed:
//
//   - appraisal_tokens holds only HMAC(key, token), the voter class printed
//     on the slip and a used flag; appraisal_ballots holds a random id, the
//     ballot and its receipt. No column joins them and neither has a time.
//   - Casting a ballot marks the token used and inserts the ballot in one
//     transaction, so no ballot is lost and no token votes twice: the
//     UPDATE … WHERE used = 0 is atomic and the second of two concurrent
//     attempts finds no row to change.
//   - Row order: on SQLite both tables are WITHOUT ROWID, stored in key
//     order, and the keys (HMAC, random id) are random. On PostgreSQL the
//     heap keeps insertion and update order (visible through ctid), so
//     closing CLUSTERs both tables by primary key, which rewrites them in
//     key order and drops the dead row versions the UPDATEs left.
//   - Voting writes nothing to the audit chain (its sequence and times
//     would tell the voting order) and the server logs no token, address or
//     agent for the voting routes.
//
// What remains: while voting is open, someone who watches the live database
// or its write-ahead log (SQLite's -wal file until checkpoint, PostgreSQL's
// WAL archive) sees commits in order; the operator must not archive WAL
// during an appraisal and SQLite checkpoints on close. A voter class narrows
// the crowd a ballot hides in: its breakdown is shown only from K ballots.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"

	"qinglian"
	"qinglian/appraisal"
)

// IssuedToken is a token as printed on a slip: returned once by
// IssueTokens and never stored.
type IssuedToken struct {
	Class string
	Token string // grouped, e.g. 7KQM-2H9X-…
}

// CreateAppraisal stores a for its campaign, filling ID, CreatedBy and
// CreatedAt. ErrInvalid with the rule broken; ErrNotFound if the campaign
// or a cadre's account is missing; ErrForbidden unless actor is organiser
// or administrator at the campaign's organisation.
func (s *Store) CreateAppraisal(ctx context.Context, actor int64, a *appraisal.Appraisal) error {
	if msg := a.Config.Validate(); msg != "" {
		return qinglian.Errorf(qinglian.ErrInvalid, "%s", msg)
	}
	return s.update(ctx, func(t *tx) error {
		c, err := findCampaign(ctx, t, a.CampaignID)
		if err != nil {
			return err
		}
		if err := requireRole(ctx, t, actor, c.OrgID, qinglian.RoleOrganiser); err != nil {
			return err
		}
		for i, cd := range a.Config.Cadres {
			u, err := findUser(ctx, t, cd.UserID)
			if err != nil {
				return err
			}
			a.Config.Cadres[i].Name, a.Config.Cadres[i].Title = u.Name, u.Title
		}
		cfg, err := json.Marshal(a.Config)
		if err != nil {
			return err
		}
		a.CreatedBy, a.CreatedAt = actor, t.now
		err = t.queryRow(ctx, `INSERT INTO appraisals (campaign_id, config, token_key, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, a.CampaignID, string(cfg), appraisal.NewKey(), actor, micro(t.now)).Scan(&a.ID)
		if err != nil {
			return t.d.normalise(err)
		}
		return appendAudit(ctx, t, actor, "appraisal.create", "appraisal", a.ID, nil, a, a.Config.Title)
	})
}

const appraisalColumns = "id, campaign_id, config, tokens_issued, closed_at, created_by, created_at"

func scanAppraisal(sc interface{ Scan(...any) error }) (*appraisal.Appraisal, error) {
	var a appraisal.Appraisal
	var cfg string
	var closed sql.NullInt64
	if err := sc.Scan(&a.ID, &a.CampaignID, &cfg, &a.TokensIssued, &closed, &a.CreatedBy, microDest{&a.CreatedAt}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(cfg), &a.Config); err != nil {
		return nil, err
	}
	a.ClosedAt = fromNullMicro(closed)
	return &a, nil
}

func findAppraisal(ctx context.Context, t *tx, id int64) (*appraisal.Appraisal, error) {
	a, err := scanAppraisal(t.queryRow(ctx, "SELECT "+appraisalColumns+" FROM appraisals WHERE id = ?", id))
	if err != nil {
		return nil, notFound(t.d.normalise(err), "测评 %d 不存在。", id)
	}
	return a, nil
}

// FindAppraisal returns the appraisal, or ErrNotFound.
func (s *Store) FindAppraisal(ctx context.Context, id int64) (*appraisal.Appraisal, error) {
	var a *appraisal.Appraisal
	err := s.view(ctx, func(t *tx) (err error) {
		a, err = findAppraisal(ctx, t, id)
		return err
	})
	return a, err
}

// ListAppraisals returns a campaign's appraisals, oldest first.
func (s *Store) ListAppraisals(ctx context.Context, campaignID int64) ([]*appraisal.Appraisal, error) {
	var out []*appraisal.Appraisal
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+appraisalColumns+" FROM appraisals WHERE campaign_id = ? ORDER BY id", campaignID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAppraisal(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// authoriseAppraisal loads the appraisal and checks actor organises its
// campaign.
func authoriseAppraisal(ctx context.Context, t *tx, actor, id int64) (*appraisal.Appraisal, error) {
	a, err := findAppraisal(ctx, t, id)
	if err != nil {
		return nil, err
	}
	c, err := findCampaign(ctx, t, a.CampaignID)
	if err != nil {
		return nil, err
	}
	return a, requireRole(ctx, t, actor, c.OrgID, qinglian.RoleOrganiser)
}

// IssueTokens generates one token per voter (per class, as many as the
// class has voters), stores their HMACs and returns the tokens, grouped by
// class in the set-up's order. It runs once per appraisal: ErrConflict if
// the slips were already printed or the appraisal is closed.
func (s *Store) IssueTokens(ctx context.Context, actor, id int64) ([]IssuedToken, error) {
	var out []IssuedToken
	err := s.update(ctx, func(t *tx) error {
		a, err := authoriseAppraisal(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if a.TokensIssued > 0 {
			return qinglian.Errorf(qinglian.ErrConflict, "本次测评的投票凭证已经生成过，每张凭证只显示一次。")
		}
		if a.Closed(t.now) {
			return qinglian.Errorf(qinglian.ErrConflict, "测评已结束，不能再生成投票凭证。")
		}
		var key []byte
		if err := t.queryRow(ctx, "SELECT token_key FROM appraisals WHERE id = ?", id).Scan(&key); err != nil {
			return t.d.normalise(err)
		}
		classes := a.Config.Classes
		if len(classes) == 0 {
			classes = []appraisal.Class{{Voters: a.Config.Voters}}
		}
		for _, cl := range classes {
			for range cl.Voters {
				tok := appraisal.NewToken()
				if _, err := t.exec(ctx, "INSERT INTO appraisal_tokens (appraisal_id, hash, class) VALUES (?, ?, ?)",
					id, appraisal.TokenHash(key, tok), cl.Name); err != nil {
					return err
				}
				out = append(out, IssuedToken{Class: cl.Name, Token: tok})
			}
		}
		if _, err := t.exec(ctx, "UPDATE appraisals SET tokens_issued = ? WHERE id = ?", len(out), id); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "appraisal.tokens", "appraisal", id, nil, nil, "生成投票凭证")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Voting errors the voting page tells apart.
var (
	ErrTokenUsed    = qinglian.Errorf(qinglian.ErrConflict, "此投票凭证已经投过票，每张凭证只能投一次。")
	ErrTokenUnknown = qinglian.Errorf(qinglian.ErrNotFound, "投票凭证无效：请核对凭证上的字符后重新输入。")
	ErrNotOpen      = qinglian.Errorf(qinglian.ErrConflict, "测评尚未开始或已经结束，不能投票。")
)

// TokenClass checks a token without using it: the voter class bound to
// it. ErrTokenUnknown, ErrTokenUsed.
func (s *Store) TokenClass(ctx context.Context, id int64, token string) (string, error) {
	var class string
	err := s.view(ctx, func(t *tx) error {
		var key []byte
		if err := t.queryRow(ctx, "SELECT token_key FROM appraisals WHERE id = ?", id).Scan(&key); err != nil {
			return notFound(t.d.normalise(err), "测评 %d 不存在。", id)
		}
		var used int
		err := t.queryRow(ctx, "SELECT class, used FROM appraisal_tokens WHERE appraisal_id = ? AND hash = ?",
			id, appraisal.TokenHash(key, token)).Scan(&class, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrTokenUnknown
		}
		if err != nil {
			return t.d.normalise(err)
		}
		if used != 0 {
			return ErrTokenUsed
		}
		return nil
	})
	return class, err
}

// FindAppraisalByToken returns the appraisal a token belongs to, for the
// voting page where the voter types only the token. Token hashes are keyed
// per appraisal, so it tries each appraisal whose voting is open or that
// closed (the voter may come back for the ballot list); there are few.
func (s *Store) FindAppraisalByToken(ctx context.Context, token string) (*appraisal.Appraisal, error) {
	var found *appraisal.Appraisal
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT id, token_key FROM appraisals WHERE tokens_issued > 0 ORDER BY id DESC LIMIT 200")
		if err != nil {
			return err
		}
		type cand struct {
			id  int64
			key []byte
		}
		var cs []cand
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.id, &c.key); err != nil {
				rows.Close()
				return err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range cs {
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM appraisal_tokens WHERE appraisal_id = ? AND hash = ?",
				c.id, appraisal.TokenHash(c.key, token)).Scan(&n); err != nil {
				return t.d.normalise(err)
			}
			if n > 0 {
				found, err = findAppraisal(ctx, t, c.id)
				return err
			}
		}
		return ErrTokenUnknown
	})
	return found, err
}

// CastBallot uses the token and stores b in one transaction, filling b's
// Appraisal, Class (from the token) and Nonce, and returns the receipt.
// ErrNotOpen outside the voting time; ErrTokenUnknown, ErrTokenUsed (also
// for the loser of two concurrent attempts); ErrInvalid if b does not fit
// the set-up. Nothing about the request is stored but the ballot.
func (s *Store) CastBallot(ctx context.Context, id int64, token string, b *appraisal.Ballot) (string, error) {
	var receipt string
	err := s.update(ctx, func(t *tx) error {
		a, err := findAppraisal(ctx, t, id)
		if err != nil {
			return err
		}
		if !a.Open(t.now) {
			return ErrNotOpen
		}
		var key []byte
		if err := t.queryRow(ctx, "SELECT token_key FROM appraisals WHERE id = ?", id).Scan(&key); err != nil {
			return t.d.normalise(err)
		}
		hash := appraisal.TokenHash(key, token)
		// The check and the use are one statement: of two concurrent
		// attempts, the second waits for the first's row lock and then
		// finds used = 1 (PostgreSQL re-reads the row; SQLite runs writers
		// one at a time).
		var class string
		err = t.queryRow(ctx, "UPDATE appraisal_tokens SET used = 1 WHERE appraisal_id = ? AND hash = ? AND used = 0 RETURNING class",
			id, hash).Scan(&class)
		if errors.Is(err, sql.ErrNoRows) {
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM appraisal_tokens WHERE appraisal_id = ? AND hash = ?", id, hash).Scan(&n); err != nil {
				return t.d.normalise(err)
			}
			if n > 0 {
				return ErrTokenUsed
			}
			return ErrTokenUnknown
		}
		if err != nil {
			return t.d.normalise(err)
		}
		b.Appraisal, b.Class, b.Nonce = id, class, appraisal.NewNonce()
		b.TrimComments()
		if msg := b.Check(&a.Config); msg != "" {
			return qinglian.Errorf(qinglian.ErrInvalid, "%s", msg)
		}
		receipt = b.Receipt()
		var rid [16]byte
		rand.Read(rid[:])
		_, err = t.exec(ctx, "INSERT INTO appraisal_ballots (appraisal_id, id, content, receipt) VALUES (?, ?, ?, ?)",
			id, hex.EncodeToString(rid[:]), string(b.Canonical()), receipt)
		return err
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// Turnout returns how many tokens were issued and how many have voted.
func (s *Store) Turnout(ctx context.Context, id int64) (issued, used int, err error) {
	err = s.view(ctx, func(t *tx) error {
		return t.d.normalise(t.queryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(used), 0) FROM appraisal_tokens WHERE appraisal_id = ?", id).Scan(&issued, &used))
	})
	return issued, used, err
}

// Ballots returns the appraisal's ballots in the order of their random ids.
// The caller shows them only after the appraisal has closed.
func (s *Store) Ballots(ctx context.Context, id int64) ([]*appraisal.Ballot, error) {
	var out []*appraisal.Ballot
	err := s.view(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT content FROM appraisal_ballots WHERE appraisal_id = ? ORDER BY id", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var content string
			if err := rows.Scan(&content); err != nil {
				return err
			}
			var b appraisal.Ballot
			if err := json.Unmarshal([]byte(content), &b); err != nil {
				return err
			}
			out = append(out, &b)
		}
		return rows.Err()
	})
	return out, err
}

// CloseAppraisal ends voting now (if it has not ended) and seals the
// stored order. ErrForbidden unless actor organises the campaign.
func (s *Store) CloseAppraisal(ctx context.Context, actor, id int64) error {
	err := s.update(ctx, func(t *tx) error {
		a, err := authoriseAppraisal(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if !a.ClosedAt.IsZero() {
			return nil
		}
		if _, err := t.exec(ctx, "UPDATE appraisals SET closed_at = ? WHERE id = ?", micro(t.now), id); err != nil {
			return err
		}
		return appendAudit(ctx, t, actor, "appraisal.close", "appraisal", id, nil, nil, "结束测评")
	})
	if err != nil {
		return err
	}
	return s.SealAppraisal(ctx, id)
}

// SealAppraisal removes insertion order from the stored rows once voting
// has ended: on PostgreSQL it CLUSTERs the token and ballot tables by
// primary key (once per appraisal); SQLite's WITHOUT ROWID tables already
// keep key order, and a checkpoint moves the -wal file's ordered frames
// into the database. It is idempotent and refuses while voting is open.
func (s *Store) SealAppraisal(ctx context.Context, id int64) error {
	a, err := s.FindAppraisal(ctx, id)
	if err != nil {
		return err
	}
	if !a.Closed(s.Now()) {
		return ErrNotOpen
	}
	var sealed int
	if err := s.r.QueryRowContext(ctx, s.d.rebind("SELECT sealed FROM appraisals WHERE id = ?"), id).Scan(&sealed); err != nil {
		return s.d.normalise(err)
	}
	if sealed != 0 {
		return nil
	}
	// CLUSTER and checkpoints cannot run inside a transaction.
	switch s.d {
	case postgres:
		for _, table := range []string{"appraisal_tokens", "appraisal_ballots"} {
			if _, err := s.w.ExecContext(ctx, "CLUSTER "+table+" USING "+table+"_pkey"); err != nil {
				return err
			}
		}
	case sqlite:
		if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return err
		}
	}
	_, err = s.w.ExecContext(ctx, s.d.rebind("UPDATE appraisals SET sealed = 1 WHERE id = ?"), id)
	return s.d.normalise(err)
}

// FileAppraisalResults files one summary line per cadre in their integrity
// archive; filing twice keeps the first. ErrForbidden unless actor
// organises the campaign; ErrConflict while voting is open.
func (s *Store) FileAppraisalResults(ctx context.Context, actor, id int64, summaries map[int64]string) error {
	return s.update(ctx, func(t *tx) error {
		a, err := authoriseAppraisal(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if !a.Closed(t.now) {
			return ErrNotOpen
		}
		for _, cd := range a.Config.Cadres {
			sum, ok := summaries[cd.UserID]
			if !ok {
				continue
			}
			if _, err := t.exec(ctx, `INSERT INTO appraisal_results (appraisal_id, user_id, summary, filed_by, filed_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (appraisal_id, user_id) DO NOTHING`, id, cd.UserID, sum, actor, micro(t.now)); err != nil {
				return err
			}
		}
		return appendAudit(ctx, t, actor, "appraisal.file", "appraisal", id, nil, nil, "测评结果存入廉政档案")
	})
}
