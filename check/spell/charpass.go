package spell

// The character pass: each suspect character is replaced by the characters
// it may stand for, the window around it is segmented again, and the best
// replacement is kept when the gain passes the thresholds and no guard
// holds it back. checkRun also runs the homophone pass (context.go) and
// the long-word pass (long.go) over the same run.

import (
	"math"
	"strings"
	"unicode/utf8"

	"qinglian"
)

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
	ev     int    // its dictionary entry
	weak   bool   // a two-character word of a weak part of speech
	// extends: the word is a word of the original text plus the new
	// character (小时后 → 小时候), weaker evidence than a word made whole.
	extends bool
}

func (d *Detector) checkRun(r *run, sc *scratch, out []qinglian.Finding) []qinglian.Finding {
	r.finish()
	n := r.len()
	if n < 2 {
		return out
	}
	route := d.segmentRun(r, sc)
	sc.route = route
	if cap(sc.flags) < 2*n {
		sc.flags = make([]bool, 2*n)
	}
	flags := sc.flags[:2*n]
	clear(flags)
	// suspect[i]: the best path leaves rune i alone or inside a rare word.
	suspect, found := flags[:n], flags[n:]
	if r.afterDigit && strings.ContainsRune(numeralUnits+measureWords, r.runes[0]) {
		// Part of a quantity or a date (5千棵, 23个, 2019年底): no pass
		// rewrites the unit or the path word it begins, or joins them
		// to a word.
		for k := 0; k < route[0].next; k++ {
			found[k] = true
		}
	}
	d.markTitledNames(r, found)
	d.markPlaceNames(r, route, found)
	for i := 0; i < n; {
		st := route[i]
		if st.next-i == 1 || st.entry < 0 || d.words.freq[st.entry] < d.opt.RareFreq {
			for k := i; k < st.next; k++ {
				suspect[k] = true
			}
		}
		i = st.next
	}
	buf, wroute, route2, o, inner := sc.buf, sc.wroute, sc.route2, sc.o, sc.inner
	single := sc.single[:0]
	for _, c := range r.runes {
		single = append(single, d.singleScore(c))
	}
	sc.single = single
	for i := 0; i < n; i++ {
		if !suspect[i] || found[i] {
			continue
		}
		lo, hi := max(0, i-d.opt.Window), min(n, i+d.opt.Window+1)
		var base float64
		wroute = wroute[:0] // the window's own segmentation, made when first needed
		best := candidate{net: math.Inf(-1)}
		inner = d.innerChars(r, i, inner[:0])
		try := func(c rune, k kind) {
			cost := d.cost(k)
			if !containsRune(inner, c) && !d.worthSegmenting(r, i, hi, c, single, cost) {
				return
			}
			if len(wroute) == 0 {
				wroute = d.segmentWindow(sc, lo, hi, wroute)
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
					best = candidate{r: c, k: k, net: net, gain: gain, word: strings.Clone(s[o[p]:o[q]]), from: lo + p, to: lo + q, evLen: evTo - evFrom, evWord: strings.Clone(s[o[evFrom]:o[evTo]]), wordFq: d.words.freq[e], ev: e, weak: d.words.weakShort[e]}
					if evTo-evFrom >= 3 {
						best.extends = (at == evTo-1 && hasToken(wroute, evFrom, at, d)) || (at == evFrom && hasToken(wroute, at+1, evTo, d))
					}
					return
				}
			}
		}
		// Most candidates begin no word with either neighbour, which
		// worthSegmenting would find after two calls: the Bloom filter
		// says so here first.
		for _, x := range d.conf.candidates(r.runes[i]) {
			if !containsRune(inner, x.r) && (i+1 >= n || !d.words.maybePair(x.r, r.runes[i+1])) && (i == 0 || !d.words.maybePair(r.runes[i-1], x.r)) {
				continue
			}
			try(x.r, x.k)
		}
		if best.r == 0 {
			continue
		}
		if d.trace != nil {
			d.trace(r, i, best)
		}
		if !d.confident(best) || r.parallel(i, best.from, best.to) || d.inName(r, route, i, best.from) || !d.registerFits(route, best) || (best.from < route[0].next && found[best.from]) ||
			(best.evLen >= 3 && best.net < d.opt.LongThreshold+d.opt.LongRealWordCost && d.commonWords(route, best.from, best.to)) {
			continue
		}
		out = append(out, d.finding(r, i, best))
		found[i] = true
	}
	sc.buf, sc.wroute, sc.route2, sc.o, sc.inner = buf, wroute, route2, o, inner
	out = d.checkWords(r, route, found, sc, out)
	return d.checkLong(r, route, found, sc, out)
}

// registerFits says whether a replacement's word may be suggested in this
// run: a word of the official-document list is suggested only where the
// run, outside the replaced stretch, holds another such word, or with
// DomainAloneCost more net gain. Elsewhere (news of sport, science, an
// essay) the list's weight would pull ordinary words toward official ones
// (排渣 toward 排查, 林弟 toward 林地).
func (d *Detector) registerFits(route []step, c candidate) bool {
	if c.ev < 0 || c.ev >= len(d.words.dom) || !d.words.dom[c.ev] {
		return true
	}
	for p := 0; p < len(route)-1; p = route[p].next {
		if e := route[p].entry; e >= 0 && d.words.dom[e] && (route[p].next <= c.from || p >= c.to) {
			return true
		}
	}
	base := d.opt.Threshold
	switch {
	case c.r2 != 0:
		base = d.opt.HomoThreshold
	case c.evLen >= 3:
		base = d.opt.LongThreshold
	}
	return c.net >= base+d.opt.DomainAloneCost
}

// cost is the channel cost of a replacement of kind k.
func (d *Detector) cost(k kind) float64 {
	switch k {
	case shapeAlike:
		return d.opt.ShapeCost
	case fuzzyAlike:
		return d.opt.FuzzyCost
	case codeAlike:
		return d.opt.CodeCost
	}
	return d.opt.SoundCost
}

// singleScore is the log-probability of character c as a word of its own,
// as segmentation scores it.
func (d *Detector) singleScore(c rune) float64 {
	rg, ok := d.words.firstOf(c)
	if ok {
		if w := d.words.word(int(rg.lo)); len(w) == utf8.RuneLen(c) {
			return max(d.unknown, d.words.logP(int(rg.lo)))
		}
	}
	return d.unknown
}

// worthSegmenting says whether c in place of rune i of the run (whose window
// ends at rune hi) may bring a replacement worth reporting; a cheap test
// that rejects most candidates before the window is segmented again. c must
// begin, or continue from the character before, a word of the dictionary.
// When the only such words are of two characters, the gain is bounded
// without segmenting: the new path's word through c, W = s[a:a+2], scores
// log P(W) at most more than the old characters a, a+1 each alone, which
// the old best path beats or equals. single holds the run's characters'
// scores alone. (With the context model on, no bound holds.)
func (d *Detector) worthSegmenting(r *run, i, hi int, c rune, single []float64, cost float64) bool {
	least := d.opt.MinWordFreq
	formed, full := false, d.opt.Context != 0
	bound := math.Inf(-1)
	var buf [12]byte
	if i+1 < r.len() {
		two, long, most := d.words.pairInfo(c, r.runes[i+1])
		if most >= least {
			formed = true
			if long && i+2 < hi {
				p := utf8.AppendRune(utf8.AppendRune(buf[:0], c), r.runes[i+1])
				p = utf8.AppendRune(p, r.runes[i+2])
				if lo, hi := d.words.prefixRange(unsafeString(p)); hi > lo {
					full = true
				}
			}
			if two >= least {
				bound = max(bound, d.words.logF(two)-single[i]-single[i+1])
			}
		}
	}
	if i > 0 {
		two, long, most := d.words.pairInfo(r.runes[i-1], c)
		if most >= least {
			formed = true
			if long && i+1 < hi {
				p := utf8.AppendRune(utf8.AppendRune(buf[:0], r.runes[i-1]), c)
				p = utf8.AppendRune(p, r.runes[i+1])
				if lo, hi := d.words.prefixRange(unsafeString(p)); hi > lo {
					full = true
				}
			}
			if two >= least {
				bound = max(bound, d.words.logF(two)-single[i-1]-single[i])
			}
		}
	}
	if !formed {
		return false
	}
	return full || bound-cost >= min(d.opt.Threshold, d.opt.LongThreshold)
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
		// A word reached through a weak channel (a blur, a Cangjie
		// neighbour) must itself be no rare word (以尺为准 is no slip for
		// 以此为准, frequency 3).
		return c.net >= d.opt.LongThreshold && (c.k == soundAlike || c.k == shapeAlike || c.wordFq >= d.opt.RareFreq)
	}
	if d.opt.CharStrongNet > 0 && c.net >= d.opt.CharStrongNet && c.wordFq >= d.opt.StrongMinFreq && !c.weak {
		return true // 阻碍, 招标: common words that gse counts low
	}
	need := d.opt.Threshold
	if c.extends {
		need += d.opt.ExtendsCost
	}
	return c.net >= need && c.wordFq >= d.opt.MinShortWordFreq && !c.weak
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
