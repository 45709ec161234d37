package similar

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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

// gramTable is an open-addressing set of a query paragraph's n-grams, keyed
// by the n-gram itself (four characters packed in 64 bits and the fifth), so
// a lookup is exact and costs one multiplication, not the fingerprint hash.
// A candidate is scored by one pass over its text, without sorting: the
// stamp of a slot says which candidate last counted it, so a repeated n-gram
// of the candidate counts once; each slot keeps the first and last position
// of its n-gram in the query, so the same pass yields both spans.
type gramTable struct {
	keys   []uint64 // first four characters; 0 marks an empty slot
	fifth  []uint16
	stamps []int32
	first  []int32
	last   []int32
	shift  uint
	size   int // distinct n-grams
}

// pack returns the first four characters of the n-gram at text[i:].
func pack(t []uint16, i int) uint64 {
	return uint64(t[i]) | uint64(t[i+1])<<16 | uint64(t[i+2])<<32 | uint64(t[i+3])<<48
}

func (t *gramTable) slot(x uint64, y uint16) uint64 {
	return (x*0x9E3779B97F4A7C15 ^ uint64(y)*0xC2B2AE3D27D4EB4F) >> t.shift
}

// reset fills the table with the n-grams of a normalised query text.
func (t *gramTable) reset(text []uint16) {
	n := max(0, len(text)-Gram+1)
	size, bits := 1, uint(0)
	for size < 2*n+2 {
		size <<= 1
		bits++
	}
	if cap(t.keys) < size {
		t.keys, t.fifth, t.stamps = make([]uint64, size), make([]uint16, size), make([]int32, size)
		t.first, t.last = make([]int32, size), make([]int32, size)
	}
	t.keys, t.fifth, t.stamps = t.keys[:size], t.fifth[:size], t.stamps[:size]
	t.first, t.last = t.first[:size], t.last[:size]
	clear(t.keys)
	for i := range t.stamps {
		t.stamps[i] = -1
	}
	t.shift = 64 - bits
	mask := uint64(size - 1)
	t.size = 0
	for i := 0; i < n; i++ {
		x, y := pack(text, i), text[i+4]
		j := t.slot(x, y)
		for t.keys[j] != 0 && (t.keys[j] != x || t.fifth[j] != y) {
			j = (j + 1) & mask
		}
		if t.keys[j] == 0 {
			t.keys[j], t.fifth[j], t.first[j] = x, y, int32(i)
			t.size++
		}
		t.last[j] = int32(i)
	}
}

// overlap is what one pass of a candidate over the table finds: the number
// of distinct shared n-grams, and the normalised spans they cover in the
// query (q) and in the candidate (s), from the first shared n-gram to the
// end of the last.
type overlap struct {
	inter          int
	qs, qe, ss, se int
}

// score counts the distinct n-grams of text that are in the table. The
// n-gram's first four characters are shifted in one at a time.
func (t *gramTable) score(text []uint16, stamp int32) overlap {
	o := overlap{qs: -1, ss: -1}
	if len(text) < Gram {
		return overlap{}
	}
	mask := uint64(len(t.keys) - 1)
	keys, fifth := t.keys, t.fifth
	x := uint64(text[0])<<16 | uint64(text[1])<<32 | uint64(text[2])<<48
	for i, y := range text[Gram-1:] {
		x = x>>16 | uint64(text[i+3])<<48
		for j := t.slot(x, y); keys[j] != 0; j = (j + 1) & mask {
			if keys[j] == x && fifth[j] == y {
				if o.ss < 0 {
					o.ss = i
				}
				o.se = i + Gram
				if t.stamps[j] != stamp {
					t.stamps[j] = stamp
					o.inter++
					if f := int(t.first[j]); o.qs < 0 || f < o.qs {
						o.qs = f
					}
					o.qe = max(o.qe, int(t.last[j])+Gram)
				}
				break
			}
		}
	}
	o.qs, o.ss = max(o.qs, 0), max(o.ss, 0)
	return o
}

// scratch is a query's per-paragraph candidate counters, reused across
// queries: a count per indexed paragraph is cheaper than a map, and only the
// touched entries are reset.
type scratch struct {
	counts  []int32
	touched []int32
	probes  []probe
	table   gramTable
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

// DefaultMinContainment is the containment above which the platform and
// the command line also report a pair below DefaultMinScore: a template
// paragraph pasted whole into a longer one.
const DefaultMinContainment = 0.8

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
// of the queried paragraphs. Paragraphs are queried on up to GOMAXPROCS
// goroutines, each with its own counters.
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

	workers := min(runtime.GOMAXPROCS(0), len(paragraphs)/4+1)
	results := make([][]found, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			sc := scratchPool.Get().(*scratch)
			defer scratchPool.Put(sc)
			if len(sc.counts) < len(ix.paras) {
				sc.counts = make([]int32, len(ix.paras)+len(ix.paras)/4)
			}
			for {
				qi := int(next.Add(1) - 1)
				if qi >= len(paragraphs) {
					break
				}
				results[w] = ix.queryParagraph(qi, paragraphs[qi], exclude, opt, sc, results[w])
			}
		})
	}
	wg.Wait()

	byDoc := map[int32][]Passage{}
	for _, r := range results {
		for _, f := range r {
			byDoc[f.doc] = append(byDoc[f.doc], f.p)
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

// found is a passage of the queried text and the document it was found in.
type found struct {
	doc int32
	p   Passage
}

type probe struct {
	lists [][]uint64
	n     int
}

// queryParagraph appends to out the passages paragraph qi shares with
// indexed paragraphs. The caller holds the read lock.
func (ix *Index) queryParagraph(qi int, text string, exclude int32, opt QueryOptions, sc *scratch, out []found) []found {
	n := Normalize(text)
	if len(n.Runes) < MinRunes {
		return out
	}
	t := units(n.Runes)
	fps := winnow(gramHashes(t))
	table := &sc.table
	table.reset(t)
	qgrams := table.size
	probes := sc.probes[:0]
	for _, fp := range fps {
		lists, c := ix.postings(fp, nil)
		if c > 0 {
			probes = append(probes, probe{lists, c})
		}
	}
	sc.probes = probes
	// Common fingerprints are skipped, but every paragraph probes at
	// least its minProbes rarest: with only two probed, one shared
	// fingerprint made a candidate, and in 100,000 reports built of
	// stock phrases that was 14,000 candidates to score per document
	// while true pairs whose rare fingerprints were not shared were lost.
	slices.SortFunc(probes, func(a, b probe) int { return cmp.Compare(a.n, b.n) })
	use := 0
	for use < len(probes) && (probes[use].n <= maxPostings || use < minProbes) {
		use++
	}
	counts := sc.counts
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
	// Fingerprints seen through common postings were not counted: the
	// estimate compares the probed share of both sides.
	probed := float64(use) / float64(max(1, len(probes)))
	for _, pid := range touched {
		c := counts[pid]
		counts[pid] = 0
		if c < need {
			continue
		}
		p := &ix.paras[pid]
		if opt.MinContainment <= 0 && float64(c) < candidateJaccard*(float64(use)+probed*float64(p.fps)-float64(c)) {
			continue
		}
		if p.doc == exclude || ix.docs[p.doc].removed {
			continue
		}
		// Jaccard ≥ s needs the smaller set to be at least s times the
		// larger; containment has no such bound.
		small, large := min(int(p.grams), qgrams), max(int(p.grams), qgrams)
		if opt.MinContainment <= 0 && float64(small) < opt.MinScore*float64(large) {
			continue
		}
		st := ix.paraText(p)
		o := table.score(st, pid)
		jac := float64(o.inter) / float64(qgrams+int(p.grams)-o.inter)
		con := float64(o.inter) / float64(max(1, small))
		if jac < opt.MinScore && (opt.MinContainment <= 0 || con < opt.MinContainment) {
			continue
		}
		start, end := NormSpan(n, o.qs, o.qe)
		out = append(out, found{p.doc, Passage{
			Paragraph: qi, Start: start, End: end,
			SourceParagraph: int(p.index), SourceNormStart: o.ss, SourceNormEnd: o.se,
			Score: jac, Containment: con,
		}})
	}
	return out
}
