package server

// Load test of voting (issue 5, item 8): voters arrive at random moments
// within a window, each opens the slip's link (GET /vote?t=…) and casts a
// ballot (POST /vote), against the server listening on 127.0.0.1 with its
// SQLite file (and PostgreSQL when QINGLIAN_TEST_POSTGRES is set). Every
// ballot must be stored and the ballot list must verify. The normal suite
// runs 100 voters within 2 s; the full run is 500 voters within one minute:
//
//	QINGLIAN_APPRAISAL_LOAD=1 go test -run AppraisalLoad -v ./server/

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"qinglian/appraisal"
)

func TestAppraisalLoad(t *testing.T) {
	voters, window := 100, 2*time.Second
	if os.Getenv("QINGLIAN_APPRAISAL_LOAD") != "" {
		voters, window = 500, time.Minute
	}
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind, func(c *Config) { c.Now = time.Now })
		now := time.Now()
		a := &appraisal.Appraisal{CampaignID: f.campaign.ID, Config: appraisal.Config{
			Title:  "负载测试民主测评",
			Cadres: []appraisal.Cadre{{UserID: f.users["cadre"].ID}, {UserID: f.users["cadreA2"].ID}, {UserID: f.users["cadreB"].ID}},
			Items:  appraisal.DefaultItems, Scale: appraisal.ScaleGood, Comments: true, Receipts: true,
			Opens: now.Add(-time.Hour), Closes: now.Add(time.Hour), Voters: voters,
		}}
		f.st.Now = time.Now
		must(t, f.st.CreateAppraisal(ctx, f.users["organiser"].ID, a))
		toks, err := f.st.IssueTokens(ctx, f.users["organiser"].ID, a.ID)
		must(t, err)

		var mu sync.Mutex
		var gets, posts []time.Duration
		var wg sync.WaitGroup
		start := time.Now()
		for i, tok := range toks {
			at := time.Duration(rand.Int64N(int64(window)))
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(at)
				c := newClient(t, f.ts.URL)
				t0 := time.Now()
				r := c.get("/vote?t=" + tok.Token)
				t1 := time.Now()
				if r.status != http.StatusOK {
					t.Errorf("voter %d: GET %d", i, r.status)
					return
				}
				form := voteForm(tok.Token, len(a.Config.Cadres), len(a.Config.Items), i)
				r = c.post("/vote", form)
				t2 := time.Now()
				if r.status != http.StatusOK {
					t.Errorf("voter %d: POST %d %s", i, r.status, excerpt(r.body))
				}
				mu.Lock()
				gets, posts = append(gets, t1.Sub(t0)), append(posts, t2.Sub(t1))
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		_, used, err := f.st.Turnout(ctx, a.ID)
		must(t, err)
		bs, err := f.st.Ballots(ctx, a.ID)
		must(t, err)
		if used != voters || len(bs) != voters {
			t.Fatalf("%d tokens used, %d ballots stored; want %d", used, len(bs), voters)
		}
		p := appraisal.Publish(a, used, bs)
		if v := appraisal.Verify(p, nil, nil); !v.OK {
			t.Errorf("ballot list after load does not verify: %v", v.Problems)
		}
		p50g, p99g, _ := percentiles(gets)
		p50, p99, maxd := percentiles(posts)
		t.Logf("%s: %d voters within %v (took %v): ballot page GET p50 %v p99 %v; vote POST p50 %v p99 %v max %v",
			kind, voters, window, elapsed.Round(time.Millisecond), p50g, p99g, p50, p99, maxd)
		// The latency target is a figure of the full load run (500 voters,
		// QINGLIAN_APPRAISAL_LOAD=1), not an assertion of the everyday
		// suite, which shares a loaded machine with everything else.
		if os.Getenv("QINGLIAN_APPRAISAL_LOAD") != "" && (p99 > 200*time.Millisecond || p99g > 200*time.Millisecond) {
			t.Errorf("p99 over 200 ms: GET %v, POST %v", p99g, p99)
		}
	})
}

// voteForm is a full ballot with grades varying by voter, a comment
// from every tenth.
func voteForm(token string, cadres, items, n int) url.Values {
	form := url.Values{"token": {token}}
	for ci := range cadres {
		for ii := range items {
			form[fmt.Sprintf("r%d.%d", ci, ii)] = []string{fmt.Sprint((n + ci + ii) % 4)}
		}
		if n%10 == 0 {
			form[fmt.Sprintf("c%d", ci)] = []string{"希望进一步加强调查研究"}
		}
	}
	return form
}

func percentiles(ds []time.Duration) (p50, p99, max time.Duration) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return at(0.50).Round(100 * time.Microsecond), at(0.99).Round(100 * time.Microsecond), s[len(s)-1].Round(100 * time.Microsecond)
}
