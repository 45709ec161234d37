// Package spell finds wrong characters that no list names: a character that,
// replaced by one that sounds or looks like it, turns a run of characters that
// forms no word into a common word.
//
// # Method
//
// The detector is a noisy channel over a word-unigram language model. Each run
// of Chinese characters is segmented into dictionary words by the most
// probable path through its word graph (as jieba does), with frequencies from
// gse's dictionary. A character is suspect when it ends up alone or inside a
// rare word. Each character that sounds alike (same syllable, any tone, from
// go-pinyin's readings) or looks alike (the editorial 形近字 list) is tried in
// its place, and the few characters around it are segmented again. The
// replacement is reported when the gain in log-probability, less a cost for
// the kind of resemblance, passes a threshold and the new character sits in a
// common word of two or more characters that is not a name.
//
// # Accuracy
//
// cmd/evalcsc measures the detector on public spelling-check sets. Sentence
// level detection: a sentence is flagged when it has any finding. Strict (as
// in SIGHAN): a flagged sentence with errors is a true positive when every
// finding covers a wrong character (none lies wholly outside the wrong
// characters); precision = true positives / flagged sentences, recall = true
// positives / sentences with errors. Lenient: any flagged sentence with errors
// is a true positive. Findings are warnings; a replacement whose net gain
// reaches ErrorThreshold is an error (in tuning, none of those was wrong).
//
// With the default options (go run ./cmd/evalcsc): ECSpell official-document
// train split strict P 0.964, R 0.294 (lenient P 0.987, R 0.301); 0.30% of
// 4,636 clean People's Daily sentences flagged; about 15,000 such sentences a
// second on one core. A unigram model sees no context beyond the words it
// segments, so a wrong character that still forms a word (懂事会 for 董事会)
// or a replacement of a kind no list names is missed: recall stays well below
// the 0.5 the project aims at. Lower thresholds trade precision and clean
// sentences for recall (evalcsc -sweep prints the curve).
//
// # Data
//
// spell_words.txt and spell_pinyin.txt are generated from the gse and
// go-pinyin modules named in go.mod (go generate ./check/spell);
// spell_shape.tsv is written by hand. An organisation may override any of the
// three through lexicon.Open.
package spell

//go:generate go run ./internal/gendata -o ../../lexicon/data
//go:generate go run ./internal/genlm -o ../../lexicon/data

import (
	"fmt"
	"io/fs"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"qinglian"
)

// Rule is the rule id of every finding the detector makes.
const Rule = "spelling.detector"

// Data files the detector reads from the lexicon.
const (
	WordsFile  = "spell_words.txt"
	PinyinFile = "spell_pinyin.txt"
	ShapeFile  = "spell_shape.tsv"
)

// Options are the detector's tuning parameters. They were tuned on public
// evaluation sets as whole numbers; no entry of any set went into the data.
type Options struct {
	// Threshold is the log-probability gain (natural log) a replacement must
	// bring, after its cost, to be reported when it forms a two-character
	// word; LongThreshold when it forms a longer one, which is rarely an
	// accident.
	Threshold, LongThreshold float64
	// ErrorThreshold is the net gain above which a finding is an error, not a
	// warning.
	ErrorThreshold float64
	// SoundCost and ShapeCost are subtracted from the gain of a sound-alike or
	// shape-alike replacement: the channel's log-probability of the mistake.
	SoundCost, ShapeCost float64
	// RareFreq: a character inside a word rarer than this is suspect too.
	RareFreq uint32
	// MinWordFreq is the least frequency of the word a replacement forms;
	// MinShortWordFreq that of a two-character word.
	MinWordFreq, MinShortWordFreq uint32
	// MinCharFreq is the least frequency of a character that may be suggested.
	MinCharFreq uint32
	// Window is how many characters on each side are segmented again.
	Window int
	// Context weighs the context model: the change in how well the words
	// fit their neighbours (bigram log-probability over unigram, summed
	// along the path) is added to the gain times this.
	Context float64
	// HomoThreshold is the net gain a word typed by sound in the wrong
	// characters (耳机 for 二级) must bring to be reported; 0 turns the search
	// off. HomoUnigram weighs the change in the words' own probabilities
	// there and HomoContext the change in context; HomoMinFreq is the least
	// frequency of a word suggested.
	HomoThreshold, HomoUnigram, HomoContext float64
	HomoMinFreq                             uint32
	// SingleShare estimates how often a character stands alone as a word:
	// this share of its occurrences in the word list. gse's dictionary gives
	// many common characters a token frequency (为 100, 国 10) that would make
	// every character next to them look misplaced. (jieba's HMM probability
	// of a one-character word was tried instead and did no better.)
	SingleShare float64
}

// DefaultOptions are the parameters Load uses.
func DefaultOptions() Options {
	return Options{
		Threshold:        6.5,
		LongThreshold:    5,
		ErrorThreshold:   12,
		SoundCost:        2,
		ShapeCost:        4,
		RareFreq:         30,
		MinWordFreq:      1,
		MinShortWordFreq: 1000,
		MinCharFreq:      2000,
		Window:           4,
		SingleShare:      0.05,
		Context:          0,
		HomoThreshold:    11,
		HomoContext:      1.5,
		HomoUnigram:      1,
		HomoMinFreq:      100,
	}
}

// Detector finds likely wrong characters. It is safe for concurrent use.
type Detector struct {
	opt   Options
	words *wordDict
	conf  *confusables
	lm    *bigramLM
	lmID  []uint16 // context-model id of each dictionary entry, noLM if none
	homo  *homophones
	// unknown is the log-probability of a character the word list lacks.
	unknown float64
	// trace, when set (by tests), sees every replacement considered.
	trace func(r *run, i int, c candidate)
}

// Load reads the detector's data files (WordsFile, PinyinFile, ShapeFile)
// from fsys, usually lexicon.Default().
func Load(fsys fs.FS) (*Detector, error) { return LoadOptions(fsys, DefaultOptions()) }

// LoadOptions is Load with tuning parameters other than the defaults.
func LoadOptions(fsys fs.FS, opt Options) (*Detector, error) {
	c, err := loadConfusables(fsys, PinyinFile, ShapeFile, opt.MinCharFreq)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	alone := func(r rune) uint64 { return uint64(opt.SingleShare * float64(c.charFreq[r])) }
	w, err := loadWords(fsys, WordsFile, alone)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	lm, err := loadLM(fsys, LMFile)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	if opt.Window < 1 {
		opt.Window = 1
	}
	return &Detector{opt: opt, words: w, conf: c, lm: lm, lmID: mapLM(w, lm), homo: buildHomophones(w, c, opt.HomoMinFreq), unknown: math.Log(0.5) - w.logTotal}, nil
}

// maxWordRunes bounds the words the segmenter looks for, as the generator does.
const maxWordRunes = 8

// run is a maximal stretch of Chinese characters of the text.
type run struct {
	s     string // the characters
	offs  []int  // byte offset of each rune in s, and len(s)
	runes []rune
	at    int // rune offset of the run in the text
}

// Check returns the likely wrong characters of one sentence or paragraph.
// Start and End are rune offsets in text.
func (d *Detector) Check(text string) []qinglian.Finding {
	var out []qinglian.Finding
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	var r run
	idx := 0 // rune index in text
	runStart := -1
	for bi, c := range text {
		han := c != utf8.RuneError && unicode.Is(unicode.Han, c)
		if han && runStart < 0 {
			runStart = bi
			r = run{at: idx, offs: sc.offs[:0], runes: sc.runes[:0]}
		}
		if !han && runStart >= 0 {
			r.s = text[runStart:bi]
			out = d.checkRun(&r, sc, out)
			sc.offs, sc.runes = r.offs, r.runes
			runStart = -1
		}
		if han {
			r.offs = append(r.offs, bi-runStart)
			r.runes = append(r.runes, c)
		}
		idx++
	}
	if runStart >= 0 {
		r.s = text[runStart:]
		out = d.checkRun(&r, sc, out)
		sc.offs, sc.runes = r.offs, r.runes
	}
	return out
}

// scratch holds the buffers one Check needs, reused through a pool so that
// the hot loop allocates nothing once they have grown.
type scratch struct {
	offs                  []int
	runes                 []rune
	route, wroute, route2 []step
	flags                 []bool
	tok                   []int32
	buf                   []byte
	woffs, o              []int
	inner                 []rune
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// step is one edge of the best path: the word s[offs[i]:offs[next]].
type step struct {
	score float64 // best log-probability from here to the end
	next  int
	entry int // dictionary entry of the word, -1 if an unknown character
}

// segment finds the most probable segmentation of s, whose rune offsets are
// offs (with len(s) last). route[i] describes the best path from rune i.
func (d *Detector) segment(s string, offs []int, route []step) []step {
	n := len(offs) - 1
	route = route[:0]
	for i := 0; i <= n; i++ {
		route = append(route, step{})
	}
	route[n] = step{score: 0, next: n, entry: -1}
	d.resegment(s, offs, route, n-1)
	return route
}

// resegment recomputes route[from], route[from-1], ..., route[0]; the
// entries after from must already describe s. After one character changes,
// only the starts up to it need computing again.
func (d *Detector) resegment(s string, offs []int, route []step, from int) {
	for i := from; i >= 0; i-- {
		best := step{score: d.unknown + route[i+1].score, next: i + 1, entry: -1}
		d.words.matches(s, offs, i, maxWordRunes, func(j, e int) {
			if sc := d.words.logP(e) + route[j].score; sc > best.score {
				best = step{score: sc, next: j, entry: e}
			}
		})
		route[i] = best
	}
}

func (r *run) len() int { return len(r.runes) }

func (r *run) finish() {
	r.offs = append(r.offs, len(r.s))
}

// candidate is one replacement tried at a position.
type candidate struct {
	r      rune
	r2     rune    // the second character of a two-character replacement
	ctx    float64 // the part of the gain the context model gives
	k      kind
	net    float64
	word   string // the word the replacement forms
	from   int    // rune offsets of that word in the run
	to     int
	evLen  int    // length of the common word that is the evidence: the word, or one inside it
	evWord string // that word
	gain   float64
	wordFq uint32 // its frequency
	weak   bool   // a two-character word of a weak part of speech
	// extends: the word is a word of the original text plus the new
	// character (小时后 → 小时候), weaker evidence than a word made whole.
	extends bool
}

var cnt struct{ chars, suspect, cands, formed, segs, homoSpans, homoCands int }

func (d *Detector) checkRun(r *run, sc *scratch, out []qinglian.Finding) []qinglian.Finding {
	r.finish()
	cnt.chars += r.len()
	n := r.len()
	if n < 2 {
		return out
	}
	route := d.segment(r.s, r.offs, sc.route[:0])
	sc.route = route
	if cap(sc.flags) < 2*n {
		sc.flags = make([]bool, 2*n)
	}
	flags := sc.flags[:2*n]
	clear(flags)
	// suspect[i]: the best path leaves rune i alone or inside a rare word.
	suspect, found := flags[:n], flags[n:]
	for i := 0; i < n; {
		st := route[i]
		if st.next-i == 1 || st.entry < 0 || d.words.freq[st.entry] < d.opt.RareFreq {
			for k := i; k < st.next; k++ {
				suspect[k] = true
			}
		}
		i = st.next
	}
	buf, offs, wroute, route2, o, inner := sc.buf, sc.woffs, sc.wroute, sc.route2, sc.o, sc.inner
	for i := 0; i < n; i++ {
		if !suspect[i] {
			continue
		}
		cnt.suspect++
		lo, hi := max(0, i-d.opt.Window), min(n, i+d.opt.Window+1)
		orig := r.s[r.offs[lo]:r.offs[hi]]
		var base float64
		wroute = wroute[:0] // the window's own segmentation, made when first needed
		best := candidate{net: math.Inf(-1)}
		inner = d.innerChars(r, i, inner[:0])
		d.conf.each(r.runes[i], func(c rune, k kind) {
			cnt.cands++
			if !containsRune(inner, c) && !d.formsWord(r, i, c) {
				return
			}
			cnt.formed++
			if len(wroute) == 0 {
				offs = offsets(orig, offs[:0])
				wroute = d.segment(orig, offs, wroute)
				base = wroute[0].score
				if d.opt.Context != 0 {
					base += d.opt.Context * d.context(wroute)
				}
			}
			buf = append(buf[:0], r.s[r.offs[lo]:r.offs[i]]...)
			buf = utf8.AppendRune(buf, c)
			buf = append(buf, r.s[r.offs[i+1]:r.offs[hi]]...)
			s := unsafeString(buf) // buf is rewritten for the next candidate: copy what is kept
			o = offsets(s, o[:0])
			// Starts after the replaced character segment as before.
			at := i - lo
			route2 = append(route2[:0], wroute...)
			d.resegment(s, o, route2, at)
			gain := route2[0].score - base
			if d.opt.Context != 0 {
				gain += d.opt.Context * d.context(route2)
			}
			cost := d.opt.SoundCost
			if k == shapeAlike {
				cost = d.opt.ShapeCost
			}
			net := gain - cost
			if net <= best.net {
				return
			}
			// The replacement must sit in a common word of two or more
			// characters on the new best path.
			for p := 0; p < len(o)-1; p = route2[p].next {
				q := route2[p].next
				if p <= at && at < q {
					e := route2[p].entry
					if q-p < 2 || e < 0 {
						return
					}
					evFrom, evTo := p, q
					if d.words.name[e] || d.words.freq[e] < d.opt.MinWordFreq {
						// A rare long word (干部队伍) may hold a common one (队伍).
						if evFrom, evTo, e = d.commonInside(s, o, p, q, at); e < 0 {
							return
						}
					}
					best = candidate{r: c, k: k, net: net, gain: gain, word: strings.Clone(s[o[p]:o[q]]), from: lo + p, to: lo + q, evLen: evTo - evFrom, evWord: strings.Clone(s[o[evFrom]:o[evTo]]), wordFq: d.words.freq[e], weak: d.words.weakShort[e]}
					if evTo-evFrom >= 3 {
						best.extends = (at == evTo-1 && hasToken(wroute, evFrom, at, d)) || (at == evFrom && hasToken(wroute, at+1, evTo, d))
					}
					return
				}
			}
		})
		if best.r == 0 {
			continue
		}
		if d.trace != nil {
			d.trace(r, i, best)
		}
		if !d.confident(best) {
			continue
		}
		out = append(out, d.finding(r, i, best))
		found[i] = true
	}
	sc.buf, sc.woffs, sc.wroute, sc.route2, sc.o, sc.inner = buf, offs, wroute, route2, o, inner
	return d.checkWords(r, route, found, sc, out)
}

// formsWord says whether c at rune i of the run begins, or continues from
// the character before, some word of the dictionary; a cheap test that
// rejects most candidates before segmenting.
func (d *Detector) formsWord(r *run, i int, c rune) bool {
	least := d.opt.MinWordFreq
	if i+1 < r.len() && d.words.pairFreq(c, r.runes[i+1]) >= least {
		return true
	}
	if i > 0 && d.words.pairFreq(r.runes[i-1], c) >= least {
		return true
	}
	return false
}

// commonInside finds the longest common word that is not a name, of two
// or more characters, inside s[o[p]:o[q]] and covering rune at; e is -1 if
// there is none.
func (d *Detector) commonInside(s string, o []int, p, q, at int) (int, int, int) {
	for n := q - p - 1; n >= 2; n-- {
		for a := max(p, at-n+1); a <= at && a+n <= q; a++ {
			e := d.words.lookup(s[o[a]:o[a+n]])
			if e >= 0 && !d.words.name[e] && d.words.freq[e] >= d.opt.MinWordFreq {
				return a, a + n, e
			}
		}
	}
	return p, q, -1
}

// hasToken says whether the best path route passes through a common word
// spanning runes [from, to).
func hasToken(route []step, from, to int, d *Detector) bool {
	for p := 0; p < len(route)-1 && p <= from; p = route[p].next {
		if p == from {
			e := route[p].entry
			return route[p].next == to && e >= 0 && d.words.freq[e] >= d.opt.RareFreq
		}
	}
	return false
}

// confident says whether a replacement is strong enough to report.
func (d *Detector) confident(c candidate) bool {
	if c.evLen >= 3 && !c.extends {
		return c.net >= d.opt.LongThreshold
	}
	return c.net >= d.opt.Threshold && c.wordFq >= d.opt.MinShortWordFreq && !c.weak
}

// maxPrefixScan bounds the dictionary entries innerChars reads for one prefix.
const maxPrefixScan = 512

// innerChars appends the characters x such that some common word that is not
// a name reads r[s:i] x r[i+1:...] for s = i-2 or i-3: the characters that
// complete a word of three or more characters begun before i.
func (d *Detector) innerChars(r *run, i int, out []rune) []rune {
	for back := 2; back <= 3 && i-back >= 0; back++ {
		s := i - back
		lo, hi := d.words.prefixRange(r.s[r.offs[s]:r.offs[i]])
		if hi-lo > maxPrefixScan {
			hi = lo + maxPrefixScan
		}
		for e := lo; e < hi; e++ {
			if d.words.name[e] || d.words.freq[e] < d.opt.MinWordFreq {
				continue
			}
			w := d.words.word(e)[r.offs[i]-r.offs[s]:]
			x, size := utf8.DecodeRuneInString(w)
			if size == 0 || x == r.runes[i] {
				continue
			}
			// The rest of the word must be what follows i.
			rest := w[size:]
			if end := r.offs[i+1] + len(rest); end <= len(r.s) && r.s[r.offs[i+1]:end] == rest && !containsRune(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

func offsets(s string, offs []int) []int {
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

func (d *Detector) finding(r *run, i int, c candidate) qinglian.Finding {
	sev := qinglian.Warning
	if c.net >= d.opt.ErrorThreshold {
		sev = qinglian.Error
	}
	origWord := string(r.runes[c.from:c.to])
	how := "同音字"
	if c.k == shapeAlike {
		how = "形近字"
	}
	return qinglian.Finding{
		Rule:       Rule,
		Category:   qinglian.Spelling,
		Severity:   sev,
		Start:      r.at + i,
		End:        r.at + i + 1,
		Text:       string(r.runes[i]),
		Suggestion: string(c.r),
		Message:    fmt.Sprintf("疑似错别字：“%s”可能应为“%s”", origWord, c.word),
		Reason: fmt.Sprintf("%s替换后构成常用词“%s”（词频%d，据 gse 词典），原文在此不成词（qinglian 错别字检测器，音据 go-pinyin，形据 qinglian 形近字表）",
			how, c.evWord, c.wordFq),
	}
}
