package input

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"qinglian"
)

// Namespaces of WordprocessingML, transitional and strict, and of markup
// compatibility (mc:AlternateContent).
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

const (
	// maxAuxSize bounds the uncompressed size of styles.xml, numbering.xml
	// and the relationship parts, which are small in any real document.
	maxAuxSize = 8 << 20
	// maxRatio is the highest compression ratio accepted for a part of more
	// than a megabyte. Word's XML compresses about ten to one; a bomb of
	// zeros compresses a thousand to one.
	maxRatio = 200
	// maxEntries bounds the ZIP central directory, which archive/zip reads
	// whole: a .docx has tens of parts, a few hundred with many images.
	maxEntries = 10_000
)

// readDocx reads the body of a WordprocessingML document.
func readDocx(name string, data []byte) (*qinglian.Document, *Error) {
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, fail(name, ErrUnsupported, "是旧版 Word（.doc）或加密的 Office 文件，请另存为 .docx")
	}
	if n, ok := zipEntries(data); ok && n > maxEntries {
		return nil, fail(name, ErrZipBomb, fmt.Sprintf("压缩包条目过多（%d 个，上限 %d）", n, maxEntries))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, failf(name, ErrCorruptDocx, "不是有效的 .docx 文件（无法按 ZIP 格式打开）", err)
	}
	if len(zr.File) > maxEntries {
		return nil, fail(name, ErrZipBomb, fmt.Sprintf("压缩包条目过多（%d 个，上限 %d）", len(zr.File), maxEntries))
	}
	pk := &pkg{name: name, zr: zr}

	main := "word/document.xml"
	if rels, err := pk.rels("_rels/.rels", ""); err != nil {
		return nil, err
	} else if t := rels["officeDocument"]; t != "" {
		main = t
	}
	if pk.find(main) == nil {
		return nil, fail(name, ErrCorruptDocx, "不是 Word 文档（压缩包中没有 "+main+"）")
	}
	rels, err2 := pk.rels(path.Join(path.Dir(main), "_rels", path.Base(main)+".rels"), path.Dir(main))
	if err2 != nil {
		return nil, err2
	}
	styles := newStyles()
	if t := or(rels["styles"], path.Join(path.Dir(main), "styles.xml")); pk.find(t) != nil {
		if err := pk.walk(t, maxAuxSize, styles.token); err != nil {
			return nil, err
		}
	}
	num := newNumbering(styles)
	if t := or(rels["numbering"], path.Join(path.Dir(main), "numbering.xml")); pk.find(t) != nil {
		if err := pk.walk(t, maxAuxSize, num.token); err != nil {
			return nil, err
		}
	}

	b := &bodyReader{name: name, styles: styles, num: num}
	if err := pk.walk(main, MaxXMLSize, b.token); err != nil {
		return nil, err
	}
	if len(b.paras) == 0 {
		return nil, fail(name, ErrEmpty, "文档没有正文")
	}
	return &qinglian.Document{Name: name, Format: "docx", Paragraphs: b.paras}, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// zipEntries reads the entry count from the end of central directory record,
// so that a directory of a million tiny entries is refused before
// archive/zip allocates a header for each.
func zipEntries(data []byte) (int, bool) {
	tail := data[max(0, len(data)-(22+65535)):]
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < 22 {
		return 0, false
	}
	n := int(binary.LittleEndian.Uint16(tail[i+10:]))
	if n == 0xFFFF {
		return maxEntries + 1, true // ZIP64: no real .docx needs it
	}
	return n, true
}

// pkg is an open .docx package.
type pkg struct {
	name string
	zr   *zip.Reader
}

func (p *pkg) find(name string) *zip.File {
	for _, f := range p.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// rels reads a relationship part and returns the target of each known
// relationship type, keyed by the last element of the type URI
// ("officeDocument", "styles", "numbering"). Targets are resolved against
// dir. A missing part yields an empty map.
func (p *pkg) rels(part, dir string) (map[string]string, *Error) {
	out := map[string]string{}
	if p.find(part) == nil {
		return out, nil
	}
	err := p.walk(part, maxAuxSize, func(t xml.Token) *Error {
		se, ok := t.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			return nil
		}
		var typ, target, mode string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Type":
				typ = a.Value
			case "Target":
				target = a.Value
			case "TargetMode":
				mode = a.Value
			}
		}
		key := typ[strings.LastIndexByte(typ, '/')+1:]
		if mode == "External" || target == "" || out[key] != "" {
			return nil
		}
		if strings.HasPrefix(target, "/") {
			out[key] = path.Clean(target[1:])
		} else {
			out[key] = path.Join(dir, target)
		}
		return nil
	})
	return out, err
}

// errPartTooLarge is returned by cappedReader past its limit.
var errPartTooLarge = errors.New("part exceeds its size limit")

// cappedReader is an io.LimitReader that tells running out of budget from
// the end of the data: the declared size of a ZIP entry may lie.
type cappedReader struct {
	r io.Reader
	n int64
}

func (c *cappedReader) Read(b []byte) (int, error) {
	if c.n <= 0 {
		// Read one byte more to know whether the part really goes on.
		var one [1]byte
		if n, _ := io.ReadFull(c.r, one[:]); n > 0 {
			return 0, errPartTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(b)) > c.n {
		b = b[:c.n]
	}
	n, err := c.r.Read(b)
	c.n -= int64(n)
	return n, err
}

// walk streams the XML of one part to fn, token by token, refusing a part
// larger than limit once uncompressed, compressed suspiciously well, or
// nested deeper than MaxDepth. Nothing of the part is held in memory beyond
// what fn keeps. The walk stops at the first error fn returns.
func (p *pkg) walk(part string, limit int64, fn func(xml.Token) *Error) *Error {
	f := p.find(part)
	if f == nil {
		return fail(p.name, ErrCorruptDocx, "缺少 "+part)
	}
	sizeReason := fmt.Sprintf("%s 解压后超过 %d MiB 上限（疑似压缩炸弹）", part, limit>>20)
	if f.UncompressedSize64 > uint64(limit) {
		return fail(p.name, ErrZipBomb, sizeReason)
	}
	if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64/maxRatio > f.CompressedSize64 {
		return fail(p.name, ErrZipBomb, fmt.Sprintf("%s 压缩比异常（超过 %d:1，疑似压缩炸弹）", part, maxRatio))
	}
	rc, err := f.Open()
	if err != nil {
		return failf(p.name, ErrCorruptDocx, part+" 无法解压", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(&cappedReader{r: rc, n: limit})
	depth := 0
	for {
		t, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			switch {
			case errors.Is(err, errPartTooLarge):
				return fail(p.name, ErrZipBomb, sizeReason)
			case errors.Is(err, zip.ErrFormat):
				// archive/zip stops a part that inflates past its declared
				// size; the cap above is a second line behind it.
				return failf(p.name, ErrCorruptDocx, part+" 解压后的大小与声明不符", err)
			case errors.As(err, new(*xml.SyntaxError)):
				return failf(p.name, ErrCorruptDocx, part+" 不是有效的 XML", err)
			}
			return failf(p.name, ErrCorruptDocx, part+" 已损坏", err)
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				return failg(p.name, ErrTooDeep, fmt.Sprintf("%s 的 XML 嵌套过深（超过 %d 层）", part, MaxDepth), "limit %d", MaxDepth)
			}
		case xml.EndElement:
			depth--
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

// isW reports whether n is the WordprocessingML element local.
func isW(n xml.Name, local string) bool {
	return n.Local == local && (n.Space == nsW || n.Space == nsWStrict)
}

// wVal returns the w:val attribute.
func wVal(se xml.StartElement) string { return wAttr(se, "val") }

func wAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == nsW || a.Name.Space == nsWStrict || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

// atoiOr parses a small non-negative integer attribute, or returns def.
func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < -1_000_000 || n > 1_000_000 {
		return def
	}
	return n
}

// onOff reads a ST_OnOff toggle such as <w:vanish/> or <w:vanish w:val="0"/>.
func onOff(se xml.StartElement) bool {
	switch wVal(se) {
	case "0", "false", "off":
		return false
	}
	return true
}

// skipped lists elements whose content Word does not show as body text:
// deleted and moved-away revisions, field instructions, the old
// properties kept by tracked formatting changes, text boxes and the
// fallback copy of alternate content.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true, "instrText": true,
	"pPrChange": true, "rPrChange": true, "sectPrChange": true, "tblPrChange": true, "trPrChange": true,
	"tcPrChange": true, "numberingChange": true, "txbxContent": true, "fldData": true, "ffData": true,
}

// bodyReader turns the token stream of document.xml into paragraphs.
type bodyReader struct {
	name   string
	styles *styles
	num    *numbering
	paras  []qinglian.Paragraph

	depth     int // element depth of the current token
	skipUntil int // while > 0, skip tokens deeper than this depth
	inBody    bool
	cells     int // open w:tc elements
	line      int // paragraphs seen in the body, empty ones included

	p         *paraState
	pDepth    int // depth of the open w:p
	pPrDepth  int // depth of the open w:pPr, 0 if none
	runDepth  int // depth of the open w:r, 0 if none
	hidden    bool
	textDepth int // depth of the open w:t, 0 if none
}

// paraState collects one paragraph.
type paraState struct {
	text     strings.Builder
	line     int
	inTable  bool
	style    string
	outline  int // w:outlineLvl, -1 if not set
	numID    string
	hasNumID bool
	ilvl     int // -1 if not set
	brk      bool
}

func (b *bodyReader) token(t xml.Token) *Error {
	switch t := t.(type) {
	case xml.StartElement:
		b.depth++
		if b.skipUntil == 0 {
			b.start(t)
		}
	case xml.EndElement:
		d := b.depth
		b.depth--
		if b.skipUntil > 0 {
			if d == b.skipUntil {
				b.skipUntil = 0
			}
			return nil
		}
		return b.end(t, d)
	case xml.CharData:
		if b.p != nil && b.textDepth > 0 && b.skipUntil == 0 && !b.hidden {
			b.write(string(t))
		}
	}
	return nil
}

func (b *bodyReader) start(se xml.StartElement) {
	n := se.Name
	if n.Space == nsMC && n.Local == "Fallback" {
		b.skipUntil = b.depth
		return
	}
	if n.Space != nsW && n.Space != nsWStrict {
		return
	}
	if skipped[n.Local] {
		b.skipUntil = b.depth
		return
	}
	switch n.Local {
	case "body":
		b.inBody = true
	case "tc":
		b.cells++
	case "p":
		if !b.inBody {
			return
		}
		b.line++
		if b.p == nil {
			b.p = &paraState{line: b.line, inTable: b.cells > 0, outline: -1, ilvl: -1}
			b.pDepth = b.depth
		}
	}
	if b.p == nil {
		return
	}
	if b.pPrDepth > 0 {
		b.paraProperty(se)
		return
	}
	switch n.Local {
	case "pPr":
		if b.depth == b.pDepth+1 {
			b.pPrDepth = b.depth
		}
	case "r":
		b.runDepth = b.depth
		b.hidden = false
	case "vanish", "webHidden":
		if b.runDepth > 0 && onOff(se) {
			b.hidden = true
		}
	case "t":
		if b.runDepth > 0 {
			b.textDepth = b.depth
		}
	case "tab", "ptab":
		if b.runDepth > 0 && !b.hidden {
			b.write("\t")
		}
	case "br", "cr":
		if b.runDepth > 0 && !b.hidden {
			switch wAttr(se, "type") {
			case "page", "column":
			default:
				b.p.brk = true
			}
		}
	case "noBreakHyphen":
		if b.runDepth > 0 && !b.hidden {
			b.write("-")
		}
	}
}

// paraProperty reads the w:pPr children that matter: style, outline level
// and numbering.
func (b *bodyReader) paraProperty(se xml.StartElement) {
	switch se.Name.Local {
	case "pStyle":
		b.p.style = wVal(se)
	case "outlineLvl":
		b.p.outline = atoiOr(wVal(se), -1)
	case "numId":
		b.p.numID, b.p.hasNumID = wVal(se), true
	case "ilvl":
		b.p.ilvl = atoiOr(wVal(se), -1)
	}
}

func (b *bodyReader) end(ee xml.EndElement, depth int) *Error {
	if ee.Name.Space != nsW && ee.Name.Space != nsWStrict {
		return nil
	}
	switch {
	case ee.Name.Local == "body":
		b.inBody = false
	case ee.Name.Local == "tc" && b.cells > 0:
		b.cells--
	case depth == b.textDepth:
		b.textDepth = 0
	case depth == b.runDepth:
		b.runDepth, b.hidden = 0, false
	case depth == b.pPrDepth:
		b.pPrDepth = 0
	case b.p != nil && depth == b.pDepth:
		return b.finish()
	}
	return nil
}

// write appends text, turning a pending line break into a space only
// between two characters that are not Chinese: Word wraps Chinese at the
// break without a gap.
func (b *bodyReader) write(s string) {
	if s == "" {
		return
	}
	p := b.p
	if p.brk {
		p.brk = false
		prev, _ := utf8.DecodeLastRuneInString(p.text.String())
		next, _ := utf8.DecodeRuneInString(s)
		if p.text.Len() > 0 && !isWide(prev) && !isWide(next) && !unicode.IsSpace(prev) && !unicode.IsSpace(next) {
			p.text.WriteByte(' ')
		}
	}
	p.text.WriteString(s)
}

// isWide reports Han characters and full-width punctuation, which are
// written without spaces between them.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…'
}

// finish closes the paragraph: numbering advances even for an empty
// paragraph, as Word shows the number there; the paragraph is kept only if
// it has text and is not a table-of-contents entry (the headings it copies
// are read where they stand).
func (b *bodyReader) finish() *Error {
	p := b.p
	b.p, b.pDepth, b.pPrDepth, b.runDepth, b.textDepth, b.hidden = nil, 0, 0, 0, 0, false

	style := p.style
	if style == "" {
		style = b.styles.defaultPara
	}
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNumID {
		var styleIlvl int
		numID, styleIlvl = b.styles.numbering(style)
		if ilvl < 0 {
			ilvl = styleIlvl
		}
	}
	if ilvl < 0 {
		ilvl = b.num.levelForStyle(numID, style)
	}
	label := b.num.next(numID, ilvl)

	text, skipped := trimLine(p.text.String())
	if text == "" || b.styles.isTOC(style) {
		return nil
	}
	if len(b.paras) >= MaxParagraphs {
		return tooMany(b.name)
	}
	level := 0
	switch {
	case p.outline >= 0 && p.outline <= 8:
		level = p.outline + 1
	case p.outline < 0:
		level = b.styles.headingLevel(style)
	}
	b.paras = append(b.paras, qinglian.Paragraph{
		Text:      label + text,
		Line:      p.line,
		Column:    1 + skipped,
		Generated: utf8.RuneCountInString(label),
		Level:     level,
		InTable:   p.inTable,
	})
	return nil
}
