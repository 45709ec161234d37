package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qinglian/input/docxbuild"
	"qinglian/review"
)

const example = "../../testdata/example-report.txt"

// runCLI runs the command as main would, with the given standard input.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "version")
	if code != 0 || !strings.Contains(out, review.Schema) {
		t.Errorf("version: code %d, out %q", code, out)
	}
	for _, args := range [][]string{{"-h"}, {"help"}, {"help", "check"}, {"check", "-h"}, {"redact", "-h"}} {
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(out+errOut, "用法 usage") {
			t.Errorf("%v: no bilingual usage in %q", args, out+errOut)
		}
	}
	code, _, errOut := runCLI(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "frobnicate") {
		t.Errorf("unknown command: code %d, stderr %q", code, errOut)
	}
}

func TestCheckExampleText(t *testing.T) {
	code, out, errOut := runCLI(t, "", "check", "--color", "never", example)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the example has errors); stderr %q", code, errOut)
	}
	for _, want := range []string{"== 一、", "必备内容", "错误", "^^", "依据 reason"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written although --color never")
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "check", "--format", "json", example)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var r review.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if r.Schema != review.Schema || r.Summary.Errors == 0 || len(r.Sections) == 0 {
		t.Errorf("schema %q, errors %d, sections %d", r.Schema, r.Summary.Errors, len(r.Sections))
	}
	lines := strings.Split(readFile(t, example), "\n")
	for _, f := range r.Findings {
		if f.End <= f.Start {
			continue
		}
		src := []rune(lines[f.Line-1])
		if got := string(src[f.Column-1 : f.Column-1+len([]rune(f.Text))]); got != f.Text {
			t.Errorf("%s at %d:%d: file holds %q, finding says %q", f.Rule, f.Line, f.Column, got, f.Text)
		}
	}
}

func TestCheckOnly(t *testing.T) {
	code, out, _ := runCLI(t, "", "check", "--format", "json", "--only", "punctuation", example)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var r review.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 {
		t.Fatal("no punctuation finding in the example")
	}
	for _, f := range r.Findings {
		if f.Category != "punctuation" {
			t.Errorf("--only punctuation gave a %s finding", f.Category)
		}
	}
	code, _, errOut := runCLI(t, "", "check", "--only", "grammar", example)
	if code != 2 || !strings.Contains(errOut, "grammar") {
		t.Errorf("unknown category: code %d, %q", code, errOut)
	}
}

// TestCheckLinesJSONL: exactly one object per input line, in order, blank
// lines included, offsets within the line.
func TestCheckLinesJSONL(t *testing.T) {
	in := "他的工作做得很好。。\n\n坚持严于律已，以身作则。\r\n这一句没有问题。\n"
	code, out, errOut := runCLI(t, in, "check", "--lines", "--format", "jsonl", "-")
	if code != 1 {
		t.Fatalf("exit %d (stderr %q)", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	var n int
	for sc.Scan() {
		n++
		var rec struct {
			Line     int `json:"line"`
			Findings []struct {
				Start, End int
				Text       string
			} `json:"findings"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if rec.Line != n {
			t.Errorf("record %d says line %d", n, rec.Line)
		}
		src := []rune(strings.Split(strings.ReplaceAll(in, "\r", ""), "\n")[n-1])
		for _, f := range rec.Findings {
			if string(src[f.Start:f.End]) != f.Text {
				t.Errorf("line %d: span %d:%d is %q, finding says %q", n, f.Start, f.End, string(src[f.Start:f.End]), f.Text)
			}
		}
		switch n {
		case 1, 3:
			if len(rec.Findings) == 0 {
				t.Errorf("line %d: no finding", n)
			}
		case 2, 4:
			if len(rec.Findings) != 0 {
				t.Errorf("line %d: unexpected findings %+v", n, rec.Findings)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d records for 4 input lines", n)
	}
}

func TestCheckHTMLSelfContained(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "review.html")
	code, _, errOut := runCLI(t, "", "check", "--format", "html", "-o", out, example)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page := readFile(t, out)
	for _, bad := range []string{"http://", "https://", "<script", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page refers outside itself: contains %q", bad)
		}
	}
	for _, want := range []string{"<mark class=\"error\"", "必备内容", "问题清单", "严于律已"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestCheckDocx(t *testing.T) {
	doc := docxbuild.BuildDocx([]docxbuild.DocxParagraph{
		{Text: "述责述廉报告", Heading: 1},
		{Text: "执行政治纪律和政治规矩情况", Numbering: 1},
		{Text: "全年组织学习12次，始终烙守纪律底线。。"},
		{Text: "履行管党治党责任情况", Numbering: 1},
	})
	path := filepath.Join(t.TempDir(), "report.docx")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "check", "--format", "json", path)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r review.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Document.Format != "docx" {
		t.Errorf("format %q", r.Document.Format)
	}
	var numbered []string
	for _, s := range r.Sections {
		if s.Numbering != "" {
			numbered = append(numbered, s.Numbering)
		}
	}
	if strings.Join(numbered, "") != "一、二、" {
		t.Errorf("Word's automatic numbering not seen as headings: %q", numbered)
	}
	found := false
	for _, f := range r.Findings {
		if f.Text == "烙守" {
			found = true
			if f.Line != 3 {
				t.Errorf("烙守 reported at paragraph %d, want 3", f.Line)
			}
		}
	}
	if !found {
		t.Error("烙守 not found in the .docx")
	}
}

// TestBadInput: every unreadable input gives exit 2 and one line naming the
// file and the reason, and no panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, path, reason string
	}{
		{"missing", filepath.Join(dir, "nope.txt"), "不存在"},
		{"empty", write("empty.txt", nil), "空"},
		{"binary", write("tool.txt", []byte("\x7fELF\x02\x01\x01\x00\x00\x00binary")), "report"},
		{"corrupt docx", write("broken.docx", []byte("PK\x03\x04 this is not a zip")), "docx"},
		{"not gb18030", write("latin.txt", []byte{0x81, 0x20, 0x81, 0x20, 0xFF, 0xFE, 0x80}), "编码"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", "check", c.path)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("wrote a report for unreadable input: %q", out)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if len(lines) != 1 || !strings.Contains(errOut, filepath.Base(c.path)) {
				t.Errorf("want one line naming the file, got %q", errOut)
			}
			if c.reason != "report" && !strings.Contains(errOut, c.reason) {
				t.Errorf("message %q does not give the reason %q", errOut, c.reason)
			}
		})
	}
	t.Run("bad flag value", func(t *testing.T) {
		if code, _, _ := runCLI(t, "", "check", "--format", "pdf", example); code != 2 {
			t.Errorf("exit %d", code)
		}
	})
	t.Run("bad template", func(t *testing.T) {
		tpl := write("bad-template.txt", []byte("this is not a template\n"))
		code, _, errOut := runCLI(t, "", "check", "--template", tpl, example)
		if code != 2 || !strings.Contains(errOut, "bad-template.txt") {
			t.Errorf("exit %d, %q", code, errOut)
		}
	})
	t.Run("one bad file among good ones", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "check", "--format", "jsonl", example, filepath.Join(dir, "nope.txt"))
		if code != 2 || strings.Count(out, "\n") != 1 {
			t.Errorf("exit %d, %d reports; want 2 and the good file's report", code, strings.Count(out, "\n"))
		}
	})
}

func TestRedact(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "report.txt")
	text := "联系人：办公室，电话13812345678，邮箱 office@example.cn。\n第二行没有个人信息。\n"
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "public.txt")
	code, _, errOut := runCLI(t, "", "redact", "-o", dst, src)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := readFile(t, dst)
	if strings.Contains(got, "13812345678") || strings.Contains(got, "office@example.cn") {
		t.Errorf("personal data left in %q", got)
	}
	if !strings.Contains(got, "第二行没有个人信息。") {
		t.Errorf("text lost: %q", got)
	}
	if readFile(t, src) != text {
		t.Error("the original file changed")
	}
	if code, _, _ := runCLI(t, "", "redact", "-o", src, src); code != 2 {
		t.Errorf("redact over its own input: exit %d, want 2", code)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
