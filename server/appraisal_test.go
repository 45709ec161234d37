package server

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"qinglian/appraisal"
)

// testAppraisals caches the appraisal made for a fixture, so every row of
// the route table addresses the same one.
var (
	testAppraisalsMu sync.Mutex
	testAppraisals   = map[*fixture]*appraisal.Appraisal{}
)

// testAppraisal is an appraisal of the fixture's cadres 张三 and 李四,
// open from 08:00 to 12:00 on the fixture clock's day, 10 voters.
func testAppraisal(t *testing.T, f *fixture) *appraisal.Appraisal {
	testAppraisalsMu.Lock()
	defer testAppraisalsMu.Unlock()
	if a := testAppraisals[f]; a != nil {
		return a
	}
	day := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	a := &appraisal.Appraisal{CampaignID: f.campaign.ID, Config: appraisal.Config{
		Title:  "2025年度民主测评",
		Cadres: []appraisal.Cadre{{UserID: f.users["cadre"].ID}, {UserID: f.users["cadreA2"].ID}},
		Items:  []string{"政治表现", "廉洁自律"}, Scale: appraisal.ScaleGood, Comments: true, Receipts: true,
		Opens: day.Add(8 * time.Hour), Closes: day.Add(12 * time.Hour), Voters: 10,
	}}
	must(t, f.st.CreateAppraisal(ctx, f.users["organiser"].ID, a))
	testAppraisals[f] = a
	return a
}

func appraisalPath(suffix string) func(*fixture) string {
	return func(f *fixture) string {
		return fmt.Sprintf("/appraisals/%d%s", testAppraisals[f].ID, suffix)
	}
}

var slipToken = regexp.MustCompile(`<p class="token">([0-9A-Z-]{24})</p>`)

// ballotForm fills every grade with g and the first comment with comment.
func ballotForm(token string, g int, comment string) url.Values {
	form := url.Values{"token": {token}, "c0": {comment}}
	for ci := range 2 {
		for ii := range 2 {
			form.Set(fmt.Sprintf("r%d.%d", ci, ii), fmt.Sprint(g))
		}
	}
	return form
}

// The whole path: set-up by form, slips printed once, a vote with a typed
// token, a second vote refused, nothing shown before closing, results and
// archive after, the ballot list verifies, and the log holds no token and
// no address.
func TestAppraisalEndToEnd(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		var logs bytes.Buffer
		var logMu sync.Mutex
		f := newFixture(t, kind, func(c *Config) {
			c.Logger = slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
				logMu.Lock()
				defer logMu.Unlock()
				return logs.Write(p)
			}), &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
		org := f.as(t, "organiser")
		form := url.Values{"title": {"2025年度民主测评"}, "items": {"政治表现\n廉洁自律"}, "scale": {"好=100\n较好=80\n一般=60\n差=0"},
			"opens": {"2025-12-01T16:00"}, "closes": {"2025-12-01T20:00"}, "voters": {"6"}, "k": {"5"}, "comments": {"1"}, "receipts": {"1"},
			"cadre": {fmt.Sprint(f.users["cadre"].ID), fmt.Sprint(f.users["cadreA2"].ID)}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("scale", "好")
		r := org.post(fmt.Sprintf("/campaigns/%d/appraisals", f.campaign.ID), bad)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "名称=分值") {
			t.Fatalf("bad scale: %d %s", r.status, excerpt(r.body))
		}
		r = org.post(fmt.Sprintf("/campaigns/%d/appraisals", f.campaign.ID), form)
		wantStatus(t, "create", r, http.StatusSeeOther)
		path := r.location
		r = org.post(path+"/tokens", nil)
		wantStatus(t, "slips", r, http.StatusOK)
		var toks []string
		for _, m := range slipToken.FindAllStringSubmatch(r.body, -1) {
			toks = append(toks, m[1])
		}
		if len(toks) != 6 || strings.Count(r.body, `src="data:image/png;base64,`) != 6 {
			t.Fatalf("%d slips, want 6 each with a QR code", len(toks))
		}
		again := org.post(path+"/tokens", nil)
		if again.status != http.StatusConflict || strings.Contains(again.body, toks[0]) {
			t.Errorf("slips shown twice: %d", again.status)
		}

		voter := f.as(t, "anonymous")
		typed := strings.ToLower(strings.ReplaceAll(toks[0], "-", " "))
		r = voter.get("/vote?t=" + url.QueryEscape(typed))
		wantStatus(t, "ballot", r, http.StatusOK)
		if !strings.Contains(r.body, "张三") || !strings.Contains(r.body, "廉洁自律") {
			t.Fatalf("ballot page:\n%s", excerpt(r.body))
		}
		r = voter.post("/vote", ballotForm(typed, 0, "联系电话13912345678，工作扎实"))
		wantStatus(t, "vote", r, http.StatusOK)
		receipt := regexp.MustCompile(`id="receipt">([0-9a-f]{64})<`).FindStringSubmatch(r.body)
		if receipt == nil {
			t.Fatalf("no receipt:\n%s", excerpt(r.body))
		}
		r = voter.post("/vote", ballotForm(toks[0], 1, ""))
		if r.status != http.StatusConflict || !strings.Contains(r.body, "已经投过票") {
			t.Errorf("second vote: %d %s", r.status, excerpt(r.body))
		}
		for i, tok := range toks[1:5] {
			wantStatus(t, "vote", f.as(t, "anonymous").post("/vote", ballotForm(tok, i%4, "")), http.StatusOK)
		}
		// A ballot with a grade missing is sent back, the token still good.
		incomplete := ballotForm(toks[5], 0, "")
		incomplete.Del("r1.1")
		r = voter.post("/vote", incomplete)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请为李四的“廉洁自律”选择评价等次") {
			t.Errorf("incomplete ballot: %d %s", r.status, excerpt(r.body))
		}

		r = org.get(path)
		if !strings.Contains(r.body, "已投票 <strong>5</strong>") || strings.Contains(r.body, "测评结果") {
			t.Errorf("before closing: turnout only, no results:\n%s", excerpt(r.body))
		}
		if r := org.get(path + "/ballots.json"); r.status != http.StatusConflict {
			t.Errorf("ballot list before closing: %d", r.status)
		}
		wantStatus(t, "close", org.post(path+"/close", nil), http.StatusSeeOther)
		r = voter.post("/vote", ballotForm(toks[5], 0, ""))
		if r.status != http.StatusConflict || !strings.Contains(r.body, "已经结束") {
			t.Errorf("vote after closing: %d %s", r.status, excerpt(r.body))
		}
		r = org.get(path)
		for _, want := range []string{"测评结果", "<svg", "第1名", "联系电话139****5678，工作扎实"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("results lack %q", want)
			}
		}
		if strings.Contains(r.body, "13912345678") {
			t.Error("comment not masked")
		}
		x := org.get(path + "/results.xlsx")
		if x.status != 200 || !strings.HasPrefix(x.body, "PK") {
			t.Errorf("xlsx: %d", x.status)
		}
		arch := f.as(t, "cadre").get(fmt.Sprintf("/people/%d/archive", f.users["cadre"].ID))
		if !strings.Contains(arch.body, "民主测评") || !strings.Contains(arch.body, "5票") {
			t.Errorf("archive lacks the appraisal:\n%s", excerpt(arch.body))
		}
		// A voter downloads the list with their token and it verifies.
		list := voter.post("/vote/ballots.json", url.Values{"token": {toks[0]}})
		wantStatus(t, "ballot list", list, http.StatusOK)
		p, err := appraisal.ReadPublished(strings.NewReader(list.body))
		must(t, err)
		if v := appraisal.Verify(p, nil, []string{receipt[1]}); !v.OK || v.Ballots != 5 {
			t.Errorf("verify: %+v", v.Problems)
		}

		logMu.Lock()
		defer logMu.Unlock()
		for _, tok := range toks {
			for _, form := range []string{tok, strings.ReplaceAll(tok, "-", "")} {
				if strings.Contains(logs.String(), form) {
					t.Errorf("the log holds token %s", tok)
				}
			}
		}
		if strings.Contains(logs.String(), "127.0.0.1") || !strings.Contains(logs.String(), "POST /vote") {
			t.Errorf("log must name the voting route and no address:\n%s", clip(logs.String(), 2000))
		}
	})
}

type writerFunc func(p []byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }

var _ io.Writer = writerFunc(nil)

// Ten phones send one token at once: one ballot, nine clear refusals.
func TestAppraisalConcurrentVotesHTTP(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		a := testAppraisal(t, f)
		toks, err := f.st.IssueTokens(ctx, f.users["organiser"].ID, a.ID)
		must(t, err)
		clients := make([]*client, 10)
		for i := range clients {
			clients[i] = f.as(t, "anonymous")
		}
		var wg sync.WaitGroup
		statuses := make([]int, len(clients))
		bodies := make([]string, len(clients))
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := c.post("/vote", ballotForm(toks[0].Token, i%4, ""))
				statuses[i], bodies[i] = r.status, r.body
			}()
		}
		wg.Wait()
		ok := 0
		for i, st := range statuses {
			switch {
			case st == http.StatusOK:
				ok++
			case st != http.StatusConflict || !strings.Contains(bodies[i], "已经投过票"):
				t.Errorf("attempt %d: %d %s", i, st, excerpt(bodies[i]))
			}
		}
		_, used, err := f.st.Turnout(ctx, a.ID)
		must(t, err)
		bs, err := f.st.Ballots(ctx, a.ID)
		must(t, err)
		if ok != 1 || used != 1 || len(bs) != 1 {
			t.Errorf("%d accepted, %d used, %d stored; want 1 each", ok, used, len(bs))
		}
	})
}
