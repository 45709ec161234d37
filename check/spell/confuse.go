package spell

import (
	"fmt"
	"io/fs"
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
	// minCharFreq is the least frequency of a character in bySyl.
	minCharFreq uint32
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

func loadConfusables(fsys fs.FS, pinyinFile, shapeFile string, minCharFreq uint32) (*confusables, error) {
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
	return c, nil
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// kind says how a candidate character resembles the written one.
type kind uint8

const (
	soundAlike kind = iota + 1 // same syllable, any tone
	shapeAlike                 // same line of the 形近字 list
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
	for n, s := range sy {
		for _, x := range c.bySyl[s] {
			if x != r && !(n > 0 && shares(c.syllables[x], sy[:n])) {
				fn(x, soundAlike)
			}
		}
	}
	for _, x := range c.shape[r] {
		if c.charFreq[x] >= c.minCharFreq && shares(c.syllables[x], sy) {
			continue // already tried as sound-alike
		}
		fn(x, shapeAlike)
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
