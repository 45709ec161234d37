package input

import (
	"bytes"
	"encoding/binary"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qinglian"
)

const seedPath = "/work/shared/seeds/000_2f8bc095aa642456.txt"

// para is a compact expected paragraph: text, line, column.
type para struct {
	Text         string
	Line, Column int
}

func paras(d *qinglian.Document) []para {
	out := make([]para, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		out[i] = para{p.Text, p.Line, p.Column}
	}
	return out
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var buf bytes.Buffer
	var order binary.ByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	binary.Write(&buf, order, utf16.Encode([]rune("\uFEFF"+s)))
	return buf.Bytes()
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadText(t *testing.T) {
	body := "一、总体情况\r\n\r\n　　今年以来，认真履职。  \r\n二、存在不足\r\n"
	want := []para{{"一、总体情况", 1, 1}, {"今年以来，认真履职。", 3, 3}, {"二、存在不足", 4, 1}}
	tests := []struct {
		name     string
		data     []byte
		encoding string
		want     []para
	}{
		{"UTF-8 CRLF", []byte(body), "UTF-8", want},
		{"UTF-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, body...), "UTF-8 BOM", want},
		{"UTF-16LE Notepad Unicode", utf16Bytes(body, false), "UTF-16LE", want},
		{"UTF-16BE", utf16Bytes(body, true), "UTF-16BE", want},
		{"GBK from an office PC", gbk(t, body), "GB18030", want},
		{"LF only", []byte(strings.ReplaceAll(body, "\r\n", "\n")), "UTF-8", want},
		{"lone CR (classic Mac)", []byte(strings.ReplaceAll(body, "\r\n", "\r")), "UTF-8", want},
		{"mixed line ends count each once", []byte("甲\r\n乙\r丙\n\n丁"), "UTF-8",
			[]para{{"甲", 1, 1}, {"乙", 2, 1}, {"丙", 3, 1}, {"丁", 5, 1}}},
		{"indentation of every kind skipped, column in runes", []byte("  \t　x\n\u00a0y"), "UTF-8",
			[]para{{"x", 1, 5}, {"y", 2, 2}}},
		{"trailing full-width space and tab trimmed", []byte("正文。　\t \n"), "UTF-8", []para{{"正文。", 1, 1}}},
		{"inner spaces kept", []byte("a  b　c"), "UTF-8", []para{{"a  b　c", 1, 1}}},
		{"no final newline", []byte("最后一行"), "UTF-8", []para{{"最后一行", 1, 1}}},
		{"emoji and rare Han (4-byte UTF-8)", []byte("𠮷野家😀"), "UTF-8", []para{{"𠮷野家😀", 1, 1}}},
		{"ASCII only", []byte("Report 2023\n"), "UTF-8", []para{{"Report 2023", 1, 1}}},
		{"one stray form feed is not binary", []byte("第一页\f\n第二页"), "UTF-8", []para{{"第一页", 1, 1}, {"第二页", 2, 1}}},
		{"GB18030 four-byte character", mustGB18030(t, "㐀字与€"), "GB18030", []para{{"㐀字与€", 1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("report.txt", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != "text" || d.Encoding != tt.encoding || d.Name != "report.txt" {
				t.Errorf("format %q encoding %q name %q, want text %q report.txt", d.Format, d.Encoding, d.Name, tt.encoding)
			}
			if got := paras(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func mustGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The seed, encoded as GB18030 the way a Windows office PC saves it, must
// read back to exactly the paragraphs of the UTF-8 original.
func TestSeedGB18030RoundTrip(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skip("seed not available:", err)
	}
	orig, err := Read("seed.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	if orig.Encoding != "UTF-8" || len(orig.Paragraphs) != 7 {
		t.Fatalf("seed: encoding %q, %d paragraphs; want UTF-8, 7", orig.Encoding, len(orig.Paragraphs))
	}
	for _, tt := range []struct {
		name string
		data []byte
		enc  string
	}{
		{"GB18030", mustGB18030(t, string(raw)), "GB18030"},
		{"UTF-16LE", utf16Bytes(string(raw), false), "UTF-16LE"},
		{"CRLF", bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")), "UTF-8"},
	} {
		got, err := Read("seed.txt", tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Encoding != tt.enc {
			t.Errorf("%s: encoding %q", tt.name, got.Encoding)
		}
		if !reflect.DeepEqual(got.Paragraphs, orig.Paragraphs) {
			t.Errorf("%s: paragraphs differ from the UTF-8 original", tt.name)
		}
	}
	// Line 2 of the seed is blank, so the paragraphs sit on lines 1, 3–8.
	var lines []int
	for _, p := range orig.Paragraphs {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{1, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("seed lines %v", lines)
	}
}

func TestReadMarkdown(t *testing.T) {
	src := strings.Join([]string{
		"---",             // 1 front matter
		"title: 述责述廉报告",   // 2
		"---",             // 3
		"# 领导干部述责述廉报告",    // 4 heading 1, text at column 3
		"",                // 5
		"　　2022年，认真履职。",   // 6 column 3
		"## 一、政治建设 ##",    // 7 closing #s dropped
		"> 引用的文字",         // 8 column 3
		"> > 嵌套引用",        // 9 column 5
		"```text",         // 10 fenced code skipped
		"自已 不算",           // 11
		"```",             // 12
		"- 一是加强学习",        // 13 list marker kept as text
		"#标签不是标题",         // 14
		"二级标题",            // 15 setext heading 2
		"----",            // 16
		"***",             // 17 thematic break skipped
		"<!-- 注释",         // 18 comment skipped
		"仍是注释 -->",        // 19
		"| 项目 | 情况 |",     // 20 table cells
		"| --- | :---: |", // 21 delimiter row skipped
		"| 学习 | 12次 |",    // 22
		"",                // 23
		"~~~~",            // 24 unclosed fence: rest is code
		"正已",              // 25
	}, "\n")
	d, err := Read("report.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != "markdown" {
		t.Errorf("format %q", d.Format)
	}
	type mp struct {
		Text                string
		Line, Column, Level int
		InTable             bool
	}
	want := []mp{
		{"领导干部述责述廉报告", 4, 3, 1, false},
		{"2022年，认真履职。", 6, 3, 0, false},
		{"一、政治建设", 7, 4, 2, false},
		{"引用的文字", 8, 3, 0, false},
		{"嵌套引用", 9, 5, 0, false},
		{"- 一是加强学习", 13, 1, 0, false},
		{"#标签不是标题", 14, 1, 0, false},
		{"二级标题", 15, 1, 2, false},
		{"项目", 20, 3, 0, true},
		{"情况", 20, 8, 0, true},
		{"学习", 22, 3, 0, true},
		{"12次", 22, 8, 0, true},
	}
	var got []mp
	for _, p := range d.Paragraphs {
		got = append(got, mp{p.Text, p.Line, p.Column, p.Level, p.InTable})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	// Every paragraph's text must be found at its line and column.
	lines := strings.Split(src, "\n")
	for _, p := range d.Paragraphs {
		line := []rune(lines[p.Line-1])
		if !strings.HasPrefix(string(line[p.Column-1:]), p.Text) {
			t.Errorf("%q not at line %d column %d", p.Text, p.Line, p.Column)
		}
	}
}

func TestMarkdownEdges(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []para
	}{
		{"heading with only closing hashes is empty", "# #\n正文", []para{{"正文", 2, 1}}},
		{"seven hashes is text", "####### 七", []para{{"####### 七", 1, 1}}},
		{"--- without front matter end is a thematic break", "---\n正文", []para{{"正文", 2, 1}}},
		{"= alone under nothing is text", "===", []para{{"===", 1, 1}}},
		{"escaped bar stays in the cell", "| a \\| b | c |\n|---|---|", []para{{"a \\| b", 1, 3}, {"c", 1, 12}}},
		{"CRLF markdown", "# 标题\r\n正文\r\n", []para{{"标题", 1, 3}, {"正文", 2, 1}}},
		{"fence closed by a longer fence only", "```\n``\n正已\n````\n后文", []para{{"后文", 5, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("a.markdown", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := paras(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// Extensions choose the format; case does not matter; anything unknown is text.
func TestFormatByName(t *testing.T) {
	for name, want := range map[string]string{
		"a.md": "markdown", "A.MD": "markdown", "a.markdown": "markdown",
		"a.txt": "text", "-": "text", "noext": "text", "a.md.txt": "text",
	} {
		d, err := Read(name, []byte("# 标题"))
		if err != nil {
			t.Fatal(name, err)
		}
		if d.Format != want {
			t.Errorf("%s: format %q, want %q", name, d.Format, want)
		}
	}
}
