package review

import (
	"fmt"
	"io/fs"
	"unicode/utf8"

	"qinglian"
	"qinglian/check/confusion"
	"qinglian/check/facts"
	"qinglian/check/formulation"
	"qinglian/check/numeral"
	"qinglian/check/placeholder"
	"qinglian/check/privacy"
	"qinglian/check/punct"
	"qinglian/check/spell"
	"qinglian/check/structure"
	"qinglian/lexicon"
)

// Config chooses the knowledge the engine reads.
type Config struct {
	// Lexicon holds the data files; nil means the embedded lexicon.
	Lexicon fs.FS
	// Template is the required-content template; nil means the one named
	// "template.txt" in Lexicon.
	Template *structure.Template
	// TemplateName names Template in results, e.g. its file name.
	TemplateName string
}

// Engine reviews documents. It is safe for concurrent use: all its state is
// read-only after New.
type Engine struct {
	template     *structure.Template
	templateName string
	facts        *facts.Extractor
	formulation  *formulation.Checker
	confusion    *confusion.Checker
	detector     *spell.Detector
	placeholder  *placeholder.Checker
	checks       []paragraphCheck
}

// paragraphCheck is a check that reads one paragraph on its own.
type paragraphCheck struct {
	category qinglian.Category
	check    func(text string) []qinglian.Finding
}

// New loads the lexicon and template. Its errors name the file at fault.
func New(cfg Config) (*Engine, error) {
	lex := cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	e := &Engine{template: cfg.Template, templateName: cfg.TemplateName}
	var err error
	if e.template == nil {
		e.templateName = "default: " + structure.TemplateFile
		if e.template, err = structure.DefaultTemplate(lex); err != nil {
			return nil, fmt.Errorf("template: %w", err)
		}
	}
	if e.facts, err = facts.Load(lex); err != nil {
		return nil, fmt.Errorf("stock phrases: %w", err)
	}
	if e.formulation, err = formulation.Load(lex); err != nil {
		return nil, fmt.Errorf("formulations: %w", err)
	}
	if e.confusion, err = confusion.Load(lex); err != nil {
		return nil, fmt.Errorf("confusion list: %w", err)
	}
	if e.detector, err = spell.Load(lex); err != nil {
		return nil, fmt.Errorf("spelling detector: %w", err)
	}
	if e.placeholder, err = placeholder.New(lex); err != nil {
		return nil, fmt.Errorf("placeholders: %w", err)
	}
	e.checks = []paragraphCheck{
		{qinglian.Spelling, e.spelling},
		{qinglian.Formulation, e.formulation.Check},
		{qinglian.Punctuation, punct.Check},
		{qinglian.Numeral, numeral.Check},
		{qinglian.Placeholder, e.placeholder.Check},
		{qinglian.Privacy, privacy.Check},
	}
	return e, nil
}

// spelling joins the curated confusion list and the general detector. Where
// both see the same characters the curated entry wins: it carries a named
// source and an exact correction.
func (e *Engine) spelling(text string) []qinglian.Finding {
	out := e.confusion.Check(text)
	curated := len(out)
	for _, f := range e.detector.Check(text) {
		overlaps := false
		for _, g := range out[:curated] {
			if g.Start < f.End && f.Start < g.End {
				overlaps = true
				break
			}
		}
		if !overlaps {
			out = append(out, f)
		}
	}
	return out
}

// ReviewLine checks one line as an independent text: every paragraph-level
// check, no structure or facts. Offsets are runes within text; Paragraph,
// Line and Column are left for the caller.
func (e *Engine) ReviewLine(text string, opt Options) []qinglian.Finding {
	var out []qinglian.Finding
	for _, c := range e.checks {
		if opt.wants(c.category) {
			out = append(out, c.check(text)...)
		}
	}
	sortFindings(out)
	out = dedupe(out)
	for i := range out {
		out[i].Column = out[i].Start + 1
	}
	return out
}

// Review checks a whole document.
func (e *Engine) Review(d *qinglian.Document, opt Options) *Result {
	r := &Result{
		Schema: Schema,
		Document: DocumentInfo{
			Name:       d.Name,
			Format:     d.Format,
			Encoding:   d.Encoding,
			Paragraphs: len(d.Paragraphs),
		},
		Template: e.templateName,
		Sections: []qinglian.Section{},
		Coverage: []qinglian.AreaCoverage{},
		Facts:    []qinglian.Fact{},
	}
	for _, p := range d.Paragraphs {
		r.Document.Chars += utf8.RuneCountInString(p.Text)
	}
	var findings []qinglian.Finding
	tpl := e.template
	if opt.Template != nil {
		tpl, r.Template = opt.Template, opt.TemplateName
	}
	if opt.wants(qinglian.Structure) || opt.wants(qinglian.Facts) {
		o := structure.Analyze(d, tpl)
		if opt.wants(qinglian.Facts) {
			facts, ff := e.facts.Analyze(d, o)
			r.Facts = append(r.Facts, facts...)
			findings = append(findings, ff...)
		}
		r.Sections = append(r.Sections, o.Sections...)
		r.Coverage = append(r.Coverage, o.Coverage...)
		sc := o.Shortcomings
		r.Shortcomings = &sc
		if opt.wants(qinglian.Structure) {
			findings = append(findings, o.Findings...)
		}
	}
	for i, p := range d.Paragraphs {
		for _, c := range e.checks {
			if !opt.wants(c.category) {
				continue
			}
			for _, f := range c.check(p.Text) {
				f.Paragraph = i + 1
				findings = append(findings, f)
			}
		}
	}
	base := paragraphBases(d)
	for i := range findings {
		locate(d, &findings[i], base)
	}
	sortFindings(findings)
	findings = dedupe(findings)
	if findings == nil {
		findings = []qinglian.Finding{}
	}
	r.Findings = findings
	r.Summary = Summarize(findings)
	return r
}
