package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qinglian/appraisal"
)

// writeList writes a ballot list of 8 ballots, after edit, and returns its
// path and one voter's receipt.
func writeList(t *testing.T, edit func(p *appraisal.Published)) (string, string) {
	t.Helper()
	cfg := appraisal.Config{Title: "2025年度民主测评", Cadres: []appraisal.Cadre{{UserID: 1, Name: "张三"}, {UserID: 2, Name: "李四"}},
		Items: []string{"政治表现"}, Scale: appraisal.ScaleGood, Voters: 8,
		Opens: time.Date(2026, 1, 10, 1, 0, 0, 0, time.UTC), Closes: time.Date(2026, 1, 10, 4, 0, 0, 0, time.UTC)}
	if msg := cfg.Validate(); msg != "" {
		t.Fatal(msg)
	}
	var bs []*appraisal.Ballot
	for i := range 8 {
		bs = append(bs, &appraisal.Ballot{Appraisal: 3, Ratings: [][]int{{i % 4}, {(i + 2) % 4}}, Nonce: appraisal.NewNonce()})
	}
	p := appraisal.Publish(&appraisal.Appraisal{ID: 3, Config: cfg}, len(bs), bs)
	mine := bs[5].Receipt()
	if edit != nil {
		edit(p)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ballots.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, mine
}

func TestAppraisalVerify(t *testing.T) {
	path, mine := writeList(t, nil)
	code, out, _ := runCLI(t, "", "appraisal", "verify", "--receipt", mine, path)
	if code != 0 || !strings.HasPrefix(out, "OK") || !strings.Contains(out, "8 张选票") {
		t.Errorf("honest list: exit %d\n%s", code, out)
	}
	cases := []struct {
		name string
		edit func(p *appraisal.Published)
		want string
	}{
		{"altered", func(p *appraisal.Published) {
			p.Ballots[1].Ballot.Ratings[0][0] = 3 - p.Ballots[1].Ballot.Ratings[0][0]
		}, "1 改动"},
		{"added", func(p *appraisal.Published) { p.Ballots = append(p.Ballots, p.Ballots[2]) }, "1 添加"},
		{"removed", func(p *appraisal.Published) { p.Ballots = p.Ballots[:7] }, "1 删除"},
	}
	for _, tc := range cases {
		path, _ := writeList(t, tc.edit)
		code, out, _ := runCLI(t, "", "appraisal", "verify", path)
		if code != exitFindings || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q\n%s", tc.name, code, exitFindings, tc.want, out)
		}
	}
	// A receipt the list lacks, and an expected tally that differs.
	code, out, _ = runCLI(t, "", "appraisal", "verify", "--receipt", strings.Repeat("ab", 32), path)
	if code != exitFindings || !strings.Contains(out, "不在清单中") {
		t.Errorf("missing receipt: exit %d\n%s", code, out)
	}
	expect := filepath.Join(t.TempDir(), "tally.json")
	os.WriteFile(expect, []byte(`{"ballots": 9, "cadres": []}`), 0o600)
	code, out, _ = runCLI(t, "", "appraisal", "verify", "--expect", expect, path)
	if code != exitFindings || !strings.Contains(out, "预期结果") {
		t.Errorf("expected tally: exit %d\n%s", code, out)
	}
	// Bad usage: no file, unreadable file, not a ballot list.
	for _, args := range [][]string{{"appraisal"}, {"appraisal", "verify"}, {"appraisal", "verify", "/no/such/file"}, {"appraisal", "verify", expect}} {
		if code, _, _ := runCLI(t, "", args...); code != exitInput {
			t.Errorf("%v: exit %d, want %d", args, code, exitInput)
		}
	}
}
