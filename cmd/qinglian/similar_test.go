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
