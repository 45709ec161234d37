package similar

import (
	"cmp"
	"slices"
	"sync"
)

// mix is the splitmix64 finaliser: a bijection that spreads bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// gramHashes returns the hash of the Gram-gram starting at each position.
func gramHashes(t []uint16) []uint64 {
	if len(t) < Gram {
		return nil
	}
	hs := make([]uint64, len(t)-Gram+1)
	for i := range hs {
		x := uint64(t[i]) | uint64(t[i+1])<<16 | uint64(t[i+2])<<32 | uint64(t[i+3])<<48
		hs[i] = mix(mix(x) + uint64(t[i+4]))
	}
	return hs
}

// winnow selects fingerprints (Schleimer, Wilkerson, Aiken 2003): the
// smallest hash of every window of Window consecutive n-grams, the rightmost
// on ties. It returns their top 32 bits, sorted and without duplicates.
func winnow(hs []uint64) []uint32 {
	if len(hs) == 0 {
		return nil
	}
	w := min(Window, len(hs))
	var fps []uint32
	last := -1
	for s := 0; s+w <= len(hs); s++ {
		m := s
		if last >= s {
			// The previous minimum is still in the window: only the new
			// hash can displace it.
			m = last
			if hs[s+w-1] <= hs[m] {
				m = s + w - 1
			}
		} else {
			for k := s; k < s+w; k++ {
				if hs[k] <= hs[m] {
					m = k
				}
			}
		}
		if m != last {
			fps = append(fps, uint32(hs[m]>>32))
			last = m
		}
	}
	slices.Sort(fps)
	return slices.Compact(fps)
}

// gramSet returns the sorted distinct n-gram hashes of a normalised text.
func gramSet(t []uint16) []uint64 {
	hs := gramHashes(t)
	slices.Sort(hs)
	return slices.Compact(hs)
}

// span returns the normalised range of t covered by its n-grams that are in
// set (sorted): from the first shared n-gram to the end of the last one.
func span(t []uint16, set []uint64) (start, end int) {
	start = -1
	for i, h := range gramHashes(t) {
		if _, ok := slices.BinarySearch(set, h); ok {
			if start < 0 {
				start = i
			}
			end = i + Gram
		}
	}
	return max(start, 0), end
}

// gramTable is an open-addressing set of a query paragraph's n-gram hashes.
// A candidate is scored by one pass over its n-grams, without sorting them:
// the stamp of a slot says which candidate last counted it, so a repeated
// n-gram of the candidate counts once.
type gramTable struct {
	keys   []uint64
	stamps []int32
	mask   uint64
}

func (t *gramTable) reset(set []uint64) {
	size := 1
	for size < 2*len(set)+2 {
		size <<= 1
	}
	if cap(t.keys) < size {
		t.keys, t.stamps = make([]uint64, size), make([]int32, size)
	}
	t.keys, t.stamps = t.keys[:size], t.stamps[:size]
	clear(t.keys)
	for i := range t.stamps {
		t.stamps[i] = -1
	}
	t.mask = uint64(size - 1)
	for _, h := range set {
		h |= 1 // 0 marks an empty slot
		i := h & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i] = h
	}
}

// count returns how many distinct n-grams of text are in the table.
func (t *gramTable) count(text []uint16, stamp int32) int {
	n := 0
	for i := 0; i+Gram <= len(text); i++ {
		x := uint64(text[i]) | uint64(text[i+1])<<16 | uint64(text[i+2])<<32 | uint64(text[i+3])<<48
		h := mix(mix(x)+uint64(text[i+4])) | 1
		for j := h & t.mask; t.keys[j] != 0; j = (j + 1) & t.mask {
			if t.keys[j] == h {
				if t.stamps[j] != stamp {
					t.stamps[j] = stamp
					n++
				}
				break
			}
		}
	}
	return n
}

// scratch is a query's per-paragraph candidate counters, reused across
// queries: a count per indexed paragraph is cheaper than a map, and only the
// touched entries are reset.
type scratch struct {
	counts  []int32
	touched []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// QueryOptions adjust Query.
type QueryOptions struct {
	// Exclude is the ID of a document not to report (the queried document
	// itself, when it is indexed).
	Exclude string
	// MinScore is the least 5-gram Jaccard similarity of a reported
	// paragraph pair; 0 means DefaultMinScore.
	MinScore float64
	// MinContainment, when above 0, also reports a pair whose shared
	// n-grams make up at least this share of the smaller paragraph: a
	// template paragraph pasted into a longer one, or a paragraph mixed from
	// two sources, each below MinScore.
	MinContainment float64
}

// Passage is a paragraph of the queried text that shares a passage with a
// paragraph of an indexed document.
type Passage struct {
	// Paragraph is the index of the queried paragraph; Start and End are
	// rune offsets of the shared passage in its text (End exclusive).
	Paragraph int `json:"paragraph"`
	Start     int `json:"start"`
	End       int `json:"end"`
	// SourceParagraph is the index of the source document's paragraph.
	// SourceNormStart and SourceNormEnd bound the passage in that
	// paragraph's normalised text: SourceSpan turns them into rune offsets
	// of its text, which the index does not keep.
	SourceParagraph int `json:"source_paragraph"`
	SourceNormStart int `json:"-"`
	SourceNormEnd   int `json:"-"`
	// Score is the 5-gram Jaccard similarity of the two paragraphs;
	// Containment is their shared 5-grams over the smaller one's.
	Score       float64 `json:"score"`
	Containment float64 `json:"containment"`
}

// Match is an indexed document that shares passages with the queried text.
type Match struct {
	Source   Meta      `json:"source"`
	Score    float64   `json:"score"` // the best passage's
	Passages []Passage `json:"passages"`
}

// SourceSpan returns the rune offsets in an indexed paragraph's text of a
// passage found in it; text must be the paragraph as it was added.
func SourceSpan(text string, p Passage) (start, end int) {
	return NormSpan(Normalize(text), p.SourceNormStart, p.SourceNormEnd)
}

// NormSpan maps a range of normalised runes to rune offsets of the original.
func NormSpan(n Normalized, start, end int) (int, int) {
	if start >= end || end > len(n.Runes) || start < 0 {
		return 0, 0
	}
	return int(n.Start[start]), int(n.End[end-1])
}

// Query returns the indexed documents that share passages with a text given
// as its paragraphs, best first; within a match, passages are in the order
// of the queried paragraphs.
func (ix *Index) Query(paragraphs []string, opt QueryOptions) []Match {
	if opt.MinScore <= 0 {
		opt.MinScore = DefaultMinScore
	}
	ix.mu.RLock()
	if len(ix.pending) > 0 {
		ix.mu.RUnlock()
		ix.mu.Lock()
		ix.seal()
		ix.mu.Unlock()
		ix.mu.RLock()
	}
	defer ix.mu.RUnlock()
	exclude := int32(-1)
	if d, ok := ix.byID[opt.Exclude]; ok && opt.Exclude != "" {
		exclude = d
	}

	byDoc := map[int32][]Passage{}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if len(sc.counts) < len(ix.paras) {
		sc.counts = make([]int32, len(ix.paras)+len(ix.paras)/4)
	}
	counts := sc.counts
	type probe struct {
		lists [][]uint64
		n     int
	}
	var probes []probe
	var table gramTable
	for qi, text := range paragraphs {
		n := Normalize(text)
		if len(n.Runes) < MinRunes {
			continue
		}
		t := units(n.Runes)
		hs := gramHashes(t)
		fps := winnow(hs)
		qset := gramSet(t)
		table.reset(qset)
		probes = probes[:0]
		for _, fp := range fps {
			lists, c := ix.postings(fp, nil)
			if c > 0 {
				probes = append(probes, probe{lists, c})
			}
		}
		// Common fingerprints are skipped, but a paragraph made only of
		// common ones still probes its two rarest.
		slices.SortFunc(probes, func(a, b probe) int { return cmp.Compare(a.n, b.n) })
		use := 0
		for use < len(probes) && (probes[use].n <= maxPostings || use < 2) {
			use++
		}
		touched := sc.touched[:0]
		for _, p := range probes[:use] {
			for _, l := range p.lists {
				for _, v := range l {
					pid := uint32(v)
					if counts[pid] == 0 {
						touched = append(touched, int32(pid))
					}
					counts[pid]++
				}
			}
		}
		sc.touched = touched
		need := int32(max(1, int(candidateShare*float64(len(fps)-(len(probes)-use)))))
		for _, pid := range touched {
			c := counts[pid]
			counts[pid] = 0
			if c < need {
				continue
			}
			p := &ix.paras[pid]
			// Fingerprints seen through common postings were not counted:
			// the estimate compares the probed share of both sides.
			probed := float64(use) / float64(max(1, len(probes)))
			if opt.MinContainment <= 0 && float64(c) < candidateJaccard*(float64(use)+probed*float64(p.fps)-float64(c)) {
				continue
			}
			if p.doc == exclude || ix.docs[p.doc].removed {
				continue
			}
			// Jaccard ≥ s needs the smaller set to be at least s times the
			// larger; containment has no such bound.
			small, large := min(int(p.grams), len(qset)), max(int(p.grams), len(qset))
			if opt.MinContainment <= 0 && float64(small) < opt.MinScore*float64(large) {
				continue
			}
			st := ix.paraText(p)
			inter := table.count(st, pid)
			jac := float64(inter) / float64(len(qset)+int(p.grams)-inter)
			con := float64(inter) / float64(max(1, small))
			if jac < opt.MinScore && (opt.MinContainment <= 0 || con < opt.MinContainment) {
				continue
			}
			sset := gramSet(st)
			qs, qe := span(t, sset)
			ss, se := span(st, qset)
			start, end := NormSpan(n, qs, qe)
			byDoc[p.doc] = append(byDoc[p.doc], Passage{
				Paragraph: qi, Start: start, End: end,
				SourceParagraph: int(p.index), SourceNormStart: ss, SourceNormEnd: se,
				Score: jac, Containment: con,
			})
		}
	}
	out := make([]Match, 0, len(byDoc))
	for d, ps := range byDoc {
		slices.SortFunc(ps, func(a, b Passage) int {
			return cmp.Or(cmp.Compare(a.Paragraph, b.Paragraph), cmp.Compare(a.SourceParagraph, b.SourceParagraph))
		})
		m := Match{Source: ix.docs[d].meta, Passages: ps}
		for _, p := range ps {
			m.Score = max(m.Score, p.Score)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(len(b.Passages), len(a.Passages)), cmp.Compare(a.Source.ID, b.Source.ID))
	})
	return out
}
