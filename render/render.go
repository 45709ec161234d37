// Package render writes a review.Result for people and programs: terminal
// text grouped by section, JSON, JSON Lines for batch proofreading, and one
// self-contained HTML page.
package render

import (
	"encoding/json"
	"io"

	"qinglian"
	"qinglian/review"
)

// JSON writes r as one indented JSON document followed by a newline. The
// schema is named by r.Schema and described in docs/json-schema.md.
func JSON(w io.Writer, r *review.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// LineResult is the JSON Lines record for one input line in --lines mode.
type LineResult struct {
	Schema   string             `json:"schema"`
	Line     int                `json:"line"` // 1-based input line
	Findings []qinglian.Finding `json:"findings"`
}

// LinesEncoder writes one compact JSON object per input line.
type LinesEncoder struct{ enc *json.Encoder }

// NewLinesEncoder returns an encoder writing to w.
func NewLinesEncoder(w io.Writer) *LinesEncoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &LinesEncoder{enc: enc}
}

// Encode writes the record for line n (1-based).
func (e *LinesEncoder) Encode(n int, fs []qinglian.Finding) error {
	if fs == nil {
		fs = []qinglian.Finding{}
	}
	return e.enc.Encode(LineResult{Schema: review.Schema, Line: n, Findings: fs})
}

// JSONLine writes r as one compact JSON object on one line.
func JSONLine(w io.Writer, r *review.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// LinesReport is the JSON form of a --lines run with --format json: every
// finding of the file, Line being the input line.
type LinesReport struct {
	Schema   string             `json:"schema"`
	Name     string             `json:"name"`
	Findings []qinglian.Finding `json:"findings"`
}

// JSONFindings writes the findings of a --lines run as one JSON document.
func JSONFindings(w io.Writer, name string, fs []qinglian.Finding) error {
	if fs == nil {
		fs = []qinglian.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(LinesReport{Schema: review.Schema, Name: name, Findings: fs})
}
