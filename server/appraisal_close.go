package server

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"qinglian/appraisal"
)

// templateURL marks a data: URL we built ourselves as safe for src.
func templateURL(u string) template.URL { return template.URL(u) }

// appraisalClose ends voting (if the closing time has not come yet) and
// files each cadre's result in their integrity archive.
func (s *Server) appraisalClose(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.loadAppraisal(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	actor := viewerOf(r).user.ID
	if err := s.store.CloseAppraisal(ctx, actor, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if a, err = s.store.FindAppraisal(ctx, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.appraisalTally(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.FileAppraisalResults(ctx, actor, a.ID, archiveSummaries(a, t)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, fmt.Sprintf("/appraisals/%d", a.ID), "测评已结束，结果已存入被测评干部的廉政档案。")
}

// archiveSummaries is the line each cadre's archive gets: the appraisal,
// the score and rank, and the share of each grade overall.
func archiveSummaries(a *appraisal.Appraisal, t *appraisal.Tally) map[int64]string {
	out := map[int64]string{}
	for _, ct := range t.Cadres {
		counts := make([]int, len(a.Config.Scale))
		total := 0
		for _, it := range ct.Items {
			for g, n := range it.Counts {
				counts[g] += n
				total += n
			}
		}
		var parts []string
		for g, l := range a.Config.Scale {
			p := 0.0
			if total > 0 {
				p = 100 * float64(counts[g]) / float64(total)
			}
			parts = append(parts, fmt.Sprintf("%s%.1f%%", l.Label, p))
		}
		out[ct.Cadre.UserID] = fmt.Sprintf("%s：%d票，得分%.2f，排名第%d/%d；%s", a.Config.Title, t.Ballots, ct.Score, ct.Rank,
			len(t.Cadres), strings.Join(parts, "，"))
	}
	return out
}
