// Package spell finds wrong characters that no list names: a character that,
// replaced by one that sounds or looks like it, turns a run of characters that
// forms no word into a common word.
//
// # Method
//
// The detector is a noisy channel over a word-unigram language model. Each run
// of Chinese characters is segmented into dictionary words by the most
// probable path through its word graph (as jieba does). The words and their
// frequencies come from gse's dictionary, from the phrases of the open-gram
// model that are made of gse's content words (作出决定, 示范基地), and from
// qinglian's list of the words of official documents (spell_domain.tsv, with
// the formulations and stock phrases of the other checks: each raised to
// its level's frequency, the ones gse lacks added). A character is
// suspect when it ends up alone or inside a rare word. Each character that
// sounds alike (same syllable, any tone, from go-pinyin's readings) or looks
// alike (the editorial 形近字 list) is tried in its place, and the few
// characters around it are segmented again; so, at a higher cost, are common
// characters one pinyin input-method blur away (模糊音: zh/z, ch/c, sh/s, n/l,
// h/f, r/l, ang/an, eng/en, ing/in; 民组 for 民主) and characters whose Cangjie
// codes, which spell a character by its parts, are one part apart (仕/任,
// 上/止, 没/设; Debian libcangjie2-data). The replacement is reported when the
// gain in log-probability, less a cost for the kind of resemblance, passes a
// threshold and the new character sits in a common word of two or more
// characters that is not a name.
//
// Guards keep correct text alone:
//   - no correction in the one or two characters after a surname that the
//     path leaves alone or that begins a name (钱经齐 is a person, not 经济),
//     in a surname and given name before a title (郝彦南同志), or in a
//     surname before a place suffix (朱村, 王庄);
//   - a numeral unit or measure word right after a digit, with the word it
//     begins, belongs to the quantity or date (5千棵, 23个, 2019年底);
//   - a word of three or more characters reached through a blur or a
//     Cangjie neighbour must be no rare word;
//   - a particle (的地得了着) stands only for characters of its usual
//     reading (党的十九届 is no slip for 第);
//   - a word of the official-document list is suggested in a clause that
//     holds no other word of the list only on DomainAloneCost more evidence
//     (排渣 in a report on a chemical plant is no 排查);
//   - a longer word replacing words the path already reads as good Chinese
//     (法制建设 for 法治建设) needs LongRealWordCost more, a word that only
//     extends the text's word (共产党愿 → 共产党员) ExtendsCost more.
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
// A second pass uses context: each span of two characters that is a word of
// its own, or lies across stray characters, is replaced by each common word
// that reads the same (first readings only: 征服 for 政府, 懂事 for 董事),
// and the change is scored by the unigram model plus how much better the
// new word fits its neighbours in a word bigram model (open-gram, see Data):
// the sum of log P(b|a) − log P(b) over neighbouring words on the path.
//
// A third pass looks at every stretch of three or four characters that the
// best path does not read as one word: a common word of that length that
// reads the same (any of the first two readings of each of its characters)
// and differs in one character is tried in its place, even when the written
// characters form valid shorter words (互连网 → 互联网, 办公式 → 办公室),
// and scored like the second pass (LongWordThreshold). A character that
// repeats two places away, outside the word the correction forms, is left
// alone: A B A C forms (畸高畸低, 一心一意) are deliberate.
//
// Before a window is segmented again for a candidate character, its gain is
// bounded from the pair index: when c forms only two-character words with
// its neighbours, the new path gains at most log P(word) less the two old
// characters' scores alone; most candidates stop there.
//
// With the default options (go run ./cmd/evalcsc): ECSpell official-document
// train split, detector alone strict P 0.979, R 0.520; with the curated list
// (combined, what the engine runs) strict P 0.979, R 0.524, 0.28% of its 723
// clean sentences and 0.39% of 4,636 clean People's Daily sentences flagged.
//
// How recall rose, combined, each step at no more than 0.5% clean (the
// history is in the commits): the first detector 0.294; the context pass
// 0.325; the long-word pass 0.333; more bigrams 0.343; Cangjie shapes and
// input-method blurs 0.376 (FuzzyMinFreq 10,000: below that the blurs cost a
// sixth of the detector's time); the open-gram phrases and letting a strong
// gain form a rarer word (StrongNet, CharStrongNet) 0.411; the
// official-document list (6,730 words) with the register rule and the
// guards above, and retuning (SingleShare 0.15, SoundCost 2.5, Threshold
// 6), 0.504; the list grown to 9,521 words and retuned (level frequencies
// 10,000 / 5,000 / 1,000, Threshold 6.5), 0.508 (level 1 at 20,000 and
// SoundCost 3 reach 0.516 at the same People's Daily share but flag 0.69%
// of the official documents' clean sentences instead of 0.28%); a word
// reached through a weak channel (blur, Cangjie) must be no rare word, and
// villages named after a clan (朱村) are left alone, which freed clean
// sentences for Threshold 6: 0.520 at 0.39%; the formulations and stock
// phrases of the other checks as words, 0.524. The list
// brought most: gse counts official words low (征收 3, 核实 3, 自查 64) or
// tags them oddly (征收 as a name, 落实 as an adjective), and lacks many
// set phrases. The figures sit at the targets' edge: near this point every
// move of a threshold or cost trades about 0.01 recall for one more clean
// sentence flagged (evalcsc -sweep Name=v1,v2 prints the curve).
//
// What is still missed: same-sound real words whose context the
// news-trained bigram model does not know (树脂 for 述职), words neither list
// has, and wrong characters that neither sound nor look alike by our
// measures.
//
// # Data
//
// spell_words.txt and spell_pinyin.txt are generated by internal/gendata
// from the gse and go-pinyin modules named in go.mod, the phrases of the
// Debian package sunpinyin-data (the open-gram model, CC BY-SA 3.0, which the
// word list therefore carries) and spell_domain.tsv (go generate
// ./check/spell). spell_domain.tsv, spell_shape.tsv and spell_surnames.tsv
// are written by hand for qinglian. spell_lm.bin, the context model, is
// generated by internal/genlm from sunpinyin-data: word bigrams among the
// words of spell_words.txt, read in place without parsing.
// spell_shape_codes.tsv is generated by internal/genshape from the Debian
// package libcangjie2-data (its code table is in the public domain). An
// organisation may override any of them through lexicon.Open; the domain
// list reaches the detector through spell_words.txt, so an organisation's
// own official terms go there.
package spell

//go:generate go run ./internal/gendata -o ../../lexicon/data
//go:generate go run ./internal/genlm -o ../../lexicon/data
//go:generate go run ./internal/genshape -o ../../lexicon/data

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
	// ShapeCodesFile lists shape-alike characters by their Cangjie codes.
	ShapeCodesFile = "spell_shape_codes.tsv"
)

// Options are the detector's tuning parameters. They were tuned on public
// evaluation sets, thresholds and costs in steps of a half or more and
// SingleShare in steps of 0.05; no entry of any set went into the data.
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
	// FuzzyCost is that of a character one input-method blur away in
	// sound (zh/z, in/ing), CodeCost that of one whose Cangjie code is one
	// part away from the written one's.
	FuzzyCost, CodeCost float64
	// FuzzyMinFreq and CodeMinFreq are the least frequencies of a
	// character suggested through a blur or a code (MinCharFreq or more).
	FuzzyMinFreq, CodeMinFreq uint32
	// RareFreq: a character inside a word rarer than this is suspect too.
	RareFreq uint32
	// MinWordFreq is the least frequency of the word a replacement forms;
	// MinShortWordFreq that of a two-character word.
	MinWordFreq, MinShortWordFreq uint32
	// A homophone word whose net gain reaches StrongNet, or a character
	// replacement whose net gain reaches CharStrongNet, may form a
	// two-character word as rare as StrongMinFreq (党组, 签发: gse's counts
	// of official words are low); the character replacement may form a
	// word of a weak part of speech too (gse tags 落实 an adjective). 0
	// turns either off.
	StrongNet, CharStrongNet float64
	StrongMinFreq            uint32
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
	// LongWordThreshold is the net gain a common word of three or four
	// characters must bring when a stretch that reads like it but differs
	// in one character is rewritten (互连网 for 互联网), even where the
	// written characters form shorter words; 0 turns the search off.
	// LongWordContext weighs the change in context there, and
	// LongWordMinFreq is the least frequency of a word suggested.
	LongWordThreshold, LongWordContext float64
	// LongRealWordCost is added to LongWordThreshold when the written
	// characters are already common words (法制建设 for 法治建设).
	LongRealWordCost float64
	// ExtendsCost is added to Threshold for a word that is a word of the
	// text plus the new character (共产党愿 → 共产党员).
	ExtendsCost float64
	// DomainAloneCost: see registerFits.
	DomainAloneCost float64
	LongWordMinFreq uint32
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
		Threshold:         6,
		LongThreshold:     4.5,
		ErrorThreshold:    12,
		SoundCost:         2.5,
		ShapeCost:         3.5,
		FuzzyCost:         8,
		CodeCost:          6,
		FuzzyMinFreq:      10000,
		CodeMinFreq:       2000,
		RareFreq:          30,
		MinWordFreq:       1,
		MinShortWordFreq:  1000,
		StrongMinFreq:     100,
		StrongNet:         12,
		CharStrongNet:     10,
		MinCharFreq:       2000,
		Window:            4,
		SingleShare:       0.15,
		Context:           0,
		HomoThreshold:     11,
		HomoContext:       1.5,
		HomoUnigram:       1,
		HomoMinFreq:       100,
		LongWordThreshold: 8,
		LongWordContext:   1,
		LongWordMinFreq:   10,
		LongRealWordCost:  4,
		ExtendsCost:       3,
		DomainAloneCost:   2,
	}
}

// Detector finds likely wrong characters. It is safe for concurrent use.
type Detector struct {
	opt   Options
	words *wordDict
	conf  *confusables
	lm    *bigramLM
	homo  *homophones
	long  *longWords
	// surnames hold back corrections inside given names.
	surnames surnames
	// lmIDs caches lmOf for each dictionary entry.
	lmIDs []int32
	// unknown is the log-probability of a character the word list lacks.
	unknown float64
	// trace, when set (by tests), sees every replacement considered.
	trace func(r *run, i int, c candidate)
}

// Load reads the detector's data files (WordsFile, PinyinFile, ShapeFile, LMFile)
// from fsys, usually lexicon.Default().
func Load(fsys fs.FS) (*Detector, error) { return LoadOptions(fsys, DefaultOptions()) }

// LoadOptions is Load with tuning parameters other than the defaults.
func LoadOptions(fsys fs.FS, opt Options) (*Detector, error) {
	c, err := loadConfusables(fsys, PinyinFile, ShapeFile, ShapeCodesFile, opt.MinCharFreq)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	c.fuzzyMinFreq, c.codeMinFreq = max(opt.FuzzyMinFreq, opt.MinCharFreq), max(opt.CodeMinFreq, opt.MinCharFreq)
	alone := func(r rune) uint64 { return uint64(opt.SingleShare * float64(c.charFreq[r])) }
	w, err := loadWords(fsys, WordsFile, alone)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	lm, err := loadLM(fsys, LMFile)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	sn, err := loadSurnames(fsys, SurnamesFile)
	if err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	if opt.Window < 1 {
		opt.Window = 1
	}
	return &Detector{opt: opt, surnames: sn, words: w, conf: c, lm: lm, homo: buildHomophones(w, c, opt.HomoMinFreq), long: buildLongWords(w, c, opt.LongWordMinFreq), lmIDs: make([]int32, len(w.start)), unknown: math.Log(0.5) - w.logTotal}, nil
}

// maxWordRunes bounds the words the segmenter looks for, as the generator does.
const maxWordRunes = 8

// run is a maximal stretch of Chinese characters of the text.
type run struct {
	s     string // the characters
	offs  []int  // byte offset of each rune in s, and len(s)
	runes []rune
	at    int // rune offset of the run in the text
	// afterDigit: the run follows a digit, so a numeral unit that begins
	// it (4·5万棵) belongs to a number.
	afterDigit bool
}

// isDigit says whether r is an ASCII or full-width digit.
func isDigit(r rune) bool { return '0' <= r && r <= '9' || '０' <= r && r <= '９' }

// numeralUnits are the characters that follow digits in a number, and
// measureWords the common measure words and time units that follow them.
const (
	numeralUnits = "十百千万亿"
	measureWords = "个名项次件家所条位元户亩台辆座套批张篇本期届年月日天岁倍种类例起宗笔份处支只头块片间栋艘架部门口"
)

// Check returns the likely wrong characters of one sentence or paragraph.
// Start and End are rune offsets in text.
func (d *Detector) Check(text string) []qinglian.Finding {
	var out []qinglian.Finding
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	var r run
	idx := 0 // rune index in text
	runStart := -1
	var prev rune
	for bi, c := range text {
		han := c != utf8.RuneError && unicode.Is(unicode.Han, c)
		if han && runStart < 0 {
			runStart = bi
			r = run{at: idx, offs: sc.offs[:0], runes: sc.runes[:0], afterDigit: isDigit(prev)}
		}
		prev = c
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
	o                     []int
	inner                 []rune
	single                []float64
	mStart                []int32 // the words at run rune i: mList[mStart[i]:mStart[i+1]]
	mList                 []match
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// step is one edge of the best path: the word s[offs[i]:offs[next]].
type step struct {
	score float64 // best log-probability from here to the end
	next  int
	entry int // dictionary entry of the word, -1 if an unknown character
}

// resegment recomputes route[from], route[from-1], ..., route[0]; the
// entries after from must already describe s. After one character changes,
// only the starts up to it need computing again.
func (d *Detector) resegment(s string, offs []int, route []step, from int) {
	for i := from; i >= 0; i-- {
		best := step{score: d.unknown + route[i+1].score, next: i + 1, entry: -1}
		d.bestWord(s, offs, i, route, &best)
		route[i] = best
	}
}

// bestWord improves best with each dictionary word that begins at rune i
// of s (rune offsets offs), shortest first: route[j] scores the rest after
// a word that ends before rune j.
func (d *Detector) bestWord(s string, offs []int, i int, route []step, best *step) {
	var buf [maxWordRunes]match
	for _, m := range d.wordsAt(s, offs, i, buf[:0]) {
		if sc := d.words.logP(int(m.e)) + route[m.j].score; sc > best.score {
			*best = step{score: sc, next: int(m.j), entry: int(m.e)}
		}
	}
}

// match is a dictionary word found in the text: entry e ends before rune j.
type match struct{ j, e int32 }

// wordsAt appends the dictionary words that begin at rune i of s (rune
// offsets offs), shortest first, at most one of each length. It narrows one
// sorted range as the word grows, so a start that begins no word costs one
// look-up.
func (d *Detector) wordsAt(s string, offs []int, i int, out []match) []match {
	w := d.words
	r, _ := utf8.DecodeRuneInString(s[offs[i]:])
	rg, ok := w.firstOf(r)
	if !ok {
		return out
	}
	lo, hi := int(rg.lo), int(rg.hi)
	// Every entry of the range begins with r: the first is r itself when
	// it is no longer than r.
	if int(w.wlen[lo]) == offs[i+1]-offs[i] {
		out = append(out, match{int32(i + 1), int32(lo)})
	}
	last := len(offs) - 1
	if i+2 > last {
		return out
	}
	// The second character narrows the range by one hash look-up.
	r2, _ := utf8.DecodeRuneInString(s[offs[i+1]:])
	k := w.pairK(r, r2)
	if k < 0 {
		return out
	}
	lo = int(w.secondAt[k])
	if k+1 < int(rg.shi) {
		hi = int(w.secondAt[k+1])
	}
	if int(w.wlen[lo]) == offs[i+2]-offs[i] {
		out = append(out, match{int32(i + 2), int32(lo)})
	}
	for j := i + 3; j <= last && j-i <= maxWordRunes; j++ {
		p := s[offs[i]:offs[j]]
		lo = w.lowerBound(lo, hi, p)
		if lo >= hi {
			return out
		}
		word := w.word(lo)
		if !strings.HasPrefix(word, p) {
			return out
		}
		if len(word) == len(p) {
			out = append(out, match{int32(j), int32(lo)})
		}
	}
	return out
}

// segmentRun finds the most probable segmentation of the run: route[i]
// describes the best path from rune i. It keeps the words found at each
// start (sc.mStart, sc.mList) so that windows of the run's own text are
// segmented without a dictionary search.
func (d *Detector) segmentRun(r *run, sc *scratch) []step {
	n := r.len()
	ms, starts := sc.mList[:0], sc.mStart[:0]
	for i := 0; i < n; i++ {
		starts = append(starts, int32(len(ms)))
		ms = d.wordsAt(r.s, r.offs, i, ms)
	}
	starts = append(starts, int32(len(ms)))
	sc.mList, sc.mStart = ms, starts
	return d.segmentWindow(sc, 0, n, sc.route[:0])
}

// segmentWindow segments the run's runes [lo, hi) alone, from the words
// segmentRun kept, with rune indexes relative to lo: the path and scores
// a dictionary search over that text would give.
func (d *Detector) segmentWindow(sc *scratch, lo, hi int, route []step) []step {
	n := hi - lo
	route = route[:0]
	for i := 0; i <= n; i++ {
		route = append(route, step{})
	}
	route[n] = step{score: 0, next: n, entry: -1}
	for i := n - 1; i >= 0; i-- {
		best := step{score: d.unknown + route[i+1].score, next: i + 1, entry: -1}
		for _, m := range sc.mList[sc.mStart[lo+i]:sc.mStart[lo+i+1]] {
			j := int(m.j) - lo
			if j > n {
				break // shortest first: the rest end later still
			}
			if sc := d.words.logP(int(m.e)) + route[j].score; sc > best.score {
				best = step{score: sc, next: j, entry: int(m.e)}
			}
		}
		route[i] = best
	}
	return route
}

func (r *run) len() int { return len(r.runes) }

// parallel says whether rune i repeats two runes before or after it, outside
// the runes [from, to) of the word a correction forms, as in the deliberate
// parallel forms A B A C (畸高畸低, 一心一意, 越来越好): a correction there
// would break a pattern the writer built. A word that takes in both
// (实事求事 → 实事求是) explains the repetition instead.
func (r *run) parallel(i, from, to int) bool {
	c := r.runes[i]
	outside := func(k int) bool { return k < from || k >= to }
	return (i >= 2 && r.runes[i-2] == c && outside(i-2)) || (i+2 < len(r.runes) && r.runes[i+2] == c && outside(i+2))
}

func (r *run) finish() {
	r.offs = append(r.offs, len(r.s))
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
	how, basis := "同音字", "音据 go-pinyin"
	switch c.k {
	case shapeAlike:
		how, basis = "形近字", "形据 qinglian 形近字表"
	case codeAlike:
		how, basis = "形近字", "形据仓颉码（libcangjie）相差一个部件"
	case fuzzyAlike:
		how, basis = "近音字", "音据 go-pinyin，按输入法模糊音（z/zh、in/ing 等）"
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
		Reason: fmt.Sprintf("%s替换后构成常用词“%s”（词频%d，据 gse 词典），原文在此不成词（qinglian 错别字检测器，%s）",
			how, c.evWord, c.wordFq, basis),
	}
}
