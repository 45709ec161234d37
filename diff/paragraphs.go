package diff

import (
	"slices"
)

// Thresholds of likeness (Dice coefficient of rune bigrams, 0 to 1) above
// which a removed and an added paragraph are shown as one rewritten
// paragraph rather than as a removal and an addition.
const (
	// sameParagraph applies among several candidates.
	sameParagraph = 0.4
	// sameSlot applies when exactly one paragraph was removed and one added
	// between the same unchanged neighbours: the place itself says they
	// are the same paragraph, so less likeness is needed.
	sameSlot = 0.2
	// maxPairing bounds the removed × added paragraphs of one gap that are
	// paired by best likeness; a larger gap pairs them by position.
	maxPairing = 2500
)

// Paragraphs aligns two versions of a report paragraph by paragraph. Kept
// paragraphs are Equal; a removed paragraph that resembles an added one in
// the same place is a Change with its rune-level Spans; the rest are Delete
// and Insert, with Moved set on a pair that carries the same text to a new
// place. See Op for how the result rebuilds both versions.
func Paragraphs(old, new []string) []Op {
	// Paragraphs are compared as ids, so the alignment compares integers.
	ids := make(map[string]int, len(old)+len(new))
	id := func(ps []string) []int {
		out := make([]int, len(ps))
		for i, p := range ps {
			n, ok := ids[p]
			if !ok {
				n = len(ids)
				ids[p] = n
			}
			out[i] = n
		}
		return out
	}
	a, b := id(old), id(new)
	script := sequence(a, b, &budget{left: ParagraphWork})

	runeBudget := &budget{left: TotalRuneWork}
	var ops []Op
	i, j := 0, 0
	for k := 0; k < len(script); k++ {
		e := script[k]
		if e.kind == Equal {
			for range e.n {
				ops = append(ops, Op{Kind: Equal, Old: old[i], New: new[j], OldIndex: i, NewIndex: j})
				i, j = i+1, j+1
			}
			continue
		}
		// A gap: every deletion and insertion up to the next equal run.
		del, ins := 0, 0
		for ; k < len(script) && script[k].kind != Equal; k++ {
			if script[k].kind == Delete {
				del += script[k].n
			} else {
				ins += script[k].n
			}
		}
		k--
		ops = gap(ops, old, new, i, del, j, ins, runeBudget)
		i, j = i+del, j+ins
	}
	markMoves(ops)
	return ops
}

// gap emits the ops for old[i:i+del] replaced by new[j:j+ins], pairing
// like paragraphs into Change ops in order.
func gap(ops []Op, old, new []string, i, del, j, ins int, runeBudget *budget) []Op {
	pairs := pair(old[i:i+del], new[j:j+ins])
	x, y := 0, 0
	for _, p := range append(pairs, [2]int{del, ins}) {
		for ; x < p[0]; x++ {
			ops = append(ops, Op{Kind: Delete, Old: old[i+x], OldIndex: i + x, NewIndex: -1})
		}
		for ; y < p[1]; y++ {
			ops = append(ops, Op{Kind: Insert, New: new[j+y], OldIndex: -1, NewIndex: j + y})
		}
		if p[0] == del {
			break
		}
		o, n := old[i+x], new[j+y]
		ops = append(ops, Op{Kind: Change, Old: o, New: n, OldIndex: i + x, NewIndex: j + y, Spans: runes(o, n, runeBudget)})
		x, y = x+1, y+1
	}
	return ops
}

// pair chooses which removed paragraphs (dels) became which added ones
// (ins): pairs of indices, increasing on both sides so the order of each
// version is kept, maximising the total likeness.
func pair(dels, ins []string) [][2]int {
	if len(dels) == 0 || len(ins) == 0 {
		return nil
	}
	if len(dels) == 1 && len(ins) == 1 {
		if likeness(bigrams(dels[0]), bigrams(ins[0])) >= sameSlot {
			return [][2]int{{0, 0}}
		}
		return nil
	}
	bd := make([][]uint64, len(dels))
	for x, d := range dels {
		bd[x] = bigrams(d)
	}
	bi := make([][]uint64, len(ins))
	for y, s := range ins {
		bi[y] = bigrams(s)
	}
	if len(dels)*len(ins) > maxPairing {
		// Too many candidates to weigh every pair: pair by position.
		var out [][2]int
		for k := range min(len(dels), len(ins)) {
			if likeness(bd[k], bi[k]) >= sameParagraph {
				out = append(out, [2]int{k, k})
			}
		}
		return out
	}
	// best[x][y] is the best total likeness pairing dels[x:] with ins[y:],
	// a weighted longest common subsequence.
	n, m := len(dels), len(ins)
	sim := make([]float64, n*m)
	for x := range n {
		for y := range m {
			if s := likeness(bd[x], bi[y]); s >= sameParagraph {
				sim[x*m+y] = s
			}
		}
	}
	best := make([]float64, (n+1)*(m+1))
	at := func(x, y int) float64 { return best[x*(m+1)+y] }
	for x := n - 1; x >= 0; x-- {
		for y := m - 1; y >= 0; y-- {
			v := max(at(x+1, y), at(x, y+1))
			if s := sim[x*m+y]; s > 0 {
				v = max(v, s+at(x+1, y+1))
			}
			best[x*(m+1)+y] = v
		}
	}
	var out [][2]int
	for x, y := 0, 0; x < n && y < m; {
		switch s := sim[x*m+y]; {
		case s > 0 && at(x, y) == s+at(x+1, y+1):
			out = append(out, [2]int{x, y})
			x, y = x+1, y+1
		case at(x, y) == at(x+1, y):
			x++
		default:
			y++
		}
	}
	return out
}

// bigrams returns the sorted rune bigrams of s, each as one number; a
// one-rune text is its own bigram.
func bigrams(s string) []uint64 {
	rs := []rune(s)
	if len(rs) == 1 {
		return []uint64{uint64(rs[0])}
	}
	out := make([]uint64, 0, max(len(rs)-1, 0))
	for k := 1; k < len(rs); k++ {
		out = append(out, uint64(rs[k-1])<<32|uint64(rs[k]))
	}
	slices.Sort(out)
	return out
}

// likeness is the Dice coefficient of two sorted bigram multisets.
func likeness(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i, j = i+1, j+1
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// markMoves links each removed paragraph to an added paragraph of exactly
// the same text, first to first, so a paragraph carried to another place
// shows as moved rather than as lost and new.
func markMoves(ops []Op) {
	inserted := map[string][]int{} // text → indices into ops, in order
	for k, op := range ops {
		if op.Kind == Insert {
			inserted[op.New] = append(inserted[op.New], k)
		}
	}
	if len(inserted) == 0 {
		return
	}
	for k := range ops {
		d := &ops[k]
		if d.Kind != Delete {
			continue
		}
		cands := inserted[d.Old]
		if len(cands) == 0 {
			continue
		}
		in := &ops[cands[0]]
		inserted[d.Old] = cands[1:]
		d.Moved, in.Moved = true, true
		d.NewIndex, in.OldIndex = in.NewIndex, d.OldIndex
	}
}
