package render

import (
	"embed"
	"html/template"
	"io"
	"slices"
	"strings"

	"qinglian"
	"qinglian/review"
)

//go:embed templates/report.html
var templateFS embed.FS

var reportPage = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"severityClass": func(s qinglian.Severity) string { return s.String() },
	"sevName":       func(s qinglian.Severity) string { return s.Chinese() },
	"catName":       func(c qinglian.Category) string { return c.Chinese() },
	"sectionShort":  sectionShort,
	"inc":           func(i int) int { return i + 1 },
}).ParseFS(templateFS, "templates/report.html"))

// Segment is a run of paragraph text covered by the same findings.
type Segment struct {
	Text     string
	Findings []SegmentRef
	Class    string
	Title    string
}

// SegmentRef links a highlighted run to a numbered finding; the run where the
// finding starts carries the anchor the list links back to.
type SegmentRef struct {
	N     int // 1-based, as listed on the page
	First bool
}

type htmlParagraph struct {
	Line     int
	Heading  bool
	Segments []Segment
}

type htmlPage struct {
	R          *review.Result
	Paragraphs []htmlParagraph
	Quantities []string
	Titles     []string
}

// HTML writes one self-contained page: the report with findings highlighted
// inline and numbered, then a summary of coverage, facts and every finding.
// It loads nothing from outside: styles are inline and there is no script.
func HTML(w io.Writer, d *qinglian.Document, r *review.Result) error {
	page := htmlPage{R: r}
	byPara := map[int][]int{}
	for i, f := range r.Findings {
		byPara[f.Paragraph] = append(byPara[f.Paragraph], i)
	}
	headings := map[int]bool{}
	for _, s := range r.Sections {
		if s.Start.Offset == 0 && s.Kind != qinglian.Preamble {
			headings[s.Start.Paragraph] = true
		}
	}
	for i, p := range d.Paragraphs {
		page.Paragraphs = append(page.Paragraphs, htmlParagraph{
			Line:     p.Line,
			Heading:  headings[i+1] || p.Level > 0,
			Segments: Segments(p.Text, r.Findings, byPara[i+1]),
		})
	}
	for _, f := range r.Facts {
		switch f.Kind {
		case qinglian.Quantity:
			page.Quantities = append(page.Quantities, f.Text)
		case qinglian.Title:
			page.Titles = append(page.Titles, f.Text)
		}
	}
	return reportPage.Execute(w, page)
}

// Segments splits a paragraph's text at every boundary of the findings
// all[idx...] so overlapping findings each stay visible; a run covered by
// several findings takes the class of the most severe. The web pages use it
// to highlight findings inline, as the HTML report does.
func Segments(text string, all []qinglian.Finding, idx []int) []Segment {
	rs := []rune(text)
	cuts := []int{0, len(rs)}
	for _, i := range idx {
		f := all[i]
		cuts = append(cuts, clamp(f.Start, len(rs)), clamp(f.End, len(rs)))
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []Segment
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		seg := Segment{Text: string(rs[a:b])}
		var worst qinglian.Severity
		var titles []string
		for _, i := range idx {
			f := all[i]
			if f.Start <= a && b <= f.End && f.End > f.Start {
				seg.Findings = append(seg.Findings, SegmentRef{N: i + 1, First: f.Start == a})
				worst = max(worst, f.Severity)
				titles = append(titles, f.Message)
			}
		}
		if len(seg.Findings) > 0 {
			seg.Class = worst.String()
			seg.Title = strings.Join(titles, "；")
		}
		out = append(out, seg)
	}
	return out
}

func clamp(i, n int) int { return min(max(i, 0), n) }
