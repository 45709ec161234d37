// Package sunpinyin reads the open-gram language model that the Debian
// package sunpinyin-data installs (licence CC BY-SA 3.0), for the spelling
// detector's generators: lm_sc.t3g, a back-off trigram model whose layout is
// that of sunpinyin's CThreadSlm (src/slm/slm.h): a header, a table of 65,536
// probabilities and one of 16,384 back-off weights, then one array of nodes
// per level, each node naming its word id, the index of its probability and
// back-off weight and the first of its children in the next level; and
// pydict_sc.bin, whose string table (CPinyinTrie, src/lexicon/pytrie.h) gives
// each word id its word as zero-terminated UTF-32. Only the unigram and
// bigram levels are read.
package sunpinyin

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"qinglian/check/spell/internal/debpkg"
)

// DefaultDir is where Debian installs sunpinyin-data, and DefaultDoc its
// documentation (for the package version).
const (
	DefaultDir = "/usr/lib/x86_64-linux-gnu/sunpinyin/data"
	DefaultDoc = "/usr/share/doc/sunpinyin-data"
)

var le = binary.LittleEndian

// Model is the part of the model the generators read.
type Model struct {
	Words   []string // the word of each id
	Version string   // the Debian package version
	pr, bow []float32
	useLog  bool
	levels  [][]byte // level l's nodes: 12 bytes each below the last level, 8 at it
	sizes   []int
}

// Node is a node of the model's tree: its word id and the indexes of its
// probability, back-off weight and first child.
type Node struct{ Wid, Bow, Pr, Ch uint32 }

// Open reads the model from dir and the package version from doc.
func Open(dir, doc string) (*Model, error) {
	version, err := debpkg.Version(doc, "sunpinyin-data")
	if err != nil {
		return nil, err
	}
	dict, err := os.ReadFile(filepath.Join(dir, "pydict_sc.bin"))
	if err != nil {
		return nil, fmt.Errorf("%w (install the Debian package sunpinyin-data)", err)
	}
	words, err := readWordStrings(dict)
	if err != nil {
		return nil, fmt.Errorf("pydict_sc.bin: %w", err)
	}
	lm, err := os.ReadFile(filepath.Join(dir, "lm_sc.t3g"))
	if err != nil {
		return nil, err
	}
	m, err := readSlm(lm)
	if err != nil {
		return nil, fmt.Errorf("lm_sc.t3g: %w", err)
	}
	m.Words, m.Version = words, version
	return m, nil
}

// Unigrams is the number of unigram nodes (the last node of the level is a
// sentinel and not counted).
func (m *Model) Unigrams() int { return m.sizes[1] - 1 }

// Node returns node i of level l (1 unigrams, 2 bigrams).
func (m *Model) Node(l, i int) Node {
	b := m.levels[l][12*i:]
	w0, w1, w2 := le.Uint32(b), le.Uint32(b[4:]), le.Uint32(b[8:])
	return Node{Wid: w0 & (1<<18 - 1), Bow: w0 >> 18, Pr: w1 & 0xFFFF, Ch: (w2>>25)<<16 | w1>>16}
}

// LogP and LogBow turn a node's table indexes into natural logs.
func (m *Model) LogP(n Node) float64   { return m.logOf(m.pr[n.Pr]) }
func (m *Model) LogBow(n Node) float64 { return m.logOf(m.bow[n.Bow]) }

// OOV is the log-probability the model gives a word it lacks.
func (m *Model) OOV() float64 { return m.LogP(m.Node(0, 0)) }

func (m *Model) logOf(v float32) float64 {
	if m.useLog {
		return -float64(v)
	}
	return math.Log(float64(v))
}

// readWordStrings returns the word of each id: the header is word count,
// node count, string table offset; the table holds zero-terminated UTF-32.
func readWordStrings(b []byte) ([]string, error) {
	if len(b) < 12 {
		return nil, errors.New("short file")
	}
	n, off := int(le.Uint32(b)), int(le.Uint32(b[8:]))
	words := make([]string, 0, n)
	var rs []rune
	for p := off; len(words) < n; {
		if p+4 > len(b) {
			return nil, errors.New("string table truncated")
		}
		r := rune(le.Uint32(b[p:]))
		p += 4
		if r != 0 {
			rs = append(rs, r)
			continue
		}
		words = append(words, string(rs))
		rs = rs[:0]
	}
	return words, nil
}

func readSlm(b []byte) (*Model, error) {
	if len(b) < 8 {
		return nil, errors.New("short file")
	}
	n := int(le.Uint32(b))
	if n < 2 || n > 8 {
		return nil, fmt.Errorf("order %d", n)
	}
	m := &Model{useLog: le.Uint32(b[4:]) != 0}
	off := 8
	for l := 0; l <= n; l++ {
		m.sizes = append(m.sizes, int(le.Uint32(b[off:])))
		off += 4
	}
	m.pr = make([]float32, 1<<16)
	for i := range m.pr {
		m.pr[i] = math.Float32frombits(le.Uint32(b[off:]))
		off += 4
	}
	m.bow = make([]float32, 1<<14)
	for i := range m.bow {
		m.bow[i] = math.Float32frombits(le.Uint32(b[off:]))
		off += 4
	}
	for l := 0; l <= n; l++ {
		size := 12
		if l == n {
			size = 8
		}
		end := off + size*m.sizes[l]
		if end > len(b) {
			return nil, fmt.Errorf("level %d truncated", l)
		}
		m.levels = append(m.levels, b[off:end])
		off = end
	}
	if off != len(b) {
		return nil, fmt.Errorf("%d bytes after the last level", len(b)-off)
	}
	return m, nil
}
