// Package phrase matches many keywords at every position of a text in one
// walk. The structure, facts and formulation checks use it, so mapping
// sections onto areas and finding stock phrases stay linear in the size of
// the report.
package phrase

// Trie is a keyword Trie over runes with a bitset of first runes.
type Trie struct {
	next map[rune]*Trie
	id   int // -1 when no keyword ends here
	// first marks the BMP runes that start a keyword (root only), so that
	// the walk skips most runes without a map lookup.
	first *[1 << 10]uint64
}

// New returns an empty trie.
func New() *Trie { return &Trie{id: -1} }

// Add inserts word with id; a later Add of the same word replaces the id.
func (t *Trie) Add(word string, id int) {
	if t.first == nil {
		t.first = new([1 << 10]uint64)
	}
	for _, r := range word {
		t.first[uint32(r)>>6&(1<<10-1)] |= 1 << (uint32(r) & 63)
		break
	}
	n := t
	for _, r := range word {
		c := n.next[r]
		if c == nil {
			if n.next == nil {
				n.next = map[rune]*Trie{}
			}
			c = New()
			n.next[r] = c
		}
		n = c
	}
	n.id = id
}

// Longest returns the id and rune length of the longest keyword starting at
// rs[i], or -1, 0.
func (t *Trie) Longest(rs []rune, i int) (id, n int) {
	id = -1
	if t.first != nil && i < len(rs) && !t.MayStart(rs[i]) {
		return id, 0 // most runes start no keyword: skip the map lookup
	}
	cur := t
	for j := i; j < len(rs); j++ {
		cur = cur.next[rs[j]]
		if cur == nil {
			break
		}
		if cur.id >= 0 {
			id, n = cur.id, j-i+1
		}
	}
	return id, n
}

// Each calls f for every leftmost-longest, non-overlapping match in rs.
func (t *Trie) Each(rs []rune, f func(id, start, end int)) {
	for i := 0; i < len(rs); {
		if !t.MayStart(rs[i]) {
			i++
			continue
		}
		id, n := t.Longest(rs, i)
		if id < 0 {
			i++
			continue
		}
		f(id, i, i+n)
		i += n
	}
}

// MayStart reports whether a keyword may start with r; false is certain.
func (t *Trie) MayStart(r rune) bool {
	if t.first == nil {
		return false
	}
	return t.first[uint32(r)>>6&(1<<10-1)]&(1<<(uint32(r)&63)) != 0
}
