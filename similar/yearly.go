package similar

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Thresholds of the year-over-year comparisons; RepeatedShortcomings and
// FollowUps say why.
const (
	// itemGram is the n-gram length for comparing shortcoming items. Items
	// are one or two sentences (20–80 characters), where a single edit
	// costs up to five 5-grams but only three 3-grams: at 3-grams two small
	// edits in a 30-character item still leave a Jaccard of about 0.7.
	itemGram = 3
	// RepeatJaccard is the 3-gram Jaccard similarity (after Normalize) from
	// which two shortcoming items count as the same problem. A 30-character
	// item restated with four small edits (不强→不够强, 有时, 的, 还) measures
	// 0.46; different problems sharing the stock phrases of such items
	// (有待提高, 不够到位) measure about 0.1.
	RepeatJaccard = 0.4
	// RepeatContainment is the share of the shorter item's 3-grams found
	// in the longer one from which the two count as the same problem (a
	// problem restated with an added clause). It applies only when the
	// shorter item has at least repeatMinGrams 3-grams, so that a stock
	// phrase such as 有待进一步加强 repeats nothing on its own.
	RepeatContainment = 0.7
	repeatMinGrams    = 10
	// FollowShare is the share of a promise's key bigrams that one sentence
	// (or, failing that, one paragraph) of the report must contain for the
	// promise to count as followed up; at least followMinShared of them, or
	// all when the promise has fewer.
	FollowShare     = 0.6
	followMinShared = 3
)

// YearText is one earlier year's items (shortcomings, or 下一步 promises).
type YearText struct {
	Year  int
	Items []string
}

// Repeat is a shortcoming of this year's report that was already reported
// in earlier years.
type Repeat struct {
	Item  string // this year's item, as given
	Years []int  // the earlier years with the same problem, ascending
	Score float64
}

// FollowUp says whether last year's promise reappears in this year's report.
type FollowUp struct {
	Promise  string
	Followed bool
	// Paragraph is the index in the report of the evidence; Start and End
	// are its rune offsets in that paragraph (End exclusive). All three are
	// 0 when Followed is false.
	Paragraph, Start, End int
	Score                 float64 // share of the promise's key bigrams found
}

// itemGrams returns the distinct 3-grams of an item's normalised text.
func itemGrams(s string) map[string]bool {
	rs := Normalize(s).Runes
	set := map[string]bool{}
	for i := 0; i+itemGram <= len(rs); i++ {
		set[string(rs[i:i+itemGram])] = true
	}
	return set
}

// itemSimilarity returns how far two items state the same problem: their
// 3-gram Jaccard similarity, or the containment of the shorter in the
// longer when that is high enough to count and the shorter is long enough.
func itemSimilarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for g := range a {
		if b[g] {
			inter++
		}
	}
	jac := float64(inter) / float64(len(a)+len(b)-inter)
	if con := float64(inter) / float64(len(a)); len(a) >= repeatMinGrams && con >= RepeatContainment {
		return max(jac, con)
	}
	return jac
}

// repeated reports whether a similarity from itemSimilarity means the same
// problem.
func repeated(score float64) bool {
	return score >= RepeatJaccard
}

// RepeatedShortcomings returns the items of this year's shortcomings (不足)
// that substantially repeat an item of earlier years: 3-gram Jaccard ≥
// RepeatJaccard after Normalize (figures, punctuation and script do not
// count), or the shorter item ≥ RepeatContainment contained in the longer.
// Each comes with the earlier years it appeared in, ascending (the caller
// adds the current year: "reported in 2023, 2024 and 2025") and its best
// score; items repeated from no earlier year are left out. Order is that
// of current.
func RepeatedShortcomings(current []string, earlier []YearText) []Repeat {
	type yearGrams struct {
		year  int
		grams []map[string]bool
	}
	var ys []yearGrams
	for _, y := range earlier {
		yg := yearGrams{year: y.Year}
		for _, it := range y.Items {
			yg.grams = append(yg.grams, itemGrams(it))
		}
		ys = append(ys, yg)
	}
	var out []Repeat
	for _, it := range current {
		g := itemGrams(it)
		r := Repeat{Item: it}
		for _, y := range ys {
			best := 0.0
			for _, e := range y.grams {
				best = max(best, itemSimilarity(g, e))
			}
			if repeated(best) {
				if !slices.Contains(r.Years, y.year) {
					r.Years = append(r.Years, y.year)
				}
				r.Score = max(r.Score, best)
			}
		}
		if len(r.Years) > 0 {
			slices.Sort(r.Years)
			out = append(out, r)
		}
	}
	return out
}

// genericWords carry no content in a promise: commitment verbs, degree
// adverbs and function words that every 下一步 item has (our own list, from
// the wording of such reports). They are cut out of a promise before its
// key bigrams are taken, so that 加强对下属单位的日常监督 keys on 下属单位
// and 日常监督, not on 加强.
var genericWords = []string{
	"进一步", "持续", "继续", "不断", "切实", "着力", "认真", "严格", "全面", "深入", "坚决", "始终",
	"加强", "加大", "强化", "深化", "推动", "推进", "提高", "提升", "落实", "坚持", "狠抓", "抓好", "抓实", "做好", "做实", "确保", "力度", "水平", "能力", "工作",
	"要", "把", "将", "对", "的", "地", "和", "与", "及", "在", "中", "为", "以", "了", "更加", "努力",
}

// keyBigrams returns the distinct bigrams of a promise's normalised text
// within the stretches left after generic words are cut out.
func keyBigrams(promise string) []string {
	s := string(Normalize(promise).Runes)
	// Longest words first, so 进一步 is cut before 一.
	words := slices.Clone(genericWords)
	slices.SortFunc(words, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	for _, w := range words {
		s = strings.ReplaceAll(s, w, "|")
	}
	var out []string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, "|") {
		rs := []rune(part)
		for i := 0; i+2 <= len(rs); i++ {
			if b := string(rs[i : i+2]); !seen[b] {
				seen[b] = true
				out = append(out, b)
			}
		}
	}
	return out
}

// FollowUps marks each of last year's 下一步 promises as followed up or not
// mentioned in this year's report, given as its paragraphs (the server
// passes the report without its own 下一步 section, so that a promise merely
// repeated does not count as kept). A promise is followed up when one
// sentence of a paragraph — or else the whole paragraph — contains at least
// FollowShare of the promise's key bigrams (the bigrams left when generic
// words such as 加强 and 进一步 are cut out) and at least three of them
// (all, for a shorter promise): 加强对下属单位的日常监督 is followed up by
// 全年对12个下属单位开展日常监督检查. The evidence span is the best
// sentence, or the paragraph's stretch from the first to the last key
// bigram found. Order is that of promises.
func FollowUps(promises []string, report []string) []FollowUp {
	out := make([]FollowUp, 0, len(promises))
	for _, pr := range promises {
		f := FollowUp{Promise: pr}
		keys := keyBigrams(pr)
		need := min(followMinShared, len(keys))
		if need == 0 {
			out = append(out, f)
			continue
		}
		for pi, para := range report {
			// Sentences first: the tightest evidence.
			for _, sp := range sentenceSpans(para) {
				if share, ok := keyShare(keys, string(Normalize(sp.text).Runes), need); ok && share > f.Score {
					f = FollowUp{Promise: pr, Followed: true, Paragraph: pi, Start: sp.start, End: sp.end, Score: share}
				}
			}
			if f.Followed {
				continue
			}
			n := Normalize(para)
			if share, ok := keyShare(keys, string(n.Runes), need); ok {
				qs, qe := keySpan(keys, n.Runes)
				start, end := NormSpan(n, qs, qe)
				f = FollowUp{Promise: pr, Followed: true, Paragraph: pi, Start: start, End: end, Score: share}
			}
		}
		out = append(out, f)
	}
	return out
}

// keyShare returns the share of keys found in text and whether that makes
// a follow-up.
func keyShare(keys []string, text string, need int) (float64, bool) {
	found := 0
	for _, k := range keys {
		if strings.Contains(text, k) {
			found++
		}
	}
	share := float64(found) / float64(len(keys))
	return share, found >= need && share >= FollowShare
}

// keySpan returns the normalised range from the first to the last key
// bigram found in rs.
func keySpan(keys []string, rs []rune) (int, int) {
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
	}
	start, end := -1, 0
	for i := 0; i+2 <= len(rs); i++ {
		if set[string(rs[i:i+2])] {
			if start < 0 {
				start = i
			}
			end = i + 2
		}
	}
	return max(start, 0), end
}

type sentence struct {
	start, end int // rune offsets in the paragraph, end exclusive
	text       string
}

// sentenceSpans splits a paragraph after each 。！？； (and their ASCII
// forms), keeping each sentence's rune offsets.
func sentenceSpans(para string) []sentence {
	var out []sentence
	start, i, from := 0, 0, 0
	for b, r := range para {
		i++
		if strings.ContainsRune("。！？；!?;", r) {
			end := b + utf8.RuneLen(r)
			out = append(out, sentence{start, i, para[from:end]})
			start, from = i, end
		}
	}
	if from < len(para) {
		out = append(out, sentence{start, i, para[from:]})
	}
	return out
}
