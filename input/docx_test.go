package input

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"qinglian"
	"qinglian/input/docxbuild"
)

// dp is a compact expected .docx paragraph.
type dp struct {
	Text      string
	Line      int
	Generated int
	Level     int
	InTable   bool
}

func dps(d *qinglian.Document) []dp {
	out := make([]dp, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		out[i] = dp{p.Text, p.Line, p.Generated, p.Level, p.InTable}
	}
	return out
}

// p writes a paragraph with optional pPr content and one run of text.
func p(pPr, text string) string {
	if pPr != "" {
		pPr = "<w:pPr>" + pPr + "</w:pPr>"
	}
	if text == "" {
		return "<w:p>" + pPr + "</w:p>"
	}
	return `<w:p>` + pPr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func num(numID, ilvl int) string {
	return "<w:numPr><w:ilvl w:val=\"" + itoa(ilvl) + "\"/><w:numId w:val=\"" + itoa(numID) + "\"/></w:numPr>"
}

func itoa(n int) string { return strconv.Itoa(n) }

// lvl writes one numbering level.
func lvl(ilvl, start int, format, text string) string {
	return `<w:lvl w:ilvl="` + itoa(ilvl) + `"><w:start w:val="` + itoa(start) + `"/><w:numFmt w:val="` + format +
		`"/><w:lvlText w:val="` + text + `"/></w:lvl>`
}

// reportNumbering is the multilevel list Chinese official documents use.
var reportNumbering = `<w:abstractNum w:abstractNumId="0">` +
	lvl(0, 1, "chineseCounting", "%1、") + lvl(1, 1, "chineseCounting", "（%2）") +
	lvl(2, 1, "decimal", "%3.") + lvl(3, 1, "decimal", "（%4）") + lvl(4, 1, "decimalEnclosedCircle", "%5") +
	`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`

func readDocxT(t *testing.T, data []byte) *qinglian.Document {
	t.Helper()
	d, err := Read("report.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != "docx" || d.Encoding != "" {
		t.Errorf("format %q encoding %q", d.Format, d.Encoding)
	}
	return d
}

func TestDocxNumbering(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		numbering string
		want      []dp
	}{
		{
			name: "report outline 一、（一）1.（1）① with restarts",
			body: p(num(1, 0), "政治建设") + p(num(1, 1), "理论学习") + p(num(1, 2), "读原著") + p(num(1, 2), "悟原理") +
				p(num(1, 3), "细项") + p(num(1, 4), "圈号") + p(num(1, 1), "主题教育") + p(num(1, 2), "重新编号") +
				p(num(1, 0), "管党治党"),
			numbering: reportNumbering,
			want: []dp{
				{"一、政治建设", 1, 2, 0, false}, {"（一）理论学习", 2, 3, 0, false}, {"1.读原著", 3, 2, 0, false},
				{"2.悟原理", 4, 2, 0, false}, {"（1）细项", 5, 3, 0, false}, {"①圈号", 6, 1, 0, false},
				{"（二）主题教育", 7, 3, 0, false}, {"1.重新编号", 8, 2, 0, false}, {"二、管党治党", 9, 2, 0, false},
			},
		},
		{
			name:      "empty numbered paragraph still takes its number",
			body:      p(num(1, 0), "甲") + p(num(1, 0), "") + p(num(1, 0), "丙"),
			numbering: reportNumbering,
			want:      []dp{{"一、甲", 1, 2, 0, false}, {"三、丙", 3, 2, 0, false}},
		},
		{
			name: "counting past ten",
			body: strings.Repeat(p(num(1, 0), ""), 10) + p(num(1, 0), "十一") + strings.Repeat(p(num(1, 0), ""), 8) +
				p(num(1, 0), "二十"),
			numbering: reportNumbering,
			want:      []dp{{"十一、十一", 11, 3, 0, false}, {"二十、二十", 20, 3, 0, false}},
		},
		{
			name: "startOverride restarts; a second numId on the same list continues it",
			body: p(num(1, 0), "a") + p(num(1, 0), "b") + p(num(2, 0), "c") + p(num(2, 0), "d") + p(num(3, 0), "e"),
			numbering: reportNumbering +
				`<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
				`<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>`,
			want: []dp{{"一、a", 1, 2, 0, false}, {"二、b", 2, 2, 0, false}, {"一、c", 3, 2, 0, false},
				{"二、d", 4, 2, 0, false}, {"三、e", 5, 2, 0, false}},
		},
		{
			name: "lvlOverride with a whole level replaces the format",
			body: p(num(4, 0), "a"),
			numbering: reportNumbering + `<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">` +
				lvl(0, 3, "upperRoman", "%1)") + `</w:lvlOverride></w:num>`,
			want: []dp{{"III)a", 1, 4, 0, false}},
		},
		{
			name: "multi-level text, isLgl, ideographDigital, legal numbers, zodiac",
			body: p(num(1, 0), "a") + p(num(1, 1), "b") + p(num(1, 2), "c") + p(num(1, 3), "d") + p(num(1, 4), "e"),
			numbering: `<w:abstractNum w:abstractNumId="0">` + lvl(0, 1, "chineseCounting", "第%1章") +
				`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>` +
				lvl(2, 1, "ideographDigital", "%3") + lvl(3, 1, "chineseLegalSimplified", "%4") + lvl(4, 1, "ideographTraditional", "%5、") +
				`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			want: []dp{{"第一章a", 1, 3, 0, false}, {"1.1b", 2, 3, 0, false}, {"一c", 3, 1, 0, false},
				{"壹d", 4, 1, 0, false}, {"甲、e", 5, 2, 0, false}},
		},
		{
			name: "bullets and none give no label; numId 0 removes numbering",
			body: p(num(1, 0), "要点") + p(num(1, 1), "无号") + p(num(0, 0), "不编号"),
			numbering: `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="` + "\uf06c" +
				`"/></w:lvl>` + lvl(1, 1, "none", "") + `</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			want: []dp{{"要点", 1, 0, 0, false}, {"无号", 2, 0, 0, false}, {"不编号", 3, 0, 0, false}},
		},
		{
			name: "lvlRestart 0: a level that never restarts",
			body: p(num(1, 1), "a") + p(num(1, 0), "b") + p(num(1, 1), "c"),
			numbering: `<w:abstractNum w:abstractNumId="0">` + lvl(0, 1, "decimal", "%1.") +
				`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimalEnclosedParen"/><w:lvlText w:val="%2"/></w:lvl>` +
				`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			want: []dp{{"⑴a", 1, 1, 0, false}, {"1.b", 2, 2, 0, false}, {"⑵c", 3, 1, 0, false}},
		},
		{
			name: "Word 2010 custom format in mc:Choice falls back to the plain format",
			body: p(num(1, 0), "a"),
			numbering: `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent>` +
				`<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>` +
				`<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl>` +
				`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			want: []dp{{"01a", 1, 2, 0, false}},
		},
		{
			name:      "numbering to an undefined list is ignored",
			body:      p(num(9, 0), "a"),
			numbering: reportNumbering,
			want:      []dp{{"a", 1, 0, 0, false}},
		},
		{
			name: "no numbering.xml at all",
			body: p(num(1, 0), "a"),
			want: []dp{{"a", 1, 0, 0, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readDocxT(t, docx(t, tt.body, "", tt.numbering))
			if got := dps(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// Heading styles as Word (English and Chinese UI), WPS and generators write them.
func TestDocxHeadingsAndStyles(t *testing.T) {
	styles := `<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
		// Chinese Word names built-in styles in English but gives them numeric ids.
		`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="20"><w:name w:val="标题 2"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="My Heading"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="custom"><w:name w:val="章标题"/><w:basedOn w:val="1"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>` +
		// A heading style linked to the list: 标题 1 numbered 一、 by its style.
		`<w:style w:type="paragraph" w:styleId="h1num"><w:name w:val="报告一级"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="loop1"><w:name w:val="loop"/><w:basedOn w:val="loop2"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="loop2"><w:name w:val="loop"/><w:basedOn w:val="loop1"/></w:style>`
	numbering := `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>` +
		`<w:lvlText w:val="%1、"/><w:pStyle w:val="h1num"/></w:lvl>` + lvl(1, 1, "chineseCounting", "（%2）") +
		`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`
	content := p(`<w:pStyle w:val="Title"/>`, "述责述廉报告") +
		p(`<w:pStyle w:val="TOC1"/>`, "一、政治建设\t3") +
		p(`<w:pStyle w:val="1"/>`, "总体情况") +
		p(`<w:pStyle w:val="20"/>`, "二级") +
		p(`<w:pStyle w:val="Heading3"/>`, "三级") +
		p(`<w:pStyle w:val="custom"/>`, "继承") +
		p(`<w:outlineLvl w:val="3"/>`, "直接大纲") +
		p(`<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>`, "正文级别") +
		p(`<w:pStyle w:val="h1num"/>`, "政治建设") +
		p(`<w:pStyle w:val="h1num"/><w:numPr><w:ilvl w:val="1"/></w:numPr>`, "理论学习") +
		p(`<w:pStyle w:val="h1num"/>`, "管党治党") +
		p(`<w:pStyle w:val="loop1"/>`, "循环样式") +
		p(`<w:pStyle w:val="missing"/>`, "未定义样式")
	d := readDocxT(t, docx(t, content, styles, numbering))
	want := []dp{
		{"述责述廉报告", 1, 0, 0, false},
		// line 2 is the table of contents entry: counted, not read
		{"总体情况", 3, 0, 1, false},
		{"二级", 4, 0, 2, false},
		{"三级", 5, 0, 3, false},
		{"继承", 6, 0, 1, false},
		{"直接大纲", 7, 0, 4, false},
		{"正文级别", 8, 0, 0, false},
		{"一、政治建设", 9, 2, 1, false},
		{"（一）理论学习", 10, 3, 1, false},
		{"二、管党治党", 11, 2, 1, false},
		{"循环样式", 12, 0, 0, false},
		{"未定义样式", 13, 0, 0, false},
	}
	if got := dps(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
}

func TestDocxContent(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []dp
	}{
		{
			name: "tables: every cell paragraph, nested tables, line counts empty paragraphs",
			body: p("", "前言") + p("", "") +
				`<w:tbl><w:tr><w:tc>` + p("", "单元格一") + p("", "第二段") + `</w:tc><w:tc>` + p("", "") + `</w:tc></w:tr>` +
				`<w:tr><w:tc><w:tbl><w:tr><w:tc>` + p("", "嵌套") + `</w:tc></w:tr></w:tbl>` + p("", "") + `</w:tc></w:tr></w:tbl>` +
				p("", "表后"),
			want: []dp{{"前言", 1, 0, 0, false}, {"单元格一", 3, 0, 0, true}, {"第二段", 4, 0, 0, true},
				{"嵌套", 6, 0, 0, true}, {"表后", 8, 0, 0, false}},
		},
		{
			name: "revisions: deletions dropped, insertions and moves kept",
			body: `<w:p><w:r><w:t>恪守</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>烙守</w:delText></w:r></w:del>` +
				`<w:ins w:id="2" w:author="a"><w:r><w:t>纪律</w:t></w:r></w:ins>` +
				`<w:moveFrom w:id="3"><w:r><w:t>旧处</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>新处</w:t></w:r></w:moveTo></w:p>`,
			want: []dp{{"恪守纪律新处", 1, 0, 0, false}},
		},
		{
			name: "tracked style change: the old style is not read",
			body: `<w:p><w:pPr><w:pPrChange w:id="1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>`,
			want: []dp{{"正文", 1, 0, 0, false}},
		},
		{
			name: "runs, tabs, breaks, hyphens; tab stops in pPr are not text",
			body: `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
				`<w:r><w:t>项目</w:t><w:tab/><w:t>情况</w:t></w:r><w:r><w:br/><w:t>换行</w:t></w:r>` +
				`<w:r><w:t>word</w:t><w:br/><w:t>wrap</w:t><w:br w:type="page"/><w:t>s</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r></w:p>`,
			want: []dp{{"项目\t情况换行word wraps-x", 1, 0, 0, false}},
		},
		{
			name: "fields: instructions dropped, results kept",
			body: `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<w:fldSimple w:instr=" DATE "><w:r><w:t>2023年1月</w:t></w:r></w:fldSimple>` +
				`<w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>`,
			want: []dp{{"32023年1月链接", 1, 0, 0, false}},
		},
		{
			name: "hidden text, text boxes and alternate-content fallbacks are not body text",
			body: `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r>` +
				`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>` + p("", "文本框") + `</w:txbxContent></w:drawing></mc:Choice>` +
				`<mc:Fallback><w:pict><w:txbxContent>` + p("", "文本框") + `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
				`<w:r><w:t>正文</w:t></w:r></w:p>` + p("", "下一段"),
			want: []dp{{"可见正文", 1, 0, 0, false}, {"下一段", 2, 0, 0, false}},
		},
		{
			name: "content controls and smart tags are transparent",
			body: `<w:sdt><w:sdtPr/><w:sdtContent>` + p("", "控件内") + `</w:sdtContent></w:sdt>` +
				`<w:p><w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag><w:customXml><w:r><w:t>内容</w:t></w:r></w:customXml></w:p>`,
			want: []dp{{"控件内", 1, 0, 0, false}, {"标记内容", 2, 0, 0, false}},
		},
		{
			name: "whitespace-only paragraphs produce nothing but count",
			body: p("", "　　 ") + `<w:p><w:r><w:tab/></w:r></w:p>` + p("", "实"),
			want: []dp{{"实", 3, 0, 0, false}},
		},
		{
			name: "entities and CDATA-free escapes decode",
			body: p("", "A&amp;B &lt;规定&gt; &#x4E2D;"),
			want: []dp{{"A&B <规定> 中", 1, 0, 0, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readDocxT(t, docx(t, tt.body, "", ""))
			if got := dps(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// Leading indentation typed into a paragraph is skipped and moves Column,
// as in text files; the generated label is not in the source.
func TestDocxIndentColumn(t *testing.T) {
	d := readDocxT(t, docx(t, p(num(1, 0), "　　正文。　"), "", reportNumbering))
	got := d.Paragraphs[0]
	want := qinglian.Paragraph{Text: "一、正文。", Line: 1, Column: 3, Generated: 2}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// The main part is found through the package relationships, wherever it is;
// strict OOXML namespaces read like transitional ones.
func TestDocxPackageVariants(t *testing.T) {
	rels := strings.Replace(testRootRels, "word/document.xml", "/word/document2.xml", 1)
	moved := rawDocx(t, map[string]string{
		"_rels/.rels": rels, "word/document2.xml": body(p("", "移位的正文")),
		"word/_rels/document2.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="list.xml"/></Relationships>`,
		"word/list.xml": numberingPart(reportNumbering),
	})
	moved2 := rawDocx(t, map[string]string{
		"_rels/.rels": rels, "word/document2.xml": body(p(num(1, 0), "移位的正文")),
		"word/_rels/document2.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="list.xml"/></Relationships>`,
		"word/list.xml": numberingPart(reportNumbering),
	})
	strict := rawDocx(t, map[string]string{"word/document.xml": `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>` +
		p("", "严格格式") + `</w:body></w:document>`})
	noRels := rawDocx(t, map[string]string{"_rels/.rels": "", "[Content_Types].xml": "", "word/document.xml": body(p("", "无关系文件"))})

	for _, tt := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"document2.xml via rels", "a.docx", moved, "移位的正文"},
		{"numbering via document rels", "a.docx", moved2, "一、移位的正文"},
		{"strict namespace", "a.docx", strict, "严格格式"},
		{"no rels: default part name", "a.docx", noRels, "无关系文件"},
		{"docx on standard input, found by ZIP magic", "-", strict, "严格格式"},
		{"renamed to .txt", "report.txt", strict, "严格格式"},
		{"renamed to .md", "report.md", strict, "严格格式"},
	} {
		d, err := Read(tt.file, tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Format != "docx" || len(d.Paragraphs) != 1 || d.Paragraphs[0].Text != tt.want {
			t.Errorf("%s: %q %+v", tt.name, d.Format, d.Paragraphs)
		}
	}
}

// docxbuild's documents read back as written.
func TestDocxBuildRoundTrip(t *testing.T) {
	in := []docxbuild.DocxParagraph{
		{Text: "领导干部述责述廉报告", Heading: 1},
		{Text: "深刻领悟“两个确立”", Numbering: 1},
		{Text: "始终坚定理论自觉", Numbering: 2},
		{Text: "学习", Numbering: 3},
		{Text: "宣讲", Numbering: 3},
		{Text: "细则", Numbering: 4},
		{Text: "要点", Numbering: 5},
		{Text: "真学真信", Numbering: 2},
		{Text: "项目\t次数", InTable: true},
		{Text: "学习\t12", InTable: true},
		{Text: "履行管党治党责任", Numbering: 1, Heading: 2},
		{Text: "A & B <c>\x00"},
		{Text: "第一行\n第二行"},
	}
	d := readDocxT(t, docxbuild.BuildDocx(in))
	want := []dp{
		{"领导干部述责述廉报告", 1, 0, 1, false},
		{"一、深刻领悟“两个确立”", 2, 2, 0, false},
		{"（一）始终坚定理论自觉", 3, 3, 0, false},
		{"1.学习", 4, 2, 0, false},
		{"2.宣讲", 5, 2, 0, false},
		{"（1）细则", 6, 3, 0, false},
		{"①要点", 7, 1, 0, false},
		{"（二）真学真信", 8, 3, 0, false},
		{"项目\t次数", 9, 0, 0, true},
		{"学习\t12", 10, 0, 0, true},
		{"二、履行管党治党责任", 11, 2, 2, false},
		{"A & B <c>", 12, 0, 0, false},
		{"第一行第二行", 13, 0, 0, false},
	}
	if got := dps(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n      int
		format string
		want   string
	}{
		{1, "chineseCounting", "一"}, {10, "chineseCounting", "十"}, {11, "chineseCounting", "十一"},
		{20, "chineseCounting", "二十"}, {99, "chineseCounting", "九十九"}, {100, "chineseCounting", "一〇〇"},
		{10, "chineseCountingThousand", "十"}, {101, "chineseCountingThousand", "一百零一"},
		{110, "chineseCountingThousand", "一百一十"}, {1010, "chineseCountingThousand", "一千零一十"},
		{2000, "chineseCountingThousand", "二千"}, {0, "chineseCountingThousand", "零"},
		{10, "ideographDigital", "一〇"}, {3, "ideographDigital", "三"},
		{11, "chineseLegalSimplified", "拾壹"}, {23, "chineseLegalSimplified", "贰拾叁"},
		{11, "ideographTraditional", "甲"}, {13, "ideographZodiac", "子"},
		{1, "decimalEnclosedCircle", "①"}, {20, "decimalEnclosedCircle", "⑳"}, {21, "decimalEnclosedCircle", "21"},
		{1, "decimalEnclosedCircleChinese", "①"}, {3, "decimalEnclosedParen", "⑶"}, {2, "decimalEnclosedFullstop", "⒉"},
		{12, "decimalFullWidth", "１２"}, {7, "decimalZero", "07"}, {12, "decimalZero", "12"},
		{1994, "upperRoman", "MCMXCIV"}, {4, "lowerRoman", "iv"}, {28, "upperLetter", "BB"}, {1, "lowerLetter", "a"},
		{22, "ordinal", "22nd"}, {13, "ordinal", "13th"}, {5, "none", ""}, {5, "bullet", ""}, {5, "unknownFormat", "5"},
		{-3, "upperLetter", "-3"}, {1 << 20, "upperLetter", strings.Repeat("V", 50)},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.n, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", tt.n, tt.format, got, tt.want)
		}
	}
}

// The seed written as a .docx, one Word paragraph per line, reads back to
// the text paragraphs with Line the paragraph number (the blank line counts).
func TestSeedAsDocx(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skip("seed not available:", err)
	}
	var in []docxbuild.DocxParagraph
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		in = append(in, docxbuild.DocxParagraph{Text: line})
	}
	text, err := Read("seed.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	d := readDocxT(t, docxbuild.BuildDocx(in))
	if !reflect.DeepEqual(d.Paragraphs, text.Paragraphs) {
		t.Errorf("docx paragraphs differ from the text file's")
	}
}
