package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"qinglian"
	"qinglian/similar"
)

// copyView is one passage of the shown version found elsewhere, ready for
// the "雷同段落" section of the report page.
type copyView struct {
	N                    int    // the paragraph, counted from 1 as on the page
	Before, Text, After  string // the paragraph split around the shared span
	Score                int    // 5-gram Jaccard similarity, in per cent
	SourceLabel          string // who and where, or the anonymised wording
	SourceURL            string // set only when the viewer may read the source
	SourceText           string // the source's passage, when the viewer may read it
	Template, Anonymised bool
}

// copiedPassages queries the index with the shown version and describes
// each source as far as the viewer may know it: a report they may read (the
// same rule as opening it) is named and linked; any other report is "a
// report of another unit" with its year only; a template is named by its
// file.
func (s *Server) copiedPassages(ctx context.Context, v *viewer, p *qinglian.Participant, shown *qinglian.Version) ([]copyView, error) {
	ix, err := s.copies.get(ctx)
	if err != nil {
		return nil, err
	}
	paras := similar.Paragraphs(shown.Body)
	matches := ix.Query(paras, similar.QueryOptions{Exclude: reportDocID(shown.ReportID), MinContainment: similar.DefaultMinContainment})
	var out []copyView
	for _, m := range matches {
		src, err := s.describeSource(ctx, v, p, m.Source)
		if err != nil {
			return nil, err
		}
		if src == nil {
			continue // a source deleted since it was indexed
		}
		var srcParas []string
		if src.body != "" {
			srcParas = similar.Paragraphs(src.body)
		}
		for _, ps := range m.Passages {
			rs := []rune(paras[ps.Paragraph])
			cv := copyView{N: ps.Paragraph + 1, Before: string(rs[:ps.Start]), Text: string(rs[ps.Start:ps.End]), After: string(rs[ps.End:]),
				Score: int(ps.Score*100 + 0.5), SourceLabel: src.label, SourceURL: src.url, Template: src.template, Anonymised: src.anonymised}
			if ps.SourceParagraph < len(srcParas) {
				t := srcParas[ps.SourceParagraph]
				a, b := similar.SourceSpan(t, ps)
				cv.SourceText = string([]rune(t)[a:b])
			}
			out = append(out, cv)
		}
	}
	slices.SortStableFunc(out, func(a, b copyView) int {
		if a.N != b.N {
			return a.N - b.N
		}
		return b.Score - a.Score
	})
	return out, nil
}

type sourceView struct {
	label, url, body     string
	template, anonymised bool
}

// describeSource returns what the viewer may learn of an indexed document;
// nil when it no longer exists.
func (s *Server) describeSource(ctx context.Context, v *viewer, shownFor *qinglian.Participant, meta similar.Meta) (*sourceView, error) {
	kind, id, ok := parseDocID(meta.ID)
	if !ok {
		return nil, nil
	}
	if kind == "template" {
		return &sourceView{label: "与网络范文雷同（模板：" + meta.Owner + "）", template: true}, nil
	}
	rep, err := s.store.FindReportByID(ctx, id)
	if err != nil {
		if errors.Is(err, qinglian.ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	anon := &sourceView{label: fmt.Sprintf("另一单位的一份报告（%d年）", rep.Year), anonymised: true}
	if rep.OrgID == shownFor.OrgID {
		anon.label = fmt.Sprintf("本单位的另一份报告（%d年）", rep.Year)
	}
	if v == nil {
		return anon, nil
	}
	p, err := s.store.FindParticipantByID(ctx, rep.ParticipantID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCampaignByID(ctx, p.CampaignID)
	if err != nil {
		return nil, err
	}
	rel, err := s.relationTo(ctx, v, p, c)
	if err != nil {
		return nil, err
	}
	if !rel.canRead() {
		return anon, nil
	}
	owner, err := s.store.FindUserByID(ctx, rep.UserID)
	if err != nil {
		return nil, err
	}
	unit, err := s.store.FindOrganisationByID(ctx, rep.OrgID)
	if err != nil {
		return nil, err
	}
	latest, err := s.store.FindVersion(ctx, rep.ID, rep.Latest)
	if err != nil {
		return nil, err
	}
	return &sourceView{
		label: fmt.Sprintf("%s · %s · %d年（第 %d 版）", owner.Name, unit.Name, rep.Year, rep.Latest),
		url:   participantURL(p.ID) + "?v=" + strconv.Itoa(rep.Latest),
		body:  latest.Body,
	}, nil
}
