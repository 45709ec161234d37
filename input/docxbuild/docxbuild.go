// Package docxbuild writes small, valid .docx files, so that tests of the
// reader and of the command line can make Word input without keeping binary
// fixtures. The files open in Word and LibreOffice; they carry only what the
// reader looks at: paragraphs, heading styles, automatic numbering, tables.
package docxbuild

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"
)

// DocxParagraph is one paragraph of the document BuildDocx writes.
type DocxParagraph struct {
	// Text of the paragraph; "\t" becomes a tab and "\n" a line break.
	// Characters XML cannot carry are dropped.
	Text string
	// Heading 1–9 gives the paragraph the built-in style "heading N"; 0 is
	// body text.
	Heading int
	// Numbering puts the paragraph in the document's one automatic list, at
	// the level that Word labels 1 "一、", 2 "（一）", 3 "1.", 4 "（1）",
	// 5 "①" (the levels of qinglian.Section); 0 is not numbered. A level
	// restarts after any higher one, as in Word.
	Numbering int
	// InTable puts the paragraph in a table cell. Consecutive table
	// paragraphs form one single-column table, a row each.
	InTable bool
}

// Levels of the automatic list, as Word's numbering.xml spells them.
var levels = []struct{ format, text string }{
	{"chineseCounting", "%1、"},
	{"chineseCounting", "（%2）"},
	{"decimal", "%3."},
	{"decimal", "（%4）"},
	{"decimalEnclosedCircle", "%5"},
}

// BuildDocx returns the bytes of a .docx holding the paragraphs in order.
// The output is deterministic: the same paragraphs give the same bytes.
func BuildDocx(paragraphs []DocxParagraph) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", document(paragraphs)},
		{"word/styles.xml", stylesXML()},
		{"word/numbering.xml", numberingXML()},
	} {
		// A fixed time keeps the archive byte-for-byte reproducible.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			panic(err) // writing to a bytes.Buffer cannot fail
		}
		w.Write([]byte(part.body))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

const header = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

const contentTypes = header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`</Types>`

const rootRels = header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`</Relationships>`

func document(paragraphs []DocxParagraph) string {
	var b strings.Builder
	b.WriteString(header + `<w:document ` + wNS + `><w:body>`)
	inTable := false
	for _, p := range paragraphs {
		if p.InTable != inTable {
			if p.InTable {
				b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="8000"/></w:tblGrid>`)
			} else {
				b.WriteString(`</w:tbl>`)
			}
			inTable = p.InTable
		}
		if p.InTable {
			b.WriteString(`<w:tr><w:tc><w:tcPr><w:tcW w:w="8000" w:type="dxa"/></w:tcPr>`)
		}
		paragraph(&b, p)
		if p.InTable {
			b.WriteString(`</w:tc></w:tr>`)
		}
	}
	if inTable {
		b.WriteString(`</w:tbl>`)
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

func paragraph(b *strings.Builder, p DocxParagraph) {
	b.WriteString(`<w:p>`)
	if p.Heading > 0 || p.Numbering > 0 {
		b.WriteString(`<w:pPr>`)
		if p.Heading >= 1 && p.Heading <= 9 {
			fmt.Fprintf(b, `<w:pStyle w:val="Heading%d"/>`, p.Heading)
		}
		if p.Numbering >= 1 && p.Numbering <= len(levels) {
			fmt.Fprintf(b, `<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr>`, p.Numbering-1)
		}
		b.WriteString(`</w:pPr>`)
	}
	b.WriteString(`<w:r>`)
	for i, line := range strings.Split(p.Text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, chunk := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if chunk != "" {
				b.WriteString(`<w:t xml:space="preserve">`)
				escape(b, chunk)
				b.WriteString(`</w:t>`)
			}
		}
	}
	b.WriteString(`</w:r></w:p>`)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// escape writes s as XML character data. Characters XML 1.0 cannot hold
// (control characters, invalid UTF-8) are dropped rather than producing a
// file Word refuses.
func escape(b *strings.Builder, s string) {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	escaper.WriteString(b, s)
}

func stylesXML() string {
	var b strings.Builder
	b.WriteString(header + `<w:styles ` + wNS + `>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>`)
	for n := 1; n <= 9; n++ {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/>`+
			`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>`+
			`<w:pPr><w:keepNext/><w:outlineLvl w:val="%d"/></w:pPr></w:style>`, n, n, n-1)
	}
	b.WriteString(`</w:styles>`)
	return b.String()
}

func numberingXML() string {
	var b strings.Builder
	b.WriteString(header + `<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>`)
	for i, l := range levels {
		fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/>`+
			`<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>`, i, l.format, l.text)
	}
	b.WriteString(`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`)
	return b.String()
}
