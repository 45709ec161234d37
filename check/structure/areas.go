package structure

import (
	"fmt"
	"strings"

	"qinglian"
)

// checkNumbering reports numbered headings out of order (一、 then 三、) and
// levels that skip one (一、 then 1. with no （一） between), once per parent.
func (a *analysis) checkNumbering(cands []cut) {
	var expected, open [6]int
	for _, c := range cands {
		if !c.numbered {
			continue
		}
		L := c.head.Level
		for l := L + 1; l < len(expected); l++ {
			expected[l], open[l] = 0, 0
		}
		want := expected[L] + 1
		numRunes := len([]rune(c.head.Numbering))
		if c.head.Number != want {
			sugg := c.head.numbering(want)
			a.finding(qinglian.Finding{
				Rule:       "structure.numbering-order",
				Severity:   qinglian.Info,
				Paragraph:  c.para + 1,
				Start:      0,
				End:        numRunes,
				Text:       c.head.Numbering,
				Suggestion: sugg,
				Message:    fmt.Sprintf("标题序号不连续：此处应为“%s”", sugg),
				Reason:     reasonLevels,
			})
		}
		expected[L] = c.head.Number
		if L > a.top && open[L-1] == 0 && open[L] == 0 {
			a.finding(qinglian.Finding{
				Rule:      "structure.level-skip",
				Severity:  qinglian.Info,
				Paragraph: c.para + 1,
				Start:     0,
				End:       numRunes,
				Text:      c.head.Numbering,
				Message:   fmt.Sprintf("层次序数跳级：“%s”之上缺少%s一级", c.head.Numbering, levelExample[L-1]),
				Reason:    reasonLevels,
			})
		}
		open[L] = 1
	}
}

var levelExample = [...]string{"", "“一、”", "“（一）”", "“1.”", "“（1）”", ""}

// mapAreas decides which content areas each body section covers: a keyword
// in the heading weighs three, each different keyword in the body one, and
// a score of three covers the area. So "四、推进党风廉政建设和反腐败工作以及执行
// 廉洁纪律方面" covers two areas by its heading alone, while a body that only
// mentions 廉洁用权 once in passing does not cover 执行廉洁纪律.
func (a *analysis) mapAreas() {
	nkw := len(a.t.areaOf)
	head := make([]bool, nkw)
	body := make([]bool, nkw)
	score := make([]int, len(a.t.Areas))
	for s := range a.out.Sections {
		sec := &a.out.Sections[s]
		if sec.Kind != qinglian.Body {
			continue
		}
		c := a.cuts[s]
		clear(head)
		clear(body)
		clear(score)
		rs := a.rs[c.para]
		hs := c.off
		if c.numbered {
			hs += c.head.Len
		}
		he := max(hs, min(c.headEnd, len(rs)))
		a.t.areaWords.Each(rs[hs:he], func(id, _, _ int) { head[id] = true })
		for pi := c.para; pi < sec.End.Paragraph && pi < len(a.rs); pi++ {
			prs := a.rs[pi]
			from, to := 0, len(prs)
			if pi == c.para {
				from = he
			}
			if pi == sec.End.Paragraph-1 {
				to = min(sec.End.Offset, len(prs))
			}
			if from < to {
				a.t.areaWords.Each(prs[from:to], func(id, _, _ int) { body[id] = true })
			}
		}
		for kw, area := range a.t.areaOf {
			if head[kw] {
				score[area] += 3
			}
			if body[kw] {
				score[area]++
			}
		}
		for i, ar := range a.t.Areas {
			if ar.Kind == qinglian.Body && score[i] >= 3 {
				sec.Areas = append(sec.Areas, ar.ID)
			}
		}
	}
}

// summarise fills coverage, the shortcomings summary and the findings for
// missing parts.
func (a *analysis) summarise() {
	out := a.out
	for i := range out.Sections {
		if out.Sections[i].Kind == qinglian.Shortcomings {
			sec := out.Sections[i]
			out.Shortcomings = qinglian.ShortcomingSummary{
				Section:  i,
				Declared: sec.Declared,
				Found:    len(sec.Points),
				Items:    append([]qinglian.Point(nil), sec.Points...),
			}
			break
		}
	}
	for _, ar := range a.t.Areas {
		cov := qinglian.AreaCoverage{ID: ar.ID, Name: ar.Name, Source: ar.Source, Required: ar.Required}
		for i, sec := range out.Sections {
			if ar.Kind == qinglian.Body && contains(sec.Areas, ar.ID) || ar.Kind != qinglian.Body && a.coversPart(sec, ar.Kind) {
				cov.Sections = append(cov.Sections, i)
			}
		}
		cov.Covered = len(cov.Sections) > 0
		out.Coverage = append(out.Coverage, cov)
		if cov.Covered || !ar.Required || len(a.rs) == 0 {
			continue
		}
		f := qinglian.Finding{
			Severity:  qinglian.Warning,
			Paragraph: 1,
			Reason:    fmt.Sprintf("%s：述责述廉报告应包括“%s”。", firstClause(ar.Source), ar.Name),
		}
		switch ar.Kind {
		case qinglian.Body:
			f.Rule = "structure.missing-area"
			f.Message = fmt.Sprintf("缺少必备内容：未找到“%s”方面的情况", ar.Name)
		case qinglian.Shortcomings:
			f.Rule = "structure.missing-shortcomings"
			f.Message = fmt.Sprintf("缺少“%s”部分：报告没有查摆自身问题", ar.Name)
		case qinglian.NextSteps:
			f.Rule = "structure.missing-nextsteps"
			f.Message = fmt.Sprintf("缺少“%s”部分：报告没有提出改进措施", ar.Name)
		}
		a.finding(f)
	}
}

func firstClause(s string) string {
	if i := strings.Index(s, "；"); i >= 0 {
		return s[:i]
	}
	return s
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// coversPart reports whether a section is the part k, or a part whose
// heading also names k: "五、存在的问题及下一步打算" covers both.
func (a *analysis) coversPart(sec qinglian.Section, k qinglian.SectionKind) bool {
	if sec.Kind == k {
		return true
	}
	if sec.Kind != qinglian.Shortcomings && sec.Kind != qinglian.NextSteps {
		return false
	}
	found := false
	a.t.partWords.Each([]rune(sec.Title), func(id, _, _ int) {
		found = found || a.t.Areas[id].Kind == k
	})
	return found
}
