// Package export writes what leaves the platform as an office file: an
// accepted report as a Word document laid out the way Party and government
// documents are (WriteDocx), and a campaign's progress board as an Excel
// workbook (WriteProgressXLSX). It knows nothing of storage or HTTP: the
// server maps its records to the plain types here.
package export

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qinglian"
)

// DocxReport is a report to write as .docx.
type DocxReport struct {
	Title      string // e.g. "2025年度述责述廉报告"
	Unit       string // e.g. "市水利局"
	Position   string // e.g. "党组书记、局长"
	Name       string // the cadre's name
	Paragraphs []Paragraph
	// ExportedAt and Version make the footer line "导出时间：… 版本：N";
	// with both zero there is none. ExportedAt is written in its own
	// location, so pass local time.
	ExportedAt time.Time
	Version    int
}

// Paragraph is one paragraph of the body. Heading is the level of a
// structural heading — 1 for "一、", 2 for "（一）", 3 for "1.", 4 for
// "（1）" — and 0 for body text; deeper levels are written as 4.
type Paragraph struct {
	Text    string
	Heading int
}

// Page layout of GB/T 9704-2012《党政机关公文格式》, in twentieths of a
// point (twips; 1 mm = 56.69 twips):
//
//   - A4 paper, 210 mm × 297 mm (5.2.1);
//   - margins 上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm, leaving the 156 mm ×
//     225 mm type area (5.2.2);
//   - 22 lines of 28 characters in the type area (5.2.4): 225 mm / 22 is a
//     line pitch of 29 pt, written as exact line spacing;
//   - 标题 in 2号小标宋 (22 pt), 正文 in 3号仿宋_GB2312 (16 pt), the
//     first-level headings in 黑体, the second in 楷体, the third and
//     fourth in 仿宋 (7.3.1, 7.3.3), paragraphs indented two characters;
//   - page numbers in 4号 (14 pt) as "— 1 —" below the type area (7.5).
const (
	pageWidth    = 11906 // 210 mm
	pageHeight   = 16838 // 297 mm
	marginTop    = 2098  // 37 mm
	marginBottom = 1984  // 35 mm
	marginLeft   = 1587  // 28 mm
	marginRight  = 1474  // 26 mm
	footerFrom   = 1134  // 20 mm from the bottom edge: the page number sits 7 mm below the type area
	linePitch    = 580   // 29 pt
	titlePitch   = 700   // 35 pt, for the 22 pt title
)

// Font sizes in half-points, as Word's w:sz counts them.
const (
	size2   = 44 // 二号, 22 pt
	size3   = 32 // 三号, 16 pt
	size4   = 28 // 四号, 14 pt
	sizeSm5 = 21 // 五号, 10.5 pt
)

// Font names as installed with the fonts Chinese government offices use;
// fontTable.xml names a standard Windows font as the alternative for each,
// for machines without them.
const (
	fontTitle = "方正小标宋简体"
	fontBody  = "仿宋_GB2312"
	fontHei   = "黑体"
	fontKai   = "楷体_GB2312"
	fontLatin = "Times New Roman"
)

// WriteDocx writes doc as a Word document. Characters that XML cannot
// carry (control characters other than tab and line breaks, unpaired
// surrogates, U+FFFE and U+FFFF) are dropped; a tab is written as a tab and
// a line break inside a paragraph as a line break; blank paragraphs are
// left out. The output depends only on doc.
func WriteDocx(w io.Writer, doc DocxReport) error {
	modified := doc.ExportedAt
	if modified.IsZero() {
		modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", coreXML(doc)},
		{"docProps/app.xml", appXML},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/document.xml", documentXML(doc)},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/footer1.xml", footerXML(doc)},
	}
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypesXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>qinglian</Application></Properties>`

func coreXML(doc DocxReport) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString("<dc:title>" + escape(oneLine(doc.Title)) + "</dc:title>")
	b.WriteString("<dc:creator>" + escape(oneLine(doc.Name)) + "</dc:creator>")
	if !doc.ExportedAt.IsZero() {
		ts := doc.ExportedAt.UTC().Format("2006-01-02T15:04:05Z")
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>`)
	}
	b.WriteString("</cp:coreProperties>")
	return b.String()
}

// rFonts names the Latin and East Asian fonts of a run: digits and Latin
// letters in Times New Roman, Chinese in east.
func rFonts(east string) string {
	return `<w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:cs="` + fontLatin + `" w:eastAsia="` + east + `"/>`
}

// stylesXML defines the paragraph styles. The heading styles carry the
// built-in names "heading 1"… and outline levels, so Word's navigation
// pane, a table of contents and qinglian's own reader see the structure.
var stylesXML = xmlHeader + `<w:styles ` + nsW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + rFonts(fontBody) +
	fmt.Sprintf(`<w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size3, size3) +
	`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr>` + fmt.Sprintf(`<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/>`, linePitch) +
	`<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	// 正文: 3号仿宋, first line indented two characters.
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
	fmt.Sprintf(`<w:pPr><w:ind w:firstLineChars="200" w:firstLine="%d"/></w:pPr>`, 2*size3*10) +
	`</w:style>` +
	// 标题: 2号小标宋, centred, one empty line's space below; a title of
	// two lines keeps 35 pt between them so the larger type is not cut.
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="ReportAuthor"/><w:qFormat/>` +
	fmt.Sprintf(`<w:pPr><w:spacing w:before="0" w:after="%d" w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`, linePitch, titlePitch) +
	`<w:rPr>` + rFonts(fontTitle) + fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size2, size2) + `</w:rPr></w:style>` +
	// 述责人: unit, position and name under the title, 3号楷体, centred.
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="ReportAuthor"><w:name w:val="述责人"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
	fmt.Sprintf(`<w:pPr><w:spacing w:before="0" w:after="%d" w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`, linePitch, linePitch) +
	`<w:rPr>` + rFonts(fontKai) + `</w:rPr></w:style>` +
	headingStyle(1, fontHei) + headingStyle(2, fontKai) + headingStyle(3, fontBody) + headingStyle(4, fontBody) +
	// Page footer: page number in 4号, the export line in 五号.
	`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr>` + rFonts(fontBody) + fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size4, size4) + `</w:rPr></w:style>` +
	`</w:styles>`

// headingStyle is a structural heading: the body's size and indentation
// in another typeface, kept with the paragraph that follows it.
func headingStyle(level int, font string) string {
	return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/>`, level, level) +
		`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
		fmt.Sprintf(`<w:pPr><w:keepNext/><w:outlineLvl w:val="%d"/></w:pPr>`, level-1) +
		`<w:rPr>` + rFonts(font) + `</w:rPr></w:style>`
}

const settingsXML = xmlHeader + `<w:settings ` + nsW + `>` +
	`<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// fontTableXML declares the Chinese fonts with GB2312's character set and
// an alternative name, so a machine without 仿宋_GB2312 shows 仿宋 and not a
// fallback of its own choosing.
var fontTableXML = xmlHeader + `<w:fonts ` + nsW + `>` +
	fontEntry(fontBody, "仿宋", "modern") + fontEntry(fontKai, "楷体", "modern") +
	fontEntry(fontHei, "SimHei", "modern") + fontEntry(fontTitle, "宋体", "auto") +
	`<w:font w:name="` + fontLatin + `"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

func fontEntry(name, alt, family string) string {
	return `<w:font w:name="` + name + `"><w:altName w:val="` + alt + `"/><w:charset w:val="86"/>` +
		`<w:family w:val="` + family + `"/><w:pitch w:val="fixed"/></w:font>`
}

// footerXML centres the page number as "— 1 —" and, when the report has
// them, adds the export time and version below it.
func footerXML(doc DocxReport) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:ftr ` + nsW + `>`)
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>`)
	b.WriteString(`<w:r><w:t xml:space="preserve">— </w:t></w:r>`)
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`)
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	b.WriteString(`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>`)
	if line := FooterLine(doc.ExportedAt, doc.Version); line != "" {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:rPr>`)
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeSm5, sizeSm5)
		b.WriteString(`</w:rPr><w:t xml:space="preserve">` + escape(line) + `</w:t></w:r></w:p>`)
	}
	b.WriteString(`</w:ftr>`)
	return b.String()
}

// FooterLine is the line under the page number: "导出时间：2026年1月5日
// 10:30　版本：3", either part left out when zero, "" when both are.
func FooterLine(exported time.Time, version int) string {
	var parts []string
	if !exported.IsZero() {
		parts = append(parts, "导出时间："+exported.Format("2006年1月2日 15:04"))
	}
	if version > 0 {
		parts = append(parts, fmt.Sprintf("版本：%d", version))
	}
	return strings.Join(parts, "　")
}

// documentXML is the body: title, the cadre's line, the paragraphs, and the
// section properties with the page layout.
func documentXML(doc DocxReport) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + nsW + `><w:body>`)
	if t := oneLine(doc.Title); t != "" {
		paragraph(&b, "Title", t)
	}
	if line := AuthorLine(doc.Unit, doc.Position, doc.Name); line != "" {
		paragraph(&b, "ReportAuthor", line)
	}
	for _, p := range doc.Paragraphs {
		style := ""
		switch {
		case p.Heading <= 0:
		case p.Heading >= 4:
			style = "Heading4"
		default:
			style = fmt.Sprintf("Heading%d", p.Heading)
		}
		paragraph(&b, style, p.Text)
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr>`,
		pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft, footerFrom, linePitch)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// AuthorLine is the line under the title: unit and position run together
// as Chinese writes them ("市水利局党组书记、局长"), then the name after a
// full-width space.
func AuthorLine(unit, position, name string) string {
	var parts []string
	if s := oneLine(unit) + oneLine(position); s != "" {
		parts = append(parts, s)
	}
	if s := oneLine(name); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "　")
}

// paragraph writes one w:p in style (empty: Normal). Blank text writes
// nothing. Tabs and line breaks become w:tab and w:br; other text goes in
// w:t runs with spaces preserved.
func paragraph(b *strings.Builder, style, text string) {
	text = clean(text)
	if strings.TrimFunc(text, unicode.IsSpace) == "" {
		return
	}
	b.WriteString("<w:p>")
	if style != "" {
		b.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	b.WriteString("<w:r>")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	start := 0
	flush := func(end int) {
		if end > start {
			b.WriteString(`<w:t xml:space="preserve">` + escape(text[start:end]) + `</w:t>`)
		}
	}
	for i, r := range text {
		switch r {
		case '\t':
			flush(i)
			b.WriteString("<w:tab/>")
			start = i + 1
		case '\n', '\r':
			flush(i)
			b.WriteString("<w:br/>")
			start = i + 1
		}
	}
	flush(len(text))
	b.WriteString("</w:r></w:p>")
}

// clean drops what XML 1.0 cannot carry (§2.2: only tab, line feed and
// carriage return below U+0020; no surrogates, U+FFFE or U+FFFF) and turns
// invalid UTF-8 into U+FFFD, as ranging over a string does.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) || r == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// oneLine cleans s and folds its line breaks and tabs to spaces, for the
// title and the cadre's line.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, clean(s))
	return strings.TrimSpace(s)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// escape makes cleaned text safe inside an element or attribute.
func escape(s string) string { return escaper.Replace(s) }

// DocxParagraphs turns a read document into the paragraphs WriteDocx
// takes, giving heading styles to the paragraphs that are headings and
// nothing else: a paragraph the source already marks as a heading (a Word
// heading style, a Markdown #), or one that holds only the numbering and
// title of a section or of a numbered point the review engine found
// (review.Result.Sections). "一、执行政治纪律方面。一是……" runs the heading
// into the body, so it stays body text, as do points such as 一是.
func DocxParagraphs(doc *qinglian.Document, sections []qinglian.Section) []Paragraph {
	out := make([]Paragraph, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		out[i] = Paragraph{Text: p.Text, Heading: p.Level}
	}
	mark := func(at qinglian.Position, numbering, title string, level int) {
		i := at.Paragraph - 1
		if i < 0 || i >= len(out) || at.Offset != 0 || level <= 0 || numbering == "" || out[i].Heading != 0 {
			return
		}
		rest, ok := strings.CutPrefix(out[i].Text, numbering)
		if ok && trimHeading(rest) == trimHeading(title) {
			out[i].Heading = level
		}
	}
	for _, s := range sections {
		mark(s.Start, s.Numbering, s.Title, s.Level)
		for _, p := range s.Points {
			mark(p.Start, p.Marker, p.Title, markerLevel(p.Marker))
		}
	}
	return out
}

func trimHeading(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "。：:；;")
}

// markerLevel is the structural level of a point's marker in the order of
// GB/T 9704-2012 7.3.3: "一、" 1, "（一）" 2, "1." 3, "（1）" 4; 0 for
// anything else, such as 一是.
func markerLevel(m string) int {
	rs := []rune(m)
	if len(rs) < 2 {
		return 0
	}
	digit := func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }
	chinese := func(r rune) bool { return strings.ContainsRune("一二三四五六七八九十百零〇", r) }
	first, last := rs[0], rs[len(rs)-1]
	switch {
	case chinese(first) && last == '、':
		return 1
	case (first == '（' || first == '(') && chinese(rs[1]):
		return 2
	case digit(first) && (last == '.' || last == '．' || last == '、'):
		return 3
	case (first == '（' || first == '(') && digit(rs[1]):
		return 4
	}
	return 0
}
