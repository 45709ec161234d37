package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const simPara = "今年以来，我深入学习党章党规，通过中心组学习、专题研讨等形式累计学习24次，进一步筑牢了思想防线。青山老旧小区改造项目稳步推进，涉及资金350万元，惠及青山社区群众1200户。"

func TestSimilarCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.txt", "2024年度述责述廉报告\n"+simPara+"\n")
	write("sub/b.md", "# 报告\n\n其他内容。\n"+strings.ReplaceAll(simPara, "24", "31")+"\n")
	write("sub/c.txt", "完全无关的一段文字，讲的是天气和庄稼的收成，与上面两份报告没有任何相同的句子可言。\n")
	write("sub/ignored.csv", simPara)
	// Hostile files: each reported on its own line, the rest still compared.
	write("sub/empty.txt", "")
	write("sub/binary.txt", "\x00\x01\x02ELF\x00\x00")

	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"similar", "--format", "json", dir}, nil, &out, &errb)
	if code != exitInput {
		t.Errorf("exit %d, want %d (unreadable files)", code, exitInput)
	}
	if lines := strings.Split(strings.TrimSpace(errb.String()), "\n"); len(lines) != 2 {
		t.Errorf("stderr %q, want one line per bad file", errb.String())
	}
	var res similarOutput
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err, out.String())
	}
	if res.Schema != similarSchema || len(res.Files) != 3 || len(res.Errors) != 2 {
		t.Fatalf("schema %q, %d files, %d errors", res.Schema, len(res.Files), len(res.Errors))
	}
	f := res.Files[0]
	if f.File != a || len(f.Passages) != 1 {
		t.Fatalf("first file %+v", f)
	}
	p := f.Passages[0]
	if p.Line != 2 || p.Column != 1 || p.Source.Line != 4 || !strings.HasSuffix(p.Source.File, "b.md") || p.Score < 0.9 {
		t.Errorf("passage %+v", p)
	}
	if !strings.HasPrefix(p.Text, "今年以来") || !strings.HasPrefix(p.Source.Text, "今年以来") {
		t.Errorf("texts %q / %q", p.Text, p.Source.Text)
	}
	if n := len(res.Files[2].Passages); n != 0 {
		t.Errorf("unrelated file has %d passages", n)
	}

	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"similar", a, filepath.Join(dir, "sub", "b.md")}, nil, &out, &errb); code != exitOK {
		t.Errorf("text: exit %d, stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "2:1–2:") || !strings.Contains(out.String(), "b.md:4:1") {
		t.Errorf("text output:\n%s", out.String())
	}

	// Bad usage.
	for _, args := range [][]string{{"similar"}, {"similar", "--format", "html", a}, {"similar", "--min-score", "2", a}} {
		if code := run(context.Background(), args, nil, &out, &errb); code != exitInput {
			t.Errorf("%v: exit %d, want %d", args, code, exitInput)
		}
	}
}

// TestSimilarContainment: a paragraph pasted whole into a much longer one
// shares too little of the longer one for the Jaccard score, but is
// reported by its containment unless --min-containment 0 turns that off.
func TestSimilarContainment(t *testing.T) {
	dir := t.TempDir()
	long := simPara + "此外，还结合本单位实际，开展了多项专题调研和督导检查工作，形成调研报告若干篇，提出了改进意见和建议，推动问题整改落实到位。" +
		"同时注重发挥先进典型示范作用，组织开展评先评优活动，营造了比学赶超的浓厚氛围。"
	for name, text := range map[string]string{"template.txt": simPara + "\n", "report.txt": long + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	count := func(args ...string) int {
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"similar", "--format", "json"}, append(args, dir)...), nil, &out, &errb); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var res similarOutput
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range res.Files {
			n += len(f.Passages)
		}
		return n
	}
	if n := count(); n == 0 {
		t.Error("a template paragraph pasted into a longer one was not reported")
	}
	if n := count("--min-containment", "0"); n != 0 {
		t.Errorf("with containment off, %d passages reported below the Jaccard threshold", n)
	}
	var errb bytes.Buffer
	if code := run(context.Background(), []string{"similar", "--min-containment", "2", dir}, nil, &bytes.Buffer{}, &errb); code != exitInput {
		t.Errorf("--min-containment 2: exit %d", code)
	}
}
