package formulation

// trie matches many keywords at every position of a text in one walk, so
// that mapping sections onto areas stays linear in the size of the report.
type trie struct {
	next map[rune]*trie
	id   int // -1 when no keyword ends here
	// first marks the BMP runes that start a keyword (root only), so that
	// the walk skips most runes without a map lookup.
	first *[1 << 10]uint64
}

func newTrie() *trie { return &trie{id: -1} }

func (t *trie) add(word string, id int) {
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
				n.next = map[rune]*trie{}
			}
			c = newTrie()
			n.next[r] = c
		}
		n = c
	}
	n.id = id
}

// longest returns the id and rune length of the longest keyword starting at
// rs[i], or -1, 0.
func (t *trie) longest(rs []rune, i int) (id, n int) {
	id = -1
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

// each calls f for every leftmost-longest, non-overlapping match in rs.
func (t *trie) each(rs []rune, f func(id, start, end int)) {
	for i := 0; i < len(rs); {
		if !t.mayStart(rs[i]) {
			i++
			continue
		}
		id, n := t.longest(rs, i)
		if id < 0 {
			i++
			continue
		}
		f(id, i, i+n)
		i += n
	}
}

// mayStart reports whether a keyword may start with r; false is certain.
func (t *trie) mayStart(r rune) bool {
	if t.first == nil {
		return false
	}
	return t.first[uint32(r)>>6&(1<<10-1)]&(1<<(uint32(r)&63)) != 0
}
