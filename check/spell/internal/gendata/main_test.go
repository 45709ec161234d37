package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadDomain(t *testing.T) {
	dir := t.TempDir()
	good := "# header\n征收\t1\t法治\tsource\n违纪违法\t3\t纪检\tsource\n征收\t2\t法治\tsource\n"
	name := filepath.Join(dir, "d.tsv")
	if err := os.WriteFile(name, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, err := readDomain(name)
	if err != nil {
		t.Fatal(err)
	}
	if dom["征收"] != domainFreq["1"] || dom["违纪违法"] != domainFreq["3"] || len(dom) != 2 {
		t.Errorf("got %v", dom)
	}
	for _, bad := range []string{"征收\t4\t法治\tsource\n", "征\t1\t法治\tsource\n", "征收ab\t1\t法治\tsource\n", "征收\t1\t法治\n"} {
		if err := os.WriteFile(name, []byte("# header\n"+bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readDomain(name); err == nil || !strings.Contains(err.Error(), ":2:") {
			t.Errorf("%q: want an error naming line 2, got %v", bad, err)
		}
	}
}

func TestAddDomain(t *testing.T) {
	words := []entry{{"征收", 3, "nr"}, {"工作", 66367, "vn"}, {"落实", 2219, "a"}}
	out := addDomain(words, map[string]int{"征收": 1000, "工作": 1000, "违纪违法": 300})
	got := map[string]entry{}
	for _, e := range out {
		got[e.word] = e
	}
	want := map[string]entry{
		"征收":   {"征收", 1000, domainTag},  // raised, and no longer a name
		"工作":   {"工作", 66367, "vn"},      // common already: unchanged
		"落实":   {"落实", 2219, "a"},        // not in the list
		"违纪违法": {"违纪违法", 300, domainTag}, // added
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", out)
	}
	for w, e := range want {
		if got[w] != e {
			t.Errorf("%s: got %+v, want %+v", w, got[w], e)
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i-1].word >= out[i].word {
			t.Fatalf("not sorted: %v", out)
		}
	}
}

func TestContentCompound(t *testing.T) {
	pos := map[string]string{"作出": "v", "决定": "v", "示范": "vn", "基地": "n", "我": "r", "的": "uj", "不是": "c", "一个": "m", "张三": "nr"}
	for w, want := range map[string]bool{"作出决定": true, "示范基地": true, "我的": false, "不是一个": false, "张三决定": false, "作出": false} {
		if got := contentCompound(w, pos); got != want {
			t.Errorf("%s: got %v, want %v", w, got, want)
		}
	}
}

func TestAddOwnPhrases(t *testing.T) {
	dir := t.TempDir()
	form := "# header\nset\t四个意识\t政治意识、大局意识\terror\tx\tsource\nname\t两个维护\t-\twarning\tx\tsource\nwrong\t两学一作\t两学一做\terror\tx\tsource\n"
	stock := "# header\n深学细悟\tpledge\tsource\n高\tpledge\tsource\n"
	if err := os.WriteFile(filepath.Join(dir, "formulations.tsv"), []byte(form), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stock_phrases.tsv"), []byte(stock), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := map[string]int{"两个维护": domainFreq["1"]}
	if err := addOwnPhrases(dir, dom); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"四个意识", "政治意识", "大局意识", "两学一做", "深学细悟"} {
		if dom[w] != domainFreq["2"] {
			t.Errorf("%s: got %d, want level 2", w, dom[w])
		}
	}
	if dom["两个维护"] != domainFreq["1"] {
		t.Errorf("两个维护 lowered to %d", dom["两个维护"])
	}
	if _, ok := dom["两学一作"]; ok {
		t.Error("the wrong form 两学一作 was added")
	}
	if _, ok := dom["高"]; ok {
		t.Error("a single character was added")
	}
}
