// Package qinglian holds the domain types shared by the review engine, its
// checks, the renderers and the command line: a Document read from a file,
// the Findings the checks make on it, and the outline of the report.
//
// The analysis packages depend on this package and on nothing that stores
// data or speaks HTTP, so the CLI, the server and batch jobs run one engine.
package qinglian

import (
	"fmt"
	"strings"
)

// Severity says how much a finding matters. The zero value is Info.
type Severity uint8

const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// Chinese returns the severity's name for the Chinese UI.
func (s Severity) Chinese() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	}
	return "提示"
}

// MarshalText writes the severity as "info", "warning" or "error".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "info", "warning" or "error".
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", b)
}

// Category is one of a fixed, documented set of finding kinds.
type Category string

const (
	Structure   Category = "structure"   // sections, required content, declared counts
	Facts       Category = "facts"       // concrete facts against empty formulas
	Spelling    Category = "spelling"    // wrong characters and words
	Formulation Category = "formulation" // standard political formulations (规范提法)
	Punctuation Category = "punctuation" // GB/T 15834-2011
	Numeral     Category = "numeral"     // GB/T 15835-2011
	Placeholder Category = "placeholder" // left-over template placeholders
	Privacy     Category = "privacy"     // personal data that must not be published
)

// Categories lists every category in the order reports show them.
var Categories = []Category{Structure, Facts, Spelling, Formulation, Punctuation, Numeral, Placeholder, Privacy}

// Chinese returns the category's name for the Chinese UI.
func (c Category) Chinese() string {
	switch c {
	case Structure:
		return "结构与必备内容"
	case Facts:
		return "实绩与空话套话"
	case Spelling:
		return "错别字"
	case Formulation:
		return "规范提法"
	case Punctuation:
		return "标点符号"
	case Numeral:
		return "数字用法"
	case Placeholder:
		return "模板残留"
	case Privacy:
		return "个人信息"
	}
	return string(c)
}

// ParseCategories reads a comma-separated list such as "spelling,punctuation".
func ParseCategories(s string) ([]Category, error) {
	var out []Category
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		ok := false
		for _, c := range Categories {
			if string(c) == f {
				out = append(out, c)
				ok = true
				break
			}
		}
		if !ok {
			names := make([]string, len(Categories))
			for i, c := range Categories {
				names[i] = string(c)
			}
			return nil, fmt.Errorf("unknown category %q (known: %s)", f, strings.Join(names, ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no category given")
	}
	return out, nil
}

// Finding is one thing a check noticed. Paragraph, Start and End are filled by
// the check; Line, Column and Offset are filled by the engine from the
// Document, so a check only needs to know the paragraph text.
type Finding struct {
	Rule       string   `json:"rule"`     // stable rule id, e.g. "punct.double-end"
	Category   Category `json:"category"` // one of Categories
	Severity   Severity `json:"severity"`
	Paragraph  int      `json:"paragraph"` // 1-based index into Document.Paragraphs
	Line       int      `json:"line"`      // 1-based line in the source (paragraph number for .docx)
	Column     int      `json:"column"`    // 1-based column in runes within that line
	Start      int      `json:"start"`     // rune offset of the span within the paragraph text
	End        int      `json:"end"`       // rune offset just past the span
	Offset     int      `json:"offset"`    // rune offset of Start in Document.Text()
	Text       string   `json:"text"`      // the offending text, exactly as in the paragraph
	Suggestion string   `json:"suggestion,omitempty"`
	Message    string   `json:"message"` // what is wrong, in Chinese
	Reason     string   `json:"reason"`  // why: the rule and its source, one sentence
}

// Paragraph is one unit of text: a line of a text file, a paragraph or table
// cell of a .docx, a block of Markdown.
type Paragraph struct {
	Text string // without line ending
	// Line is the 1-based line of the source where Text starts; for .docx it
	// is the paragraph number counted over the body.
	Line int
	// Column is the 1-based rune column in that line where Text starts (a
	// Markdown heading's "# " is not part of Text).
	Column int
	// Generated counts leading runes of Text that are not in the source:
	// numbering that Word produces automatically, such as "一、".
	Generated int
	// Level is a heading level the source declares (Word heading style,
	// outline level, Markdown #); 0 if none. Checks still read the text.
	Level int
	// InTable marks text from a table cell.
	InTable bool
}

// Document is a report as read from a file, ready to check.
type Document struct {
	Name       string // file name as given, "-" for standard input
	Format     string // "text", "markdown" or "docx"
	Encoding   string // "UTF-8", "UTF-8 BOM", "GB18030"; empty for .docx
	Paragraphs []Paragraph
}

// Text joins the paragraphs with "\n"; Finding.Offset counts runes in it.
func (d *Document) Text() string {
	var b strings.Builder
	for i, p := range d.Paragraphs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// Position is a place in a Document: a 1-based paragraph and a rune offset
// within its text.
type Position struct {
	Paragraph int `json:"paragraph"`
	Offset    int `json:"offset"`
}
