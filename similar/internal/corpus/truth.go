package corpus

import (
	"bufio"
	"strings"
	"sync"
	"unicode/utf8"

	"qinglian/lexicon"
	"qinglian/similar"
)

var (
	s2tOnce sync.Once
	s2t     map[rune]rune
)

// toTraditional rewrites simplified characters in traditional script with
// the inverse of lexicon t2s.tsv (the first traditional form listed).
func toTraditional(s string) string {
	s2tOnce.Do(func() {
		s2t = map[rune]rune{}
		f, err := lexicon.Default().Open("t2s.tsv")
		if err != nil {
			panic(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) < 3 || strings.HasPrefix(cols[0], "#") {
				continue
			}
			t, _ := utf8.DecodeRuneInString(cols[0])
			sm, _ := utf8.DecodeRuneInString(cols[1])
			if _, ok := s2t[sm]; !ok {
				s2t[sm] = t
			}
		}
	})
	return strings.Map(func(r rune) rune {
		if t, ok := s2t[r]; ok {
			return t
		}
		return r
	}, s)
}

// Pair is a pair of paragraphs of different documents, the lower document
// number first: document and paragraph indices into the corpus.
type Pair struct{ DocA, ParaA, DocB, ParaB int32 }

func orderedPair(da, pa, db, pb int32) Pair {
	if da > db {
		da, pa, db, pb = db, pb, da, pa
	}
	return Pair{da, pa, db, pb}
}

// Truth returns every pair of paragraphs of different documents whose
// character 5-gram sets have Jaccard similarity ≥ threshold, computed
// exactly: paragraphs are the documents' Paragraphs, each normalised with
// similar.Normalize; a paragraph of fewer than similar.MinRunes normalised
// characters takes part in no pair; 5-grams are compared as strings. Every
// pair of paragraphs that share at least one 5-gram is scored (an inverted
// index over all 5-grams lists them); any other pair has similarity 0.
func Truth(docs []Doc, threshold float64) map[Pair]float64 {
	type pref struct{ doc, para int32 }
	ids := map[string]int32{}
	var refs []pref
	var sets [][]int32
	for di, d := range docs {
		for pi, p := range d.Paragraphs {
			n := similar.Normalize(p)
			if len(n.Runes) < similar.MinRunes {
				continue
			}
			seen := map[int32]bool{}
			var set []int32
			for i := 0; i+similar.Gram <= len(n.Runes); i++ {
				g := string(n.Runes[i : i+similar.Gram])
				id, ok := ids[g]
				if !ok {
					id = int32(len(ids))
					ids[g] = id
				}
				if !seen[id] {
					seen[id] = true
					set = append(set, id)
				}
			}
			refs = append(refs, pref{int32(di), int32(pi)})
			sets = append(sets, set)
		}
	}
	post := make([][]int32, len(ids))
	for r, set := range sets {
		for _, g := range set {
			post[g] = append(post[g], int32(r))
		}
	}
	truth := map[Pair]float64{}
	inter := make([]int32, len(sets))
	var touched []int32
	for a, set := range sets {
		touched = touched[:0]
		for _, g := range set {
			for _, b := range post[g] {
				if int(b) <= a {
					continue
				}
				if inter[b] == 0 {
					touched = append(touched, b)
				}
				inter[b]++
			}
		}
		for _, b := range touched {
			i := int(inter[b])
			inter[b] = 0
			if refs[a].doc == refs[b].doc {
				continue
			}
			j := float64(i) / float64(len(set)+len(sets[b])-i)
			if j >= threshold {
				truth[orderedPair(refs[a].doc, refs[a].para, refs[b].doc, refs[b].para)] = j
			}
		}
	}
	return truth
}

// Result is the engine's agreement with the ground truth.
type Result struct {
	Truth, Found, Correct int
	Recall, Precision     float64
	Missed, Extra         []Pair
}

// Evaluate indexes the documents, queries each against the others and
// compares the paragraph pairs found with the truth.
func Evaluate(docs []Doc, truth map[Pair]float64) Result {
	ix := similar.NewIndex()
	for _, d := range docs {
		if err := ix.Add(similar.Meta{ID: d.ID, Owner: d.Owner, Unit: d.Unit, Year: d.Year, Kind: similar.KindReport}, d.Paragraphs); err != nil {
			panic(err)
		}
	}
	num := map[string]int32{}
	for i, d := range docs {
		num[d.ID] = int32(i)
	}
	found := map[Pair]bool{}
	for i, d := range docs {
		for _, m := range ix.Query(d.Paragraphs, similar.QueryOptions{Exclude: d.ID}) {
			for _, p := range m.Passages {
				found[orderedPair(int32(i), int32(p.Paragraph), num[m.Source.ID], int32(p.SourceParagraph))] = true
			}
		}
	}
	r := Result{Truth: len(truth), Found: len(found)}
	for p := range found {
		if _, ok := truth[p]; ok {
			r.Correct++
		} else {
			r.Extra = append(r.Extra, p)
		}
	}
	for p := range truth {
		if !found[p] {
			r.Missed = append(r.Missed, p)
		}
	}
	r.Recall = ratio(r.Correct, r.Truth)
	r.Precision = ratio(r.Correct, r.Found)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
