package main

import (
	"cmp"
	"fmt"
	"slices"

	"qinglian/similar"
	"qinglian/similar/internal/corpus"
)

// gramKey is a normalised 5-gram, exactly: Normalize keeps every character
// within 16 bits.
type gramKey struct {
	head uint64
	last uint16
}

func gramKeys(p string) []gramKey {
	rs := similar.Normalize(p).Runes
	if len(rs) < similar.MinRunes {
		return nil
	}
	ks := make([]gramKey, 0, len(rs))
	for i := 0; i+similar.Gram <= len(rs); i++ {
		ks = append(ks, gramKey{uint64(rs[i]) | uint64(rs[i+1])<<16 | uint64(rs[i+2])<<32 | uint64(rs[i+3])<<48, uint16(rs[i+4])})
	}
	slices.SortFunc(ks, func(a, b gramKey) int { return cmp.Or(cmp.Compare(a.head, b.head), cmp.Compare(a.last, b.last)) })
	return slices.Compact(ks)
}

type scalePair struct {
	query, qpara int
	source       string
	spara        int
}

// scaleRecall measures recall at scale: the exact truth of the queried
// documents' paragraph pairs at 5-gram Jaccard ≥ 0.5 against all n indexed
// documents (regenerated from the seed and compared by brute force through
// an inverted index of the queries' 5-grams), against what Query returns.
func scaleRecall(ix *similar.Index, n int, seed uint64, queries []corpus.Doc) {
	type qref struct{ q, p int }
	var refs []qref
	var sizes []int
	post := map[gramKey][]int32{}
	for qi, q := range queries {
		for pi, p := range q.Paragraphs {
			ks := gramKeys(p)
			if len(ks) == 0 {
				continue
			}
			id := int32(len(refs))
			refs = append(refs, qref{qi, pi})
			sizes = append(sizes, len(ks))
			for _, k := range ks {
				post[k] = append(post[k], id)
			}
		}
	}
	truth := map[scalePair]bool{}
	inter := make([]int32, len(refs))
	var touched []int32
	gn := corpus.NewGenerator(seed)
	for range n {
		d := gn.Next()
		for pi, p := range d.Paragraphs {
			ks := gramKeys(p)
			touched = touched[:0]
			for _, k := range ks {
				for _, id := range post[k] {
					if inter[id] == 0 {
						touched = append(touched, id)
					}
					inter[id]++
				}
			}
			for _, id := range touched {
				i := int(inter[id])
				inter[id] = 0
				if float64(i)/float64(sizes[id]+len(ks)-i) >= 0.5 {
					truth[scalePair{refs[id].q, refs[id].p, d.ID, pi}] = true
				}
			}
		}
	}
	found, correct := 0, 0
	for qi, q := range queries {
		for _, m := range ix.Query(q.Paragraphs, similar.QueryOptions{}) {
			for _, p := range m.Passages {
				found++
				if truth[scalePair{qi, p.Paragraph, m.Source.ID, p.SourceParagraph}] {
					correct++
				}
			}
		}
	}
	fmt.Printf("recall at %d documents: %d truth pairs for %d queries, found %d, correct %d — recall %.4f precision %.4f\n",
		n, len(truth), len(queries), found, correct, float64(correct)/float64(max(1, len(truth))), float64(correct)/float64(max(1, found)))
}
