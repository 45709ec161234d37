package similar

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
)

// Parameters of the engine; the package documentation says why.
const (
	// Gram is the length of the character n-grams, in normalised runes.
	Gram = 5
	// Window is the winnowing window, in n-grams: every run of Window+Gram-1
	// = 14 normalised runes shared by two paragraphs shares a fingerprint.
	Window = 10
	// MinRunes is the shortest paragraph, in normalised runes, that is
	// indexed and matched; shorter ones are headings and salutations.
	MinRunes = 20
	// DefaultMinScore is the 5-gram Jaccard similarity from which two
	// paragraphs count as sharing a passage.
	DefaultMinScore = 0.5
	// maxPostings is the number of paragraphs beyond which a fingerprint is
	// too common to seed candidates (boilerplate every report has); such a
	// paragraph is still found through its rarer fingerprints.
	maxPostings = 1000
	// minProbes is the least number of a query paragraph's fingerprints
	// probed, the rarest first, however common they are. Measured on 200
	// queries against 100,000 generated documents (simeval -scale -recall,
	// exact truth 2,284 pairs): with 2 probed and maxPostings 500, recall
	// 0.777 and 14,000 candidates scored per document (median 27 ms); with
	// maxPostings 1,000 and 10 probed, recall 0.949 in 5.0 ms; 11, 0.962
	// in 5.7 ms; 12, 0.969 in 7.5 ms. 11 keeps a margin on both targets.
	minProbes = 11
	// candidateJaccard is the least Jaccard similarity of the fingerprint
	// sets (estimated from the probed ones) of a candidate worth scoring
	// exactly: at 5-gram Jaccard 0.5 it is about 0.5 too, with a spread of
	// about ±0.1 on a paragraph of 200 characters; the estimate from the
	// rarest fingerprints runs low, hence the margin.
	candidateJaccard = 0.2
	// candidateShare is the share of a query paragraph's probed fingerprints
	// a candidate must hold before its exact similarity is computed. A pair
	// at Jaccard 0.5 shares about two thirds of its fingerprints, but fewer
	// of the rarest, which are the ones probed.
	candidateShare = 0.3
	// chunkUnits is the size of one block of the text store, in 16-bit units.
	chunkUnits = 1 << 20
)

// Kind says what an indexed document is.
type Kind string

// Kinds of indexed documents.
const (
	KindReport   Kind = "report"
	KindTemplate Kind = "template" // a model essay (范文) from a template website
)

// Meta describes an indexed document; the index returns it with every match.
type Meta struct {
	ID    string `json:"id"`
	Owner string `json:"owner,omitempty"`
	Unit  string `json:"unit,omitempty"`
	Year  int    `json:"year,omitempty"`
	Kind  Kind   `json:"kind,omitempty"`
}

// ErrDuplicate is returned by Add for an ID that is already indexed.
var ErrDuplicate = errors.New("similar: document already indexed")

type docEntry struct {
	meta    Meta
	removed bool
}

// para is one indexed paragraph; its normalised text is kept (16 bits a
// character) so that candidates are scored exactly.
type para struct {
	doc   int32
	index int32 // paragraph number in the document, from 0
	chunk int32
	off   int32
	n     int32 // normalised runes
	grams int32 // distinct n-grams
	fps   int32 // fingerprints
}

// Index finds the paragraphs a text shares with the documents added to it.
// It is safe for concurrent use.
type Index struct {
	mu      sync.RWMutex
	docs    []docEntry
	byID    map[string]int32
	paras   []para
	chunks  [][]uint16
	segs    [][]uint64 // sorted postings, fingerprint<<32 | paragraph
	pending [][]uint64 // postings added since the last query, in blocks
	live    int
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[string]int32{}}
}

// Len returns the number of documents in the index, removed ones excluded.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

type prepPara struct {
	index int
	text  []uint16
	grams int
	fps   []uint32
	nfps  int // len(fps) when fps are not given (Decode)
}

// prepare does the work of Add that needs no lock.
func prepare(paragraphs []string) []prepPara {
	var out []prepPara
	for i, p := range paragraphs {
		n := Normalize(p)
		if len(n.Runes) < MinRunes {
			continue
		}
		text := units(n.Runes)
		hs := gramHashes(text)
		fps := winnow(hs)
		slices.Sort(hs)
		out = append(out, prepPara{index: i, text: text, grams: len(slices.Compact(hs)), fps: fps})
	}
	return out
}

func units(rs []rune) []uint16 {
	u := make([]uint16, len(rs))
	for i, r := range rs {
		u[i] = uint16(r) // Normalize keeps runes within the BMP
	}
	return u
}

// Add indexes a document given as its paragraphs (Document.Paragraphs'
// texts, or Paragraphs(text)). Passages report paragraphs by their index in
// this slice. Add returns ErrDuplicate if meta.ID is already indexed.
func (ix *Index) Add(meta Meta, paragraphs []string) error {
	pp := prepare(paragraphs)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.byID[meta.ID]; ok {
		return fmt.Errorf("%w: %q", ErrDuplicate, meta.ID)
	}
	d := int32(len(ix.docs))
	ix.docs = append(ix.docs, docEntry{meta: meta})
	ix.byID[meta.ID] = d
	ix.live++
	for _, p := range pp {
		ix.addPara(d, p)
	}
	return nil
}

func (ix *Index) addPara(d int32, p prepPara) {
	pid := uint64(len(ix.paras))
	c := len(ix.chunks) - 1
	if c < 0 || len(ix.chunks[c])+len(p.text) > cap(ix.chunks[c]) {
		ix.chunks = append(ix.chunks, make([]uint16, 0, max(chunkUnits, len(p.text))))
		c++
	}
	off := len(ix.chunks[c])
	ix.chunks[c] = append(ix.chunks[c], p.text...)
	ix.paras = append(ix.paras, para{doc: d, index: int32(p.index), chunk: int32(c), off: int32(off), n: int32(len(p.text)), grams: int32(p.grams), fps: int32(max(len(p.fps), p.nfps))})
	for _, fp := range p.fps {
		ix.addPending(uint64(fp)<<32 | pid)
	}
}

// Remove takes a document out of the index (a report deleted, or replaced
// by a new version under another ID). Its space is reclaimed by the next
// Encode/Decode. It reports whether the ID was indexed.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	d, ok := ix.byID[id]
	if !ok {
		return false
	}
	delete(ix.byID, id)
	ix.docs[d].removed = true
	ix.live--
	return true
}

// pendingBlock is the largest block of pending postings (8 MiB). Blocks,
// not one growing slice, so that bulk loading 100,000 documents does not
// hold a doubled copy of 25 million postings while the slice grows.
const pendingBlock = 1 << 20

func (ix *Index) addPending(v uint64) {
	n := len(ix.pending)
	if n == 0 || len(ix.pending[n-1]) == cap(ix.pending[n-1]) {
		size := 1024
		if n > 0 {
			size = min(pendingBlock, 2*cap(ix.pending[n-1]))
		}
		ix.pending = append(ix.pending, make([]uint64, 0, size))
		n++
	}
	ix.pending[n-1] = append(ix.pending[n-1], v)
}

// seal sorts the pending postings into a segment and merges segments of
// similar size, so a query probes few sorted arrays (log of the number of
// adds in the worst case) and bulk loading sorts once.
func (ix *Index) seal() {
	if len(ix.pending) == 0 {
		return
	}
	total := 0
	for _, b := range ix.pending {
		total += len(b)
	}
	seg := make([]uint64, 0, total)
	for _, b := range ix.pending {
		seg = append(seg, b...)
	}
	ix.pending = nil
	slices.Sort(seg)
	ix.segs = append(ix.segs, seg)
	for len(ix.segs) > 1 {
		a, b := ix.segs[len(ix.segs)-2], ix.segs[len(ix.segs)-1]
		if len(b)*2 < len(a) {
			break
		}
		ix.segs = append(ix.segs[:len(ix.segs)-2], mergeSorted(a, b))
	}
}

func mergeSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// postings returns, per segment, the postings of one fingerprint.
func (ix *Index) postings(fp uint32, dst [][]uint64) ([][]uint64, int) {
	lo, hi := uint64(fp)<<32, uint64(fp)<<32|0xFFFFFFFF
	n := 0
	dst = dst[:0]
	for _, s := range ix.segs {
		i := sort.Search(len(s), func(k int) bool { return s[k] >= lo })
		j := i + sort.Search(len(s)-i, func(k int) bool { return s[i+k] > hi })
		if j > i {
			dst = append(dst, s[i:j])
			n += j - i
		}
	}
	return dst, n
}

// paraText returns an indexed paragraph's normalised text.
func (ix *Index) paraText(p *para) []uint16 {
	return ix.chunks[p.chunk][p.off : p.off+p.n]
}
