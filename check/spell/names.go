package spell

import (
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// SurnamesFile lists the surnames after which the detector leaves a
// character alone as part of a given name.
const SurnamesFile = "spell_surnames.tsv"

// surnames is a set of single-character surnames.
type surnames map[rune]bool

func loadSurnames(fsys fs.FS, file string) (surnames, error) {
	s := make(surnames, 160)
	err := scanLines(fsys, file, func(_ int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want surnames<TAB>source")
		}
		for _, x := range strings.Fields(f[0]) {
			r, size := utf8.DecodeRuneInString(x)
			if size != len(x) || r == utf8.RuneError {
				return fmt.Errorf("want single characters separated by spaces, got %q", x)
			}
			s[r] = true
		}
		return nil
	})
	return s, err
}

// inName says whether rune i of the run, which a correction would make part
// of a word beginning at rune from, is the first or second character after
// a surname that the best path route leaves as a word of its own or that
// begins a name, with only stray characters, rare words or names between: a given name (钱经齐,
// 孙政冶 are people, not 经济 and 政治), which no correction should touch. A
// correction whose word takes in the surname itself is not held back.
func (d *Detector) inName(r *run, route []step, i, from int) bool {
	for s := max(0, i-2); s < i && s < from; s++ {
		if !d.surnames[r.runes[s]] {
			continue
		}
		// Walk the path to s: it must start a word of one character, and
		// every word after it up to rune i must be loose.
		p := 0
		for p < s {
			p = route[p].next
		}
		if p != s {
			continue
		}
		if e := route[s].entry; route[s].next != s+1 && (e < 0 || !d.words.name[e]) {
			continue // the surname must stand alone or begin a name (刘方炜: 刘方)
		}
		name := true
		for p = s + 1; p <= i && p < len(route)-1; p = route[p].next {
			if !d.mayBeGivenName(route, p) {
				name = false
				break
			}
		}
		if name {
			return true
		}
	}
	return false
}

// mayBeGivenName says whether the path word at rune p may be part of a
// given name: a single character, an unknown one, a rare word or a name.
func (d *Detector) mayBeGivenName(route []step, p int) bool {
	e := route[p].entry
	return route[p].next-p == 1 || e < 0 || d.words.name[e] || d.words.freq[e] < d.opt.RareFreq
}

// titles follow a person's name in official text (郝彦南同志, 李明书记).
var titles = [...]string{"同志", "先生", "女士", "教授", "老师", "书记", "主任", "局长", "处长", "科长", "院长", "部长", "县长", "市长", "镇长", "乡长", "村长", "主席", "委员", "代表", "校长", "经理", "董事长", "医生", "律师", "记者"}

// placeSuffixes end place names made of a surname (朱村, 王庄, 李家集).
const placeSuffixes = "村庄屯寨堡集营湾店"

// markPlaceNames marks as found a surname that the path leaves alone right
// before a place suffix (三元朱村): a village named after a clan.
func (d *Detector) markPlaceNames(r *run, route []step, found []bool) {
	for p := 0; p+1 < r.len(); p = route[p].next {
		if route[p].next == p+1 && d.surnames[r.runes[p]] && strings.ContainsRune(placeSuffixes, r.runes[p+1]) {
			found[p], found[p+1] = true, true
		}
	}
}

// markTitledNames marks as found, so that no pass rewrites them, the
// surname and given name of one or two characters before a title
// (宣教科郝彦南同志: 郝彦南).
func (d *Detector) markTitledNames(r *run, found []bool) {
	n := r.len()
	for s := 0; s+2 < n; s++ {
		if !d.surnames[r.runes[s]] {
			continue
		}
		for _, t := range [2]int{s + 2, s + 3} {
			if t >= n {
				break
			}
			rest := r.s[r.offs[t]:]
			for _, title := range titles {
				if strings.HasPrefix(rest, title) {
					for k := s; k < t; k++ {
						found[k] = true
					}
					break
				}
			}
		}
	}
}
