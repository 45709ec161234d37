package phrase

import (
	"slices"
	"testing"
)

func TestTrie(t *testing.T) {
	tr := New()
	for i, w := range []string{"四个意识", "四个", "两个维护", "意识"} {
		tr.Add(w, i)
	}
	rs := []rune("增强四个意识，做到两个维护")
	if id, n := tr.Longest(rs, 2); id != 0 || n != 4 {
		t.Errorf("Longest at 四 = %d,%d, want the longer keyword 0,4", id, n)
	}
	if id, n := tr.Longest(rs, 0); id != -1 || n != 0 {
		t.Errorf("Longest at 增 = %d,%d, want none", id, n)
	}
	if id, n := tr.Longest(rs, len(rs)); id != -1 || n != 0 {
		t.Errorf("Longest past the end = %d,%d", id, n)
	}
	var got []int
	tr.Each(rs, func(id, start, end int) { got = append(got, id, start, end) })
	// Leftmost-longest and non-overlapping: 意识 inside 四个意识 is not
	// reported again.
	if want := []int{0, 2, 6, 2, 9, 13}; !slices.Equal(got, want) {
		t.Errorf("Each = %v, want %v", got, want)
	}
	if !tr.MayStart('四') || tr.MayStart('增') {
		t.Error("MayStart disagrees with the keywords")
	}
	if New().MayStart('四') {
		t.Error("an empty trie may start a keyword")
	}
}
