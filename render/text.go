package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"qinglian"
	"qinglian/review"
)

// TextOptions control the terminal report.
type TextOptions struct {
	Color bool // ANSI colours; only when writing to a terminal
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[36m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
)

type textWriter struct {
	w     io.Writer
	color bool
	err   error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

func (t *textWriter) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s qinglian.Severity) string {
	switch s {
	case qinglian.Error:
		return ansiRed
	case qinglian.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// Text writes the report for people: findings grouped by section, each with
// line:column, an excerpt with the span marked, the suggestion and the
// reason; then required-content coverage, facts and the totals.
func Text(w io.Writer, d *qinglian.Document, r *review.Result, o TextOptions) error {
	t := &textWriter{w: w, color: o.Color}
	t.printf("%s  %s\n", t.paint(ansiBold, r.Document.Name), docLine(r))

	groups := groupBySection(r)
	for _, g := range groups {
		if len(g.findings) == 0 {
			continue
		}
		t.printf("\n%s\n", t.paint(ansiBold, "== "+g.title))
		for _, f := range g.findings {
			t.finding(d, f)
		}
	}
	t.outline(r)
	s := r.Summary
	t.printf("\n合计 total: %s %d, %s %d, %s %d\n",
		t.paint(ansiRed, "错误 errors"), s.Errors,
		t.paint(ansiYellow, "警告 warnings"), s.Warnings,
		t.paint(ansiCyan, "提示 info"), s.Infos)
	return t.err
}

func docLine(r *review.Result) string {
	parts := []string{r.Document.Format}
	if r.Document.Encoding != "" {
		parts = append(parts, r.Document.Encoding)
	}
	parts = append(parts, fmt.Sprintf("%d 段", r.Document.Paragraphs), fmt.Sprintf("%d 字", r.Document.Chars))
	return "(" + strings.Join(parts, ", ") + ")"
}

func (t *textWriter) finding(d *qinglian.Document, f qinglian.Finding) {
	sev := t.paint(severityColor(f.Severity), f.Severity.Chinese())
	t.printf("  %d:%d  %s  %s  %s  %s\n", f.Line, f.Column, sev, f.Category.Chinese(), f.Message, t.paint(ansiDim, f.Rule))
	if f.Paragraph >= 1 && f.Paragraph <= len(d.Paragraphs) && f.End > f.Start {
		before, span, after := excerpt(d.Paragraphs[f.Paragraph-1].Text, f.Start, f.End, 16)
		if t.color {
			t.printf("      %s%s%s\n", before, t.paint(severityColor(f.Severity)+"\x1b[4m", span), after)
		} else {
			// A caret line under the span, counting East Asian wide
			// characters as two columns, as a terminal shows them.
			t.printf("      %s%s%s\n", before, span, after)
			t.printf("      %s%s\n", strings.Repeat(" ", displayWidth(before)), strings.Repeat("^", max(1, displayWidth(span))))
		}
	}
	if f.Suggestion != "" {
		t.printf("      建议 suggestion: %s\n", f.Suggestion)
	}
	if f.Reason != "" {
		t.printf("      依据 reason: %s\n", t.paint(ansiDim, f.Reason))
	}
}

// excerpt cuts up to n runes of context on each side of [start,end).
func excerpt(text string, start, end, n int) (before, span, after string) {
	rs := []rune(text)
	start = min(max(start, 0), len(rs))
	end = min(max(end, start), len(rs))
	from := max(0, start-n)
	to := min(len(rs), end+n)
	before = string(rs[from:start])
	if from > 0 {
		before = "…" + before
	}
	span = string(rs[start:end])
	after = string(rs[end:to])
	if to < len(rs) {
		after += "…"
	}
	return before, span, after
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			if r == '…' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '·' || r == '—' {
				// Ambiguous width; Chinese terminals draw them wide.
				n += 2
			} else {
				n++
			}
		}
	}
	return n
}

type findingGroup struct {
	title    string
	findings []qinglian.Finding
}

// groupBySection puts each finding under the section that contains its
// start; findings about the whole document (an empty span at the very start,
// such as a missing required area) come first under 全文.
func groupBySection(r *review.Result) []findingGroup {
	groups := make([]findingGroup, len(r.Sections)+1)
	groups[0].title = "全文 whole document"
	for i, s := range r.Sections {
		groups[i+1].title = sectionLabel(s)
	}
	for _, f := range r.Findings {
		g := 0
		if f.End > f.Start || f.Paragraph > 1 {
			g = sectionOf(r.Sections, qinglian.Position{Paragraph: f.Paragraph, Offset: f.Start}) + 1
		}
		groups[g].findings = append(groups[g].findings, f)
	}
	return groups
}

func sectionLabel(s qinglian.Section) string {
	title := s.Title
	if utf8.RuneCountInString(title) > 30 {
		title = string([]rune(title)[:30]) + "…"
	}
	label := s.Numbering + title
	switch s.Kind {
	case qinglian.Preamble:
		label = "开头 preamble"
		if title != "" {
			label += "：" + title
		}
	case qinglian.Shortcomings, qinglian.NextSteps:
		if label == "" {
			label = string(s.Kind)
		}
	}
	return label
}

// sectionOf returns the index of the innermost section containing p, or -1.
// Sections are in document order and a nested section follows its parent,
// so the candidate is the last section starting at or before p; if p lies
// past its end, an enclosing section is further back. A binary search keeps
// a report of a whole organisation (hundreds of thousands of findings and
// sections) linear in practice.
func sectionOf(secs []qinglian.Section, p qinglian.Position) int {
	i := sort.Search(len(secs), func(i int) bool { return before(p, secs[i].Start) }) - 1
	for ; i >= 0; i-- {
		if before(p, secs[i].End) {
			return i
		}
		if secs[i].Level <= 1 {
			// A top-level section that ended before p: nothing earlier
			// can contain p.
			return -1
		}
	}
	return -1
}

func before(a, b qinglian.Position) bool {
	return a.Paragraph < b.Paragraph || a.Paragraph == b.Paragraph && a.Offset < b.Offset
}

func (t *textWriter) outline(r *review.Result) {
	if len(r.Coverage) > 0 {
		t.printf("\n%s\n", t.paint(ansiBold, "== 必备内容 required content"))
		for _, c := range r.Coverage {
			if c.Covered {
				var where []string
				for _, i := range c.Sections {
					if i >= 0 && i < len(r.Sections) {
						where = append(where, sectionShort(r.Sections[i]))
					}
				}
				t.printf("  %s %s — %s\n", t.paint(ansiCyan, "✓"), c.Name, strings.Join(where, "、"))
			} else {
				mark := "✗"
				if c.Required {
					mark = t.paint(ansiRed, mark)
				}
				t.printf("  %s %s — 未见 missing\n", mark, c.Name)
			}
		}
	}
	if len(r.Sections) > 0 {
		t.printf("\n%s\n", t.paint(ansiBold, "== 实绩 facts (per 1,000 characters)"))
		for _, s := range r.Sections {
			if s.Kind == qinglian.Preamble {
				continue
			}
			t.printf("  %s 事实 %d（%.1f/千字）  套话 %.0f/千字\n", pad(sectionShort(s), 18), s.Facts, s.FactsPerK, s.StockPerK)
		}
	}
	var shown []string
	for _, f := range r.Facts {
		if f.Kind == qinglian.Quantity {
			shown = append(shown, f.Text)
		}
	}
	if len(shown) > 0 {
		t.printf("  数量 quantities: %s\n", strings.Join(shown, "、"))
	}
	if sc := r.Shortcomings; sc != nil && sc.Section >= 0 {
		if sc.Declared > 0 {
			t.printf("  不足 shortcomings: 声明 declared %d，找到 found %d\n", sc.Declared, sc.Found)
		} else {
			t.printf("  不足 shortcomings: 找到 found %d\n", sc.Found)
		}
	}
}

// sectionShort names a section in a few characters: its number, or the
// first clause of its title.
func sectionShort(s qinglian.Section) string {
	if s.Numbering != "" {
		return strings.TrimRight(s.Numbering, "、．.")
	}
	t := []rune(s.Title)
	for i, r := range t {
		if r == '，' || r == '：' || r == '、' {
			t = t[:i]
			break
		}
	}
	if len(t) > 8 {
		t = t[:8]
	}
	return string(t)
}

// pad right-pads s with spaces to n terminal columns.
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-displayWidth(s)))
}

// TextLines writes the findings of a --lines run: each with line:column and
// an excerpt of its line.
func TextLines(w io.Writer, name string, lines []string, fs []qinglian.Finding, o TextOptions) error {
	t := &textWriter{w: w, color: o.Color}
	t.printf("%s  (%d 行 lines)\n", t.paint(ansiBold, name), len(lines))
	d := &qinglian.Document{Paragraphs: make([]qinglian.Paragraph, len(lines))}
	for i, l := range lines {
		d.Paragraphs[i] = qinglian.Paragraph{Text: l, Line: i + 1, Column: 1}
	}
	for _, f := range fs {
		f.Column = f.Start + 1
		t.finding(d, f)
	}
	s := review.Summarize(fs)
	t.printf("\n合计 total: 错误 errors %d, 警告 warnings %d, 提示 info %d\n", s.Errors, s.Warnings, s.Infos)
	return t.err
}
