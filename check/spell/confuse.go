package spell

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
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
	fuzzy     bool // try nearSound candidates too
}

func loadConfusables(fsys fs.FS, pinyinFile, shapeFile string, minCharFreq uint32) (*confusables, error) {
	c := &confusables{
		syllables: make(map[rune][]string, 21000),
		charFreq:  make(map[rune]uint32, 21000),
		bySyl:     make(map[string][]rune, 512),
		shape:     make(map[rune][]rune, 2048),
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
	nearSound                  // syllables that input methods and dialects confuse: z/zh, n/l, an/ang...
)

// fuzzySyllables returns the syllables one common confusion away from s:
// the retroflex and flat initials (z/zh, c/ch, s/sh), n/l, and the front and
// back nasal finals (an/ang, en/eng, in/ing), as the fuzzy-pinyin options of
// Chinese input methods list them.
func fuzzySyllables(s string) []string {
	var out []string
	for _, p := range [][2]string{{"zh", "z"}, {"ch", "c"}, {"sh", "s"}} {
		if strings.HasPrefix(s, p[0]) {
			out = append(out, p[1]+s[len(p[0]):])
		} else if strings.HasPrefix(s, p[1]) && !strings.HasPrefix(s, p[1]+"h") {
			out = append(out, p[0]+s[len(p[1]):])
		}
	}
	if strings.HasPrefix(s, "n") {
		out = append(out, "l"+s[1:])
	} else if strings.HasPrefix(s, "l") {
		out = append(out, "n"+s[1:])
	}
	for _, f := range []string{"an", "en", "in"} {
		if strings.HasSuffix(s, f+"g") {
			out = append(out, strings.TrimSuffix(s, "g"))
		} else if strings.HasSuffix(s, f) && !strings.HasSuffix(s, "uan") && !strings.HasSuffix(s, "ian") {
			out = append(out, s+"g")
		}
	}
	return out
}

// each calls fn for every character that may have been meant for r, once,
// sound-alike characters first.
func (c *confusables) each(r rune, fn func(cand rune, k kind)) {
	seen := 0
	for _, s := range c.syllables[r] {
		for _, x := range c.bySyl[s] {
			if x != r {
				fn(x, soundAlike)
				seen++
			}
		}
	}
	for _, x := range c.shape[r] {
		if seen > 0 && c.sameSound(r, x) {
			continue // already tried as sound-alike
		}
		fn(x, shapeAlike)
	}
	if !c.fuzzy {
		return
	}
	for _, s := range c.syllables[r] {
		for _, f := range fuzzySyllables(s) {
			for _, x := range c.bySyl[f] {
				if x != r && !c.sameSound(r, x) && !containsRune(c.shape[r], x) {
					fn(x, nearSound)
				}
			}
		}
	}
}

func (c *confusables) sameSound(a, b rune) bool {
	for _, s := range c.syllables[a] {
		for _, t := range c.syllables[b] {
			if s == t {
				return true
			}
		}
	}
	return false
}
