package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"qinglian/similar"
	"qinglian/similar/internal/corpus"
)

// scale indexes n generated documents with two workers, encodes and decodes
// the index, and times queries of 200 other documents: the performance
// figures of the package documentation.
func scale(n int, seed uint64, dir string, recall bool, load string) error {
	gn := corpus.NewGenerator(seed)
	if load != "" {
		return queryLoaded(n, seed, load, recall)
	}
	ix := similar.NewIndex()
	docs := make(chan corpus.Doc, 64)
	var chars int64
	var mu sync.Mutex
	t0 := time.Now()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for d := range docs {
				c := int64(utf8.RuneCountInString(strings.Join(d.Paragraphs, "")))
				mu.Lock()
				chars += c
				mu.Unlock()
				if err := ix.Add(similar.Meta{ID: d.ID, Owner: d.Owner, Unit: d.Unit, Year: d.Year, Kind: similar.KindReport}, d.Paragraphs); err != nil {
					panic(err)
				}
			}
		})
	}
	for range n {
		docs <- gn.Next()
	}
	close(docs)
	wg.Wait()
	queries := make([]corpus.Doc, 200)
	for i := range queries {
		queries[i] = gn.Next()
	}
	ix.Query(queries[0].Paragraphs, similar.QueryOptions{}) // sorts the postings
	build := time.Since(t0)
	fmt.Printf("indexed %d documents (%.0f characters each on average) in %v (generation included), peak RSS %d MiB\n",
		n, float64(chars)/float64(n), build.Round(time.Millisecond), peakRSS()>>20)

	path := filepath.Join(dir, "similar.idx")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	t1 := time.Now()
	if err := ix.Encode(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, _ := os.Stat(path)
	fmt.Printf("encoded in %v, %d MiB\n", time.Since(t1).Round(time.Millisecond), st.Size()>>20)
	ix = nil
	runtime.GC()

	t2 := time.Now()
	f, err = os.Open(path)
	if err != nil {
		return err
	}
	ix2, err := similar.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	fmt.Printf("decoded (ready after restart) in %v, %d documents\n", time.Since(t2).Round(time.Millisecond), ix2.Len())

	var times []time.Duration
	found := 0
	for _, q := range queries {
		t := time.Now()
		ms := ix2.Query(q.Paragraphs, similar.QueryOptions{})
		times = append(times, time.Since(t))
		found += len(ms)
	}
	slices.Sort(times)
	fmt.Printf("query of one document: median %v, p90 %v, max %v (%d sources found for %d queries)\n",
		times[len(times)/2].Round(time.Microsecond), times[len(times)*9/10].Round(time.Microsecond), times[len(times)-1].Round(time.Microsecond), found, len(queries))
	fmt.Printf("peak RSS %d MiB\n", peakRSS()>>20)
	if recall {
		scaleRecall(ix2, n, seed, queries)
	}
	if keepIndex != "" {
		return os.Rename(path, keepIndex)
	}
	return os.Remove(path)
}

// keepIndex, when set, is where scale leaves the encoded index for -load.
var keepIndex string

// queryLoaded decodes an index kept by an earlier run and times the same
// queries (the documents after the first n of the seed).
func queryLoaded(n int, seed uint64, path string, recall bool) error {
	gn := corpus.NewGenerator(seed)
	for range n {
		gn.Next()
	}
	queries := make([]corpus.Doc, 200)
	for i := range queries {
		queries[i] = gn.Next()
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	t0 := time.Now()
	ix, err := similar.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	fmt.Printf("decoded in %v, %d documents\n", time.Since(t0).Round(time.Millisecond), ix.Len())
	for round := range 3 {
		var times []time.Duration
		found, passages := 0, 0
		for _, q := range queries {
			t := time.Now()
			ms := ix.Query(q.Paragraphs, similar.QueryOptions{})
			times = append(times, time.Since(t))
			found += len(ms)
			for _, m := range ms {
				passages += len(m.Passages)
			}
		}
		slices.Sort(times)
		fmt.Printf("round %d: query median %v, p90 %v (%d sources, %d passages)\n", round+1, times[len(times)/2].Round(time.Microsecond), times[len(times)*9/10].Round(time.Microsecond), found, passages)
	}
	if recall {
		scaleRecall(ix, n, seed, queries)
	}
	return nil
}

// peakRSS returns the process's peak resident set (VmHWM), in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(rest, &kb)
			return kb << 10
		}
	}
	return 0
}
