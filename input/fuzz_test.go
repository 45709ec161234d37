package input

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"qinglian"
	"qinglian/input/docxbuild"
)

// checkResult is what every read must satisfy: an *Error on one line, or a
// document whose paragraphs are valid, non-empty UTF-8 at line ≥ 1.
func checkResult(t *testing.T, d *qinglian.Document, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not an *input.Error", err, err)
		}
		if d != nil {
			t.Fatal("document returned with an error")
		}
		if strings.ContainsAny(err.Error(), "\r\n") || !utf8.ValidString(err.Error()) {
			t.Fatalf("bad message %q", err)
		}
		return
	}
	if d == nil || len(d.Paragraphs) == 0 {
		t.Fatal("no error and no paragraphs")
	}
	prev := 0
	for i, p := range d.Paragraphs {
		if !utf8.ValidString(p.Text) || p.Text == "" {
			t.Fatalf("paragraph %d: text %q", i, p.Text)
		}
		if p.Line < 1 || p.Column < 1 || p.Line < prev {
			t.Fatalf("paragraph %d: line %d column %d after line %d", i, p.Line, p.Column, prev)
		}
		if p.Generated < 0 || p.Generated > utf8.RuneCountInString(p.Text) || p.Level < 0 || p.Level > 9 {
			t.Fatalf("paragraph %d: generated %d level %d for %q", i, p.Generated, p.Level, p.Text)
		}
		prev = p.Line
	}
}

func FuzzReadText(f *testing.F) {
	if seed, err := os.ReadFile(seedPath); err == nil {
		f.Add(seed, false)
		f.Add(mustGB18030(f, string(seed)), false)
	}
	f.Add([]byte("一、标题\r\n\r\n　　正文。\r二、"), false)
	f.Add(utf16Bytes("正文\r\n第二行", false), false)
	f.Add(utf16Bytes("正文", true), false)
	f.Add([]byte("\xEF\xBB\xBF# 标题\n> 引用\n```\n代码\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n"), true)
	f.Add([]byte("---\ntitle: x\n---\n标题\n===\n<!-- c\n-->\n"), true)
	f.Add(gbk(f, "中文报告"), false)
	f.Add([]byte{0xD6, 0xD0, 0xFF}, false)
	f.Fuzz(func(t *testing.T, data []byte, markdown bool) {
		name := "fuzz.txt"
		if markdown {
			name = "fuzz.md"
		}
		d, err := Read(name, data)
		checkResult(t, d, err)
	})
}

func FuzzReadDocx(f *testing.F) {
	f.Add(docxbuild.BuildDocx([]docxbuild.DocxParagraph{
		{Text: "领导干部述责述廉报告", Heading: 1},
		{Text: "政治建设", Numbering: 1},
		{Text: "理论学习", Numbering: 2},
		{Text: "读原著", Numbering: 3},
		{Text: "项目\t次数", InTable: true},
		{Text: "第一行\n第二行", Numbering: 4},
	}))
	f.Add(docx(f, p(num(1, 0), "a")+p(num(1, 1), "b")+`<w:p><w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:ins><w:r><w:t>y</w:t></w:r></w:ins></w:p>`,
		`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
		reportNumbering))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("fuzz.docx", data)
		checkResult(t, d, err)
	})
}

// FuzzDocumentXML fuzzes the XML of the body, where a byte-level fuzzer
// over the ZIP rarely reaches.
func FuzzDocumentXML(f *testing.F) {
	f.Add(p(num(1, 0), "一")+`<w:tbl><w:tr><w:tc>`+p("", "格")+`</w:tc></w:tr></w:tbl>`, reportNumbering)
	f.Add(`<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/></w:r></w:p>`, "")
	f.Fuzz(func(t *testing.T, content, numbering string) {
		d, err := Read("fuzz.docx", docx(t, content, "", numbering))
		checkResult(t, d, err)
	})
}
