package structure

import (
	"fmt"

	"qinglian"
)

const maxPointTitle = 60

// inlineSeries finds enumerations such as 一是…二是… at sentence or clause
// starts within the section and returns the longest series counted from one
// (at least two items). A series that skips a number keeps going and the
// skip is reported as Info.
func (a *analysis) inlineSeries(c cut, end qinglian.Position) []mark {
	var all []mark
	for pi := c.para; pi < end.Paragraph && pi < len(a.rs); pi++ {
		rs := a.rs[pi]
		from, to := 0, len(rs)
		if pi == c.para {
			from = c.off
		}
		if pi == end.Paragraph-1 {
			to = min(end.Offset, len(rs))
		}
		for i := from; i < to; i++ {
			if i > 0 && !isClauseEnd(rs[i-1]) {
				continue
			}
			if m, ok := markerAt(rs, i); ok {
				m.para = pi
				all = append(all, m)
			}
		}
	}
	// Group by series kind; a "1" restarts a series.
	type run struct{ marks []mark }
	var runs []run
	current := map[string]int{} // series → index into runs
	for _, m := range all {
		ri, ok := current[m.series]
		if m.n == 1 || !ok {
			if m.n != 1 {
				continue // a 二是 with no 一是 before it is not an enumeration
			}
			runs = append(runs, run{marks: []mark{m}})
			current[m.series] = len(runs) - 1
			continue
		}
		last := runs[ri].marks[len(runs[ri].marks)-1].n
		switch {
		case m.n == last+1:
			runs[ri].marks = append(runs[ri].marks, m)
		case m.n > last+1 && m.n <= last+3:
			runs[ri].marks = append(runs[ri].marks, m)
			want := []rune(m.marker)
			a.finding(qinglian.Finding{
				Rule:       "structure.numbering-order",
				Severity:   qinglian.Info,
				Paragraph:  m.para + 1,
				Start:      m.off,
				End:        m.off + len(want),
				Text:       m.marker,
				Suggestion: inlineMarker(m, last+1),
				Message:    fmt.Sprintf("列举序号不连续：“%s”之前缺少“%s”", m.marker, inlineMarker(m, last+1)),
				Reason:     reasonLevels,
			})
		}
	}
	best := -1
	for i, r := range runs {
		if len(r.marks) >= 2 && (best < 0 || len(r.marks) > len(runs[best].marks)) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return runs[best].marks
}

// isClauseEnd reports whether an enumeration marker may follow r.
func isClauseEnd(r rune) bool {
	switch r {
	case '。', '；', '：', '！', '？', '，', ';', ':', ' ', '\u3000', '\t':
		return true
	}
	return false
}

// markerAt reads an inline enumeration marker at rs[i]: 一是, 第一，, （一） or （1）.
func markerAt(rs []rune, i int) (mark, bool) {
	m := mark{off: i}
	switch {
	case isHanDigit(rs[i]):
		n, k := hanNumber(rs[i:])
		if k == 0 || i+k >= len(rs) || rs[i+k] != '是' {
			return mark{}, false
		}
		m.n, m.series, m.marker = n, "是", string(rs[i:i+k+1])
	case rs[i] == '第':
		n, k := hanNumber(rs[i+1:])
		if k == 0 || i+1+k >= len(rs) {
			return mark{}, false
		}
		switch rs[i+1+k] {
		case '，', '、', ',', '是':
		default:
			return mark{}, false
		}
		m.n, m.series, m.marker = n, "第", string(rs[i:i+1+k])
	case i > 0 && (rs[i] == '（' || rs[i] == '('):
		if n, k := hanNumber(rs[i+1:]); k > 0 && i+1+k < len(rs) && (rs[i+1+k] == '）' || rs[i+1+k] == ')') {
			m.n, m.series, m.marker = n, "（一）", string(rs[i:i+k+2])
		} else if n, k := arabicNumber(rs[i+1:]); k > 0 && i+1+k < len(rs) && (rs[i+1+k] == '）' || rs[i+1+k] == ')') {
			m.n, m.series, m.marker = n, "（1）", string(rs[i:i+k+2])
		} else {
			return mark{}, false
		}
	default:
		return mark{}, false
	}
	if m.n <= 0 {
		return mark{}, false
	}
	from := i + len([]rune(m.marker))
	for from < len(rs) && isClauseEnd(rs[from]) {
		from++
	}
	m.title, _ = headingTitle(rs, from, maxPointTitle, false)
	return m, true
}

// inlineMarker writes number n in the style of m.
func inlineMarker(m mark, n int) string {
	switch m.series {
	case "是":
		return hanNumeral(n) + "是"
	case "第":
		return "第" + hanNumeral(n)
	case "（一）":
		rs := []rune(m.marker)
		return string(rs[0]) + hanNumeral(n) + string(rs[len(rs)-1])
	}
	rs := []rune(m.marker)
	return string(rs[0]) + itoa(n) + string(rs[len(rs)-1])
}

// declared reads a declared count such as "主要有3点", "存在以下三个方面的不足"
// or "有四点" between the start of a section and its first point, and
// compares it with the points found.
func (a *analysis) declared(sec *qinglian.Section, c cut) {
	stopPara, stopOff := c.para, -1
	if len(sec.Points) > 0 {
		stopPara, stopOff = sec.Points[0].Start.Paragraph-1, sec.Points[0].Start.Offset
	} else {
		stopOff = min(c.headEnd+1, len(a.rs[c.para]))
	}
	budget := 300
	for pi := c.para; pi <= stopPara && pi < len(a.rs) && budget > 0; pi++ {
		rs := a.rs[pi]
		from, to := 0, len(rs)
		if pi == c.para {
			from = c.off
		}
		if pi == stopPara && stopOff >= 0 {
			to = min(stopOff, len(rs))
		}
		for j := from; j < to && budget > 0; j, budget = j+1, budget-1 {
			n, s, e, ok := countAt(rs, j)
			if !ok || e > to {
				continue
			}
			sec.Declared = n
			if len(sec.Points) > 0 && n != len(sec.Points) {
				text := string(rs[s:e])
				numEnd := s
				for numEnd < e && (isDigit(rs[numEnd]) || isHanDigit(rs[numEnd]) || rs[numEnd] == '两') {
					numEnd++
				}
				found := itoa(len(sec.Points))
				if !isDigit(rs[s]) {
					found = hanNumeral(len(sec.Points))
					if found == "二" && numEnd < e && isMeasure(rs[numEnd]) {
						found = "两" // 两个方面, not 二个方面
					}
				}
				a.finding(qinglian.Finding{
					Rule:       "structure.count-mismatch",
					Severity:   qinglian.Warning,
					Paragraph:  pi + 1,
					Start:      s,
					End:        e,
					Text:       text,
					Suggestion: found + string(rs[numEnd:e]),
					Message:    fmt.Sprintf("声明“%s”，但随后列出%d点", text, len(sec.Points)),
					Reason:     reasonCount,
				})
			}
			return
		}
	}
}

// countAt reads "3点", "三个方面", "四条" at rs[j] when the word before it
// announces a count (有, 以下, 下列, 在, 为, 出). It returns the number and
// the span of number and unit.
func countAt(rs []rune, j int) (n, start, end int, ok bool) {
	if j == 0 {
		return 0, 0, 0, false
	}
	switch rs[j-1] {
	case '有', '下', '列', '在', '为', '出':
	default:
		return 0, 0, 0, false
	}
	var k int
	switch {
	case isDigit(rs[j]):
		n, k = arabicNumber(rs[j:])
	case rs[j] == '两':
		n, k = 2, 1
	default:
		n, k = hanNumber(rs[j:])
	}
	if k == 0 || n == 0 {
		return 0, 0, 0, false
	}
	i := j + k
	if i < len(rs) && rs[i] == '个' {
		i++
	}
	for _, unit := range countUnits {
		if hasRunes(rs[i:], unit) {
			return n, j, i + len(unit), true
		}
	}
	return 0, 0, 0, false
}

var countUnits = [][]rune{[]rune("方面"), []rune("点"), []rune("条"), []rune("项"), []rune("问题"), []rune("不足"), []rune("短板"), []rune("差距")}

func hasRunes(rs, p []rune) bool {
	if len(rs) < len(p) {
		return false
	}
	for i := range p {
		if rs[i] != p[i] {
			return false
		}
	}
	return true
}

func (a *analysis) finding(f qinglian.Finding) {
	f.Category = qinglian.Structure
	a.out.Findings = append(a.out.Findings, f)
}

// isMeasure reports whether r is a measure word after which 两 replaces 二.
func isMeasure(r rune) bool {
	switch r {
	case '个', '点', '条', '项', '类', '种', '方', '件':
		return true
	}
	return false
}
