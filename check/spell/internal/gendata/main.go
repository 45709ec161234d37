// Command gendata writes the spelling detector's generated data files from
// public sources in the Go module cache, so that the product ships no
// evaluation data and every entry can be traced to its source:
//
//   - spell_words.txt: every all-Han word of gse's simplified Chinese
//     dictionary (itself derived from jieba's), with its frequency and part of
//     speech, sorted bytewise so that the detector can search it in place;
//     To these it adds the phrases of sunpinyin's open-gram model (Debian
//     package sunpinyin-data, CC BY-SA 3.0) that gse lacks and that are made
//     of two or more content words of gse's (作出决定, 示范基地, 存在问题),
//     tagged "slm", with the frequency the model's unigram probability gives:
//     they carry the collocations of written Chinese that the model learnt
//     as words, which single words and bigrams between gse's words miss;
//   - spell_pinyin.txt: the toneless readings of every CJK Unified Ideograph
//     (U+4E00–U+9FFF) from go-pinyin, with how often the character occurs in
//     the word list (the phrases left out, their words counted already),
//     which the detector uses to find sound-alike characters.
//
// Run it through go generate in check/spell; it reads the modules named in
// go.mod and the Debian package, so the output is reproducible.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"

	"qinglian/check/spell/internal/sunpinyin"
)

const (
	gseModule    = "github.com/go-ego/gse"
	pinyinModule = "github.com/mozillazg/go-pinyin"
	// maxWordRunes bounds the words kept: longer entries are set phrases the
	// detector's windows never reach.
	maxWordRunes = 8
)

func main() {
	out := flag.String("o", ".", "directory to write spell_words.txt and spell_pinyin.txt into")
	src := flag.String("sunpinyin", sunpinyin.DefaultDir, "directory holding sunpinyin's lm_sc.t3g and pydict_sc.bin")
	doc := flag.String("sunpinyin-doc", sunpinyin.DefaultDoc, "directory holding sunpinyin-data's changelog.Debian.gz")
	domain := flag.String("domain", "../../lexicon/data/spell_domain.tsv", "the official-document word list (written by hand)")
	flag.Parse()
	if err := run(*out, *src, *doc, *domain); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(out, src, doc, domainFile string) error {
	gseDir, gseVer, err := moduleDir(gseModule)
	if err != nil {
		return err
	}
	_, pyVer, err := moduleDir(pinyinModule)
	if err != nil {
		return err
	}
	words, err := readGse(filepath.Join(gseDir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	words, err = addIDFWords(filepath.Join(gseDir, "data", "dict", "zh", "idf.txt"), words)
	if err != nil {
		return err
	}
	m, err := sunpinyin.Open(src, doc)
	if err != nil {
		return err
	}
	dom, err := readDomain(domainFile)
	if err != nil {
		return err
	}
	if err := addOwnPhrases(filepath.Dir(domainFile), dom); err != nil {
		return err
	}
	all := addDomain(addPhrases(m, words), dom)
	if err := writeWords(filepath.Join(out, "spell_words.txt"), all, gseVer, m.Version); err != nil {
		return err
	}
	// Character frequencies count gse's words only: the phrases repeat
	// their words, and the domain list's weights are no counts.
	return writePinyin(filepath.Join(out, "spell_pinyin.txt"), words, pyVer)
}

// moduleDir asks the go command where a module of the main module's build
// list lives, so the generator reads exactly the version go.mod names.
func moduleDir(path string) (dir, version string, err error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", path).Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w", path, err)
	}
	f := strings.Split(strings.TrimSpace(string(b)), "\t")
	if len(f) != 2 || f[0] == "" {
		return "", "", fmt.Errorf("go list -m %s: module not downloaded (run go mod download)", path)
	}
	return f[0], f[1], nil
}

type entry struct {
	word string
	freq int
	pos  string
}

func readGse(name string) ([]entry, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]int{}
	var out []entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		w := fields[0]
		if !allHan(w) || utf8.RuneCountInString(w) > maxWordRunes {
			continue
		}
		n, err := strconv.Atoi(fields[1])
		if err != nil || n <= 0 {
			continue
		}
		pos := "x"
		if len(fields) > 2 {
			pos = fields[2]
		}
		if i, ok := seen[w]; ok {
			// Keep the commoner reading of a duplicated entry.
			if n > out[i].freq {
				out[i] = entry{w, n, pos}
			}
			continue
		}
		seen[w] = len(out)
		out = append(out, entry{w, n, pos})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].word < out[j].word })
	return out, nil
}

// addIDFWords adds the words of gse's IDF table that its dictionary lacks
// (死后, 小诗 and some 19,000 more), so that correct text using them is not
// read as a run of stray characters. Their frequency is estimated from the
// inverse document frequency, freq ≈ K·exp(-idf), with K the median ratio
// over the words both files hold; they are tagged "idf".
func addIDFWords(name string, words []entry) ([]entry, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	known := make(map[string]int, len(words))
	for i, e := range words {
		known[e.word] = i
	}
	type idfWord struct {
		word string
		idf  float64
	}
	var extra []idfWord
	var ratios []float64
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || !allHan(f[0]) || utf8.RuneCountInString(f[0]) > maxWordRunes {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		if i, ok := known[f[0]]; ok {
			ratios = append(ratios, float64(words[i].freq)/math.Exp(-v))
			continue
		}
		extra = append(extra, idfWord{f[0], v})
	}
	if len(ratios) == 0 {
		return words, nil
	}
	sort.Float64s(ratios)
	k := ratios[len(ratios)/2]
	for _, x := range extra {
		n := int(math.Round(k * math.Exp(-x.idf)))
		words = append(words, entry{x.word, max(n, 1), "idf"})
	}
	sort.Slice(words, func(i, j int) bool { return words[i].word < words[j].word })
	return words, nil
}

// domainTag marks the words of the official-document list, and
// domainFreq is the frequency each of its levels gives a word at least
// (level 1, in almost every official document of its field; 2, common; 3,
// specialised): enough for the detector to suggest the word and to read it
// as a word, not so much that it pulls ordinary words toward official ones.
const domainTag = "dom"

var domainFreq = map[string]int{"1": 10000, "2": 5000, "3": 1000}

// readDomain reads spell_domain.tsv: word, level, topic, source.
func readDomain(name string) (map[string]int, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		n := utf8.RuneCountInString(f[0])
		if len(f) != 4 || !allHan(f[0]) || n < 2 || n > maxWordRunes || domainFreq[f[1]] == 0 || f[2] == "" || f[3] == "" {
			return nil, fmt.Errorf("%s:%d: want word (2 to %d Han characters)<TAB>level 1-3<TAB>topic<TAB>source, got %q", name, i+1, maxWordRunes, line)
		}
		out[f[0]] = max(out[f[0]], domainFreq[f[1]])
	}
	return out, nil
}

// addOwnPhrases adds to dom, at level 2, the formulations and stock
// phrases the engine's other checks know (formulations.tsv: the names and
// members of sets, names, and the right forms of known wrong wordings;
// stock_phrases.tsv), where they are 2 to maxWordRunes Han characters: the
// detector should read 深学细悟 and 两个维护 as the words they are.
func addOwnPhrases(dir string, dom map[string]int) error {
	add := func(w string) {
		if n := utf8.RuneCountInString(w); n >= 2 && n <= maxWordRunes && allHan(w) {
			dom[w] = max(dom[w], domainFreq["2"])
		}
	}
	f, err := os.ReadFile(filepath.Join(dir, "formulations.tsv"))
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(f), "\n") {
		c := strings.Split(line, "\t")
		if len(c) < 3 || strings.HasPrefix(line, "#") {
			continue
		}
		switch c[0] {
		case "set":
			add(c[1])
			for _, m := range strings.Split(c[2], "、") {
				add(m)
			}
		case "name":
			add(c[1])
		case "wrong":
			add(c[2])
		}
	}
	st, err := os.ReadFile(filepath.Join(dir, "stock_phrases.tsv"))
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(st), "\n") {
		if c := strings.Split(line, "\t"); len(c) >= 2 && !strings.HasPrefix(line, "#") {
			add(c[0])
		}
	}
	return nil
}

// addDomain raises each word of the official-document list that gse
// counts below its level's frequency to that frequency, with the tag dom
// (which also lifts the name and weak classes gse's tags put on some of
// them: 征收 nr, 落实 a), and adds the words gse lacks. Words gse already
// counts as common (工作, 发展) keep their entry: they are no sign of the
// official register.
func addDomain(words []entry, dom map[string]int) []entry {
	out := make([]entry, 0, len(words)+len(dom))
	for _, e := range words {
		if f, ok := dom[e.word]; ok {
			if e.freq < f {
				e = entry{e.word, f, domainTag}
			}
			delete(dom, e.word)
		}
		out = append(out, e)
	}
	for w, f := range dom {
		out = append(out, entry{w, f, domainTag})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].word < out[j].word })
	return out
}

// phraseTag marks the phrases added from sunpinyin's model.
const phraseTag = "slm"

// addPhrases adds the words of three to maxWordRunes characters that
// sunpinyin's model has a unigram for, that the list lacks, and that split
// into two or more content words of the list of two or more characters
// each; the frequency is the unigram probability times the list's total.
// Phrases with a function word (是我的, 不是一个) are left out: they would
// make the detector read ordinary grammar as a word to restore.
func addPhrases(m *sunpinyin.Model, words []entry) []entry {
	words = slices.Clone(words)
	pos := make(map[string]string, len(words))
	var total float64
	for _, e := range words {
		pos[e.word] = e.pos
		total += float64(e.freq)
	}
	added := map[string]bool{}
	for i := 0; i < m.Unigrams(); i++ {
		nd := m.Node(1, i)
		if int(nd.Wid) >= len(m.Words) {
			continue
		}
		w := m.Words[nd.Wid]
		n := utf8.RuneCountInString(w)
		if n < 3 || n > maxWordRunes || !allHan(w) || pos[w] != "" || added[w] || !contentCompound(w, pos) {
			continue
		}
		added[w] = true
		f := int(math.Round(math.Exp(m.LogP(nd)) * total))
		words = append(words, entry{w, max(f, 1), phraseTag})
	}
	sort.Slice(words, func(i, j int) bool { return words[i].word < words[j].word })
	return words
}

// contentCompound says whether w splits into two or more words of pos, of
// two or more characters each, all content words: nouns, verbs and
// adjectives (not names), idioms, abbreviations, distinguishing words and
// adverbs of two characters.
func contentCompound(w string, pos map[string]string) bool {
	rs := []rune(w)
	content := func(t string) bool {
		switch t {
		case "nr", "nrt", "nrfg", "ad":
			return false
		case "j", "l", "i", "vn", "b", "d":
			return true
		}
		return t != "" && (t[0] == 'n' || t[0] == 'v' || t[0] == 'a')
	}
	reach := make([]bool, len(rs)+1)
	reach[0] = true
	for i := range rs {
		if !reach[i] {
			continue
		}
		for j := i + 2; j <= len(rs); j++ {
			if j-i == len(rs) {
				continue // the whole phrase is no split
			}
			if t, ok := pos[string(rs[i:j])]; ok && content(t) {
				reach[j] = true
			}
		}
	}
	return reach[len(rs)]
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func writeWords(name string, words []entry, version, slmVersion string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# qinglian spelling detector: word list (word, frequency, part of speech), sorted bytewise.\n")
	fmt.Fprintf(&b, "# Source: gse %s data/dict/zh/s_1.txt (github.com/go-ego/gse, Apache License 2.0),\n", version)
	fmt.Fprintf(&b, "# itself derived from the jieba dictionary (MIT License). Only all-Han entries of at most %d characters.\n", maxWordRunes)
	fmt.Fprintf(&b, "# Entries tagged idf come from gse's data/dict/zh/idf.txt (same licence), frequency estimated from the IDF.\n")
	fmt.Fprintf(&b, "# Entries tagged %s are phrases of the open-gram model (Debian sunpinyin-data %s, CC BY-SA 3.0) made of\n", phraseTag, slmVersion)
	fmt.Fprintf(&b, "# two or more content words above, frequency from the model's unigram probability; this file is therefore\n")
	fmt.Fprintf(&b, "# also under CC BY-SA 3.0 (http://creativecommons.org/licenses/by-sa/3.0/).\n")
	fmt.Fprintf(&b, "# Entries tagged %s are the words of spell_domain.tsv (qinglian's official-document list), at least the\n", domainTag)
	fmt.Fprintf(&b, "# frequency of their level there, and the formulations and stock phrases of formulations.tsv and stock_phrases.tsv.\n")
	fmt.Fprintf(&b, "# Generated by check/spell/internal/gendata (go generate ./check/spell); do not edit by hand.\n")
	for _, e := range words {
		fmt.Fprintf(&b, "%s\t%d\t%s\n", e.word, e.freq, e.pos)
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}

func writePinyin(name string, words []entry, version string) error {
	charFreq := map[rune]int{}
	for _, e := range words {
		for _, r := range e.word {
			charFreq[r] += e.freq
		}
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	args.Style = pinyin.Normal
	var b bytes.Buffer
	fmt.Fprintf(&b, "# qinglian spelling detector: toneless readings of each character, and how often it occurs in spell_words.txt.\n")
	fmt.Fprintf(&b, "# Source: readings from go-pinyin %s (github.com/mozillazg/go-pinyin, MIT License; data from pinyin-data);\n", version)
	fmt.Fprintf(&b, "# frequency = sum of the frequencies of the words from gse (not the phrases or the domain list) containing it.\n")
	fmt.Fprintf(&b, "# Generated by check/spell/internal/gendata (go generate ./check/spell); do not edit by hand.\n")
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		ps := pinyin.SinglePinyin(r, args)
		if len(ps) == 0 {
			continue
		}
		seen := map[string]bool{}
		var uniq []string
		for _, p := range ps {
			p = strings.ReplaceAll(p, "ü", "v")
			if p != "" && !seen[p] {
				seen[p] = true
				uniq = append(uniq, p)
			}
		}
		if len(uniq) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%c\t%s\t%d\n", r, strings.Join(uniq, " "), charFreq[r])
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}
