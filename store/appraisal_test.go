package store

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"qinglian"
	"qinglian/appraisal"
)

// newAppraisal sets up an appraisal of the world's two cadres on two items,
// open from 08:00 to 12:00 of the test clock's day, with voters slips.
func newAppraisal(t *testing.T, s *Store, w *world, voters int, classes ...appraisal.Class) *appraisal.Appraisal {
	t.Helper()
	day := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	a := &appraisal.Appraisal{CampaignID: w.campaign.ID, Config: appraisal.Config{
		Title:    "2025年度民主测评",
		Cadres:   []appraisal.Cadre{{UserID: w.cadreA.ID}, {UserID: w.cadreB.ID}},
		Items:    []string{"政治表现", "廉洁自律"},
		Scale:    appraisal.ScaleGood,
		Comments: true, Receipts: true,
		Opens: day.Add(8 * time.Hour), Closes: day.Add(12 * time.Hour),
		Voters: voters, Classes: classes,
	}}
	must(t, s.CreateAppraisal(ctx, w.organiser.ID, a))
	return a
}

// ballotFor encodes n (< 256) in the four grades, so each stored ballot
// tells which vote it was.
func ballotFor(n int) *appraisal.Ballot {
	return &appraisal.Ballot{Ratings: [][]int{{n & 3, n >> 2 & 3}, {n >> 4 & 3, n >> 6 & 3}}}
}

func voteNumber(b *appraisal.Ballot) int {
	return b.Ratings[0][0] | b.Ratings[0][1]<<2 | b.Ratings[1][0]<<4 | b.Ratings[1][1]<<6
}

func TestAppraisalSetUpAndVoting(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		// Only an organiser of the campaign sets one up.
		bad := &appraisal.Appraisal{CampaignID: w.campaign.ID, Config: newAppraisal(t, s, w, 3).Config}
		mustKind(t, s.CreateAppraisal(ctx, w.reviewerA.ID, bad), qinglian.ErrForbidden)
		bad.Config.Title = ""
		mustKind(t, s.CreateAppraisal(ctx, w.organiser.ID, bad), qinglian.ErrInvalid)

		a := newAppraisal(t, s, w, 0, appraisal.Class{Name: "班子成员", Weight: 2, Voters: 2}, appraisal.Class{Name: "群众代表", Weight: 1, Voters: 3})
		got, err := s.FindAppraisal(ctx, a.ID)
		must(t, err)
		if got.Config.Cadres[0].Name != "赵局长" || got.Config.Voters != 5 || got.Config.K != appraisal.DefaultK {
			t.Errorf("stored set-up: %+v", got.Config)
		}
		_, err = s.IssueTokens(ctx, w.reviewerA.ID, a.ID)
		mustKind(t, err, qinglian.ErrForbidden)
		toks, err := s.IssueTokens(ctx, w.organiser.ID, a.ID)
		must(t, err)
		if len(toks) != 5 || toks[0].Class != "班子成员" || toks[4].Class != "群众代表" {
			t.Fatalf("tokens: %+v", toks)
		}
		_, err = s.IssueTokens(ctx, w.organiser.ID, a.ID)
		mustKind(t, err, qinglian.ErrConflict) // shown once, never again

		// The class comes from the token, whatever the ballot claims.
		b := ballotFor(5)
		b.Class = "群众代表"
		receipt, err := s.CastBallot(ctx, a.ID, toks[0].Token, b)
		must(t, err)
		if b.Class != "班子成员" || receipt != b.Receipt() {
			t.Errorf("class %q receipt %q", b.Class, receipt)
		}
		// Typed in lower case with spaces: the same token, already used.
		typed := "  " + toks[0].Token[:4] + " " + toks[0].Token[5:]
		if _, err := s.CastBallot(ctx, a.ID, typed, ballotFor(1)); !errors.Is(err, ErrTokenUsed) {
			t.Errorf("second ballot: %v, want ErrTokenUsed", err)
		}
		if _, err := s.CastBallot(ctx, a.ID, "0000-0000-0000-0000-0000", ballotFor(1)); !errors.Is(err, ErrTokenUnknown) {
			t.Errorf("unknown token: %v", err)
		}
		// A ballot that does not fit is refused and the token stays unused.
		_, err = s.CastBallot(ctx, a.ID, toks[1].Token, &appraisal.Ballot{Ratings: [][]int{{0}}})
		mustKind(t, err, qinglian.ErrInvalid)
		if _, err := s.TokenClass(ctx, a.ID, toks[1].Token); err != nil {
			t.Errorf("token spent by a refused ballot: %v", err)
		}
		if found, err := s.FindAppraisalByToken(ctx, toks[2].Token); err != nil || found.ID != a.ID {
			t.Errorf("find by token: %v %v", found, err)
		}
		issued, used, err := s.Turnout(ctx, a.ID)
		must(t, err)
		if issued != 5 || used != 1 {
			t.Errorf("turnout %d/%d", used, issued)
		}
		// Filing results waits for the end; then it lands in the archive.
		mustKind(t, s.FileAppraisalResults(ctx, w.organiser.ID, a.ID, map[int64]string{w.cadreA.ID: "x"}), qinglian.ErrConflict)
		c.Add(3 * time.Hour) // 12:00: closed
		if _, err := s.CastBallot(ctx, a.ID, toks[2].Token, ballotFor(2)); !errors.Is(err, ErrNotOpen) {
			t.Errorf("ballot after closing: %v", err)
		}
		must(t, s.FileAppraisalResults(ctx, w.organiser.ID, a.ID, map[int64]string{w.cadreA.ID: "民主测评得分 92.5，排名第1"}))
		events, err := s.Archive(ctx, w.cadreA.ID)
		must(t, err)
		if len(events) == 0 || events[len(events)-1].Kind != "appraisal" || events[len(events)-1].Summary != "民主测评得分 92.5，排名第1" {
			t.Errorf("archive: %+v", events)
		}
	})
}

// Twenty attempts with one token at once: exactly one ballot.
func TestAppraisalConcurrentDoubleVote(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		a := newAppraisal(t, s, w, 3)
		toks, err := s.IssueTokens(ctx, w.organiser.ID, a.ID)
		must(t, err)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, used := 0, 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.CastBallot(ctx, a.ID, toks[0].Token, ballotFor(i))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, ErrTokenUsed):
					used++
				default:
					t.Errorf("attempt %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		bs, err := s.Ballots(ctx, a.ID)
		must(t, err)
		if ok != 1 || used != 19 || len(bs) != 1 {
			t.Errorf("%d accepted, %d refused as used, %d stored; want 1, 19, 1", ok, used, len(bs))
		}
	})
}

// The anonymity test: the stored data carries nothing that links a token to
// a ballot. Fifty voters vote in a known order; afterwards neither the
// schema, nor the values, nor the order of the rows in either table tells
// that order, and voting wrote nothing to the audit chain.
func TestAppraisalAnonymity(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		a := newAppraisal(t, s, w, 60)
		toks, err := s.IssueTokens(ctx, w.organiser.ID, a.ID)
		must(t, err)
		var key []byte
		must(t, s.r.QueryRow(s.d.rebind("SELECT token_key FROM appraisals WHERE id = ?"), a.ID).Scan(&key))
		auditBefore, err := s.ListAudit(ctx, 0, 10000)
		must(t, err)

		// Schema: the two tables share only the appraisal's id, and the
		// ballot table has no column for a time, an address or an agent.
		tokenCols, ballotCols := columns(t, s, "appraisal_tokens"), columns(t, s, "appraisal_ballots")
		if want := []string{"appraisal_id", "class", "hash", "used"}; !equal(tokenCols, want) {
			t.Errorf("appraisal_tokens columns %v, want %v", tokenCols, want)
		}
		if want := []string{"appraisal_id", "content", "id", "receipt"}; !equal(ballotCols, want) {
			t.Errorf("appraisal_ballots columns %v, want %v", ballotCols, want)
		}

		// Vote in a known order: voter n uses a random token and casts
		// ballot n; the clock moves a minute between votes.
		order := rand.Perm(len(toks))[:50]
		voteOfHash := map[string]int{}
		for n, ti := range order {
			_, err := s.CastBallot(ctx, a.ID, toks[ti].Token, ballotFor(n))
			must(t, err)
			voteOfHash[appraisal.TokenHash(key, toks[ti].Token)] = n
			c.Add(time.Minute)
		}
		auditAfter, err := s.ListAudit(ctx, 0, 10000)
		must(t, err)
		if len(auditAfter) != len(auditBefore) {
			t.Errorf("voting wrote %d audit entries; their order and times would tell the voting order", len(auditAfter)-len(auditBefore))
		}
		c.Add(4 * time.Hour)
		must(t, s.CloseAppraisal(ctx, w.organiser.ID, a.ID))

		// Rows as the database returns them with no ORDER BY: physical order.
		type ballotRow struct{ id, content, receipt string }
		var ballots []ballotRow
		rows, err := s.r.Query(s.d.rebind("SELECT id, content, receipt FROM appraisal_ballots WHERE appraisal_id = ?"), a.ID)
		must(t, err)
		for rows.Next() {
			var r ballotRow
			must(t, rows.Scan(&r.id, &r.content, &r.receipt))
			ballots = append(ballots, r)
		}
		rows.Close()
		if len(ballots) != 50 {
			t.Fatalf("%d ballots stored, want 50", len(ballots))
		}
		ballotVotes := make([]int, len(ballots))
		seen := map[string]bool{}
		for i, r := range ballots {
			var b appraisal.Ballot
			must(t, jsonUnmarshal(r.content, &b))
			ballotVotes[i] = voteNumber(&b)
			if len(r.id) != 32 || seen[r.id] {
				t.Errorf("ballot id %q is not a fresh 128-bit random id", r.id)
			}
			seen[r.id] = true
			for _, bad := range []string{"2026", "T0", ":00", "127.0.0.1", "Mozilla"} {
				if contains(r.content, bad) {
					t.Errorf("ballot content carries %q: %s", bad, r.content)
				}
			}
		}
		uncorrelated(t, "ballots in stored order", ballotVotes)
		for name, key := range map[string]func(r ballotRow) string{
			"id": func(r ballotRow) string { return r.id }, "receipt": func(r ballotRow) string { return r.receipt },
			"content": func(r ballotRow) string { return r.content },
		} {
			sorted := append([]ballotRow(nil), ballots...)
			sort.Slice(sorted, func(i, j int) bool { return key(sorted[i]) < key(sorted[j]) })
			votes := make([]int, len(sorted))
			for i, r := range sorted {
				var b appraisal.Ballot
				must(t, jsonUnmarshal(r.content, &b))
				votes[i] = voteNumber(&b)
			}
			if name != "content" { // content sorts by the grades, which encode n by construction
				uncorrelated(t, "ballots sorted by "+name, votes)
			}
		}

		var tokenVotes []int
		trows, err := s.r.Query(s.d.rebind("SELECT hash, used FROM appraisal_tokens WHERE appraisal_id = ?"), a.ID)
		must(t, err)
		for trows.Next() {
			var hash string
			var used int
			must(t, trows.Scan(&hash, &used))
			n, voted := voteOfHash[hash]
			if voted != (used == 1) {
				t.Errorf("token %s: used %d, voted %v", hash[:8], used, voted)
			}
			if voted {
				tokenVotes = append(tokenVotes, n)
			}
		}
		trows.Close()
		uncorrelated(t, "used tokens in stored order", tokenVotes)
	})
}

// uncorrelated fails if the sequence of vote numbers is the voting order
// or its reverse, or if its rank correlation with the position is strong:
// for a random order of 50, |ρ| exceeds 0.5 with probability below 0.1 %.
func uncorrelated(t *testing.T, what string, votes []int) {
	t.Helper()
	n := float64(len(votes))
	var d2 float64
	ranks := append([]int(nil), votes...)
	sort.Ints(ranks)
	rankOf := map[int]int{}
	for i, v := range ranks {
		rankOf[v] = i
	}
	for i, v := range votes {
		d := float64(i - rankOf[v])
		d2 += d * d
	}
	rho := 1 - 6*d2/(n*(n*n-1))
	if math.Abs(rho) > 0.5 {
		t.Errorf("%s follow the voting order (Spearman ρ = %.2f): %v", what, rho, votes)
	}
}

func columns(t *testing.T, s *Store, table string) []string {
	t.Helper()
	q := "SELECT name FROM pragma_table_info('" + table + "')"
	if s.d == postgres {
		q = "SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "' AND table_schema = current_schema()"
	}
	rows, err := s.r.Query(q)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		must(t, rows.Scan(&c))
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
