// Package review is the report review engine (智能审读): it reads a Document
// and returns what a seasoned reviewer would note — the outline and required
// content, concrete facts against empty formulas, wrong characters, standard
// formulations, punctuation, numerals, left-over placeholders and personal
// data. It knows nothing of storage or HTTP: the CLI, the server and batch
// jobs all call Engine.Review.
package review

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"qinglian"
	"qinglian/check/structure"
)

// Schema names the version of the JSON form of Result. It changes when a
// field is removed or its meaning changes; new fields may appear within a
// version.
const Schema = "qinglian.review/1"

// Result is everything the engine found in one document.
type Result struct {
	Schema       string                       `json:"schema"`
	Document     DocumentInfo                 `json:"document"`
	Template     string                       `json:"template,omitempty"`
	Sections     []qinglian.Section           `json:"sections"`
	Coverage     []qinglian.AreaCoverage      `json:"coverage"`
	Facts        []qinglian.Fact              `json:"facts"`
	Shortcomings *qinglian.ShortcomingSummary `json:"shortcomings,omitempty"`
	Findings     []qinglian.Finding           `json:"findings"`
	Summary      Summary                      `json:"summary"`
}

// DocumentInfo describes the input.
type DocumentInfo struct {
	Name       string `json:"name"`
	Format     string `json:"format"`
	Encoding   string `json:"encoding,omitempty"`
	Paragraphs int    `json:"paragraphs"`
	Chars      int    `json:"chars"` // runes over all paragraphs
}

// Summary counts findings by severity and by category.
type Summary struct {
	Errors     int                       `json:"errors"`
	Warnings   int                       `json:"warnings"`
	Infos      int                       `json:"infos"`
	ByCategory map[qinglian.Category]int `json:"by_category"`
}

// Options restrict one run.
type Options struct {
	// Only lists the categories to check; empty means all.
	Only []qinglian.Category
	// Template replaces the engine's required-content template for this
	// run: a campaign may set its own. TemplateName names it in the result.
	Template     *structure.Template
	TemplateName string
}

func (o Options) wants(c qinglian.Category) bool {
	return len(o.Only) == 0 || slices.Contains(o.Only, c)
}

// HasErrors reports whether any finding is at error level.
func (r *Result) HasErrors() bool { return r.Summary.Errors > 0 }

// locate fills Paragraph-relative findings with their line, column and
// document offset. p is 1-based.
func locate(d *qinglian.Document, f *qinglian.Finding, base []int) {
	if f.Paragraph < 1 || f.Paragraph > len(d.Paragraphs) {
		return
	}
	para := d.Paragraphs[f.Paragraph-1]
	f.Line = para.Line
	col := para.Column
	if col < 1 {
		col = 1
	}
	// Runes that Word generates (automatic numbering) are not in the
	// source: a finding inside them points at the paragraph's first column.
	f.Column = col + max(0, f.Start-para.Generated)
	f.Offset = base[f.Paragraph-1] + f.Start
}

// paragraphBases returns, for each paragraph, the rune offset of its first
// rune in Document.Text().
func paragraphBases(d *qinglian.Document) []int {
	base := make([]int, len(d.Paragraphs))
	n := 0
	for i, p := range d.Paragraphs {
		base[i] = n
		n += utf8.RuneCountInString(p.Text) + 1
	}
	return base
}

// sortFindings orders findings by position, then severity (errors first),
// then rule, so output is stable.
func sortFindings(fs []qinglian.Finding) {
	slices.SortStableFunc(fs, func(a, b qinglian.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Paragraph, b.Paragraph),
			cmp.Compare(a.Start, b.Start),
			-cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.End, b.End),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
}

// dedupe drops a finding whose category, span and suggestion equal an
// earlier one's, so two rules that see the same thing are read once. Empty
// spans are about the whole document (one per missing area) and all stay.
// Findings must be sorted.
func dedupe(fs []qinglian.Finding) []qinglian.Finding {
	out := fs[:0]
	for _, f := range fs {
		dup := false
		for j := len(out) - 1; j >= 0 && out[j].Paragraph == f.Paragraph && out[j].Start == f.Start; j-- {
			if out[j].Category == f.Category && out[j].End == f.End && f.End > f.Start && out[j].Suggestion == f.Suggestion {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// Summarize counts findings by severity and category.
func Summarize(fs []qinglian.Finding) Summary {
	s := Summary{ByCategory: map[qinglian.Category]int{}}
	for _, f := range fs {
		switch f.Severity {
		case qinglian.Error:
			s.Errors++
		case qinglian.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
		s.ByCategory[f.Category]++
	}
	return s
}
