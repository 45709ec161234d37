// Command simeval generates a corpus, computes the exact ground truth of
// paragraph pairs with 5-gram Jaccard ≥ 0.5 and prints the recall and
// precision of package similar against it.
//
//	go run ./similar/internal/simeval -n 2000 -seed 1
//	go run ./similar/internal/simeval -scale 100000
//	go run ./similar/internal/simeval -scale 100000 -recall
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"qinglian/similar/internal/corpus"
)

func main() {
	n := flag.Int("n", 2000, "documents")
	seed := flag.Uint64("seed", 1, "generator seed")
	show := flag.Int("show", 0, "print this many missed and extra pairs")
	scaleN := flag.Int("scale", 0, "instead: index this many documents and print build time, peak memory, restart time and query medians")
	recall := flag.Bool("recall", false, "with -scale: also compute the exact truth of the queries against the whole index (slow) and print recall")
	flag.StringVar(&keepIndex, "keep", "", "with -scale: keep the encoded index in this file")
	load := flag.String("load", "", "with -scale: query an index kept by -keep instead of building one")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *scaleN > 0 {
		if err := scale(*scaleN, *seed, os.TempDir(), *recall, *load); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	t0 := time.Now()
	docs := corpus.Generate(*n, *seed)
	t1 := time.Now()
	truth := corpus.Truth(docs, 0.5)
	t2 := time.Now()
	r := corpus.Evaluate(docs, truth)
	t3 := time.Now()
	fmt.Printf("documents %d (seed %d), truth pairs %d, found %d, correct %d\n", *n, *seed, r.Truth, r.Found, r.Correct)
	fmt.Printf("recall %.4f precision %.4f\n", r.Recall, r.Precision)
	fmt.Printf("generate %v, truth %v, index+query %v\n", t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), t3.Sub(t2).Round(time.Millisecond))
	for i, p := range r.Missed {
		if i >= *show {
			break
		}
		fmt.Printf("missed (%.3f)\n  %s\n  %s\n", truth[p], docs[p.DocA].Paragraphs[p.ParaA], docs[p.DocB].Paragraphs[p.ParaB])
	}
	for i, p := range r.Extra {
		if i >= *show {
			break
		}
		fmt.Printf("extra\n  %s\n  %s\n", docs[p.DocA].Paragraphs[p.ParaA], docs[p.DocB].Paragraphs[p.ParaB])
	}
	if r.Recall < 0.95 || r.Precision < 0.95 {
		os.Exit(1)
	}
}
