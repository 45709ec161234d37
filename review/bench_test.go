package review_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"qinglian"
	"qinglian/input"
	"qinglian/review"
)

// bigDocument repeats the example report until it holds about size bytes,
// the shape of a year's reports of a whole organisation checked at once.
func bigDocument(b *testing.B, size int) (*qinglian.Document, int) {
	b.Helper()
	data, err := os.ReadFile("../testdata/example-report.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < size {
		sb.Write(data)
	}
	d, err := input.Read("big.txt", []byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	return d, sb.Len()
}

// BenchmarkReview10MB measures engine throughput on a 10 MB input; run with
// -cpu 1 for the per-core figure.
func BenchmarkReview10MB(b *testing.B) {
	d, size := bigDocument(b, 10<<20)
	e, err := review.New(review.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		e.Review(d, review.Options{})
	}
}

// BenchmarkProofreadClean proofreads the clean People's Daily sentences
// (../shared/data/csc) line by line, as --lines does, and reports sentences/s.
func BenchmarkProofreadClean(b *testing.B) {
	raw, err := os.ReadFile("../../shared/data/csc/clean_rmrb.json")
	if err != nil {
		b.Skipf("evaluation data not available beside the repository: %v", err)
	}
	var rows []struct {
		Text string `json:"original_text"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		b.Fatal(err)
	}
	e, err := review.New(review.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, r := range rows {
			e.ReviewLine(r.Text, review.Options{})
		}
		n += len(rows)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkNew measures loading every dictionary and template.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := review.New(review.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
