package confusion

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"qinglian/lexicon"
)

// gseDict finds the word list of github.com/go-ego/gse in the module cache:
// 350,000 correct words (and a few misspellings) to run the dictionary over.
func gseDict(t *testing.T) string {
	if p := os.Getenv("CONFUSION_WORDS"); p != "" {
		return p
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, "go", "pkg", "mod")
		if gp := os.Getenv("GOPATH"); gp != "" {
			cache = filepath.Join(strings.Split(gp, string(os.PathListSeparator))[0], "pkg", "mod")
		}
	}
	matches, _ := filepath.Glob(filepath.Join(cache, "github.com", "go-ego", "gse@*", "data", "dict", "zh", "s_1.txt"))
	if len(matches) == 0 {
		t.Skip("gse word list not in the module cache; set CONFUSION_WORDS to a word-per-line file")
	}
	return matches[len(matches)-1]
}

// TestDictionaryCollisions runs the dictionary over every word of the gse
// list, one word at a time. A word that yields a finding must be listed in
// testdata/reviewed_collisions.tsv, where each was judged to be itself a
// misspelling or a non-recommended variant.
func TestDictionaryCollisions(t *testing.T) {
	c, err := Load(lexicon.Default())
	if err != nil {
		t.Fatal(err)
	}
	reviewed := map[string]bool{}
	raw, err := os.ReadFile(filepath.Join("testdata", "reviewed_collisions.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			reviewed[l] = true
		}
	}
	f, err := os.Open(gseDict(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	words := 0
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		words++
		for _, fd := range c.Check(fs[0]) {
			if !reviewed[fs[0]+"\t"+fd.Text] {
				t.Errorf("dictionary word %q: flagged %q→%q; add context to the entry, drop it, or list the word as reviewed", fs[0], fd.Text, fd.Suggestion)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if words < 100000 {
		t.Errorf("read only %d words from the gse list", words)
	}
}

// TestPrintBoundaryCollisions joins frequent word pairs whose junction
// spells a wrong form (确的 from 明确+的) and prints those the checker
// flags, best-attested pair first, for a person to resolve.
func TestPrintBoundaryCollisions(t *testing.T) {
	if os.Getenv("CONFUSION_COLLISIONS") == "" {
		t.Skip("set CONFUSION_COLLISIONS=1 to print")
	}
	c, err := Load(lexicon.Default())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(gseDict(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type word struct {
		w    string
		freq int
	}
	const top = 30
	bySuffix := map[string][]word{}
	byPrefix := map[string][]word{}
	add := func(m map[string][]word, k string, w word) {
		l := m[k]
		if len(l) < top {
			m[k] = append(l, w)
			return
		}
		min := 0
		for i := range l {
			if l[i].freq < l[min].freq {
				min = i
			}
		}
		if w.freq > l[min].freq {
			l[min] = w
		}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		n := 0
		for _, ch := range fs[1] {
			n = n*10 + int(ch-'0')
		}
		w := word{fs[0], n}
		r := []rune(w.w)
		for k := 1; k <= 3 && k <= len(r); k++ {
			add(bySuffix, string(r[len(r)-k:]), w)
			add(byPrefix, string(r[:k]), w)
		}
	}
	type coll struct {
		entry, text string
		score       int
	}
	var out []coll
	for _, e := range c.Entries() {
		r := []rune(e.match)
		best := coll{entry: e.Pattern}
		for k := 1; k < len(r); k++ {
			for _, a := range bySuffix[string(r[:k])] {
				for _, b := range byPrefix[string(r[k:min(len(r), k+3)])] {
					if strings.Contains(a.w, e.match) || strings.Contains(b.w, e.match) ||
						!plausible(a.w) || !plausible(b.w) {
						continue
					}
					text := a.w + b.w
					if !strings.Contains(text, e.match) {
						continue
					}
					if len(c.Check(text)) == 0 {
						continue
					}
					if s := min(a.freq, b.freq); s > best.score {
						best.score, best.text = s, a.w+"|"+b.w
					}
				}
			}
		}
		if best.score > 0 {
			out = append(out, best)
		}
	}
	slices.SortFunc(out, func(a, b coll) int { return b.score - a.score })
	for _, o := range out {
		t.Logf("%d\t%s\t%s", o.score, o.entry, o.text)
	}
}

// plausible keeps words of two runes or more and the single-rune function
// words that really stand next to any word; other single runes in the gse
// list pair with everything and drown the report.
func plausible(w string) bool {
	return utf8.RuneCountInString(w) > 1 || strings.Contains("的了是在和与及或把被对向从为以于而也都就又还才将已正不有这那其各每本该此", w)
}

// TestPrintCorpusHits prints every finding in a file of text believed
// correct (CONFUSION_CORPUS), with context, for a person to judge.
func TestPrintCorpusHits(t *testing.T) {
	path := os.Getenv("CONFUSION_CORPUS")
	if path == "" {
		t.Skip("set CONFUSION_CORPUS to a file of correct text to print what the dictionary flags in it")
	}
	c, err := Load(lexicon.Default())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		r := []rune(line)
		for _, f := range c.Check(line) {
			t.Logf("%s\t%s\t…%s…", f.Severity, f.Text, string(r[max(0, f.Start-8):min(len(r), f.End+8)]))
		}
	}
}
