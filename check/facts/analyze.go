package facts

import (
	"fmt"
	"strings"
	"unicode"

	"qinglian"
	"qinglian/check/structure"
)

const reasonEmpty = "中央八项规定（2012）第二条要求“力戒空话、套话”；述责述廉报告应以具体事实（数量、文件、活动、时间）说明履职情况。"

// Analyze extracts the facts of every paragraph of d and fills the outline:
// each section's Chars, Facts, FactsPerK and StockPerK, each point's Facts,
// and Shortcomings.Empty. It returns the facts in document order and the
// findings for empty sections and empty shortcomings. o may be nil: then
// only facts are returned, each with Section -1.
func (e *Extractor) Analyze(d *qinglian.Document, o *structure.Outline) ([]qinglian.Fact, []qinglian.Finding) {
	w := walker{e: e, d: d, o: o}
	if o != nil {
		w.stockChars = make([]int, len(o.Sections))
		w.pointStock = make([][]int, len(o.Sections))
		for i, s := range o.Sections {
			w.pointStock[i] = make([]int, len(s.Points))
		}
	}
	for pi := range d.Paragraphs {
		w.paragraph(pi)
	}
	if o == nil {
		return w.facts, nil
	}
	return w.facts, w.finish()
}

// walker walks the document once, keeping a cursor on the section and point
// that the current position falls in, so the whole pass is linear.
type walker struct {
	e          *Extractor
	d          *qinglian.Document
	o          *structure.Outline
	facts      []qinglian.Fact
	stockChars []int
	pointStock [][]int
	firstStock map[[2]int]string // first stock phrase of a point, for the message
	cursor     int               // section of the previous paragraph's start
}

// before reports whether position a comes before b.
func before(a, b qinglian.Position) bool {
	return a.Paragraph < b.Paragraph || a.Paragraph == b.Paragraph && a.Offset < b.Offset
}

// sectionAt returns the index of the section holding pos, moving forward
// from hint.
func (w *walker) sectionAt(pos qinglian.Position, hint int) int {
	if w.o == nil || len(w.o.Sections) == 0 {
		return -1
	}
	k := max(hint, 0)
	for k+1 < len(w.o.Sections) && !before(pos, w.o.Sections[k+1].Start) {
		k++
	}
	if before(pos, w.o.Sections[k].Start) {
		return -1
	}
	return k
}

// pointAt returns the index of the point of section s that holds pos, or -1.
func (w *walker) pointAt(s int, pos qinglian.Position) int {
	if s < 0 {
		return -1
	}
	pts := w.o.Sections[s].Points
	// Points are few per section; a binary search would not pay.
	for i := len(pts) - 1; i >= 0; i-- {
		if !before(pos, pts[i].Start) {
			if before(pos, pts[i].End) {
				return i
			}
			return -1
		}
	}
	return -1
}

func (w *walker) paragraph(pi int) {
	p := w.d.Paragraphs[pi]
	rs := []rune(p.Text)
	sec := w.sectionAt(qinglian.Position{Paragraph: pi + 1}, w.cursor)
	w.cursor = max(sec, 0)
	// Characters, counted per section with a cursor over the offsets where
	// sections start inside this paragraph.
	if w.o != nil {
		cur := sec
		nextStart := w.nextStartIn(cur, pi)
		for off, r := range rs {
			for nextStart >= 0 && off >= nextStart {
				cur++
				nextStart = w.nextStartIn(cur, pi)
			}
			if cur >= 0 && (unicode.Is(unicode.Han, r) || isDigit(r)) {
				w.o.Sections[cur].Chars++
			}
		}
	}
	for _, sp := range w.e.Extract(p.Text) {
		pos := qinglian.Position{Paragraph: pi + 1, Offset: sp.Start}
		s := w.sectionAt(pos, sec)
		w.facts = append(w.facts, qinglian.Fact{
			Kind: sp.Kind, Text: sp.Text, Paragraph: pi + 1, Start: sp.Start, End: sp.End,
			Line: p.Line, Column: p.Column + sp.Start, Section: s,
		})
		if s >= 0 {
			w.o.Sections[s].Facts++
			if pt := w.pointAt(s, pos); pt >= 0 {
				w.o.Sections[s].Points[pt].Facts++
			}
		}
	}
	if w.o == nil {
		return
	}
	w.e.stock.Each(rs, func(id, start, end int) {
		pos := qinglian.Position{Paragraph: pi + 1, Offset: start}
		s := w.sectionAt(pos, sec)
		if s < 0 {
			return
		}
		w.stockChars[s] += end - start
		if pt := w.pointAt(s, pos); pt >= 0 {
			w.pointStock[s][pt]++
			if w.firstStock == nil {
				w.firstStock = map[[2]int]string{}
			}
			// Name a deficiency formula (还需加强) in the message if there is one.
			key := [2]int{s, pt}
			if prev, ok := w.firstStock[key]; !ok || w.e.stockKind[id] == "deficiency" && !w.isDeficiency(prev) {
				w.firstStock[key] = w.e.stockText[id]
			}
		}
	})
}

// nextStartIn returns the offset where the section after cur starts inside
// paragraph pi (0-based), or -1.
func (w *walker) nextStartIn(cur, pi int) int {
	if cur+1 >= len(w.o.Sections) {
		return -1
	}
	st := w.o.Sections[cur+1].Start
	if st.Paragraph == pi+1 {
		return st.Offset
	}
	return -1
}

// finish computes densities and the findings.
func (w *walker) finish() []qinglian.Finding {
	var out []qinglian.Finding
	o := w.o
	for i := range o.Sections {
		s := &o.Sections[i]
		if s.Chars > 0 {
			s.FactsPerK = float64(s.Facts) * 1000 / float64(s.Chars)
			s.StockPerK = float64(w.stockChars[i]) * 1000 / float64(s.Chars)
		}
		if s.Kind == qinglian.Body && s.Facts == 0 {
			f := w.headingFinding(s)
			f.Rule = "facts.empty-section"
			f.Message = fmt.Sprintf("“%s”部分没有一项具体事实（数量、文件名称、活动名称、时间），内容空泛", orNumbering(s))
			out = append(out, f)
		}
	}
	sum := &o.Shortcomings
	sum.Empty = nil
	if sum.Section >= 0 && sum.Section < len(o.Sections) {
		pts := o.Sections[sum.Section].Points
		for i := range sum.Items {
			if i >= len(pts) {
				break
			}
			sum.Items[i].Facts = pts[i].Facts
			if pts[i].Facts > 0 || w.pointStock[sum.Section][i] == 0 {
				continue
			}
			sum.Empty = append(sum.Empty, i)
			f := w.pointFinding(pts[i])
			f.Rule = "facts.empty-shortcoming"
			f.Message = fmt.Sprintf("这条不足没有具体事实，只用“%s”等套话表述，未说明问题的具体表现", w.firstStock[[2]int{sum.Section, i}])
			out = append(out, f)
		}
	}
	return out
}

// headingFinding spans a section's numbering and title.
func (w *walker) headingFinding(s *qinglian.Section) qinglian.Finding {
	return w.spanFinding(s.Start, s.Numbering, s.Title)
}

func (w *walker) pointFinding(p qinglian.Point) qinglian.Finding {
	return w.spanFinding(p.Start, p.Marker, p.Title)
}

// spanFinding marks the marker and title that start at pos, as far as they
// stand in the text.
func (w *walker) spanFinding(pos qinglian.Position, marker, title string) qinglian.Finding {
	rs := []rune(w.d.Paragraphs[pos.Paragraph-1].Text)
	start := min(pos.Offset, len(rs))
	end := min(start+len([]rune(marker)), len(rs))
	if title != "" {
		if k := strings.Index(string(rs[end:]), title); k >= 0 && k < 8 {
			end += len([]rune(string(rs[end:])[:k])) + len([]rune(title))
		}
	}
	if end == start {
		end = min(start+10, len(rs))
	}
	return qinglian.Finding{
		Category:  qinglian.Facts,
		Severity:  qinglian.Warning,
		Paragraph: pos.Paragraph,
		Start:     start,
		End:       end,
		Text:      string(rs[start:end]),
		Reason:    reasonEmpty,
	}
}

func orNumbering(s *qinglian.Section) string {
	if s.Title != "" {
		return s.Numbering + s.Title
	}
	return s.Numbering
}

func (w *walker) isDeficiency(phrase string) bool {
	id, n := w.e.stock.Longest([]rune(phrase), 0)
	return id >= 0 && n == len([]rune(phrase)) && w.e.stockKind[id] == "deficiency"
}
