package docxbuild

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestBuildDocx(t *testing.T) {
	in := []DocxParagraph{{Text: "标题", Heading: 1}, {Text: "一", Numbering: 1}, {Text: "格", InTable: true}, {Text: "a<&>\x01b"}}
	b := BuildDocx(in)
	if !bytes.Equal(b, BuildDocx(in)) {
		t.Error("output is not deterministic")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		c, _ := io.ReadAll(rc)
		parts[f.Name] = string(c)
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Heading1"/>`,
		`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`,
		`<w:tbl>`, `<w:tc>`, `a&lt;&amp;&gt;b`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml"} {
		if parts[name] == "" {
			t.Errorf("missing part %s", name)
		}
	}
	if !strings.Contains(parts["word/numbering.xml"], `<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>`) {
		t.Error("numbering.xml lacks the 一、 level")
	}
}
