package spell

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"math/bits"
	"sort"
	"strings"
	"unicode/utf8"
)

// wordDict is the word list searched in place: the file's bytes are kept
// whole and indexed by line, sorted bytewise, so loading costs one pass over
// the file and no map of 350,000 strings. Words sharing a prefix are
// contiguous, which is all segmentation needs.
type wordDict struct {
	blob  []byte
	start []uint32 // byte offset of each entry's word in blob
	wlen  []uint8  // byte length of each entry's word
	freq  []uint32
	name  []bool // a person's name or transliteration: never a correction
	// weakShort marks words whose part of speech makes them weak evidence
	// as a two-character correction (place names, numerals, conjunctions...).
	weakShort []bool
	// dom marks the words of the official-document list (tag dom).
	dom []bool
	// dense and other locate the words starting with each character:
	// dense for the CJK blocks, a map for the rest.
	dense []firstRange
	other map[rune]firstRange
	// logTotal is the log of the summed frequencies: log P(w) = log f - logTotal.
	logTotal float64
	// second and secondFreq list, for each first character, the characters
	// that follow it at the start of some word of two or more characters
	// that is not a name (ascending), with the largest frequency of such a
	// word; they let candidate characters be rejected without a string search.
	second     []rune
	secondFreq []uint32
	// secondAt is the first entry whose word begins with the pair; the
	// pair's entries end where the next pair's begin (or at the range's end).
	secondAt []int32
	// secondTwo is the frequency of the two-character word that is the
	// pair itself (0 if none or a name), and secondLong says whether a
	// longer word that is not a name begins with the pair: together they
	// bound the gain of a candidate before any segmentation.
	secondTwo  []uint32
	secondLong []bool
	// logTab caches log f for small frequencies, most of the dictionary.
	logTab []float64
	// pairTab finds a pair's index in second by one hash probe instead of
	// the first character's range and a binary search: each slot holds
	// a<<43 | b<<22 | k+1 (0 if empty), open addressing, linear probing.
	// Most candidate characters begin no word with their neighbour, and a
	// probe says so at the cost of about one cache miss.
	pairTab  []uint64
	pairMask uint64
	// pairBloom is a blocked Bloom filter (three bits in one word) of the
	// pairs some word that is not a name begins with: a quarter of a
	// megabyte, it stays in cache where pairTab does not, and rejects
	// nearly every candidate that forms no word with its neighbour.
	pairBloom []uint64
}

// The dense index covers CJK Extension A and the Unified Ideographs.
const denseLo, denseHi = 0x3400, 0xA000

func (d *wordDict) setFirst(r rune, rg firstRange) {
	if r >= denseLo && r < denseHi {
		d.dense[r-denseLo] = rg
	} else {
		d.other[r] = rg
	}
}

func (d *wordDict) firstOf(r rune) (firstRange, bool) {
	if r >= denseLo && r < denseHi {
		rg := d.dense[r-denseLo]
		return rg, rg.hi > rg.lo
	}
	rg, ok := d.other[r]
	return rg, ok
}

// firstRange locates the words that start with one character: entries
// [lo, hi) and their second characters second[slo:shi].
type firstRange struct{ lo, hi, slo, shi int32 }

// parseFreq reads a positive decimal frequency that fits in 32 bits.
func parseFreq(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, n > 0 && n <= math.MaxUint32
}

// tagClass reads a gse part-of-speech tag. Names: person names and
// transliterated foreign names (nr, nrt, nrfg), which help segmentation but
// are never suggested. Weak: tags of two-character words that, in tuning, were
// formed by chance in correct text far more often than they repaired a wrong
// character: place names (ns), other proper names (nz), abbreviations (j),
// numerals (m), conjunctions (c), places (s), times (t), directions (f),
// adjectives (a), descriptive words (z); and words known only from the IDF
// table (idf). A switch, not a map: it runs for every line at load.
func tagClass(tag []byte) (name, weak bool) {
	switch string(tag) {
	case "nr", "nrt", "nrfg":
		return true, false
	case "ns", "nz", "j", "m", "c", "s", "t", "f", "a", "z", "idf":
		return false, true
	}
	return false, false
}

// loadWords reads the word list; alone(r) is the least frequency a single
// character has as a word of its own.
func loadWords(fsys fs.FS, file string, alone func(r rune) uint64) (*wordDict, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	d := &wordDict{blob: b, dense: make([]firstRange, denseHi-denseLo), other: map[rune]firstRange{}}
	n := bytes.Count(b, []byte{'\n'}) + 1
	d.start = make([]uint32, 0, n)
	d.wlen = make([]uint8, 0, n)
	d.freq = make([]uint32, 0, n)
	d.name = make([]bool, 0, n)
	d.weakShort = make([]bool, 0, n)
	d.dom = make([]bool, 0, n)
	var total float64
	sorted := true
	var prev []byte
	for off, line := 0, 0; off < len(b); line++ {
		end := bytes.IndexByte(b[off:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += off
		}
		l := b[off:end]
		lineStart := off
		off = end + 1
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		if l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		t1 := bytes.IndexByte(l, '\t')
		if t1 <= 0 || t1 > 255 {
			return nil, fmt.Errorf("%s:%d: want word<TAB>frequency<TAB>tag", file, line+1)
		}
		rest := l[t1+1:]
		var tag []byte
		if t2 := bytes.IndexByte(rest, '\t'); t2 >= 0 {
			tag = rest[t2+1:]
			rest = rest[:t2]
		}
		f, ok := parseFreq(rest)
		if !ok {
			return nil, fmt.Errorf("%s:%d: bad frequency %q", file, line+1, rest)
		}
		w := l[:t1]
		if prev != nil && bytes.Compare(prev, w) >= 0 {
			sorted = false
		}
		prev = w
		d.start = append(d.start, uint32(lineStart))
		d.wlen = append(d.wlen, uint8(t1))
		d.freq = append(d.freq, uint32(f))
		name, weak := tagClass(tag)
		d.name = append(d.name, name)
		d.weakShort = append(d.weakShort, weak)
		d.dom = append(d.dom, string(tag) == "dom")
		total += float64(f)
	}
	if len(d.start) == 0 {
		return nil, fmt.Errorf("%s: no words", file)
	}
	if !sorted {
		// An organisation's own list need not be sorted; ours is.
		d.sortEntries()
	}
	if alone != nil {
		for i := range d.start {
			w := d.word(i)
			if r, size := utf8.DecodeRuneInString(w); size == len(w) {
				if f := min(alone(r), math.MaxUint32); f > uint64(d.freq[i]) {
					total += float64(f) - float64(d.freq[i])
					d.freq[i] = uint32(f)
				}
			}
		}
	}
	d.logTotal = math.Log(total)
	// Sorted entries make both indexes one sequential pass.
	d.second = make([]rune, 0, len(d.start)/2)
	d.secondFreq = make([]uint32, 0, len(d.start)/2)
	d.secondAt = make([]int32, 0, len(d.start)/2)
	d.secondTwo = make([]uint32, 0, len(d.start)/2)
	d.secondLong = make([]bool, 0, len(d.start)/2)
	var cur rune = -1
	var rg firstRange
	for i := range d.start {
		w := d.word(i)
		r, size := utf8.DecodeRuneInString(w)
		if r != cur {
			if cur >= 0 {
				d.setFirst(cur, rg)
			}
			cur = r
			n := int32(len(d.second))
			rg = firstRange{lo: int32(i), slo: n, shi: n}
		}
		rg.hi = int32(i + 1)
		if size < len(w) {
			r2, size2 := utf8.DecodeRuneInString(w[size:])
			f := d.freq[i]
			if d.name[i] {
				f = 0 // names help segmentation but never vouch for a candidate
			}
			k := len(d.second) - 1
			if !(int(rg.shi) > int(rg.slo) && d.second[k] == r2) {
				d.second = append(d.second, r2)
				d.secondFreq = append(d.secondFreq, 0)
				d.secondAt = append(d.secondAt, int32(i))
				d.secondTwo = append(d.secondTwo, 0)
				d.secondLong = append(d.secondLong, false)
				rg.shi++
				k++
			}
			d.secondFreq[k] = max(d.secondFreq[k], f)
			if size+size2 == len(w) {
				d.secondTwo[k] = f
			} else if f > 0 {
				d.secondLong[k] = true
			}
		}
	}
	d.setFirst(cur, rg)
	d.indexPairs()
	d.logTab = make([]float64, logTabSize)
	for f := 1; f < logTabSize; f++ {
		d.logTab[f] = math.Log(float64(f))
	}
	return d, nil
}

func (d *wordDict) sortEntries() {
	idx := make([]int, len(d.start))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.word(idx[a]) < d.word(idx[b]) })
	start := make([]uint32, len(idx))
	wlen := make([]uint8, len(idx))
	freq := make([]uint32, len(idx))
	name := make([]bool, len(idx))
	weak := make([]bool, len(idx))
	dom := make([]bool, len(idx))
	for to, from := range idx {
		start[to], wlen[to], freq[to], name[to], weak[to], dom[to] = d.start[from], d.wlen[from], d.freq[from], d.name[from], d.weakShort[from], d.dom[from]
	}
	d.start, d.wlen, d.freq, d.name, d.weakShort, d.dom = start, wlen, freq, name, weak, dom
}

// word returns entry i's word without copying the bytes.
func (d *wordDict) word(i int) string {
	s := d.start[i]
	return unsafeString(d.blob[s : s+uint32(d.wlen[i])])
}

// logTabSize is the reach of the log table: 2^16 entries, half a megabyte.
const logTabSize = 1 << 16

// logP is the unigram log-probability of entry i. A frequency beyond the
// table is shifted into it: log f = log(f>>s) + s·log 2, off by less than
// 1/32768 relative, far below what the thresholds resolve.
func (d *wordDict) logP(i int) float64 { return d.logF(d.freq[i]) }

// logF is the unigram log-probability of a word of frequency f > 0.
func (d *wordDict) logF(f uint32) float64 {
	if f < logTabSize {
		return d.logTab[f] - d.logTotal
	}
	s := bits.Len32(f) - 16
	return d.logTab[f>>s] + float64(s)*math.Ln2 - d.logTotal
}

// lookup returns the entry of word w, or -1.
func (d *wordDict) lookup(w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	rg, ok := d.firstOf(r)
	if !ok {
		return -1
	}
	lo, hi := int(rg.lo), int(rg.hi)
	i := lo + sort.Search(hi-lo, func(k int) bool { return d.word(lo+k) >= w })
	if i < hi && d.word(i) == w {
		return i
	}
	return -1
}

// prefixRange returns the entries whose word starts with p.
func (d *wordDict) prefixRange(p string) (lo, hi int) {
	r, _ := utf8.DecodeRuneInString(p)
	rg, ok := d.firstOf(r)
	if !ok {
		return 0, 0
	}
	lo, hi = int(rg.lo), int(rg.hi)
	// Narrow by the second character first: an integer search.
	if _, size := utf8.DecodeRuneInString(p); size < len(p) {
		r2, _ := utf8.DecodeRuneInString(p[size:])
		k := d.pairK(r, r2)
		if k < 0 {
			return 0, 0
		}
		lo = int(d.secondAt[k])
		if k+1 < int(rg.shi) {
			hi = int(d.secondAt[k+1])
		}
	}
	lo = d.lowerBound(lo, hi, p)
	// The words with prefix p follow lo contiguously.
	top := hi
	for lo2 := lo; lo2 < top; {
		m := int(uint(lo2+top) >> 1)
		if strings.HasPrefix(d.word(m), p) {
			lo2 = m + 1
		} else {
			top = m
		}
	}
	return lo, top
}

// lowerBound returns the first entry in [lo, hi) whose word is >= p.
func (d *wordDict) lowerBound(lo, hi int, p string) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.word(m) < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// pairFreq returns the largest frequency of a word that is not a name and
// begins with a, b; 0 if there is none.
func (d *wordDict) pairFreq(a, b rune) uint32 {
	if !d.maybePair(a, b) {
		return 0
	}
	if k := d.pairK(a, b); k >= 0 {
		return d.secondFreq[k]
	}
	return 0
}

// pairInfo returns the frequency of the two-character word a b (0 if there
// is none or it is a name), whether a longer word that is not a name begins
// with a b, and the largest frequency of a word that begins with a b.
func (d *wordDict) pairInfo(a, b rune) (two uint32, long bool, most uint32) {
	if !d.maybePair(a, b) {
		return 0, false, 0
	}
	if k := d.pairK(a, b); k >= 0 {
		return d.secondTwo[k], d.secondLong[k], d.secondFreq[k]
	}
	return 0, false, 0
}

// Layout of a pairTab slot: the pair's characters above pairValBits bits
// that hold its index in second, plus one.
const (
	pairValBits = 22
	pairValMask = 1<<pairValBits - 1
)

func pairKey(a, b rune) uint64 { return uint64(uint32(a))<<21 | uint64(uint32(b)) }

func pairSlot(key, mask uint64) uint64 { return (key * 0x9E3779B97F4A7C15 >> 32) & mask }

// indexPairs lays out pairTab over the pairs of second, at most 3/8 full.
func (d *wordDict) indexPairs() {
	size := uint64(1 << 10)
	for size*3 < uint64(len(d.second))*8 {
		size <<= 1
	}
	if len(d.second) >= pairValMask {
		panic("spell: too many word beginnings")
	}
	d.pairTab = make([]uint64, size)
	d.pairMask = size - 1
	d.pairBloom = make([]uint64, 1<<pairBloomBits)
	add := func(a rune, rg firstRange) {
		for k := rg.slo; k < rg.shi; k++ {
			key := pairKey(a, d.second[k])
			if d.secondFreq[k] > 0 {
				w, m := pairBloomAt(key)
				d.pairBloom[w] |= m
			}
			h := pairSlot(key, d.pairMask)
			for d.pairTab[h] != 0 {
				h = (h + 1) & d.pairMask
			}
			d.pairTab[h] = key<<pairValBits | uint64(k+1)
		}
	}
	for i, rg := range d.dense {
		add(rune(denseLo+i), rg)
	}
	for a, rg := range d.other {
		add(a, rg)
	}
}

// pairBloomBits is log2 of the Bloom filter's words: 2^21 bits for some
// 190,000 pairs, about 2% false positives.
const pairBloomBits = 15

// pairBloomAt returns the word of pairBloom a key falls in and its bits.
func pairBloomAt(key uint64) (int, uint64) {
	h := key * 0xD6E8FEB86659FD93
	h ^= h >> 29
	return int(h >> (64 - pairBloomBits)), 1<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63)
}

// maybePair says whether some word that is not a name may begin with a b;
// false is certain.
func (d *wordDict) maybePair(a, b rune) bool {
	w, m := pairBloomAt(pairKey(a, b))
	return d.pairBloom[w]&m == m
}

// pairK returns the index in second of the pair a b, or -1: some word
// begins with a b.
func (d *wordDict) pairK(a, b rune) int {
	key := pairKey(a, b)
	for h := pairSlot(key, d.pairMask); ; h = (h + 1) & d.pairMask {
		v := d.pairTab[h]
		if v == 0 {
			return -1
		}
		if v>>pairValBits == key {
			return int(v&pairValMask) - 1
		}
	}
}

// scanLines calls fn for each non-comment line of a tab-separated file.
func scanLines(fsys fs.FS, file string, fn func(line int, fields []string) error) error {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" || l[0] == '#' {
			continue
		}
		if err := fn(n, strings.Split(l, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", file, n, err)
		}
	}
	return sc.Err()
}
