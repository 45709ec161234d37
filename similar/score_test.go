package similar

import (
	"math/rand/v2"
	"testing"
)

// naiveOverlap is the definition score implements: distinct shared 5-grams
// and, in each text, the range from the first shared 5-gram to the end of
// the last.
func naiveOverlap(q, s []uint16) overlap {
	gram := func(t []uint16, i int) string {
		return string(rune(t[i])) + string(rune(t[i+1])) + string(rune(t[i+2])) + string(rune(t[i+3])) + string(rune(t[i+4]))
	}
	set := func(t []uint16) map[string]bool {
		m := map[string]bool{}
		for i := 0; i+Gram <= len(t); i++ {
			m[gram(t, i)] = true
		}
		return m
	}
	qs, ss := set(q), set(s)
	o := overlap{}
	for g := range qs {
		if ss[g] {
			o.inter++
		}
	}
	spanOf := func(t []uint16, other map[string]bool) (int, int) {
		start, end := -1, 0
		for i := 0; i+Gram <= len(t); i++ {
			if other[gram(t, i)] {
				if start < 0 {
					start = i
				}
				end = i + Gram
			}
		}
		return max(start, 0), end
	}
	o.qs, o.qe = spanOf(q, ss)
	o.ss, o.se = spanOf(s, qs)
	return o
}

// TestScoreMatchesDefinition checks the one-pass scoring against the
// definition on random texts over a small alphabet (many repeated and
// shared n-grams), including texts shorter than a 5-gram.
func TestScoreMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func() []uint16 {
		u := make([]uint16, r.IntN(60))
		for i := range u {
			u[i] = uint16(0x4E00 + r.IntN(3))
		}
		return u
	}
	var table gramTable
	for i := range 2000 {
		q, s := text(), text()
		table.reset(q)
		got := table.score(s, int32(i))
		if want := naiveOverlap(q, q).inter; table.size != want {
			t.Fatalf("query %v: %d distinct n-grams, want %d", q, table.size, want)
		}
		if want := naiveOverlap(q, s); got != want {
			t.Fatalf("query %v source %v: got %+v, want %+v", q, s, got, want)
		}
	}
}
