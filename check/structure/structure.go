// Package structure reads the outline of a 述责述廉 report: its headings and
// their levels, the enumerated points in each section (一是…二是…), the
// declared counts ("主要有3点"), and how the sections cover the content areas
// that a template requires.
//
// The default template (lexicon/data/template.txt, format documented there)
// follows 《中国共产党党内监督条例》（2016）第二十一条: 执行政治纪律和政治规矩,
// 履行管党治党责任, 推进党风廉政建设和反腐败工作, 执行廉洁纪律, plus the closing
// parts 存在的不足 and 下一步打算.
//
// Headings are recognised at the start of a paragraph in the four levels of
// GB/T 9704-2012 7.3.3 (一、 （一） 1. （1）) and as 第一部分; a paragraph
// that starts with a closing part's keyword (反思不足, 存在的问题, 下一步…) opens
// that part even without numbering, and inside the shortcomings (or the last
// section) a sentence that starts with such a keyword opens the next part in
// the middle of a paragraph. Paragraph.Level from .docx or Markdown is used
// as a hint for headings that carry no numbering.
//
// Findings (category structure):
//
//	structure.missing-area          warning  a required content area no section covers
//	structure.missing-shortcomings  warning  no 存在的不足 part
//	structure.missing-nextsteps     warning  no 下一步打算 part
//	structure.count-mismatch        warning  "主要有3点" followed by another number of points
//	structure.numbering-order       info     一、 followed by 三、, 一是 followed by 三是
//	structure.level-skip            info     一、 followed by 1. without （一）
package structure

import (
	"strings"
	"unicode"

	"qinglian"
)

// Outline is what Analyze finds: the sections in document order, the
// coverage of each template entry, the shortcomings summary and findings.
type Outline struct {
	Sections     []qinglian.Section
	Coverage     []qinglian.AreaCoverage
	Shortcomings qinglian.ShortcomingSummary
	Findings     []qinglian.Finding
}

const (
	reasonLevels   = "GB/T 9704-2012《党政机关公文格式》7.3.3 规定文中结构层次序数依次用“一、”“（一）”“1.”“（1）”标注。"
	reasonCount    = "述责述廉报告中声明的条数应与随后列出的条数一致，否则评议人会认为报告前后矛盾（qinglian 审读规则）。"
	maxTitle       = 80 // runes of a numbered heading's title
	maxPartTitle   = 40 // runes of an unnumbered part heading before it is cut at the first comma
	maxHeadingScan = 200
)

// cut is a place where a section or sub-heading starts.
type cut struct {
	para, off int // 0-based paragraph, rune offset
	kind      qinglian.SectionKind
	head      Heading
	numbered  bool
	hinted    bool // heading only because the source declares a level
	level     int
	title     string
	headEnd   int // rune offset in para where the heading sentence ends
}

// analysis carries the state of one Analyze call.
type analysis struct {
	d    *qinglian.Document
	t    *Template
	rs   [][]rune
	out  *Outline
	cuts []cut // top-level section starts, in order
	subs [][]cut
	top  int
}

// Analyze reads the outline of d against template t. It never fails: a
// report without headings is one preamble with every area missing.
func Analyze(d *qinglian.Document, t *Template) *Outline {
	a := &analysis{d: d, t: t, out: &Outline{Shortcomings: qinglian.ShortcomingSummary{Section: -1}}}
	a.rs = make([][]rune, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		a.rs[i] = []rune(p.Text)
	}
	a.findSections()
	a.buildSections()
	a.mapAreas()
	a.summarise()
	return a.out
}

// findSections finds headings, decides the top level and splits the report.
func (a *analysis) findSections() {
	var cands []cut
	for i, p := range a.d.Paragraphs {
		if p.InTable {
			continue
		}
		if c, ok := a.headingAt(i); ok {
			cands = append(cands, c)
		}
	}
	a.top = 0
	for _, c := range cands {
		if c.numbered && (a.top == 0 || c.level < a.top) {
			a.top = c.level
		}
	}
	if a.top == 0 {
		for _, c := range cands {
			if c.hinted && (a.top == 0 || c.level < a.top) {
				a.top = c.level
			}
		}
	}
	if a.top == 0 {
		a.top = 1
	}
	a.checkNumbering(cands)

	started := false
	var subs []cut
	for _, c := range cands {
		switch {
		case !c.numbered && !c.hinted && len(a.cuts) > 0 && kindRank(c.kind) <= kindRank(a.cuts[len(a.cuts)-1].kind):
			// "下一步，我将…" opening the first paragraph under the heading
			// "六、下一步打算" is that part's text, not a part of its own.
			continue
		case c.kind != qinglian.Body:
			c.level = a.top
		case c.hinted && !started:
			// A title such as "# 领导干部述责述廉报告" before the first
			// section belongs to the preamble.
			continue
		case c.hinted && c.level < a.top:
			c.level = a.top
		}
		if c.level == a.top {
			if started || len(a.cuts) > 0 {
				a.subs = append(a.subs, subs)
			}
			subs = nil
			a.cuts = append(a.cuts, c)
			started = true
			continue
		}
		if started {
			subs = append(subs, c)
		}
	}
	if started {
		a.subs = append(a.subs, subs)
	}
	// The preamble is whatever comes before the first section.
	if len(a.cuts) == 0 || a.cuts[0].para != 0 || a.cuts[0].off != 0 {
		pre := cut{kind: qinglian.Preamble}
		a.cuts = append([]cut{pre}, a.cuts...)
		a.subs = append([][]cut{nil}, a.subs...)
	}
	a.splitInline()
}

// headingAt reports the heading paragraph i starts with, if any.
func (a *analysis) headingAt(i int) (cut, bool) {
	rs := a.rs[i]
	p := a.d.Paragraphs[i]
	c := cut{para: i, kind: qinglian.Body}
	if h, ok := ParseHeading(p.Text); ok {
		c.head, c.numbered, c.level = h, true, h.Level
		c.title, c.headEnd = headingTitle(rs, h.Len, maxTitle, false)
		if k := a.partIn(rs[h.Len:c.headEnd]); k != "" {
			c.kind = k
		}
		return c, true
	}
	start := 0
	for start < len(rs) && unicode.IsSpace(rs[start]) {
		start++
	}
	if idx, n := a.t.partWords.Longest(rs, start); idx >= 0 && n > 0 {
		c.kind = a.t.Areas[idx].Kind
		c.off = 0
		c.title, c.headEnd = headingTitle(rs, start, maxPartTitle, true)
		return c, true
	}
	if p.Level > 0 && len(rs) > 0 {
		c.hinted, c.level = true, p.Level
		c.title, c.headEnd = headingTitle(rs, start, maxTitle, false)
		return c, true
	}
	return cut{}, false
}

// partIn returns the part kind a heading's text names, shortcomings first.
func (a *analysis) partIn(rs []rune) qinglian.SectionKind {
	var found qinglian.SectionKind
	a.t.partWords.Each(rs, func(id, _, _ int) {
		k := a.t.Areas[id].Kind
		if found == "" || k == qinglian.Shortcomings {
			found = k
		}
	})
	return found
}

// headingTitle returns the heading text from rs[from:] up to the first
// sentence end or colon, and where that sentence ends.
func headingTitle(rs []rune, from, max int, cutAtComma bool) (string, int) {
	end := from
	for end < len(rs) && end-from < maxHeadingScan {
		switch rs[end] {
		case '。', '！', '？', '：', ':', '；':
			goto done
		}
		end++
	}
done:
	title := rs[from:end]
	if len(title) > max && cutAtComma {
		for i, r := range title {
			if r == '，' || r == ',' {
				title = title[:i]
				break
			}
		}
	}
	if len(title) > max {
		title = title[:max]
	}
	return strings.TrimSpace(string(title)), end
}

// kindRank orders the parts of a report.
func kindRank(k qinglian.SectionKind) int {
	switch k {
	case qinglian.Preamble:
		return 0
	case qinglian.Body:
		return 1
	case qinglian.Shortcomings:
		return 2
	case qinglian.NextSteps:
		return 3
	}
	return 0
}

// splitInline opens a part in the middle of a paragraph: "…。下一步，我将…"
// inside the shortcomings, or "…。存在的不足：…" inside the last section.
// Only a later part may start this way, and only at the start of a sentence.
func (a *analysis) splitInline() {
	cuts := make([]cut, 0, len(a.cuts)+2)
	subs := make([][]cut, 0, len(a.cuts)+2)
	for s, c := range a.cuts {
		last := s == len(a.cuts)-1
		endPara, endOff := len(a.rs)-1, -1
		if !last {
			endPara, endOff = a.cuts[s+1].para, a.cuts[s+1].off
		}
		rest := a.subs[s]
		for {
			nc, ok := a.inlinePart(c, last, endPara, endOff)
			if !ok {
				break
			}
			// The points after the split belong to the new part.
			var before, after []cut
			for _, sc := range rest {
				if sc.para < nc.para || sc.para == nc.para && sc.off < nc.off {
					before = append(before, sc)
				} else {
					after = append(after, sc)
				}
			}
			cuts, subs = append(cuts, c), append(subs, before)
			c, rest = nc, after
		}
		cuts, subs = append(cuts, c), append(subs, rest)
	}
	a.cuts, a.subs = cuts, subs
}

// inlinePart finds the first sentence within c's range that starts with a
// keyword of a later part.
func (a *analysis) inlinePart(c cut, last bool, endPara, endOff int) (cut, bool) {
	if c.kind != qinglian.Shortcomings && !last {
		return cut{}, false
	}
	for pi := c.para; pi <= endPara && pi < len(a.rs); pi++ {
		rs := a.rs[pi]
		from, to := 0, len(rs)
		if pi == c.para {
			from = max(c.off, c.headEnd)
		}
		if pi == endPara && endOff >= 0 {
			to = endOff
		}
		for i := from + 1; i < to; i++ {
			switch rs[i-1] {
			case '。', '！', '？':
			default:
				continue
			}
			idx, n := a.t.partWords.Longest(rs, i)
			if idx < 0 || n == 0 {
				continue
			}
			k := a.t.Areas[idx].Kind
			if kindRank(k) <= kindRank(c.kind) {
				continue
			}
			nc := cut{para: pi, off: i, kind: k, level: a.top}
			nc.title, nc.headEnd = headingTitle(rs, i, maxPartTitle, true)
			return nc, true
		}
	}
	return cut{}, false
}

// endBefore returns the exclusive end position of text that stops where
// (para, off) begins, both 0-based: the end of the previous paragraph when
// off is 0.
func (a *analysis) endBefore(para, off int) qinglian.Position {
	if off > 0 || para == 0 {
		return qinglian.Position{Paragraph: para + 1, Offset: off}
	}
	return qinglian.Position{Paragraph: para, Offset: len(a.rs[para-1])}
}

func (a *analysis) docEnd() qinglian.Position {
	if len(a.rs) == 0 {
		return qinglian.Position{Paragraph: 1}
	}
	return qinglian.Position{Paragraph: len(a.rs), Offset: len(a.rs[len(a.rs)-1])}
}

// buildSections turns cuts into sections with their points and declared counts.
func (a *analysis) buildSections() {
	for s, c := range a.cuts {
		sec := qinglian.Section{
			Kind:  c.kind,
			Title: c.title,
			Start: qinglian.Position{Paragraph: c.para + 1, Offset: c.off},
		}
		if c.kind != qinglian.Preamble {
			sec.Level = a.top
		}
		if c.numbered {
			sec.Numbering = c.head.Numbering
		}
		if s+1 < len(a.cuts) {
			sec.End = a.endBefore(a.cuts[s+1].para, a.cuts[s+1].off)
		} else {
			sec.End = a.docEnd()
		}
		if c.para < len(a.d.Paragraphs) {
			p := a.d.Paragraphs[c.para]
			sec.Line, sec.Column = p.Line, p.Column+c.off
		}
		if c.kind != qinglian.Preamble {
			sec.Points = a.points(c, a.subs[s], sec.End)
			a.declared(&sec, c)
		}
		a.out.Sections = append(a.out.Sections, sec)
	}
}

// points returns the enumerated items of a section: its sub-headings of the
// shallowest level if it has any, else its longest inline series 一是…二是….
func (a *analysis) points(c cut, subs []cut, end qinglian.Position) []qinglian.Point {
	lvl := 0
	for _, sc := range subs {
		if lvl == 0 || sc.level < lvl {
			lvl = sc.level
		}
	}
	var marks []mark
	if lvl > 0 {
		for _, sc := range subs {
			if sc.level != lvl {
				continue
			}
			m := mark{para: sc.para, off: sc.off, marker: sc.head.Numbering, title: sc.title}
			if !sc.numbered {
				m.marker = ""
			}
			marks = append(marks, m)
		}
	} else {
		marks = a.inlineSeries(c, end)
	}
	pts := make([]qinglian.Point, len(marks))
	for i, m := range marks {
		pts[i] = qinglian.Point{
			Marker: m.marker,
			Title:  m.title,
			Start:  qinglian.Position{Paragraph: m.para + 1, Offset: m.off},
			End:    end,
		}
		if i+1 < len(marks) {
			pts[i].End = a.endBefore(marks[i+1].para, marks[i+1].off)
		}
	}
	return pts
}

// mark is one enumeration marker found in the text.
type mark struct {
	para, off int
	n         int
	series    string // "是" for 一是, "第" for 第一，, "（" for inline （一）
	marker    string
	title     string
}
