package appraisal

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func published(t *testing.T) (*Published, []byte) {
	t.Helper()
	c := testConfig()
	a := &Appraisal{ID: 7, Config: *c}
	var bs []*Ballot
	for i := range 12 {
		bs = append(bs, ballot(c, []string{"班子成员", "群众代表"}[i%2], i%4, (i+1)%4))
	}
	p := Publish(a, len(bs), bs)
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, raw
}

// reread gives a fresh copy of the file, as verify reads it.
func reread(t *testing.T, raw []byte) *Published {
	t.Helper()
	p, err := ReadPublished(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVerify(t *testing.T) {
	orig, raw := published(t)
	if v := Verify(reread(t, raw), orig.Tally, []string{orig.Ballots[3].Receipt}); !v.OK {
		t.Fatalf("honest list fails: %v", v.Problems)
	}
	cases := []struct {
		name  string
		edit  func(p *Published)
		check func(v *Verification) bool
	}{
		{"altered grade", func(p *Published) { p.Ballots[2].Ballot.Ratings[0][0] = (p.Ballots[2].Ballot.Ratings[0][0] + 1) % 4 },
			func(v *Verification) bool { return len(v.Altered) == 1 }},
		{"altered class", func(p *Published) {
			b := &p.Ballots[5].Ballot
			b.Class = map[string]string{"班子成员": "群众代表", "群众代表": "班子成员"}[b.Class]
		},
			func(v *Verification) bool { return len(v.Altered) == 1 }},
		{"added copy of a ballot", func(p *Published) { p.Ballots = append(p.Ballots, p.Ballots[0]) },
			func(v *Verification) bool { return len(v.Added) == 1 }},
		{"added new ballot with a true receipt", func(p *Published) {
			b := ballot(&p.Config, "班子成员", 0, 0)
			b.Appraisal = p.Appraisal
			p.Ballots = append(p.Ballots, PublishedBallot{Receipt: b.Receipt(), Ballot: *b})
		}, func(v *Verification) bool { return len(v.Added) == 1 }},
		{"removed ballot", func(p *Published) { p.Ballots = p.Ballots[1:] },
			func(v *Verification) bool { return v.Removed == 1 }},
		{"removed ballot and count lowered", func(p *Published) { p.Ballots = p.Ballots[1:]; p.Cast-- },
			func(v *Verification) bool { return len(v.Missing) == 1 }}, // the voter's receipt is gone; the expected tally differs too
		{"stated tally edited", func(p *Published) { p.Tally.Cadres[0].Items[0].Counts[0]++ },
			func(v *Verification) bool { return strings.Contains(strings.Join(v.Problems, "\n"), "统计结果") }},
		{"ballot of another appraisal", func(p *Published) {
			b := p.Ballots[4].Ballot
			b.Appraisal = 8
			p.Ballots[4] = PublishedBallot{Receipt: b.Receipt(), Ballot: b}
		}, func(v *Verification) bool { return len(v.Invalid) == 1 }},
	}
	for _, tc := range cases {
		p := reread(t, raw)
		keep := p.Ballots[0].Receipt
		tc.edit(p)
		v := Verify(p, orig.Tally, []string{keep})
		if v.OK || !tc.check(v) {
			t.Errorf("%s: not detected as it should be: ok=%v %+v", tc.name, v.OK, v.Problems)
		}
	}
}

func TestReadPublishedRefuses(t *testing.T) {
	for _, in := range []string{``, `{}`, `{"format":"other/1"}`, `{"format":"qinglian-appraisal-ballots/1","extra":1}`, `[`} {
		if _, err := ReadPublished(strings.NewReader(in)); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
