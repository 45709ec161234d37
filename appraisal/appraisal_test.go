package appraisal

import (
	"strings"
	"testing"
	"time"
)

func testConfig() *Config {
	c := &Config{
		Title:    "2025年度班子成员民主测评",
		Cadres:   []Cadre{{UserID: 1, Name: "张三"}, {UserID: 2, Name: "李四"}},
		Items:    []string{"政治表现", "廉洁自律"},
		Scale:    append([]Level(nil), ScaleGood...),
		Comments: true,
		Opens:    time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC),
		Closes:   time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC),
		Classes:  []Class{{Name: "班子成员", Weight: 2, Voters: 5}, {Name: "群众代表", Weight: 1, Voters: 20}},
	}
	if msg := c.Validate(); msg != "" {
		panic(msg)
	}
	return c
}

func TestTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := NewToken()
		if len(tok) != 24 || strings.Count(tok, "-") != 4 {
			t.Fatalf("token %q: want 5 groups of 4", tok)
		}
		if strings.ContainsAny(tok, "ILOU") {
			t.Fatalf("token %q has a look-alike letter", tok)
		}
		n, ok := NormaliseToken(tok)
		if !ok || GroupToken(n) != tok {
			t.Fatalf("token %q does not round-trip: %q %v", tok, n, ok)
		}
		if seen[n] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[n] = true
	}
	if TokenChars*5 < 80 {
		t.Fatal("fewer than 80 bits")
	}
}

func TestNormaliseToken(t *testing.T) {
	const want = "7KQM2H9X0AB1CDEF5GHV"
	cases := []struct {
		in string
		ok bool
	}{
		{"7KQM-2H9X-0AB1-CDEF-5GHV", true},
		{"7kqm 2h9x 0ab1 cdef 5ghv", true}, // lower case, spaces
		{"7KQM2H9XOABICDEF5GHU", true},     // O→0, I→1, U→V
		{"7KQM2H9XoABlCDEF5GHu", true},     // o, l, u
		{"７ＫＱＭ－２Ｈ９Ｘ－０ＡＢ１－ＣＤＥＦ－５ＧＨＶ", true}, // full width from a Chinese input method
		{" 7KQM-2H9X-0AB1-CDEF-5GHV\t", true},
		// Hostile or wrong: too short, too long, foreign characters.
		{"7KQM-2H9X-0AB1-CDEF", false},
		{"7KQM-2H9X-0AB1-CDEF-5GHV-A", false},
		{"7KQM-2H9X-0AB1-CDEF-5GH!", false},
		{"张三李四王五赵六孙七周八吴九郑十冯十一陈十", false},
		{"", false},
	}
	for _, tc := range cases {
		got, ok := NormaliseToken(tc.in)
		if ok != tc.ok || (ok && got != want) {
			t.Errorf("NormaliseToken(%q) = %q, %v; want %q, %v", tc.in, got, ok, want, tc.ok)
		}
	}
	key := NewKey()
	if TokenHash(key, "7kqm 2h9x 0ab1 cdef 5ghv") != TokenHash(key, "7KQM-2H9X-0AB1-CDEF-5GHV") {
		t.Error("hash depends on how the token was typed")
	}
	if TokenHash(key, want) == TokenHash(NewKey(), want) {
		t.Error("hash does not depend on the appraisal's key")
	}
}

func FuzzNormaliseToken(f *testing.F) {
	f.Add("7KQM-2H9X-0AB1-CDEF-5GHV")
	f.Add("７ＫＱＭ")
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormaliseToken(s)
		if !ok {
			return
		}
		if len(n) != TokenChars || strings.ContainsAny(n, "ILOU") {
			t.Fatalf("%q → %q", s, n)
		}
		if again, ok := NormaliseToken(n); !ok || again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
	})
}

func TestValidate(t *testing.T) {
	good := testConfig()
	if good.Voters != 25 || good.K != DefaultK {
		t.Errorf("voters %d, K %d: want 25 (sum of classes), %d", good.Voters, good.K, DefaultK)
	}
	cases := []struct {
		name string
		edit func(c *Config)
		want string
	}{
		{"no title", func(c *Config) { c.Title = "  " }, "测评名称"},
		{"no cadre", func(c *Config) { c.Cadres = nil }, "至少选择一名"},
		{"repeated cadre", func(c *Config) { c.Cadres = append(c.Cadres, c.Cadres[0]) }, "重复"},
		{"no item", func(c *Config) { c.Items = []string{" "} }, "测评项目"},
		{"one grade", func(c *Config) { c.Scale = c.Scale[:1] }, "评价等次"},
		{"negative weight", func(c *Config) { c.Scale[0].Weight = -1 }, "分值"},
		{"closes first", func(c *Config) { c.Closes = c.Opens }, "结束时间"},
		{"class without voters", func(c *Config) { c.Classes[0].Voters = 0 }, "人数"},
		{"too many voters", func(c *Config) { c.Classes = nil; c.Voters = MaxVoters + 1 }, "参评人数"},
	}
	for _, tc := range cases {
		c := testConfig()
		c.Scale = append([]Level(nil), c.Scale...)
		tc.edit(c)
		if msg := c.Validate(); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %q, want it to say %q", tc.name, msg, tc.want)
		}
	}
}

func ballot(c *Config, class string, grades ...int) *Ballot {
	b := &Ballot{Appraisal: 7, Class: class, Nonce: NewNonce()}
	for ci := range c.Cadres {
		row := make([]int, len(c.Items))
		for ii := range row {
			row[ii] = grades[ci]
		}
		b.Ratings = append(b.Ratings, row)
	}
	return b
}

func TestCountWeightsAndSuppression(t *testing.T) {
	c := testConfig()
	var bs []*Ballot
	// 5 班子成员 rate 张三 好 (100), 李四 一般 (60); weight 2.
	for range 5 {
		bs = append(bs, ballot(c, "班子成员", 0, 2))
	}
	// 3 群众代表 rate 张三 差 (0), 李四 好 (100); weight 1: below K.
	for range 3 {
		bs = append(bs, ballot(c, "群众代表", 3, 0))
	}
	bs[0].Comments = []string{"联系群众紧密", ""}
	tl := Count(c, bs)
	z, l := tl.Cadres[0], tl.Cadres[1]
	if z.Items[0].Counts[0] != 5 || z.Items[0].Counts[3] != 3 || z.Items[0].Percents[0] != 62.5 {
		t.Errorf("张三 counts %v percents %v", z.Items[0].Counts, z.Items[0].Percents)
	}
	// (5·2·100 + 3·1·0) / 13 = 76.92; (5·2·60 + 3·1·100) / 13 = 69.23.
	if z.Score != 76.92 || l.Score != 69.23 || z.Rank != 1 || l.Rank != 2 {
		t.Errorf("scores %v %v ranks %d %d", z.Score, l.Score, z.Rank, l.Rank)
	}
	if len(z.Comments) != 1 || len(l.Comments) != 0 {
		t.Errorf("comments %v %v", z.Comments, l.Comments)
	}
	if !tl.Classes[1].Suppressed || tl.Classes[1].Cadres != nil || tl.Classes[0].Suppressed {
		t.Errorf("class breakdown: %+v", tl.Classes)
	}
	// Equal scores share a rank.
	tie := Count(c, []*Ballot{ballot(c, "班子成员", 1, 1)})
	if tie.Cadres[0].Rank != 1 || tie.Cadres[1].Rank != 1 {
		t.Errorf("tie ranks %d %d", tie.Cadres[0].Rank, tie.Cadres[1].Rank)
	}
}

func TestBallotCheck(t *testing.T) {
	c := testConfig()
	good := ballot(c, "班子成员", 0, 1)
	if msg := good.Check(c); msg != "" {
		t.Fatalf("good ballot refused: %s", msg)
	}
	cases := []struct {
		name string
		edit func(b *Ballot)
	}{
		{"grade out of scale", func(b *Ballot) { b.Ratings[0][1] = 4 }},
		{"grade missing", func(b *Ballot) { b.Ratings[1][0] = -1 }},
		{"cadre missing", func(b *Ballot) { b.Ratings = b.Ratings[:1] }},
		{"item missing", func(b *Ballot) { b.Ratings[0] = b.Ratings[0][:1] }},
		{"unknown class", func(b *Ballot) { b.Class = "外单位" }},
		{"comment too long", func(b *Ballot) { b.Comments = []string{strings.Repeat("好", MaxComment+1), ""} }},
	}
	for _, tc := range cases {
		b := ballot(c, "班子成员", 0, 1)
		tc.edit(b)
		if b.Check(c) == "" {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

func TestReceipt(t *testing.T) {
	c := testConfig()
	a := ballot(c, "班子成员", 0, 1)
	b := *a
	if a.Receipt() != b.Receipt() {
		t.Error("receipt not deterministic")
	}
	b.Nonce = NewNonce()
	if a.Receipt() == b.Receipt() {
		t.Error("same receipt for a different nonce: equal ballots would be linkable")
	}
	if len(a.Receipt()) != 64 {
		t.Errorf("receipt %q", a.Receipt())
	}
}
