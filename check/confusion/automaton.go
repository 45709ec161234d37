package confusion

// automaton is an Aho–Corasick matcher compiled to a full DFA over bytes.
// Matching UTF-8 bytes instead of runes needs no decoding in the hot loop,
// and a pattern that is valid UTF-8 can only match at rune boundaries. Bytes
// that occur in no pattern share one class, which keeps the transition
// table at a few hundred kilobytes for a list of hundreds of entries.
type automaton struct {
	class  [256]uint16 // byte → column in delta
	nclass int
	// delta maps state*nclass + class to the next state, stored as ^state
	// when that state ends a pattern, so the hot loop needs no other load.
	delta []int32
	out   [][]int // state → ids of the patterns that end there
}

func newAutomaton(patterns []string) *automaton {
	a := &automaton{}
	// Class 0 is every byte no pattern uses.
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			if a.class[p[i]] == 0 {
				a.nclass++
				a.class[p[i]] = uint16(a.nclass)
			}
		}
	}
	a.nclass++
	// Trie, with -1 for a missing edge.
	newNode := func() []int32 {
		n := make([]int32, a.nclass)
		for i := range n {
			n[i] = -1
		}
		return n
	}
	trie := [][]int32{newNode()}
	a.out = [][]int{nil}
	for id, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := a.class[p[i]]
			if trie[s][c] < 0 {
				trie[s][c] = int32(len(trie))
				trie = append(trie, newNode())
				a.out = append(a.out, nil)
			}
			s = trie[s][c]
		}
		a.out[s] = append(a.out[s], id)
	}
	// Breadth-first: fill missing edges from the failure state, whose row
	// is complete because it is shallower.
	fail := make([]int32, len(trie))
	queue := make([]int32, 0, len(trie))
	for c := 0; c < a.nclass; c++ {
		if t := trie[0][c]; t >= 0 {
			fail[t] = 0
			queue = append(queue, t)
		} else {
			trie[0][c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[fail[s]]...)
		for c := 0; c < a.nclass; c++ {
			if t := trie[s][c]; t >= 0 {
				fail[t] = trie[fail[s]][c]
				queue = append(queue, t)
			} else {
				trie[s][c] = trie[fail[s]][c]
			}
		}
	}
	a.delta = make([]int32, 0, len(trie)*a.nclass)
	for _, row := range trie {
		for _, t := range row {
			if len(a.out[t]) > 0 {
				t = ^t
			}
			a.delta = append(a.delta, t)
		}
	}
	return a
}

// scan calls found with the byte offset just past each match and the
// pattern's id, in order of that offset.
func (a *automaton) scan(text string, found func(end, id int)) {
	s := int32(0)
	n := int32(a.nclass)
	for i := 0; i < len(text); i++ {
		s = a.delta[s*n+int32(a.class[text[i]])]
		if s < 0 {
			s = ^s
			for _, id := range a.out[s] {
				found(i+1, id)
			}
		}
	}
}
