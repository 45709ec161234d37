package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"qinglian"
	"qinglian/similar"
)

// yearlyView compares a report with the same person's reports of earlier
// years: shortcomings (不足) reported again, and whether last year's 下一步
// promises are followed up. Only earlier reports the viewer may read are
// compared.
type yearlyView struct {
	Compared  []int // the earlier years compared, ascending
	Repeats   []repeatView
	PrevYear  int // the year whose promises are checked; 0 if none
	FollowUps []followView
}

type repeatView struct {
	Item  string
	Years string // "2023年、2024年和2025年"
}

type followView struct {
	Promise  string
	Followed bool
	N        int    // the paragraph of the evidence, counted from 1
	Evidence string // the evidence span
}

// yearOverYear builds the comparison for the report of p shown as a; nil
// when there is no earlier report the viewer may read.
func (s *Server) yearOverYear(ctx context.Context, v *viewer, p *qinglian.Participant, c *qinglian.Campaign, a *analysis) (*yearlyView, error) {
	if v == nil || a == nil {
		return nil, nil
	}
	ps, err := s.store.ListParticipationsByUser(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	type earlier struct {
		year int
		a    *analysis
	}
	var es []earlier
	for _, q := range ps {
		if q.ReportID == 0 || q.ID == p.ID {
			continue
		}
		qc, err := s.store.FindCampaignByID(ctx, q.CampaignID)
		if err != nil {
			return nil, err
		}
		if qc.Year >= c.Year {
			continue
		}
		rel, err := s.relationTo(ctx, v, q, qc)
		if err != nil {
			return nil, err
		}
		if !rel.canRead() {
			continue
		}
		rep, err := s.store.FindReportByID(ctx, q.ReportID)
		if err != nil {
			return nil, err
		}
		qa, err := s.analyseVersion(ctx, rep.ID, rep.Latest)
		if err != nil {
			return nil, err
		}
		es = append(es, earlier{qc.Year, qa})
	}
	if len(es) == 0 {
		return nil, nil
	}
	slices.SortFunc(es, func(x, y earlier) int { return x.year - y.year })
	yv := &yearlyView{}
	var years []similar.YearText
	for _, e := range es {
		yv.Compared = append(yv.Compared, e.year)
		years = append(years, similar.YearText{Year: e.year, Items: sectionItems(e.a, qinglian.Shortcomings)})
	}
	for _, r := range similar.RepeatedShortcomings(sectionItems(a, qinglian.Shortcomings), years) {
		yv.Repeats = append(yv.Repeats, repeatView{Item: r.Item, Years: yearList(append(slices.Clone(r.Years), c.Year))})
	}
	last := es[len(es)-1]
	if promises := sectionItems(last.a, qinglian.NextSteps); len(promises) > 0 {
		yv.PrevYear = last.year
		paras := paragraphsOutside(a, qinglian.NextSteps)
		for _, f := range similar.FollowUps(promises, paras) {
			fv := followView{Promise: f.Promise, Followed: f.Followed}
			if f.Followed && f.Paragraph < len(paras) {
				rs := []rune(paras[f.Paragraph])
				if f.Start >= 0 && f.End <= len(rs) && f.Start < f.End {
					fv.Evidence = string(rs[f.Start:f.End])
				}
				fv.N = paragraphNumber(a, paras[f.Paragraph])
			}
			yv.FollowUps = append(yv.FollowUps, fv)
		}
	}
	return yv, nil
}

// yearList writes years the Chinese way: 2023年、2024年和2025年.
func yearList(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprintf("%d年", y)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], "、") + "和" + parts[len(parts)-1]
}

// sectionItems returns the enumerated items (一是…, （一）…) of every
// section of the kind, or the section's paragraphs after its heading when
// it enumerates nothing.
func sectionItems(a *analysis, kind qinglian.SectionKind) []string {
	if a == nil || a.Result == nil || a.Doc == nil {
		return nil
	}
	var out []string
	for _, sec := range a.Result.Sections {
		if sec.Kind != kind {
			continue
		}
		if len(sec.Points) > 0 {
			for _, pt := range sec.Points {
				if t := strings.TrimSpace(docSpan(a.Doc, pt.Start, pt.End)); t != "" {
					out = append(out, t)
				}
			}
			continue
		}
		for n := sec.Start.Paragraph + 1; n <= sec.End.Paragraph && n <= len(a.Doc.Paragraphs); n++ {
			if t := strings.TrimSpace(a.Doc.Paragraphs[n-1].Text); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// docSpan returns the text between two positions (1-based paragraphs, rune
// offsets), paragraphs joined by "\n".
func docSpan(d *qinglian.Document, from, to qinglian.Position) string {
	var b strings.Builder
	for n := max(from.Paragraph, 1); n <= to.Paragraph && n <= len(d.Paragraphs); n++ {
		rs := []rune(d.Paragraphs[n-1].Text)
		start, end := 0, len(rs)
		if n == from.Paragraph {
			start = min(max(from.Offset, 0), len(rs))
		}
		if n == to.Paragraph {
			end = min(max(to.Offset, start), len(rs))
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(string(rs[start:end]))
	}
	return b.String()
}

// paragraphsOutside returns the report's paragraphs not in a section of the
// kind: FollowUps reads the report without its own 下一步, so a promise
// merely repeated does not count as kept.
func paragraphsOutside(a *analysis, kind qinglian.SectionKind) []string {
	skip := map[int]bool{}
	for _, sec := range a.Result.Sections {
		if sec.Kind == kind {
			for n := sec.Start.Paragraph; n <= sec.End.Paragraph; n++ {
				skip[n] = true
			}
		}
	}
	var out []string
	for i, p := range a.Doc.Paragraphs {
		if !skip[i+1] {
			out = append(out, p.Text)
		}
	}
	return out
}

// paragraphNumber returns the 1-based number of the paragraph with that
// text, for the link to it.
func paragraphNumber(a *analysis, text string) int {
	for i, p := range a.Doc.Paragraphs {
		if p.Text == text {
			return i + 1
		}
	}
	return 0
}

// archiveYearly returns the year-over-year comparison of the newest report
// among parts that the viewer may read, for the integrity archive.
func (s *Server) archiveYearly(ctx context.Context, v *viewer, parts []myReport) (*yearlyView, *myReport, error) {
	var newest *myReport
	for i := range parts {
		m := &parts[i]
		if m.P.ReportID == 0 || (newest != nil && m.Campaign.Year <= newest.Campaign.Year) {
			continue
		}
		rel, err := s.relationTo(ctx, v, m.P, m.Campaign)
		if err != nil {
			return nil, nil, err
		}
		if rel.canRead() {
			newest = m
		}
	}
	if newest == nil {
		return nil, nil, nil
	}
	rep, err := s.store.FindReportByID(ctx, newest.P.ReportID)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.analyseVersion(ctx, rep.ID, rep.Latest)
	if err != nil {
		return nil, nil, err
	}
	yv, err := s.yearOverYear(ctx, v, newest.P, newest.Campaign, a)
	if yv == nil || err != nil {
		return nil, nil, err
	}
	return yv, newest, nil
}
