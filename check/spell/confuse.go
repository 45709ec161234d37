package spell

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// confusables knows which characters are written for which: sound-alike
// characters share a toneless syllable (from go-pinyin's readings), shape-alike
// characters share a line of the editorial 形近字 list.
type confusables struct {
	syllables map[rune][]string // toneless readings of a character
	charFreq  map[rune]uint32   // how often the character occurs in the word list
	bySyl     map[string][]rune // common characters of each reading
	shape     map[rune][]rune
	// coded holds the shape-alike characters by Cangjie code (ShapeCodesFile).
	coded *codeList
	// fuzzy maps a reading to the readings an input method's fuzzy
	// matching takes for it (zh/z, in/ing, ...).
	fuzzy map[string][]string
	// minCharFreq is the least frequency of a character in bySyl;
	// fuzzyMinFreq and codeMinFreq that of a fuzzy or code alternative.
	minCharFreq, fuzzyMinFreq, codeMinFreq uint32
	// Reading ids of the characters U+4E00–U+9FFF: those of r are
	// sylFlat[sylStart[r-hanLo]:sylStart[r-hanLo+1]]; nSyl readings in all.
	sylStart []uint32
	sylFlat  []uint16
	nSyl     int
	// cache holds each character's candidates once each has been asked for.
	cache []atomic.Pointer[[]candRune]
}

// The block whose characters have reading ids.
const hanLo, hanHi = 0x4E00, 0xA000

func loadConfusables(fsys fs.FS, pinyinFile, shapeFile, codesFile string, minCharFreq uint32) (*confusables, error) {
	c := &confusables{
		syllables:   make(map[rune][]string, 21000),
		charFreq:    make(map[rune]uint32, 21000),
		bySyl:       make(map[string][]rune, 512),
		shape:       make(map[rune][]rune, 2048),
		minCharFreq: minCharFreq,
		cache:       make([]atomic.Pointer[[]candRune], hanHi-hanLo),
	}
	err := scanLines(fsys, pinyinFile, func(_ int, f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("want character<TAB>readings<TAB>frequency")
		}
		r, size := utf8.DecodeRuneInString(f[0])
		if size != len(f[0]) || r == utf8.RuneError {
			return fmt.Errorf("want one character, got %q", f[0])
		}
		n, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			return fmt.Errorf("bad frequency %q", f[2])
		}
		sy := strings.Fields(f[1])
		c.syllables[r] = sy
		c.charFreq[r] = uint32(n)
		if uint32(n) >= minCharFreq {
			for _, s := range sy {
				c.bySyl[s] = append(c.bySyl[s], r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.indexReadings()
	err = scanLines(fsys, shapeFile, func(_ int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want characters<TAB>source")
		}
		var group []rune
		for _, s := range strings.Fields(f[0]) {
			r, size := utf8.DecodeRuneInString(s)
			if size != len(s) {
				return fmt.Errorf("want single characters separated by spaces, got %q", s)
			}
			group = append(group, r)
		}
		for _, a := range group {
			for _, b := range group {
				if a != b && !containsRune(c.shape[a], b) {
					c.shape[a] = append(c.shape[a], b)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.coded, err = loadCodeList(fsys, codesFile); err != nil {
		return nil, err
	}
	c.fuzzy = fuzzyReadings(c.bySyl)
	return c, nil
}

// fuzzyInitials and fuzzyFinals are the sound distinctions that pinyin input
// methods let a typist blur (模糊音, as in sunpinyin, libpinyin and Rime):
// retroflex and flat initials, n and l, h and f, r and l, and front and back
// nasal finals. A character typed through such a blur is a sound-alike of a
// weaker kind.
var (
	fuzzyInitials = map[string]string{"zh": "z", "z": "zh", "ch": "c", "c": "ch", "sh": "s", "s": "sh", "n": "l", "l": "n", "h": "f", "f": "h", "r": "l"}
	fuzzyFinals   = [...][2]string{{"ang", "an"}, {"eng", "en"}, {"ing", "in"}}
)

// fuzzyReadings maps each reading to the existing readings one blur away.
func fuzzyReadings(bySyl map[string][]rune) map[string][]string {
	out := make(map[string][]string, len(bySyl))
	add := func(s, t string) {
		if _, ok := bySyl[t]; ok && t != s && !slices.Contains(out[s], t) {
			out[s] = append(out[s], t)
		}
	}
	for s := range bySyl {
		initial := ""
		for _, i := range [...]string{"zh", "ch", "sh", "z", "c", "s", "n", "l", "h", "f", "r"} {
			if strings.HasPrefix(s, i) {
				initial = i
				break
			}
		}
		if t, ok := fuzzyInitials[initial]; ok {
			add(s, t+s[len(initial):])
		}
		for _, p := range fuzzyFinals {
			switch {
			case strings.HasSuffix(s, p[0]):
				add(s, strings.TrimSuffix(s, p[0])+p[1])
			case strings.HasSuffix(s, p[1]):
				add(s, strings.TrimSuffix(s, p[1])+p[0])
			}
		}
	}
	return out
}

// kind says how a candidate character resembles the written one.
type kind uint8

const (
	soundAlike kind = iota + 1 // same syllable, any tone
	shapeAlike                 // same line of the 形近字 list
	fuzzyAlike                 // a syllable one input-method blur away (zh/z, in/ing)
	codeAlike                  // Cangjie codes one part apart
)

// candidates returns every character that may have been meant for r,
// sound-alike characters first. The list of a character of the CJK block is
// made on its first use and kept: the maps and reading comparisons that make
// it cost far more than walking it.
func (c *confusables) candidates(r rune) []candRune {
	if r < hanLo || r >= hanHi {
		var made []candRune
		c.walk(r, func(x rune, k kind) { made = append(made, candRune{x, k}) })
		return made
	}
	slot := &c.cache[r-hanLo]
	l := slot.Load()
	if l == nil {
		var made []candRune
		c.walk(r, func(x rune, k kind) { made = append(made, candRune{x, k}) })
		l = &made
		slot.Store(l) // a race stores an equal list: harmless
	}
	return *l
}

// candRune is one character of a cached candidate list.
type candRune struct {
	r rune
	k kind
}

func (c *confusables) walk(r rune, fn func(cand rune, k kind)) {
	sy := c.syllables[r]
	sounds := sy
	if strings.ContainsRune(particles, r) && len(sy) > 1 {
		sounds = sy[:1] // 的 read dì is rare: 党的十九届 is no slip for 第
	}
	for n, s := range sounds {
		for _, x := range c.bySyl[s] {
			if x != r && !(n > 0 && shares(c.syllables[x], sy[:n])) {
				fn(x, soundAlike)
			}
		}
	}
	var seen []rune
	for _, x := range c.shape[r] {
		seen = append(seen, x)
		if c.charFreq[x] >= c.minCharFreq && shares(c.syllables[x], sy) {
			continue // already tried as sound-alike
		}
		fn(x, shapeAlike)
	}
	for _, s := range sy {
		for _, t := range c.fuzzy[s] {
			for _, x := range c.bySyl[t] {
				if x != r && c.charFreq[x] >= c.fuzzyMinFreq && !shares(c.syllables[x], sy) && !containsRune(seen, x) {
					seen = append(seen, x)
					fn(x, fuzzyAlike)
				}
			}
		}
	}
	for _, x := range c.coded.alternatives(r) {
		if x == r || c.charFreq[x] < c.codeMinFreq || shares(c.syllables[x], sy) || containsRune(seen, x) {
			continue
		}
		seen = append(seen, x)
		fn(x, codeAlike)
	}
}

// shares says whether the two lists of readings have one in common.
func shares(a, b []string) bool {
	for _, s := range a {
		for _, t := range b {
			if s == t {
				return true
			}
		}
	}
	return false
}

// indexReadings numbers the readings and lays out each character's ids.
func (c *confusables) indexReadings() {
	ids := make(map[string]uint16, len(c.bySyl)+64)
	c.sylStart = make([]uint32, hanHi-hanLo+1)
	c.sylFlat = make([]uint16, 0, hanHi-hanLo)
	for r := rune(hanLo); r < hanHi; r++ {
		for _, s := range c.syllables[r] {
			id, ok := ids[s]
			if !ok {
				id = uint16(len(ids))
				ids[s] = id
			}
			c.sylFlat = append(c.sylFlat, id)
		}
		c.sylStart[r-hanLo+1] = uint32(len(c.sylFlat))
	}
	c.nSyl = len(ids)
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// codeList is ShapeCodesFile read in place: each character's line is found
// by binary search and its alternatives decoded when first asked for (the
// candidate cache keeps them), so loading costs one pass over the bytes.
type codeList struct {
	blob  []byte
	chars []rune   // the characters with a line, ascending
	alt   [][2]int // blob[alt[i][0]:alt[i][1]] holds chars[i]'s alternatives
}

// loadCodeList reads a file of lines "character<TAB>characters<TAB>source",
// sorted by character; '#' starts a comment line.
func loadCodeList(fsys fs.FS, file string) (*codeList, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	l := &codeList{blob: b}
	for off, line := 0, 1; off < len(b); line++ {
		end := bytes.IndexByte(b[off:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += off
		}
		start := off
		ln := b[off:end]
		off = end + 1
		if len(ln) == 0 || ln[0] == '#' || (len(ln) == 1 && ln[0] == '\r') {
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %s", file, line, why) }
		t1 := bytes.IndexByte(ln, '\t')
		if t1 < 0 {
			return nil, bad("want character<TAB>characters<TAB>source")
		}
		r, size := utf8.DecodeRune(ln[:t1])
		if size != t1 || r == utf8.RuneError {
			return nil, bad(fmt.Sprintf("want one character, got %q", ln[:t1]))
		}
		rest := ln[t1+1:]
		t2 := bytes.IndexByte(rest, '\t')
		if t2 <= 0 {
			return nil, bad("want character<TAB>characters<TAB>source")
		}
		if !utf8.Valid(rest[:t2]) || bytes.ContainsAny(rest[:t2], " \t") {
			return nil, bad(fmt.Sprintf("want characters without spaces, got %q", rest[:t2]))
		}
		if n := len(l.chars); n > 0 && l.chars[n-1] >= r {
			return nil, bad(fmt.Sprintf("%c out of order: lines must be sorted by character, once each", r))
		}
		l.chars = append(l.chars, r)
		from := start + t1 + 1
		l.alt = append(l.alt, [2]int{from, from + t2})
	}
	return l, nil
}

// alternatives returns the shape-alike characters listed for r.
func (l *codeList) alternatives(r rune) []rune {
	i, ok := slices.BinarySearch(l.chars, r)
	if !ok {
		return nil
	}
	a := l.alt[i]
	return []rune(string(l.blob[a[0]:a[1]]))
}
