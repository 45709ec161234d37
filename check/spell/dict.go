package spell

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
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
	first     map[rune]firstRange
	// logTotal is the log of the summed frequencies: log P(w) = log f - logTotal.
	logTotal float64
	// second and secondFreq list, for each first character, the characters
	// that follow it at the start of some word of two or more characters
	// that is not a name (ascending), with the largest frequency of such a
	// word; they let candidate characters be rejected without a string search.
	second     []rune
	secondFreq []uint32
}

// firstRange locates the words that start with one character: entries
// [lo, hi) and their second characters second[slo:shi].
type firstRange struct{ lo, hi, slo, shi int32 }

// nameTags are gse part-of-speech tags for person names and transliterated
// foreign names; such entries help segmentation but are never suggested.
var nameTags = map[string]bool{"nr": true, "nrt": true, "nrfg": true}

// weakShortTags are gse part-of-speech tags of two-character words that, in
// tuning, were formed by chance in correct text far more often than they
// repaired a wrong character: place names (ns), other proper names (nz),
// abbreviations (j), numerals (m), conjunctions (c), places (s), times (t),
// directions (f), adjectives (a), descriptive words (z); and words known only
// from the IDF table.
var weakShortTags = map[string]bool{"ns": true, "nz": true, "j": true, "m": true, "c": true, "s": true, "t": true, "f": true, "a": true, "z": true, "idf": true}

// loadWords reads the word list; alone(r) is the least frequency a single
// character has as a word of its own.
func loadWords(fsys fs.FS, file string, alone func(rune) uint32) (*wordDict, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	d := &wordDict{blob: b, first: make(map[rune]firstRange, 16384)}
	n := bytes.Count(b, []byte{'\n'}) + 1
	d.start = make([]uint32, 0, n)
	d.wlen = make([]uint8, 0, n)
	d.freq = make([]uint32, 0, n)
	d.name = make([]bool, 0, n)
	d.weakShort = make([]bool, 0, n)
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
		l = bytes.TrimSuffix(l, []byte{'\r'})
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
		f, err := strconv.ParseUint(string(rest), 10, 32)
		if err != nil || f == 0 {
			return nil, fmt.Errorf("%s:%d: bad frequency %q", file, line+1, rest)
		}
		w := l[:t1]
		if r, size := utf8.DecodeRune(w); size == len(w) {
			f = max(f, uint64(alone(r)))
		}
		if prev != nil && bytes.Compare(prev, w) >= 0 {
			sorted = false
		}
		prev = w
		d.start = append(d.start, uint32(lineStart))
		d.wlen = append(d.wlen, uint8(t1))
		d.freq = append(d.freq, uint32(f))
		d.name = append(d.name, nameTags[string(tag)])
		d.weakShort = append(d.weakShort, weakShortTags[string(tag)])
		total += float64(f)
	}
	if len(d.start) == 0 {
		return nil, fmt.Errorf("%s: no words", file)
	}
	if !sorted {
		// An organisation's own list need not be sorted; ours is.
		d.sortEntries()
	}
	d.logTotal = math.Log(total)
	// Sorted entries make both indexes one sequential pass.
	var cur rune = -1
	var rg firstRange
	for i := range d.start {
		w := d.word(i)
		r, size := utf8.DecodeRuneInString(w)
		if r != cur {
			if cur >= 0 {
				d.first[cur] = rg
			}
			cur = r
			n := int32(len(d.second))
			rg = firstRange{lo: int32(i), slo: n, shi: n}
		}
		rg.hi = int32(i + 1)
		if size < len(w) && !d.name[i] {
			r2, _ := utf8.DecodeRuneInString(w[size:])
			if k := len(d.second) - 1; int(rg.shi) > int(rg.slo) && d.second[k] == r2 {
				d.secondFreq[k] = max(d.secondFreq[k], d.freq[i])
			} else {
				d.second = append(d.second, r2)
				d.secondFreq = append(d.secondFreq, d.freq[i])
				rg.shi++
			}
		}
	}
	d.first[cur] = rg
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
	for to, from := range idx {
		start[to], wlen[to], freq[to], name[to], weak[to] = d.start[from], d.wlen[from], d.freq[from], d.name[from], d.weakShort[from]
	}
	d.start, d.wlen, d.freq, d.name, d.weakShort = start, wlen, freq, name, weak
}

// word returns entry i's word without copying the bytes.
func (d *wordDict) word(i int) string {
	s := d.start[i]
	return unsafeString(d.blob[s : s+uint32(d.wlen[i])])
}

// logP is the unigram log-probability of entry i.
func (d *wordDict) logP(i int) float64 { return math.Log(float64(d.freq[i])) - d.logTotal }

// lookup returns the entry of word w, or -1.
func (d *wordDict) lookup(w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	rg, ok := d.first[r]
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
	rg, ok := d.first[r]
	if !ok {
		return 0, 0
	}
	lo, hi = int(rg.lo), int(rg.hi)
	lo += sort.Search(hi-lo, func(k int) bool { return d.word(lo+k) >= p })
	hi = lo + sort.Search(hi-lo, func(k int) bool { return !strings.HasPrefix(d.word(lo+k), p) })
	return lo, hi
}

// pairFreq returns the largest frequency of a word that is not a name and
// begins with a, b; 0 if there is none.
func (d *wordDict) pairFreq(a, b rune) uint32 {
	rg, ok := d.first[a]
	if !ok {
		return 0
	}
	sec := d.second[rg.slo:rg.shi]
	k, found := sort.Find(len(sec), func(k int) int { return int(b) - int(sec[k]) })
	if !found {
		return 0
	}
	return d.secondFreq[int(rg.slo)+k]
}

// matches calls fn for every entry that is a prefix-word of s starting at
// rune offsets offs[i]: fn(j, entry) where s[offs[i]:offs[j]] is the word.
// It narrows one sorted range as the prefix grows, so a start that begins no
// word costs one map look-up.
func (d *wordDict) matches(s string, offs []int, i, maxRunes int, fn func(j, entry int)) {
	r, _ := utf8.DecodeRuneInString(s[offs[i]:])
	rg, ok := d.first[r]
	if !ok {
		return
	}
	lo, hi := int(rg.lo), int(rg.hi)
	if d.word(lo) == s[offs[i]:offs[i+1]] {
		fn(i+1, lo)
	}
	last := len(offs) - 1
	for j := i + 2; j <= last && j-i <= maxRunes; j++ {
		p := s[offs[i]:offs[j]]
		lo += sort.Search(hi-lo, func(k int) bool { return d.word(lo+k) >= p })
		if lo >= hi {
			return
		}
		w := d.word(lo)
		if !strings.HasPrefix(w, p) {
			return
		}
		if len(w) == len(p) {
			fn(j, lo)
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
