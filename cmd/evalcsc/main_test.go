package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"qinglian"
	"strings"
	"testing"
)

func TestMissingData(t *testing.T) {
	var out, errb bytes.Buffer
	err := run([]string{"-data", t.TempDir()}, &out, &errb)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("want a usage error (exit 2), got %v", err)
	}
	if !strings.Contains(err.Error(), "ecspell_odw.train.json") {
		t.Errorf("error does not name the missing file: %v", err)
	}
}

// TestSmallSets runs the command on sets written for this test: one sentence
// with a wrong character the detector finds, one clean sentence.
func TestSmallSets(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ecspell_odw.train.json", `[
 {"source": "坚持以人民为中心的发展思相。", "target": "坚持以人民为中心的发展思想。", "label": "1"},
 {"source": "认真落实党风廉政建设责任制。", "target": "认真落实党风廉政建设责任制。", "label": "0"},
 {"source": "长度不同", "target": "长度不相同", "label": "1"}
]`)
	write("clean_rmrb.json", `[{"original_text": "全面推进乡村振兴。", "correct_text": "全面推进乡村振兴。", "wrong_ids": []}]`)
	write("sighan15_train.json", `[{"id": "t1", "original_text": "严格执行请示报告制渡。", "wrong_ids": [9], "correct_text": "严格执行请示报告制度。"}]`)
	var out, errb bytes.Buffer
	if err := run([]string{"-data", dir, "-v"}, &out, &errb); err != nil {
		t.Fatal(err, errb.String())
	}
	got := out.String()
	for _, want := range []string{
		"2 sentences (1 with errors, 1 clean, 1 of unequal length skipped), 1 flagged",
		"strict   P 1.000  R 1.000  F1 1.000  (TP 1)",
		"clean sentences flagged: 0 of 1 = 0.00%",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestStrictHit(t *testing.T) {
	tests := []struct {
		wrong []int
		spans [][2]int
		want  bool
	}{
		{[]int{3}, [][2]int{{3, 4}}, true},
		{[]int{3}, [][2]int{{2, 4}}, true},           // a word holding the wrong character
		{[]int{3}, [][2]int{{4, 6}}, false},          // beside it
		{[]int{3, 7}, [][2]int{{7, 8}}, true},        // one of two errors is enough
		{[]int{3}, [][2]int{{3, 4}, {9, 10}}, false}, // a second finding is a false alarm
		{[]int{3}, nil, false},
	}
	for _, tt := range tests {
		var fs []qinglian.Finding
		for _, s := range tt.spans {
			fs = append(fs, qinglian.Finding{Start: s[0], End: s[1]})
		}
		if got := strictHit(tt.wrong, fs); got != tt.want {
			t.Errorf("strictHit(%v, %v) = %v, want %v", tt.wrong, tt.spans, got, tt.want)
		}
	}
}
