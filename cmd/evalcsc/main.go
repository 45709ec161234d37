// Command evalcsc measures qinglian's wrong-character checks on public Chinese
// spelling-check sets (see ../shared/data/README.md): the general detector
// (check/spell), the curated confusion list (check/confusion) and the two
// combined, which is what the engine runs.
//
// Sentence-level detection, per set:
//
//   - flagged: sentences with at least one finding;
//   - strict (SIGHAN-style): a sentence with errors is a true positive when
//     every finding covers a wrong character (no finding lies wholly outside
//     the wrong characters); precision = TP / flagged, recall = TP /
//     sentences with errors;
//   - lenient: any flagged sentence with errors is a true positive;
//   - clean flagged: the share of error-free sentences with a finding.
//
// Usage:
//
//	go run ./cmd/evalcsc [-data ../shared/data/csc] [-v] [-set Name=value]... [-sweep threshold|Name=v1,v2,...]
//
// Exit status 2 when the data is missing.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"qinglian"
	"qinglian/check/spell"
	"qinglian/lexicon"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "evalcsc:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "evalcsc:", err)
		os.Exit(1)
	}
}

// usageError is a bad flag or missing data: exit status 2.
type usageError struct{ error }

// sentence is one evaluation sentence: its text and the rune positions of its
// wrong characters (none for a clean sentence).
type sentence struct {
	text  string
	wrong []int
}

type dataset struct {
	name      string
	file      string
	sentences []sentence
	skipped   int // pairs of unequal length, which position-level scoring cannot use
}

// checker is one way of proofreading a sentence.
type checker struct {
	name  string
	check func(string) []qinglian.Finding
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("evalcsc", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", defaultDataDir(), "directory holding ecspell_odw.train.json, clean_rmrb.json and sighan15_train.json")
	verbose := fs.Bool("v", false, "print every false alarm and every missed sentence")
	sweep := fs.String("sweep", "", "also print the detector's precision and recall as one option varies: Name=v1,v2,... (a field of spell.Options); \"threshold\" sweeps Threshold over its usual range")
	var sets optionList
	fs.Var(&sets, "set", "override a detector option, Name=value (a field of spell.Options); repeatable")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	opt := spell.DefaultOptions()
	for _, kv := range sets {
		if err := setOption(&opt, kv); err != nil {
			return usageError{err}
		}
	}
	data, err := loadSets(*dir)
	if err != nil {
		return usageError{fmt.Errorf("%w\n(the evaluation data lives in ../shared/data/csc beside the repository; see its README)", err)}
	}
	t0 := time.Now()
	det, err := spell.LoadOptions(lexicon.Default(), opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "detector loaded in %v\n", time.Since(t0).Round(time.Millisecond))
	checkers := []checker{{"detector", det.Check}}
	if cur, err := loadCurated(); err != nil {
		return err
	} else if cur != nil {
		checkers = append(checkers, checker{"curated", cur})
		checkers = append(checkers, checker{"combined", func(s string) []qinglian.Finding {
			return append(det.Check(s), cur(s)...)
		}})
	} else {
		fmt.Fprintln(stdout, "curated confusion list: not built yet (check/confusion missing); see curated.go")
	}
	fmt.Fprintln(stdout, "strict: TP = flagged sentence with errors where every finding covers a wrong character (none lies wholly outside them);")
	fmt.Fprintln(stdout, "lenient: TP = flagged sentence with errors. P = TP/flagged, R = TP/sentences with errors.")
	for _, c := range checkers {
		fmt.Fprintf(stdout, "\n== %s\n", c.name)
		for _, ds := range data {
			m := evaluate(ds, c.check, *verbose, stdout)
			m.print(stdout, ds)
		}
	}
	if *sweep != "" {
		return sweepOption(data, opt, *sweep, stdout)
	}
	return nil
}

func defaultDataDir() string {
	// The data sits beside the repository: <root>/../shared/data/csc. Find the
	// root from the working directory so the command runs from any package.
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "data", "csc")
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "..", "shared", "data", "csc")
		}
		if filepath.Dir(d) == d {
			return filepath.Join("..", "shared", "data", "csc")
		}
	}
}

func loadSets(dir string) ([]dataset, error) {
	odw, err := loadODW(filepath.Join(dir, "ecspell_odw.train.json"))
	if err != nil {
		return nil, err
	}
	clean, err := loadPairs("clean People's Daily", filepath.Join(dir, "clean_rmrb.json"))
	if err != nil {
		return nil, err
	}
	sighan, err := loadPairs("SIGHAN-15 train (reference)", filepath.Join(dir, "sighan15_train.json"))
	if err != nil {
		return nil, err
	}
	return []dataset{odw, clean, sighan}, nil
}

func loadODW(file string) (dataset, error) {
	var rows []struct{ Source, Target, Label string }
	if err := readJSON(file, &rows); err != nil {
		return dataset{}, err
	}
	ds := dataset{name: "ECSpell official documents (train)", file: file}
	for _, r := range rows {
		s, ok := makeSentence(r.Source, r.Target)
		if !ok {
			ds.skipped++
			continue
		}
		ds.sentences = append(ds.sentences, s)
	}
	return ds, nil
}

func loadPairs(name, file string) (dataset, error) {
	var rows []struct {
		Original string `json:"original_text"`
		Correct  string `json:"correct_text"`
	}
	if err := readJSON(file, &rows); err != nil {
		return dataset{}, err
	}
	ds := dataset{name: name, file: file}
	for _, r := range rows {
		s, ok := makeSentence(r.Original, r.Correct)
		if !ok {
			ds.skipped++
			continue
		}
		ds.sentences = append(ds.sentences, s)
	}
	return ds, nil
}

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// makeSentence finds the wrong positions by comparing the text with its
// correction rune by rune.
func makeSentence(src, tgt string) (sentence, bool) {
	a, b := []rune(src), []rune(tgt)
	if len(a) != len(b) {
		return sentence{}, false
	}
	s := sentence{text: src}
	for i := range a {
		if a[i] != b[i] {
			s.wrong = append(s.wrong, i)
		}
	}
	return s, true
}

type metrics struct {
	sentences, withErrors, clean int
	flagged, flaggedClean        int
	strictTP, lenientTP          int
	elapsed                      time.Duration
}

func evaluate(ds dataset, check func(string) []qinglian.Finding, verbose bool, w io.Writer) metrics {
	var m metrics
	t0 := time.Now()
	results := make([][]qinglian.Finding, len(ds.sentences))
	for i, s := range ds.sentences {
		results[i] = check(s.text)
	}
	m.elapsed = time.Since(t0)
	for i, s := range ds.sentences {
		fs := results[i]
		m.sentences++
		if len(s.wrong) == 0 {
			m.clean++
		} else {
			m.withErrors++
		}
		if len(fs) == 0 {
			if verbose && len(s.wrong) > 0 {
				fmt.Fprintf(w, "MISS  %s  wrong at %v\n", s.text, s.wrong)
			}
			continue
		}
		m.flagged++
		if len(s.wrong) == 0 {
			m.flaggedClean++
			if verbose {
				fmt.Fprintf(w, "FP    %s  %s\n", s.text, describe(fs))
			}
			continue
		}
		m.lenientTP++
		if strictHit(s.wrong, fs) {
			m.strictTP++
		} else if verbose {
			fmt.Fprintf(w, "WRONG %s  wrong at %v  %s\n", s.text, s.wrong, describe(fs))
		}
	}
	return m
}

// strictHit: every finding overlaps a wrong position (none lies wholly
// outside them), and there is at least one finding. A finding on a word
// (烙守) counts when the word holds the wrong character.
func strictHit(wrong []int, fs []qinglian.Finding) bool {
	for _, f := range fs {
		overlaps := false
		for _, p := range wrong {
			if f.Start <= p && p < f.End {
				overlaps = true
				break
			}
		}
		if !overlaps {
			return false
		}
	}
	return len(fs) > 0
}

func describe(fs []qinglian.Finding) string {
	s := ""
	for _, f := range fs {
		s += fmt.Sprintf("[%d %s→%s %s %s] ", f.Start, f.Text, f.Suggestion, f.Severity, f.Message)
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (m metrics) print(w io.Writer, ds dataset) {
	fmt.Fprintf(w, "%s: %d sentences (%d with errors, %d clean", ds.name, m.sentences, m.withErrors, m.clean)
	if ds.skipped > 0 {
		fmt.Fprintf(w, ", %d of unequal length skipped", ds.skipped)
	}
	fmt.Fprintf(w, "), %d flagged, %.0f sentences/s\n", m.flagged, float64(m.sentences)/m.elapsed.Seconds())
	if m.withErrors > 0 {
		p, r := ratio(m.strictTP, m.flagged), ratio(m.strictTP, m.withErrors)
		fmt.Fprintf(w, "  strict   P %.3f  R %.3f  F1 %.3f  (TP %d)\n", p, r, f1(p, r), m.strictTP)
		p, r = ratio(m.lenientTP, m.flagged), ratio(m.lenientTP, m.withErrors)
		fmt.Fprintf(w, "  lenient  P %.3f  R %.3f  F1 %.3f  (TP %d)\n", p, r, f1(p, r), m.lenientTP)
	}
	if m.clean > 0 {
		fmt.Fprintf(w, "  clean sentences flagged: %d of %d = %.2f%%\n", m.flaggedClean, m.clean, 100*ratio(m.flaggedClean, m.clean))
	}
}

// sweepOption prints the detector's operating curve as one option varies:
// strict precision and recall on the official-document set and the share of
// clean People's Daily sentences flagged.
func sweepOption(sets []dataset, base spell.Options, spec string, w io.Writer) error {
	if spec == "threshold" {
		spec = "Threshold=5,5.5,6,6.5,7,7.5,8,9,10"
	}
	name, list, ok := strings.Cut(spec, "=")
	if !ok {
		return usageError{fmt.Errorf("-sweep wants Name=v1,v2,..., got %q", spec)}
	}
	fmt.Fprintf(w, "\n== detector sweep of %s (strict P/R on official documents; clean share on People's Daily)\n", name)
	for _, v := range strings.Split(list, ",") {
		opt := base
		if err := setOption(&opt, name+"="+v); err != nil {
			return usageError{err}
		}
		det, err := spell.LoadOptions(lexicon.Default(), opt)
		if err != nil {
			return err
		}
		odw := evaluate(sets[0], det.Check, false, io.Discard)
		clean := evaluate(sets[1], det.Check, false, io.Discard)
		p, r := ratio(odw.strictTP, odw.flagged), ratio(odw.strictTP, odw.withErrors)
		fmt.Fprintf(w, "%s %8s  P %.3f  R %.3f  F1 %.3f  clean %.2f%%\n", name, v, p, r, f1(p, r), 100*ratio(clean.flaggedClean, clean.clean))
	}
	return nil
}

// optionList collects repeated -set flags.
type optionList []string

func (l *optionList) String() string     { return strings.Join(*l, " ") }
func (l *optionList) Set(v string) error { *l = append(*l, v); return nil }

// setOption sets one field of opt from "Name=value".
func setOption(opt *spell.Options, kv string) error {
	name, val, ok := strings.Cut(kv, "=")
	if !ok {
		return fmt.Errorf("want Name=value, got %q", kv)
	}
	f := reflect.ValueOf(opt).Elem().FieldByName(name)
	if !f.IsValid() {
		return fmt.Errorf("spell.Options has no field %q", name)
	}
	switch f.Kind() {
	case reflect.Float64:
		x, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f.SetFloat(x)
	case reflect.Int, reflect.Uint32:
		x, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if f.Kind() == reflect.Int {
			f.SetInt(x)
		} else {
			f.SetUint(uint64(x))
		}
	case reflect.Bool:
		x, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f.SetBool(x)
	default:
		return fmt.Errorf("%s: unsupported kind %s", name, f.Kind())
	}
	return nil
}
