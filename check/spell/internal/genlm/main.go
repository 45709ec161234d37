// Command genlm writes spell_lm.bin, the spelling detector's context model:
// the word bigrams of sunpinyin's open-gram language model (Debian package
// sunpinyin-data, CC BY-SA 3.0), restricted to the words of spell_words.txt
// and laid out so that the detector reads it in place, without parsing.
//
// The model is read by check/spell/internal/sunpinyin; only its unigram and
// bigram levels are used.
//
// Output layout (little-endian; check/spell/lm.go reads it in place):
//
//	text header: lines starting with '#', the last one "#end", padded with
//	  spaces so that the binary part starts at a multiple of 8 bytes
//	magic "QLLMBI02"
//	u32 V (words, < 65,536), u32 string bytes, u32 word slots, u32 bigrams
//	f32 log-probability of a word the model lacks, u32 reserved
//	u32 offsets[V+1] into the string table (words sorted bytewise)
//	string table, padded to 4 bytes
//	u32 word hash table [word slots]: id+1, 0 empty; FNV-1a, linear probing,
//	  a power of two at most two-thirds full
//	f32 unigram log P [V]; f32 back-off log weight [V] (natural logs)
//	u32 bigram start [V+1]: the bigrams of word a are entries
//	  start[a]..start[a+1], sorted by b
//	u32 bigram [n]: b<<16 | q, q = -log P(b|a) in thousandths of a nat
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"qinglian/check/spell/internal/sunpinyin"
)

// magic begins the binary part; the digits change with the layout.
const magic = "QLLMBI02"

var le = binary.LittleEndian

func main() {
	src := flag.String("src", sunpinyin.DefaultDir, "directory holding lm_sc.t3g and pydict_sc.bin")
	doc := flag.String("doc", sunpinyin.DefaultDoc, "directory holding the package's changelog.Debian.gz (for the version)")
	words := flag.String("words", "../../lexicon/data/spell_words.txt", "the detector's word list; only its words are kept")
	out := flag.String("o", "../../lexicon/data", "directory to write spell_lm.bin into")
	flag.Parse()
	if err := run(*src, *doc, *words, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genlm:", err)
		os.Exit(1)
	}
}

// Tuning of what is kept: a bigram is written when its probability is at
// least minBigram and it differs from what back-off would give by at least
// minDiff nats; the rest are left to back-off.
const (
	minBigram = 1e-4
	minDiff   = 0.5
)

func run(src, doc, wordsFile, out string) error {
	m, err := sunpinyin.Open(src, doc)
	if err != nil {
		return err
	}
	ours, err := readOurWords(wordsFile)
	if err != nil {
		return err
	}
	b, stats, err := build(m, ours)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genlm: %s\n", stats)
	return os.WriteFile(filepath.Join(out, "spell_lm.bin"), b, 0o644)
}

func readOurWords(name string) (map[string]bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	words := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		if i := strings.IndexByte(l, '\t'); i > 0 {
			words[l[:i]] = true
		}
	}
	return words, sc.Err()
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != "" && utf8.ValidString(s)
}

type bigram struct {
	a, b uint32
	q    uint16
}

func build(m *sunpinyin.Model, ours map[string]bool) ([]byte, string, error) {
	names, version := m.Words, m.Version
	// The vocabulary: unigrams whose word is all Han and in our list.
	type uni struct {
		word     string
		node     int
		logP     float64
		logBow   float64
		children [2]uint32
	}
	var vocab []uni
	for i := 0; i < m.Unigrams(); i++ {
		nd := m.Node(1, i)
		if int(nd.Wid) >= len(names) {
			return nil, "", fmt.Errorf("word id %d beyond the dictionary", nd.Wid)
		}
		w := names[nd.Wid]
		if !allHan(w) || !ours[w] {
			continue
		}
		next := m.Node(1, i+1)
		vocab = append(vocab, uni{word: w, node: i, logP: m.LogP(nd), logBow: m.LogBow(nd), children: [2]uint32{nd.Ch, next.Ch}})
	}
	sort.Slice(vocab, func(i, j int) bool { return vocab[i].word < vocab[j].word })
	byWid := map[uint32]uint32{}
	for id, u := range vocab {
		byWid[m.Node(1, u.node).Wid] = uint32(id)
	}
	oov := m.OOV()
	// Bigrams between kept words, above the floor and unlike back-off.
	var bis []bigram
	total := 0
	for a, u := range vocab {
		for j := u.children[0]; j < u.children[1]; j++ {
			total++
			nd := m.Node(2, int(j))
			b, ok := byWid[nd.Wid]
			if !ok {
				continue
			}
			lp := m.LogP(nd)
			if lp < math.Log(minBigram) || math.Abs(lp-(u.logBow+vocab[b].logP)) < minDiff {
				continue
			}
			q := math.Round(-lp * 1000)
			if q < 0 || q > math.MaxUint16 {
				continue
			}
			bis = append(bis, bigram{uint32(a), b, uint16(q)})
		}
	}
	if len(vocab) > math.MaxUint16 {
		return nil, "", fmt.Errorf("%d words: more than the 16 bits a bigram entry gives them", len(vocab))
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# qinglian spelling detector: word bigram context model, binary (layout in check/spell/internal/genlm).\n")
	fmt.Fprintf(&buf, "# Source: Debian package sunpinyin-data %s, lm_sc.t3g and pydict_sc.bin: the open-gram\n", version)
	fmt.Fprintf(&buf, "# back-off language model (https://sourceforge.net/projects/open-gram/), licence CC BY-SA 3.0\n")
	fmt.Fprintf(&buf, "# (http://creativecommons.org/licenses/by-sa/3.0/); this derived file is under the same licence.\n")
	fmt.Fprintf(&buf, "# Kept: unigrams of all-Han words also in spell_words.txt; bigrams among them with P >= %g that differ\n", minBigram)
	fmt.Fprintf(&buf, "# from the back-off estimate by >= %g nats. %d words, %d of %d bigrams.\n", minDiff, len(vocab), len(bis), total)
	fmt.Fprintf(&buf, "# Generated by check/spell/internal/genlm (go generate ./check/spell); do not edit by hand.\n")
	buf.WriteString("#end")
	for (buf.Len()+1)%8 != 0 {
		buf.WriteByte(' ')
	}
	buf.WriteByte('\n')
	buf.WriteString(magic)
	var strs []byte
	offs := make([]uint32, 0, len(vocab)+1)
	for _, u := range vocab {
		offs = append(offs, uint32(len(strs)))
		strs = append(strs, u.word...)
	}
	offs = append(offs, uint32(len(strs)))
	wordSlots := tableSize(len(vocab))
	put32 := func(v uint32) { buf.Write(le.AppendUint32(nil, v)) }
	put32(uint32(len(vocab)))
	put32(uint32(len(strs)))
	put32(uint32(wordSlots))
	put32(uint32(len(bis)))
	put32(math.Float32bits(float32(oov)))
	put32(0)
	for _, o := range offs {
		put32(o)
	}
	buf.Write(strs)
	for buf.Len()%4 != 0 {
		buf.WriteByte(0)
	}
	table := make([]uint32, wordSlots)
	for id, u := range vocab {
		for h := wordHash(u.word) & uint32(wordSlots-1); ; h = (h + 1) & uint32(wordSlots-1) {
			if table[h] == 0 {
				table[h] = uint32(id + 1)
				break
			}
		}
	}
	for _, v := range table {
		put32(v)
	}
	for _, u := range vocab {
		put32(math.Float32bits(float32(u.logP)))
	}
	for _, u := range vocab {
		put32(math.Float32bits(float32(u.logBow)))
	}
	// bis is in order of a; within a, sort by b for the binary search.
	sort.Slice(bis, func(i, j int) bool {
		if bis[i].a != bis[j].a {
			return bis[i].a < bis[j].a
		}
		return bis[i].b < bis[j].b
	})
	k := 0
	for a := 0; a <= len(vocab); a++ {
		for k < len(bis) && int(bis[k].a) < a {
			k++
		}
		put32(uint32(k))
	}
	for _, bg := range bis {
		put32(bg.b<<16 | uint32(bg.q))
	}
	stats := fmt.Sprintf("%d words, %d of %d bigrams kept, %s bytes", len(vocab), len(bis), total, strconv.Itoa(buf.Len()))
	return buf.Bytes(), stats, nil
}

// tableSize is the least power of two at least 1.5 times n.
func tableSize(n int) int {
	s := 1
	for s < n+n/2 {
		s <<= 1
	}
	return s
}

// wordHash must match check/spell/lm.go: FNV-1a.
func wordHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
