package input

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"qinglian/input/docxbuild"
)

// checkError asserts that err is an *Error for name, carrying sentinel, with
// a reason containing reasonPart, and that its message is one line naming
// the file.
func checkError(t *testing.T, err error, name string, sentinel error, reasonPart string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *input.Error", err, err)
	}
	if e.Name != name {
		t.Errorf("Name %q, want %q", e.Name, name)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%v: not %v", err, sentinel)
	}
	if !strings.Contains(e.Reason, reasonPart) {
		t.Errorf("Reason %q does not contain %q", e.Reason, reasonPart)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("message is not one line: %q", msg)
	}
	shown := name
	if name == "-" {
		shown = "标准输入"
	}
	if !strings.HasPrefix(msg, shown+": "+e.Reason+" / ") {
		t.Errorf("message %q does not start with the file, the reason and the gloss", msg)
	}
}

// zipOf stores parts verbatim (name → content) without adding anything.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		writePart(t, zw, parts[i], []byte(parts[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

func TestBadText(t *testing.T) {
	utf8Report := strings.Repeat("坚持以习近平新时代中国特色社会主义思想为指导。\n", 20)
	tests := []struct {
		name     string
		file     string
		data     []byte
		sentinel error
		reason   string
	}{
		// Nothing to read.
		{"empty", "report.txt", nil, ErrEmpty, "文件为空"},
		{"only whitespace of every width", "report.txt", []byte(" \r\n\t　　\n\u00a0\r"), ErrEmpty, "只有空白"},
		{"only a BOM", "report.txt", []byte{0xEF, 0xBB, 0xBF}, ErrEmpty, "只有空白"},
		{"UTF-16 BOM and blank lines", "report.txt", utf16Bytes("\r\n  \r\n", false), ErrEmpty, "只有空白"},
		{"empty .docx", "report.docx", nil, ErrEmpty, "文件为空"},
		{"markdown with only code", "a.md", []byte("```\n自已\n```\n"), ErrEmpty, "只有空白"},

		// Not text.
		{"NUL bytes", "report.txt", []byte("正文\x00\x00\x01\x02"), ErrBinary, "二进制"},
		{"PNG image", "report.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary, "二进制"},
		{"control characters without NUL", "report.txt", bytes.Repeat([]byte("a\x01\x02\x03\x1b"), 50), ErrBinary, "控制字符"},
		{"UTF-16 hiding NULs", "report.txt", utf16Bytes("a\x00\x00\x00b\x00c", false), ErrBinary, "控制字符"},
		{"legacy .doc (OLE)", "report.doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 64)...), ErrUnsupported, ".doc"},
		{"PDF", "report.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ErrUnsupported, "PDF"},

		// Text in no encoding we accept.
		{"Latin-1", "report.txt", []byte("caf\xe9 cr\xe8me br\xfbl\xe9e\n"), ErrEncoding, "GB18030"},
		{"bytes invalid in GB18030", "report.txt", []byte{0xD6, 0xD0, 0xFF, 0xFE, 0x81, 0x20}, ErrEncoding, "GB18030"},
		{"truncated GB18030 character", "report.txt", append(gbk(t, "中文报告"), 0xD6), ErrEncoding, "GB18030"},
		{"user-defined GBK area (mis-detected bytes)", "report.txt", bytes.Repeat([]byte{0xAA, 0xA1, 0xF8, 0xA1}, 8), ErrEncoding, "GB18030"},
		{"damaged UTF-8 names the line", "report.txt", []byte(utf8Report + "第二十一行\xff坏了\n"), ErrEncoding, "第 21 行"},
		{"invalid UTF-8 after a BOM", "report.txt", []byte("\xEF\xBB\xBF第一行\n\xC3("), ErrEncoding, "第 2 行"},
		{"UTF-16 of odd length", "report.txt", append(utf16Bytes("正文", false), 'x'), ErrEncoding, "奇数"},
		{"UTF-16 unpaired surrogate", "report.txt", append(utf16Bytes("正文\n", true), 0xD8, 0x00, 0x00, 0x41), ErrEncoding, "第 2 行"},

		// Too large, given as bytes (the web upload path).
		{"one byte over MaxSize", "big.txt", make([]byte, MaxSize+1), ErrTooLarge, "64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(tt.file, tt.data)
			if d != nil {
				t.Errorf("document returned with error")
			}
			checkError(t, err, tt.file, tt.sentinel, tt.reason)
		})
	}
}

// A report with a single stray control character, or a few among many
// lines, is still text: refusing it would be a false alarm.
func TestControlCharactersInRealText(t *testing.T) {
	text := strings.Repeat("按照要求报告如下。\n", 30) + "\x1b[0m" + "\x07\n"
	if _, err := Read("r.txt", []byte(text)); err != nil {
		t.Fatal(err)
	}
}

func TestBadDocx(t *testing.T) {
	good := docxbuild.BuildDocx([]docxbuild.DocxParagraph{{Text: "正文"}})
	flipped := bytes.Clone(good)
	// Corrupt the compressed data of document.xml, just after the name in
	// its local header, so that inflating or the checksum fails.
	at := bytes.Index(flipped, []byte("word/document.xml")) + len("word/document.xml")
	for i := at + 10; i < at+30; i++ {
		flipped[i] ^= 0xFF
	}
	deep := body(strings.Repeat("<w:sdt>", 10_000) + strings.Repeat("</w:sdt>", 10_000))
	tests := []struct {
		name     string
		data     []byte
		sentinel error
		reason   string
	}{
		// Not a ZIP, or not Word.
		{"plain text named .docx", []byte("这不是 Word 文档"), ErrCorruptDocx, "ZIP"},
		{"truncated download", good[:len(good)/2], ErrCorruptDocx, "ZIP"},
		{"legacy .doc renamed .docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), ErrUnsupported, ".doc"},
		{"a ZIP without word/document.xml", zipOf(t, "hello.txt", "hi"), ErrCorruptDocx, "word/document.xml"},
		{"rels name a missing main part", rawDocx(t, map[string]string{"_rels/.rels": strings.Replace(testRootRels, "word/document.xml", "word/gone.xml", 1),
			"word/document.xml": body(p("", "x"))}), ErrCorruptDocx, "word/gone.xml"},
		{"corrupted compressed data", flipped, ErrCorruptDocx, ""},

		// Bad XML.
		{"unclosed element", rawDocx(t, map[string]string{"word/document.xml": `<w:document ` + wns + `><w:body><w:p>`}), ErrCorruptDocx, "不是有效的 XML"},
		{"mismatched tags", rawDocx(t, map[string]string{"word/document.xml": `<w:document ` + wns + `><w:body></w:p></w:body></w:document>`}), ErrCorruptDocx, "XML"},
		{"invalid UTF-8 in XML", rawDocx(t, map[string]string{"word/document.xml": body(p("", "\xff\xfe"))}), ErrCorruptDocx, "XML"},
		{"undefined entity", rawDocx(t, map[string]string{"word/document.xml": body(p("", "&lol;"))}), ErrCorruptDocx, "XML"},
		{"bad styles.xml", rawDocx(t, map[string]string{"word/document.xml": body(p("", "x")), "word/styles.xml": "<w:styles"}), ErrCorruptDocx, "styles.xml"},
		{"bad numbering.xml", rawDocx(t, map[string]string{"word/document.xml": body(p("", "x")), "word/numbering.xml": "<<"}), ErrCorruptDocx, "numbering.xml"},
		{"bad rels", rawDocx(t, map[string]string{"_rels/.rels": "<Relationships><", "word/document.xml": body(p("", "x"))}), ErrCorruptDocx, ".rels"},

		// Hostile.
		{"10,000-deep nesting", rawDocx(t, map[string]string{"word/document.xml": deep}), ErrTooDeep, "256"},
		{"deep nesting in styles.xml", rawDocx(t, map[string]string{"word/document.xml": body(p("", "x")),
			"word/styles.xml": strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300)}), ErrTooDeep, "styles.xml"},
		{"ZIP directory of 70,000 entries", manyEntries(t, 70_000), ErrZipBomb, "条目过多"},

		// Nothing to read.
		{"body without text", rawDocx(t, map[string]string{"word/document.xml": body(p("", "") + p("", "　"))}), ErrEmpty, "没有正文"},
		{"text outside the body only", rawDocx(t, map[string]string{"word/document.xml": `<w:document ` + wns + `>` + p("", "x") + `<w:body/></w:document>`}), ErrEmpty, "没有正文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("report.docx", tt.data)
			if d != nil {
				t.Errorf("document returned with error")
			}
			checkError(t, err, "report.docx", tt.sentinel, tt.reason)
		})
	}
}

// manyEntries builds a ZIP whose central directory lists n empty entries.
func manyEntries(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: string(rune('a' + i%26)), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return buf.Bytes()
}

// zeros streams n bytes of the given pattern without holding them.
type pattern struct {
	p    []byte
	n, i int64
}

func (r *pattern) Read(b []byte) (int, error) {
	if r.i >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(b) && r.i < r.n {
		b[k] = r.p[r.i%int64(len(r.p))]
		k++
		r.i++
	}
	return k, nil
}

// bomb returns a .docx whose document.xml inflates to size bytes: an XML
// head, then filler repeated, compressed at once. If declared is not zero
// the ZIP header lies and declares that size instead.
func bomb(t testing.TB, size int64, filler string, declared uint64) []byte {
	t.Helper()
	head := body("")[:len(body(""))-len("</w:body></w:document>")]
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	crc := crc32.NewIEEE()
	src := io.MultiReader(strings.NewReader(head), &pattern{p: []byte(filler), n: size - int64(len(head))})
	n, err := io.Copy(io.MultiWriter(fw, crc), src)
	if err != nil {
		t.Fatal(err)
	}
	fw.Close()
	if declared == 0 {
		declared = uint64(n)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	writePart(t, zw, "[Content_Types].xml", []byte(testContentTypes))
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		CRC32: crc.Sum32(), CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestZipBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 200 MB")
	}
	tests := []struct {
		name     string
		data     []byte
		sentinel error
		reason   string
	}{
		// 200 MB of zeros compressed to about 200 kB, honestly declared.
		{"200 MB of zeros", bomb(t, 200<<20, "\x00", 0), ErrZipBomb, "32 MiB"},
		// Under the size limit but compressed a thousand to one.
		{"2 MB at 1000:1", bomb(t, 2<<20, " ", 0), ErrZipBomb, "压缩比"},
		// The header declares 1 kB; the data inflates to 200 MB of valid
		// XML. archive/zip stops at the declared size.
		{"lying header", bomb(t, 200<<20, "<w:p/>", 1024), ErrCorruptDocx, "声明不符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			alloc := allocated(func() { _, err = Read("bomb.docx", tt.data) })
			checkError(t, err, "bomb.docx", tt.sentinel, tt.reason)
			if alloc > 8<<20 {
				t.Errorf("allocated %d MiB refusing a bomb", alloc>>20)
			}
		})
	}
}

// The second line of defence: a part that inflates past the cap even though
// its declared size is within it is stopped by cappedReader.
func TestCappedReader(t *testing.T) {
	c := &cappedReader{r: strings.NewReader("abcdef"), n: 4}
	b, err := io.ReadAll(c)
	if string(b) != "abcd" || !errors.Is(err, errPartTooLarge) {
		t.Errorf("got %q, %v", b, err)
	}
	c = &cappedReader{r: strings.NewReader("abcd"), n: 4}
	if b, err := io.ReadAll(c); string(b) != "abcd" || err != nil {
		t.Errorf("exact size: got %q, %v", b, err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()

	// A 200 MB sparse file is refused by its size, without being read.
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(big, 200<<20); err != nil {
		t.Fatal(err)
	}
	alloc := allocated(func() { _, err = ReadFile(big) })
	checkError(t, err, big, ErrTooLarge, "64 MiB")
	if alloc > 1<<20 {
		t.Errorf("allocated %d kB refusing a 200 MB file", alloc>>10)
	}

	_, err = ReadFile(filepath.Join(dir, "missing.txt"))
	checkError(t, err, filepath.Join(dir, "missing.txt"), ErrUnreadable, "不存在")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is not fs.ErrNotExist", err)
	}

	_, err = ReadFile(dir)
	checkError(t, err, dir, ErrUnreadable, "目录")

	empty := filepath.Join(dir, "empty.docx")
	os.WriteFile(empty, nil, 0o644)
	_, err = ReadFile(empty)
	checkError(t, err, empty, ErrEmpty, "为空")

	// A file name with a newline still gives a one-line message.
	odd := filepath.Join(dir, "a\nb.txt")
	if os.WriteFile(odd, []byte{0, 1}, 0o644) == nil {
		_, err = ReadFile(odd)
		if strings.ContainsAny(err.Error(), "\n\r") {
			t.Errorf("message not one line: %q", err)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"r.txt":  gbk(t, "　　正文\r\n"),
		"r.docx": docxbuild.BuildDocx([]docxbuild.DocxParagraph{{Text: "正文", Numbering: 1}}),
		"r.md":   []byte("# 正文"),
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		d, err := ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != path || len(d.Paragraphs) != 1 || !strings.HasSuffix(d.Paragraphs[0].Text, "正文") {
			t.Errorf("%s: %+v", name, d)
		}
	}
}

// withStdin runs f with os.Stdin reading what write writes.
func withStdin(t *testing.T, write func(w io.Writer), f func()) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old; r.Close() }()
	go func() {
		write(w)
		w.Close()
	}()
	f()
}

func TestReadFileStdin(t *testing.T) {
	docx := docxbuild.BuildDocx([]docxbuild.DocxParagraph{{Text: "管道里的文档"}})
	withStdin(t, func(w io.Writer) { w.Write(docx) }, func() {
		d, err := ReadFile("-")
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "-" || d.Format != "docx" || d.Paragraphs[0].Text != "管道里的文档" {
			t.Errorf("%+v", d)
		}
	})
	withStdin(t, func(w io.Writer) { w.Write(gbk(t, "标准输入")) }, func() {
		d, err := ReadFile("-")
		if err != nil {
			t.Fatal(err)
		}
		if d.Encoding != "GB18030" || d.Paragraphs[0].Text != "标准输入" {
			t.Errorf("%+v", d)
		}
	})
	if testing.Short() {
		return
	}
	// An endless pipe is cut at MaxSize+1 bytes: the limit bounds memory.
	withStdin(t, func(w io.Writer) { io.Copy(w, &pattern{p: []byte("a"), n: 1 << 40}) }, func() {
		var err error
		alloc := allocated(func() { _, err = ReadFile("-") })
		checkError(t, err, "-", ErrTooLarge, "64 MiB")
		if alloc > 2*MaxSize+1<<20 {
			t.Errorf("allocated %d MiB reading an endless pipe", alloc>>20)
		}
	})
}

// Too many paragraphs: a text of MaxParagraphs+1 short lines.
func TestTooManyParagraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million lines")
	}
	data := bytes.Repeat([]byte("字\n"), MaxParagraphs+1)
	_, err := Read("many.txt", data)
	checkError(t, err, "many.txt", ErrTooMany, "段落过多")
	_, err = Read("many.md", data)
	checkError(t, err, "many.md", ErrTooMany, "段落过多")
	if _, err := Read("ok.txt", data[:len(data)-len("字\n")]); err != nil {
		t.Errorf("exactly MaxParagraphs: %v", err)
	}
}

// The paragraph limit holds for .docx too: a million and one one-character
// paragraphs fit within MaxXMLSize when the namespace is the default one.
func TestTooManyDocxParagraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 22 MB of XML")
	}
	// Distinct numbers keep the part from compressing like a bomb.
	var xml strings.Builder
	xml.WriteString(`<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body>`)
	for i := range MaxParagraphs + 1 {
		fmt.Fprintf(&xml, "<p><r><t>%d</t></r></p>", i*7919%1000003)
	}
	xml.WriteString(`</body></document>`)
	_, err := Read("many.docx", rawDocx(t, map[string]string{"word/document.xml": xml.String()}))
	checkError(t, err, "many.docx", ErrTooMany, "段落过多")
}

// DecodeText is the text path without paragraphs, for line-by-line checks.
func TestDecodeText(t *testing.T) {
	text, enc, err := DecodeText("a.txt", gbk(t, "甲\r\n\r\n乙"))
	if err != nil || text != "甲\r\n\r\n乙" || enc != "GB18030" {
		t.Errorf("got %q %q %v", text, enc, err)
	}
	if text, _, err := DecodeText("a.txt", []byte(" \n")); err != nil || text != " \n" {
		t.Errorf("whitespace-only text: %q %v", text, err)
	}
	for _, tt := range []struct {
		data     []byte
		sentinel error
		reason   string
	}{
		{nil, ErrEmpty, "为空"},
		{docxbuild.BuildDocx([]docxbuild.DocxParagraph{{Text: "x"}}), ErrUnsupported, ".docx"},
		{[]byte("a\x00"), ErrBinary, "二进制"},
		{[]byte("caf\xe9 x"), ErrEncoding, "GB18030"},
		{make([]byte, MaxSize+1), ErrTooLarge, "64 MiB"},
	} {
		_, _, err := DecodeText("a.txt", tt.data)
		checkError(t, err, "a.txt", tt.sentinel, tt.reason)
	}
}

func TestReadAllLimited(t *testing.T) {
	data, err := ReadAllLimited("-", strings.NewReader("正文"))
	if err != nil || string(data) != "正文" {
		t.Errorf("got %q %v", data, err)
	}
	_, err = ReadAllLimited("-", &pattern{p: []byte("a"), n: MaxSize + 1})
	checkError(t, err, "-", ErrTooLarge, "64 MiB")
	_, err = ReadAllLimited("-", io.MultiReader(strings.NewReader("ab"), iotestErr{}))
	checkError(t, err, "-", ErrUnreadable, "读取文件失败")
	if data, err := ReadAllLimited("-", &pattern{p: []byte("a"), n: MaxSize}); err != nil || len(data) != MaxSize {
		t.Errorf("exactly MaxSize: %d bytes, %v", len(data), err)
	}
}

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errors.New("device gone") }
