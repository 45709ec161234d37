package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
	"unicode"

	"qinglian/input"
)

func sampleReport() DocxReport {
	return DocxReport{
		Title:    "2025年度述责述廉报告",
		Unit:     "市水利局",
		Position: "党组书记、局长",
		Name:     "示例干部一",
		Paragraphs: []Paragraph{
			{Text: "2025年，在市委的坚强领导下，我认真履行职责。现将有关情况报告如下："},
			{Text: "一、执行政治纪律和政治规矩方面", Heading: 1},
			{Text: "（一）坚持理论学习", Heading: 2},
			{Text: "一是全年参加党组理论学习中心组集体学习12次，撰写《关于河湖长制落实情况的调研报告》1篇。"},
			{Text: "1.细化措施", Heading: 3},
			{Text: "（1）第四层", Heading: 4},
			{Text: "第七层按第四层写", Heading: 7},
			{Text: "含有<尖括号>与&符号、\"引号\"和'单引号'的段落"},
			{Text: "  前后有空格的段落  "},
			{Text: "段内\t制表符"},
			{Text: "Latin text with  two spaces, 数字 123."},
		},
		ExportedAt: time.Date(2026, 1, 5, 10, 30, 0, 0, time.FixedZone("CST", 8*3600)),
		Version:    3,
	}
}

func writeDocx(t testing.TB, doc DocxReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDocx(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDocxRoundTrip reads the written document back with the platform's
// own reader: the title, the cadre's line and every paragraph come back
// with their text and heading level.
func TestDocxRoundTrip(t *testing.T) {
	doc := sampleReport()
	data := writeDocx(t, doc)
	got, err := input.Read("x.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	type para struct {
		text  string
		level int
	}
	want := []para{{"2025年度述责述廉报告", 0}, {"市水利局党组书记、局长　示例干部一", 0}}
	for _, p := range doc.Paragraphs {
		level := min(p.Heading, 4)
		// The reader trims a paragraph's surrounding spaces, as it does
		// for every file.
		want = append(want, para{strings.TrimSpace(p.Text), level})
	}
	if len(got.Paragraphs) != len(want) {
		t.Fatalf("read %d paragraphs, want %d: %+v", len(got.Paragraphs), len(want), got.Paragraphs)
	}
	for i, p := range got.Paragraphs {
		if p.Text != want[i].text || p.Level != want[i].level {
			t.Errorf("paragraph %d: %q level %d, want %q level %d", i+1, p.Text, p.Level, want[i].text, want[i].level)
		}
	}
	if !bytes.Equal(data, writeDocx(t, doc)) {
		t.Error("the same report gives different bytes")
	}
}

func unzip(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// TestDocxPackage checks the parts Word needs, that every part is
// well-formed XML, and the layout of GB/T 9704-2012.
func TestDocxPackage(t *testing.T) {
	parts := unzip(t, writeDocx(t, sampleReport()))
	for name, body := range parts {
		d := xml.NewDecoder(strings.NewReader(body))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
		}
	}
	contains := map[string][]string{
		"[Content_Types].xml":          {`PartName="/word/document.xml"`, `wordprocessingml.document.main+xml`, `PartName="/word/styles.xml"`, `PartName="/word/footer1.xml"`},
		"_rels/.rels":                  {`Target="word/document.xml"`},
		"word/_rels/document.xml.rels": {`Target="styles.xml"`, `Target="footer1.xml"`, `Id="rId4"`},
		"word/document.xml": {
			`<w:pgSz w:w="11906" w:h="16838"/>`,
			`w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`,
			`<w:footerReference w:type="default" r:id="rId4"/>`,
			`<w:pStyle w:val="Title"/>`, `<w:pStyle w:val="Heading1"/>`, `<w:pStyle w:val="Heading4"/>`,
			`含有&lt;尖括号&gt;与&amp;符号、&quot;引号&quot;和&apos;单引号&apos;的段落`,
			`段内</w:t><w:tab/><w:t xml:space="preserve">制表符`,
		},
		"word/styles.xml": {
			`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`, `w:eastAsia="方正小标宋简体"`,
			`<w:sz w:val="32"/>`, `<w:sz w:val="44"/>`, `<w:name w:val="heading 1"/>`, `<w:outlineLvl w:val="1"/>`,
			`w:eastAsia="zh-CN"`,
		},
		"word/fontTable.xml": {`<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`},
		"word/footer1.xml":   {`PAGE`, `导出时间：2026年1月5日 10:30　版本：3`},
		"docProps/core.xml":  {`<dc:title>2025年度述责述廉报告</dc:title>`, `2026-01-05T02:30:00Z`},
	}
	for name, wants := range contains {
		body, ok := parts[name]
		if !ok {
			t.Errorf("missing part %s", name)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
}

func TestDocxOptionalParts(t *testing.T) {
	// No title, no cadre, no footer line, blank paragraphs left out.
	doc := DocxReport{Paragraphs: []Paragraph{{Text: "  "}, {Text: "唯一的段落"}, {Text: "\x01\x02"}}}
	parts := unzip(t, writeDocx(t, doc))
	if strings.Contains(parts["word/footer1.xml"], "导出时间") || strings.Contains(parts["word/footer1.xml"], "版本") {
		t.Error("footer line without export time or version")
	}
	got, err := input.Read("x.docx", writeDocx(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Paragraphs) != 1 || got.Paragraphs[0].Text != "唯一的段落" {
		t.Errorf("paragraphs: %+v", got.Paragraphs)
	}
	// A document with no paragraph at all is still a valid package; the
	// reader reports it as empty rather than corrupt.
	_, err = input.Read("x.docx", writeDocx(t, DocxReport{}))
	if err == nil || !strings.Contains(err.Error(), "没有正文") {
		t.Errorf("empty document: %v", err)
	}
}

func TestFooterAndAuthorLine(t *testing.T) {
	at := time.Date(2026, 1, 5, 9, 7, 0, 0, time.UTC)
	for _, c := range []struct {
		got, want string
	}{
		{FooterLine(at, 2), "导出时间：2026年1月5日 09:07　版本：2"},
		{FooterLine(at, 0), "导出时间：2026年1月5日 09:07"},
		{FooterLine(time.Time{}, 4), "版本：4"},
		{FooterLine(time.Time{}, 0), ""},
		{AuthorLine("市教育局", "副局长", "示例干部五"), "市教育局副局长　示例干部五"},
		{AuthorLine("", "", "示例干部五"), "示例干部五"},
		{AuthorLine("市教育局\n", "", ""), "市教育局"},
		{AuthorLine("", "", ""), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// normalise is what a paragraph's text becomes on the way through Word
// and the reader: characters XML cannot carry are gone, the reader trims
// the ends; line breaks inside a paragraph (which the reader joins with a
// space or nothing, depending on the neighbours) are compared without the
// whitespace around them.
func normalise(s string) (text string, exact bool) {
	s = clean(s)
	exact = !strings.ContainsAny(s, "\r\n")
	s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if !exact {
		s = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	return s, exact
}

// FuzzWriteDocx: whatever the text, the writer makes a .docx the reader
// opens and reads back with the same paragraphs.
func FuzzWriteDocx(f *testing.F) {
	f.Add("2025年度述责述廉报告", "一、执行政治纪律方面", "正文<&>\"'", 1)
	f.Add("", "\x00\x01\ufffe\uffff", "a\nb\r\nc", 0)
	f.Add("标题", "\xff\xfe不完整", "\t缩进\u3000", 9)
	f.Add("]]>", "<w:p>", "&amp;", -1)
	f.Fuzz(func(t *testing.T, title, p1, p2 string, heading int) {
		doc := DocxReport{Title: title, Name: p1, Paragraphs: []Paragraph{{Text: p1, Heading: heading}, {Text: p2}}}
		data := writeDocx(t, doc)
		var want []string
		var exact []bool
		for _, s := range []string{oneLine(title), oneLine(p1), p1, p2} {
			if n, e := normalise(s); n != "" {
				want, exact = append(want, n), append(exact, e)
			}
		}
		got, err := input.Read("x.docx", data)
		if len(want) == 0 {
			if err == nil {
				t.Fatalf("nothing to write, yet read %+v", got.Paragraphs)
			}
			return
		}
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if len(got.Paragraphs) != len(want) {
			t.Fatalf("read %d paragraphs, want %d: %q / %+v", len(got.Paragraphs), len(want), want, got.Paragraphs)
		}
		for i, p := range got.Paragraphs {
			text := p.Text
			if !exact[i] {
				text, _ = normalise(text + "\n")
			}
			if text != want[i] {
				t.Errorf("paragraph %d: read %q, want %q", i+1, text, want[i])
			}
		}
	})
}
