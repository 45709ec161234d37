package spell

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"qinglian"
)

// longWords indexes the common words of three and four characters by their
// readings, so that a run of characters that reads like one of them but
// differs in one character (互连网 for 互联网, 懂事长 for 董事长) finds it even
// when the written characters make valid shorter words, which the
// character pass leaves alone.
type longWords struct {
	keys    []uint64 // sorted reading keys
	entries []int32  // dictionary entry of each key
	// bits is a one-hash Bloom filter of the keys: most stretches read
	// like no word, and this says so without a search.
	bits []uint64
}

const longBits = 1 << 20

func longHash(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> (64 - 20) }

// maxLongRunes is the longest word the index holds.
const maxLongRunes = 4

// readingKey packs the length and reading ids of three or four characters
// into 38 bits, which leaves room for an entry number below them.
func readingKey(ids []uint16) uint64 {
	k := uint64(len(ids) - 3)
	for _, id := range ids {
		k = k<<sylBits | uint64(id)
	}
	return k
}

// sylBits holds a reading id (some 400 readings); entryBits a dictionary entry.
const sylBits, entryBits = 9, 24

// buildLongWords indexes the dictionary words of three or four characters
// that are not names and occur at least minFreq times, under every
// combination of their characters' readings (a polyphonic character is
// typed by any of them).
func buildLongWords(w *wordDict, c *confusables, minFreq uint32) *longWords {
	lw := &longWords{}
	if minFreq == 0 || c.nSyl >= 1<<sylBits || len(w.start) >= 1<<entryBits {
		return lw
	}
	var pairs []uint64 // key<<entryBits | entry: one integer sort
	var rs [maxLongRunes]rune
	var ids [maxLongRunes]uint16
	for e := range w.start {
		l := w.wlen[e]
		if (l != 9 && l != 12) || w.name[e] || w.freq[e] < minFreq {
			continue // three or four characters of the CJK blocks
		}
		s := w.word(e)
		n := 0
		for _, r := range s {
			if n == maxLongRunes {
				n++
				break
			}
			rs[n] = r
			n++
		}
		if n < 3 || n > maxLongRunes {
			continue
		}
		// Enumerate the combinations of readings, at most a few.
		var walk func(j int)
		count := 0
		walk = func(j int) {
			if count >= 8 {
				return
			}
			if j == n {
				pairs = append(pairs, readingKey(ids[:n])<<entryBits|uint64(e))
				count++
				return
			}
			sy := c.sylIDs(rs[j])
			for _, id := range sy[:min(len(sy), 2)] {
				ids[j] = id
				walk(j + 1)
			}
		}
		walk(0)
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	lw.keys = make([]uint64, len(pairs))
	lw.entries = make([]int32, len(pairs))
	lw.bits = make([]uint64, longBits/64)
	for i, p := range pairs {
		lw.keys[i], lw.entries[i] = p>>entryBits, int32(p&(1<<entryBits-1))
		h := longHash(lw.keys[i])
		lw.bits[h>>6] |= 1 << (h & 63)
	}
	return lw
}

// find returns the entries indexed under key k.
func (lw *longWords) find(k uint64) []int32 {
	if h := longHash(k); lw.bits[h>>6]&(1<<(h&63)) == 0 {
		return nil
	}
	i, _ := slices.BinarySearch(lw.keys, k)
	j := i
	for j < len(lw.keys) && lw.keys[j] == k {
		j++
	}
	return lw.entries[i:j]
}

// checkLong looks, in every stretch of three or four characters that the
// best path does not already read as one word, for a common word that reads
// the same and differs in one character, and scores the replacement by the
// unigram model and the context model as the homophone pass does.
func (d *Detector) checkLong(r *run, route []step, found []bool, sc *scratch, out []qinglian.Finding) []qinglian.Finding {
	n := r.len()
	if d.opt.LongWordThreshold <= 0 || n < 3 || len(d.long.keys) == 0 {
		return out
	}
	var ids [maxLongRunes]uint16
	starts := sc.tok[:0] // starts of the path's words, as a set
	if cap(starts) < n+1 {
		starts = make([]int32, n+1)
		sc.tok = starts
	}
	starts = starts[:n+1]
	clear(starts)
	for p := 0; p < n; p = route[p].next {
		starts[p] = int32(route[p].next)
	}
	buf, o, wroute, route2 := sc.buf, sc.o, sc.wroute, sc.route2
	defer func() { sc.buf, sc.o, sc.wroute, sc.route2 = buf, o, wroute, route2 }()
	for L := 3; L <= maxLongRunes; L++ {
	next:
		for i := 0; i+L <= n; i++ {
			if int(starts[i]) == i+L {
				continue // already a word of the path
			}
			for k := i; k < i+L; k++ {
				if found[k] {
					continue next
				}
				sy := d.conf.sylIDs(r.runes[k])
				if len(sy) == 0 {
					continue next
				}
				ids[k-i] = sy[0]
			}
			cands := d.long.find(readingKey(ids[:L]))
			if len(cands) == 0 {
				continue
			}
			best := candidate{net: math.Inf(-1)}
			bestAt := -1
			lo, hi := max(0, i-d.opt.Window), min(n, i+L+d.opt.Window)
			wroute = wroute[:0]
			var base float64
			for _, e := range cands {
				w := d.words.word(int(e))
				if w == r.s[r.offs[i]:r.offs[i+L]] {
					continue
				}
				// Exactly one character differs, and it is common.
				at, j := -1, 0
				var c rune
				for _, x := range w {
					if x != r.runes[i+j] {
						if at >= 0 {
							at = -2
							break
						}
						at, c = i+j, x
					}
					j++
				}
				if at < 0 || d.conf.charFreq[c] < d.opt.MinCharFreq || r.parallel(at, i, i+L) || d.particleByRareReading(r.runes[at], c) {
					continue
				}
				if len(wroute) == 0 {
					wroute = d.segmentWindow(sc, lo, hi, wroute)
					base = d.opt.HomoUnigram*wroute[0].score + d.opt.LongWordContext*d.context(wroute)
				}
				buf = append(buf[:0], r.s[r.offs[lo]:r.offs[at]]...)
				buf = utf8.AppendRune(buf, c)
				buf = append(buf, r.s[r.offs[at+1]:r.offs[hi]]...)
				s := unsafeString(buf)
				o = offsets(s, o[:0])
				route2 = append(route2[:0], wroute...)
				d.resegment(s, o, route2, at-lo)
				ctx := d.context(route2)
				gain := d.opt.HomoUnigram*route2[0].score + d.opt.LongWordContext*ctx - base
				net := gain - d.opt.SoundCost
				if net <= best.net {
					continue
				}
				// The word must be a word of the new path.
				p := 0
				for p < i-lo {
					p = route2[p].next
				}
				if p != i-lo || route2[p].next != i+L-lo {
					continue
				}
				best = candidate{r: c, k: soundAlike, net: net, gain: gain, word: string(w), from: i, to: i + L,
					evLen: L, evWord: string(w), wordFq: d.words.freq[e], ev: int(e)}
				bestAt = at
			}
			if bestAt < 0 {
				continue
			}
			if d.trace != nil {
				d.trace(r, bestAt, best)
			}
			need := d.opt.LongWordThreshold
			if d.commonWords(route, i, i+L) {
				need += d.opt.LongRealWordCost
			}
			if best.net < need || d.inName(r, route, bestAt, best.from) || !d.registerFits(route, best) {
				continue
			}
			out = append(out, d.finding(r, bestAt, best))
			found[bestAt] = true
		}
	}
	return out
}

// commonWords says whether the path route reads runes [from, to) as one
// word of three or more characters, or as whole words that are all common
// and no names (法制 建设): the written text is already good Chinese there,
// and a word that differs in one character (法治建设) may be only another
// way of putting it.
func (d *Detector) commonWords(route []step, from, to int) bool {
	p := 0
	for p < from {
		p = route[p].next
	}
	if p != from {
		return false
	}
	if e := route[p].entry; route[p].next == to && to-from >= 3 && e >= 0 && !d.words.name[e] {
		return true // one word of three or more characters, however rare (法制建设)
	}
	for p < to {
		e := route[p].entry
		if route[p].next-p < 2 || e < 0 || d.words.name[e] || d.words.freq[e] < d.opt.MinShortWordFreq {
			return false
		}
		p = route[p].next
	}
	return p == to
}

// particles are the structural and aspect particles whose other readings
// (的 dí, dì; 地 dì; 得 děi; 了 liǎo; 着 zháo) are rare.
const particles = "的地得了着"

// particleByRareReading says whether written particle w would become c
// only through one of its rare readings: 党的十九届 is no slip for
// 党第十九届.
func (d *Detector) particleByRareReading(w, c rune) bool {
	if !strings.ContainsRune(particles, w) {
		return false
	}
	a, b := primary(d.conf.sylIDs(w)), d.conf.sylIDs(c)
	return len(a) == 0 || !slices.Contains(b, a[0])
}
