package similar

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"qinglian/lexicon"
)

// Normalized is text reduced to the characters that carry its content, with
// a map back to the original: Runes[k] came from the original runes
// [Start[k], End[k]).
type Normalized struct {
	Runes []rune
	Start []int32
	End   []int32
}

// digitClass stands for a run of digits: 12 and 135 normalise alike, so a
// copied passage whose figures were updated still matches.
const digitClass = '0'

// outsideBMP stands for every character beyond U+FFFF (CJK extension B and
// later, rare in reports), so the index can keep text as 16-bit units.
const outsideBMP = 0xFFFD

var (
	t2sOnce   sync.Once
	t2sTable  []uint16 // indexed by a BMP rune; 0 = no mapping
	foldTable []uint16 // fold of every BMP rune; 0 = dropped
)

// loadT2S reads lexicon/data/t2s.tsv into a dense table (128 KiB): a lookup
// per character is then an array index, not a map probe.
func loadT2S() {
	t2sTable = make([]uint16, 0x10000)
	f, err := lexicon.Default().Open("t2s.tsv")
	if err == nil {
		defer f.Close()
		err = parseT2S(f, t2sTable)
	}
	if err != nil {
		// The file is embedded: a failure is a broken build, which the
		// tests (traditional script) catch.
		panic("similar: lexicon t2s.tsv: " + err.Error())
	}
	// fold's Unicode table look-ups dominated normalisation: every BMP
	// rune's fold is computed once (128 KiB).
	foldTable = make([]uint16, 0x10000)
	for r := range rune(0x10000) {
		if f := fold(r); f > 0 {
			foldTable[r] = uint16(f)
		}
	}
}

func parseT2S(f fs.File, table []uint16) error {
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		cols := strings.Split(s, "\t")
		if len(cols) < 3 {
			return fmt.Errorf("t2s.tsv:%d: want traditional, simplified, source", line)
		}
		from, n1 := utf8.DecodeRuneInString(cols[0])
		to, n2 := utf8.DecodeRuneInString(cols[1])
		if n1 != len(cols[0]) || n2 != len(cols[1]) {
			return fmt.Errorf("t2s.tsv:%d: one character per column", line)
		}
		if from > 0xFFFF {
			continue // outside the BMP folds to outsideBMP anyway
		}
		if to > 0xFFFF {
			to = outsideBMP
		}
		table[from] = uint16(to)
	}
	return sc.Err()
}

// fold maps one rune to its normal form: full-width ASCII to ASCII, Latin
// to lower case, traditional to simplified. It returns -1 for a rune that
// carries no content (punctuation, space, symbols) and digitClass for a
// digit.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	switch {
	case r >= '0' && r <= '9':
		return digitClass
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r >= 'a' && r <= 'z':
		return r
	case r < 0x80:
		return -1
	}
	if r <= 0xFFFF {
		if s := t2sTable[r]; s != 0 {
			r = rune(s)
		}
	}
	switch {
	case unicode.IsNumber(r) && !unicode.Is(unicode.Han, r):
		return digitClass
	case unicode.IsLetter(r):
		if r > 0xFFFF {
			return outsideBMP
		}
		return unicode.ToLower(r)
	}
	return -1
}

// Normalize reduces text to what a copied passage keeps when it is edited:
// full-width letters and digits fold to ASCII, Latin letters to lower case,
// traditional characters to simplified (Unihan kSimplifiedVariant, lexicon
// t2s.tsv), every run of digits to one class character, and punctuation,
// spaces and symbols are dropped. Invalid UTF-8 bytes count as one rune each
// and are dropped.
func Normalize(text string) Normalized {
	t2sOnce.Do(loadT2S)
	n := Normalized{
		Runes: make([]rune, 0, len(text)/3+1),
		Start: make([]int32, 0, len(text)/3+1),
		End:   make([]int32, 0, len(text)/3+1),
	}
	i := int32(0)
	lastKept := int32(-2) // original offset just past the last kept rune
	for _, r := range text {
		var f rune
		if r <= 0xFFFF {
			f = rune(foldTable[r])
			if f == 0 {
				f = -1
			}
		} else {
			f = fold(r)
		}
		switch {
		case f < 0:
			i++
			continue
		case f == digitClass && len(n.Runes) > 0 && n.Runes[len(n.Runes)-1] == digitClass && onlyDroppedBetween(n.End[len(n.End)-1], i, lastKept):
			// 3.5 and 1,200 are one figure: the separators between digits
			// were dropped, and the run stays one class character.
			n.End[len(n.End)-1] = i + 1
		default:
			n.Runes = append(n.Runes, f)
			n.Start = append(n.Start, i)
			n.End = append(n.End, i+1)
		}
		i++
		lastKept = i
	}
	return n
}

// onlyDroppedBetween reports whether a digit at offset i continues the
// digit run ending at end: nothing but one dropped separator lies between.
func onlyDroppedBetween(end, i, lastKept int32) bool {
	return lastKept == end && i-end <= 1
}

// Paragraphs splits text into paragraphs the way the evaluation's ground
// truth does: one paragraph per line ("\n", "\r\n" or "\r").
func Paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}
