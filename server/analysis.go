package server

import (
	"context"
	"strings"
	"sync"

	"qinglian"
	"qinglian/check/structure"
	"qinglian/input"
	"qinglian/render"
	"qinglian/review"
)

// documentOf turns a saved version back into the document the engine
// reads. An uploaded file is read again from its bytes, so headings and
// line numbers are the file's own, as `qinglian check` shows them; text
// written in the browser is one paragraph per non-empty line. Every page
// that numbers paragraphs (findings, comments, diff) goes through here, so
// paragraph N is the same paragraph everywhere.
func documentOf(v *qinglian.Version) *qinglian.Document {
	if len(v.Content) > 0 && v.FileName != "" {
		if d, err := input.Read(v.FileName, v.Content); err == nil {
			return d
		}
	}
	return textDocument("网页填写", v.Body)
}

// textDocument builds a document from typed text: one paragraph per
// non-empty line, Line its line number, Column 1.
func textDocument(name, body string) *qinglian.Document {
	d := &qinglian.Document{Name: name, Format: "web"}
	for i, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r\u3000")
		if strings.TrimSpace(line) == "" {
			continue
		}
		d.Paragraphs = append(d.Paragraphs, qinglian.Paragraph{Text: line, Line: i + 1, Column: 1})
	}
	return d
}

// analysis is a reviewed version, ready for a page.
type analysis struct {
	Doc        *qinglian.Document
	Result     *review.Result
	Paragraphs []paragraphView
	Quantities []string
}

// paragraphView is one paragraph with its findings split into runs for
// inline highlighting, and the comments anchored to it.
type paragraphView struct {
	N        int // 1-based, as Finding.Paragraph and Comment.Paragraph
	Line     int
	Heading  bool
	Text     string
	Segments []render.Segment
	Comments []*qinglian.Comment
}

// reviewCache keeps the analyses of recent versions: versions never change,
// so a version is reviewed once however often its page is opened.
type reviewCache struct {
	mu    sync.Mutex
	max   int
	items map[versionKey]*analysis
	order []versionKey
}

// versionKey names a version: versions are never changed once saved.
type versionKey struct {
	report int64
	number int
}

func newReviewCache(max int) *reviewCache {
	return &reviewCache{max: max, items: map[versionKey]*analysis{}}
}

// clear forgets every analysis: a campaign's template changed, and the
// findings of its reports with it.
func (c *reviewCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items, c.order = map[versionKey]*analysis{}, nil
}

func (c *reviewCache) get(k versionKey) *analysis {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// analyseVersion returns the analysis of version n of a report, reading the
// version only when it is not cached: a published page read a thousand
// times fetches its text once.
func (s *Server) analyseVersion(ctx context.Context, reportID int64, n int) (*analysis, error) {
	if a := s.reviews.get(versionKey{reportID, n}); a != nil {
		return a, nil
	}
	v, err := s.store.FindVersion(ctx, reportID, n)
	if err != nil {
		return nil, err
	}
	rep, err := s.store.FindReportByID(ctx, reportID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCampaignByID(ctx, rep.CampaignID)
	if err != nil {
		return nil, err
	}
	return s.analyse(v, c), nil
}

// campaignOptions returns the review options of a campaign: its own
// required-content template, when it set one. Templates are parsed once and
// kept by their text; the form refused a template that does not parse, so a
// failure here (a template edited in the database) falls back to the
// built-in one and is logged.
func (s *Server) campaignOptions(c *qinglian.Campaign) review.Options {
	if c == nil || strings.TrimSpace(c.Template) == "" {
		return review.Options{}
	}
	s.templatesMu.Lock()
	defer s.templatesMu.Unlock()
	t, ok := s.templates[c.Template]
	if !ok {
		var err error
		if t, err = structure.ParseTemplate(strings.NewReader(c.Template)); err != nil {
			s.log.Error("campaign template does not parse; using the built-in one", "campaign", c.ID, "err", err)
			t = nil
		}
		s.templates[c.Template] = t
	}
	if t == nil {
		return review.Options{}
	}
	return review.Options{Template: t, TemplateName: "活动自定义模板"}
}

// analyse reviews v, a version of a report in campaign c (or returns the
// cached review of it).
func (s *Server) analyse(v *qinglian.Version, camp *qinglian.Campaign) *analysis {
	c := s.reviews
	key := versionKey{v.ReportID, v.Number}
	if a := c.get(key); a != nil {
		return a
	}
	d := documentOf(v)
	res := s.engine.Review(d, s.campaignOptions(camp))
	a := &analysis{Doc: d, Result: res}
	byPara := map[int][]int{}
	for i, f := range res.Findings {
		byPara[f.Paragraph] = append(byPara[f.Paragraph], i)
	}
	headings := map[int]bool{}
	for _, sec := range res.Sections {
		if sec.Start.Offset == 0 && sec.Kind != qinglian.Preamble {
			headings[sec.Start.Paragraph] = true
		}
	}
	for i, p := range d.Paragraphs {
		a.Paragraphs = append(a.Paragraphs, paragraphView{
			N: i + 1, Line: p.Line, Text: p.Text,
			Heading:  headings[i+1] || p.Level > 0,
			Segments: render.Segments(p.Text, res.Findings, byPara[i+1]),
		})
	}
	for _, f := range res.Facts {
		if f.Kind == qinglian.Quantity {
			a.Quantities = append(a.Quantities, f.Text)
		}
	}
	c.mu.Lock()
	if _, ok := c.items[key]; !ok {
		if len(c.order) >= c.max {
			delete(c.items, c.order[0])
			c.order = c.order[1:]
		}
		c.items[key] = a
		c.order = append(c.order, key)
	}
	c.mu.Unlock()
	return a
}

// withComments returns the paragraphs with the comments made on this
// version attached; comments on the report as a whole (paragraph 0) or on
// paragraphs this version lacks are returned apart.
func (a *analysis) withComments(version int, comments []*qinglian.Comment) ([]paragraphView, []*qinglian.Comment) {
	ps := make([]paragraphView, len(a.Paragraphs))
	copy(ps, a.Paragraphs)
	var general []*qinglian.Comment
	for _, c := range comments {
		if c.Version == version && c.Paragraph >= 1 && c.Paragraph <= len(ps) {
			ps[c.Paragraph-1].Comments = append(ps[c.Paragraph-1].Comments, c)
		} else if c.Version == version {
			general = append(general, c)
		}
	}
	return ps, general
}
