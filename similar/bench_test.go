package similar_test

import (
	"testing"

	"qinglian/similar"
	"qinglian/similar/internal/corpus"
)

func buildIndex(b *testing.B, docs []corpus.Doc) *similar.Index {
	ix := similar.NewIndex()
	for _, d := range docs {
		if err := ix.Add(similar.Meta{ID: d.ID, Owner: d.Owner, Unit: d.Unit, Year: d.Year}, d.Paragraphs); err != nil {
			b.Fatal(err)
		}
	}
	return ix
}

// BenchmarkQuery queries one document against an index of 2,000.
func BenchmarkQuery(b *testing.B) {
	docs := corpus.Generate(2000, 1)
	ix := buildIndex(b, docs)
	ix.Query(docs[0].Paragraphs, similar.QueryOptions{})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		ix.Query(d.Paragraphs, similar.QueryOptions{Exclude: d.ID})
	}
}
