package spell

import (
	"math"
	"sync/atomic"
	"unicode/utf8"

	"qinglian"
)

// lmOf returns the context model's id of dictionary entry e, or -1. A hash
// look-up in the model's own table: it runs only for candidates that got
// this far, which is cheaper than mapping all 370,000 entries at load.
// The answer is kept per entry (lmIDs: 0 not yet asked, 1 not in the model,
// id+2 otherwise), so each entry is looked up once.
func (d *Detector) lmOf(e int) int {
	if e < 0 {
		return -1
	}
	if v := atomic.LoadInt32(&d.lmIDs[e]); v != 0 {
		return int(v) - 2
	}
	id := d.lm.id(d.words.word(e))
	atomic.StoreInt32(&d.lmIDs[e], int32(id+2))
	return id
}

// context sums, over each pair of neighbouring words on the path route, how
// much more (or less) likely the second word is after the first than alone:
// log P(b|a) − log P(b) in the bigram model. Words the model lacks add
// nothing, nor does the pair they are in.
func (d *Detector) context(route []step) float64 {
	var sum float64
	prev := -1
	for p := 0; p < len(route)-1; p = route[p].next {
		id := d.lmOf(route[p].entry)
		if prev >= 0 && id >= 0 {
			sum += d.lm.logPGiven(prev, id) - d.lm.uni(id)
		}
		prev = id
	}
	return sum
}

// homophones indexes the common two-character words by their readings, so
// that a word typed by sound in the wrong characters (耳机 for 二级, 练习
// for 联席, 懂事 for 董事) finds the words it may stand for.
type homophones struct {
	nSyl  int
	start []int32 // words of reading key k: entries[start[k]:start[k+1]]
	words []int32 // dictionary entries
}

// sylIDs returns the reading ids of character r (toneless syllables).
func (c *confusables) sylIDs(r rune) []uint16 {
	if r < hanLo || r >= hanHi {
		return nil
	}
	k := r - hanLo
	return c.sylFlat[c.sylStart[k]:c.sylStart[k+1]]
}

// buildHomophones indexes the two-character dictionary words that are not
// names and occur at least minFreq times.
func buildHomophones(w *wordDict, c *confusables, minFreq uint32) *homophones {
	h := &homophones{nSyl: c.nSyl}
	keys := h.nSyl * h.nSyl
	h.start = make([]int32, keys+1)
	var pairs [][2]int32 // (key, entry)
	for e := range w.start {
		if w.wlen[e] != 6 || w.name[e] || w.freq[e] < minFreq {
			continue // a two-character word of the CJK blocks is six bytes
		}
		s := w.word(e)
		a, size := utf8.DecodeRuneInString(s)
		b, _ := utf8.DecodeRuneInString(s[size:])
		for _, x := range primary(c.sylIDs(a)) {
			for _, y := range primary(c.sylIDs(b)) {
				k := int32(int(x)*h.nSyl + int(y))
				pairs = append(pairs, [2]int32{k, int32(e)})
				h.start[k+1]++
			}
		}
	}
	for k := 1; k <= keys; k++ {
		h.start[k] += h.start[k-1]
	}
	h.words = make([]int32, len(pairs))
	fill := append([]int32(nil), h.start[:keys]...)
	for _, p := range pairs {
		h.words[fill[p[0]]] = p[1]
		fill[p[0]]++
	}
	return h
}

// each calls fn for every indexed word (entry) read as x y.
func (h *homophones) each(x, y uint16, fn func(e int)) {
	k := int(x)*h.nSyl + int(y)
	for _, e := range h.words[h.start[k]:h.start[k+1]] {
		fn(int(e))
	}
}

// checkWords looks for words typed by sound in the wrong characters: each
// span of two characters that is a word of its own, or lies across stray
// characters, is replaced by each common word that reads the same, and the
// replacement is reported when the words around fit it much better. found
// marks the runes already reported, which are not tried again.
func (d *Detector) checkWords(r *run, route []step, found []bool, sc *scratch, out []qinglian.Finding) []qinglian.Finding {
	n := r.len()
	if d.opt.HomoThreshold <= 0 || n < 2 {
		return out
	}
	if cap(sc.tok) < n {
		sc.tok = make([]int32, n)
	}
	tok := sc.tok[:n] // start of the path word covering each rune
	for p := 0; p < n; p = route[p].next {
		for k := p; k < route[p].next; k++ {
			tok[k] = int32(p)
		}
	}
	loose := func(p int) bool { // a path word that may be rewritten
		e := route[p].entry
		return route[p].next-p == 1 || e < 0 || d.words.freq[e] < d.opt.RareFreq
	}
	buf, o, wroute, route2 := sc.buf, sc.o, sc.wroute, sc.route2
	defer func() { sc.buf, sc.o, sc.wroute, sc.route2 = buf, o, wroute, route2 }()
	for i := 0; i+1 < n; i++ {
		if found[i] || found[i+1] {
			continue
		}
		pa, pb := int(tok[i]), int(tok[i+1])
		if pa == pb {
			if route[pa].next-pa != 2 && !loose(pa) {
				continue
			}
		} else if !loose(pa) || !loose(pb) {
			continue
		}
		a, b := r.runes[i], r.runes[i+1]
		// The span is a word of the path: a replacement that merges with
		// no neighbour changes only that word, which is cheap to score.
		exact := pa == pb && route[pa].next == i+2
		left, right := -1, -1
		if exact {
			if i > 0 {
				left = d.lmOf(route[tok[i-1]].entry)
			}
			if i+2 < n {
				right = d.lmOf(route[i+2].entry)
			}
		}
		ya, yb := primary(d.conf.sylIDs(a)), primary(d.conf.sylIDs(b))
		if len(ya) == 0 || len(yb) == 0 {
			continue
		}
		lo, hi := max(0, i-d.opt.Window), min(n, i+2+d.opt.Window)
		at := i - lo
		wroute = wroute[:0]
		var base, baseCtx float64
		best := candidate{net: math.Inf(-1)}
		var tried [8]int
		nTried := 0
		for _, x := range ya {
			for _, y := range yb {
				d.homo.each(x, y, func(e int) {
					w := d.words.word(e)
					if w == r.s[r.offs[i]:r.offs[i+2]] {
						return
					}
					for _, t := range tried[:nTried] {
						if t == e {
							return
						}
					}
					if nTried < len(tried) {
						tried[nTried] = e
						nTried++
					}
					c1, c2 := decodeTwo(w)
					diff := 0
					if c1 != a {
						diff++
					}
					if c2 != b {
						diff++
					}
					if exact && !d.mayMerge(r, i, c1, c2) {
						eo := route[pa].entry
						est := d.opt.HomoUnigram*(d.words.logP(e)-d.words.logP(eo)) +
							d.opt.HomoContext*d.swapContext(left, right, d.lmOf(eo), d.lmOf(e)) -
							float64(diff)*d.opt.SoundCost
						if est < d.opt.HomoThreshold-homoMargin {
							return
						}
					}
					if len(wroute) == 0 {
						wroute = d.segmentWindow(sc, lo, hi, wroute)
						baseCtx = d.context(wroute)
						base = d.opt.HomoUnigram*wroute[0].score + d.opt.HomoContext*baseCtx
					}
					buf = append(buf[:0], r.s[r.offs[lo]:r.offs[i]]...)
					buf = append(buf, w...)
					buf = append(buf, r.s[r.offs[i+2]:r.offs[hi]]...)
					s := unsafeString(buf)
					o = offsets(s, o[:0])
					// Starts after the span segment as before.
					route2 = append(route2[:0], wroute...)
					d.resegment(s, o, route2, at+1)
					ctx := d.context(route2) - baseCtx
					gain := d.opt.HomoUnigram*route2[0].score + d.opt.HomoContext*(ctx+baseCtx) - base
					net := gain - float64(diff)*d.opt.SoundCost
					if net <= best.net {
						return
					}
					// The new word must lie within one common word of the new path.
					for p := 0; p < len(o)-1; p = route2[p].next {
						q := route2[p].next
						if p <= at && at < q {
							ev := route2[p].entry
							if q < at+2 || ev < 0 || d.words.name[ev] || d.words.freq[ev] < d.opt.MinWordFreq {
								return
							}
							best = candidate{r: c1, r2: c2, k: soundAlike, net: net, gain: gain, ctx: ctx,
								word: string(s[o[p]:o[q]]), from: lo + p, to: lo + q,
								evLen: q - p, evWord: string(s[o[p]:o[q]]), wordFq: d.words.freq[ev], ev: ev, weak: d.words.weakShort[ev]}
							return
						}
					}
				})
			}
		}
		if best.r == 0 {
			continue
		}
		if d.trace != nil {
			d.trace(r, i, best)
		}
		if d.inName(r, route, i, best.from) || !d.registerFits(route, best) || best.net < d.opt.HomoThreshold || r.parallel(i, best.from, best.to) || r.parallel(i+1, best.from, best.to) || (best.evLen == 2 && !d.shortOK(best)) {
			continue
		}
		f := d.finding(r, i, best)
		switch {
		case best.r == a: // only the second character differs
			f = d.finding(r, i+1, candidate{r: best.r2, k: best.k, net: best.net, word: best.word, from: best.from, to: best.to, evWord: best.evWord, wordFq: best.wordFq})
			found[i+1] = true
		case best.r2 == b:
			found[i] = true
		default:
			f.End = f.Start + 2
			f.Text = string(r.runes[i : i+2])
			f.Suggestion = string([]rune{best.r, best.r2})
			found[i], found[i+1] = true, true
		}
		out = append(out, f)
		i++ // the next span overlaps this one
	}
	return out
}

// primary keeps a character's first reading only: go-pinyin lists the usual
// reading first, and the rare ones (免 wen, 园 wan) would make homophones of
// words no one confuses.
func primary(ids []uint16) []uint16 { return ids[:min(len(ids), 1)] }

// shortOK says whether the two-character word a homophone replacement forms
// is common enough, and of a part of speech trusted enough, for its gain:
// a gain of StrongNet or more needs only StrongMinFreq.
func (d *Detector) shortOK(c candidate) bool {
	least := d.opt.MinShortWordFreq
	if d.opt.StrongNet > 0 && c.net >= d.opt.StrongNet {
		least = d.opt.StrongMinFreq
	}
	return c.wordFq >= least && !c.weak
}

// homoMargin allows for the difference between the quick estimate of a
// replacement that stays a word of its own and the full scoring.
const homoMargin = 1

func decodeTwo(w string) (rune, rune) {
	c1, size := utf8.DecodeRuneInString(w)
	c2, _ := utf8.DecodeRuneInString(w[size:])
	return c1, c2
}

// swapContext is the change in context when word old (model ids; -1 for
// none) between left and right becomes word new.
func (d *Detector) swapContext(left, right, old, new int) float64 {
	assoc := func(a, b int) float64 {
		if a < 0 || b < 0 {
			return 0
		}
		return d.lm.logPGiven(a, b) - d.lm.uni(b)
	}
	return assoc(left, new) + assoc(new, right) - assoc(left, old) - assoc(old, right)
}

// mayMerge says whether c1 c2 written at runes i, i+1 of the run could join
// a neighbour into some word: a word through c1 begun up to three runes
// before, one longer than c1 c2 begun at it, or one begun at c2.
func (d *Detector) mayMerge(r *run, i int, c1, c2 rune) bool {
	n := r.len()
	if i > 0 && d.words.pairFreq(r.runes[i-1], c1) > 0 {
		return true
	}
	if i+2 < n && d.words.pairFreq(c2, r.runes[i+2]) > 0 {
		return true
	}
	var buf [16]byte
	if i+2 < n {
		p := utf8.AppendRune(utf8.AppendRune(buf[:0], c1), c2)
		p = utf8.AppendRune(p, r.runes[i+2])
		if lo, hi := d.words.prefixRange(unsafeString(p)); hi > lo {
			return true
		}
	}
	for s := max(0, i-3); s < i-1; s++ {
		p := append(buf[:0], r.s[r.offs[s]:r.offs[i]]...)
		p = utf8.AppendRune(p, c1)
		if lo, hi := d.words.prefixRange(unsafeString(p)); hi > lo {
			return true
		}
	}
	return false
}
