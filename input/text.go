package input

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qinglian"
)

// readText reads plain text or, if markdown is set, Markdown.
func readText(name string, data []byte, markdown bool) (*qinglian.Document, *Error) {
	text, enc, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	doc := &qinglian.Document{Name: name, Format: "text", Encoding: enc}
	var lines lineSplitter
	if markdown {
		doc.Format = "markdown"
		lines = markdownLines
	} else {
		lines = textLines
	}
	if err := lines(text, func(p qinglian.Paragraph) *Error {
		if len(doc.Paragraphs) >= MaxParagraphs {
			return tooMany(name)
		}
		doc.Paragraphs = append(doc.Paragraphs, p)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(doc.Paragraphs) == 0 {
		return nil, fail(name, ErrEmpty, "文件没有正文（只有空白）")
	}
	return doc, nil
}

// DecodeText checks and decodes the bytes of a plain text file as readText
// does, for callers that need the text itself (line-by-line proofreading):
// it returns the text in UTF-8 without a byte order mark, line endings
// untouched, and the encoding's name ("UTF-8", "UTF-8 BOM", "UTF-16LE",
// "UTF-16BE", "GB18030"). Empty input, binary data, a .docx or other
// archive, and undecodable bytes are refused with an *Error; text that is
// only whitespace is not.
func DecodeText(name string, data []byte) (text, encoding string, err error) {
	text, encoding, e := decodeText(name, data)
	if e != nil {
		return "", "", e // not a typed nil *Error in an error
	}
	return text, encoding, nil
}

func decodeText(name string, data []byte) (string, string, *Error) {
	switch {
	case len(data) > MaxSize:
		return "", "", tooLarge(name)
	case len(data) == 0:
		return "", "", fail(name, ErrEmpty, "文件为空")
	case isZip(data):
		return "", "", fail(name, ErrUnsupported, "是 .docx 或其他压缩包，这里只接受纯文本")
	}
	text, encoding, err := decode(name, data)
	if err != nil {
		return "", "", err
	}
	if isBinaryText(text) {
		return "", "", fail(name, ErrBinary, "不是文本文件（含大量控制字符）")
	}
	return text, encoding, nil
}

// decode turns the bytes into UTF-8 text without a byte order mark and
// names the encoding it found.
func decode(name string, data []byte) (string, string, *Error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		rest := data[3:]
		if !utf8.Valid(rest) {
			return "", "", badUTF8(name, rest)
		}
		return string(rest), "UTF-8 BOM", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(name, data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(name, data[2:], true)
	}
	if err := sniffBinary(name, data); err != nil {
		return "", "", err
	}
	if utf8.Valid(data) {
		return string(data), "UTF-8", nil
	}
	if mostlyUTF8(data) {
		// A UTF-8 file damaged in one place also decodes as GB18030, into
		// nonsense; pointing at the damage is the useful answer.
		return "", "", badUTF8(name, data)
	}
	if s, ok := decodeGB18030(data); ok {
		return s, "GB18030", nil
	}
	return "", "", failg(name, ErrEncoding, "无法识别文字编码（既不是 UTF-8，也不是 GB18030/GBK）", "neither UTF-8 nor GB18030")
}

// sniffBinary refuses NUL bytes and names the formats people most often
// upload by mistake.
func sniffBinary(name string, data []byte) *Error {
	switch {
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return fail(name, ErrUnsupported, "是旧版 Word（.doc）、WPS 或加密的 Office 文件，请另存为 .docx 或纯文本")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return fail(name, ErrUnsupported, "是 PDF 文件，请提交 .docx 或纯文本")
	case bytes.IndexByte(data, 0) >= 0:
		return fail(name, ErrBinary, "不是文本文件（含二进制数据）")
	}
	return nil
}

// badUTF8 reports the line of the first invalid byte.
func badUTF8(name string, data []byte) *Error {
	i := 0
	for i < len(data) {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	line := 1 + bytes.Count(data[:i], []byte{'\n'})
	return failg(name, ErrEncoding, fmt.Sprintf("UTF-8 文本第 %d 行含无效字节（文件可能已损坏）", line), "invalid UTF-8 at line %d", line)
}

// mostlyUTF8 says whether valid multi-byte UTF-8 sequences outnumber the
// invalid bytes ten to one. GBK text is the other way round: its two-byte
// characters rarely form valid three-byte UTF-8 sequences.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n >= 3:
			valid++
		}
		i += n
	}
	return valid >= 10*invalid
}

// decodeGB18030 decodes GB18030 (a superset of GBK and GB2312) and accepts
// the result only if every byte sequence was valid and the text does not
// lean on the user-defined (private use) area, which real reports never do
// and mis-detected bytes often land in.
func decodeGB18030(data []byte) (string, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", false
	}
	// The decoder writes U+FFFD for invalid input; count only the ones that
	// are not the character's own encoding.
	want := bytes.Count(data, []byte{0x84, 0x31, 0xA4, 0x37})
	if bytes.Count(out, []byte("\uFFFD")) != want {
		return "", false
	}
	wide, private := 0, 0
	for _, r := range string(out) {
		if r >= 0x80 {
			wide++
		}
		if r >= 0xE000 && r <= 0xF8FF {
			private++
		}
	}
	if private*20 > wide {
		return "", false
	}
	return string(out), true
}

// decodeUTF16 decodes the text after a UTF-16 byte order mark, as Windows
// Notepad writes when saving as "Unicode".
func decodeUTF16(name string, data []byte, bigEndian bool) (string, string, *Error) {
	enc := "UTF-16LE"
	if bigEndian {
		enc = "UTF-16BE"
	}
	if len(data)%2 != 0 {
		return "", "", failg(name, ErrEncoding, enc+" 文本长度为奇数字节（文件可能已截断）", "odd-length %s", enc)
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
	}
	var b strings.Builder
	b.Grow(len(data) * 3 / 2)
	line := 1
	for i := 0; i < len(units); i++ {
		u := units[i]
		r := rune(u)
		switch {
		case utf16.IsSurrogate(r):
			if u < 0xDC00 && i+1 < len(units) {
				if r = utf16.DecodeRune(r, rune(units[i+1])); r != unicode.ReplacementChar {
					i++
					break
				}
			}
			return "", "", failg(name, ErrEncoding, fmt.Sprintf("%s 文本第 %d 行含不成对的代理项（文件可能已损坏）", enc, line), "unpaired surrogate in %s at line %d", enc, line)
		case r == '\n':
			line++
		}
		b.WriteRune(r)
	}
	return b.String(), enc, nil
}

// isBinaryText says whether the decoded text has too many control
// characters to be a report: more than one in twenty runes, or more than one
// in a hundred once there are at least sixteen. A stray form feed or escape
// in a real report passes.
func isBinaryText(s string) bool {
	controls, runes := 0, 0
	for _, r := range s {
		runes++
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
			controls++
		}
	}
	return controls*20 > runes || (controls >= 16 && controls*100 > runes)
}

// lineSplitter calls emit with the paragraphs of text in order; it stops at
// the first error emit returns.
type lineSplitter func(text string, emit func(qinglian.Paragraph) *Error) *Error

// eachLine calls fn with every line of s and its 1-based number. A line ends
// at "\r\n", "\n" or a lone "\r".
func eachLine(s string, fn func(line string, n int) *Error) *Error {
	for n := 1; s != ""; n++ {
		var line string
		line, s = nextLine(s)
		if err := fn(line, n); err != nil {
			return err
		}
	}
	return nil
}

// isIndent reports runes that indent a line: spaces of either width, tabs,
// no-break spaces, and a byte order mark left at the start of a line by
// joining files.
func isIndent(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// trimLine drops the indentation and trailing whitespace of a line and
// returns what is left with the number of runes skipped at the start.
func trimLine(line string) (string, int) {
	skipped := 0
	for i, r := range line {
		if !isIndent(r) {
			return strings.TrimRightFunc(line[i:], unicode.IsSpace), skipped
		}
		skipped++
	}
	return "", skipped
}

// textLines makes one paragraph of every non-blank line.
func textLines(text string, emit func(qinglian.Paragraph) *Error) *Error {
	return eachLine(text, func(line string, n int) *Error {
		t, skipped := trimLine(line)
		if t == "" {
			return nil
		}
		return emit(qinglian.Paragraph{Text: t, Line: n, Column: 1 + skipped})
	})
}
