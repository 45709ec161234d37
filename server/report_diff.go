package server

import (
	"net/http"
	"strconv"

	"qinglian"
	"qinglian/diff"
)

// diffPage compares two versions of a report.
type diffPage struct {
	Page
	P        *qinglian.Participant
	Campaign *qinglian.Campaign
	Versions []*qinglian.Version
	From, To int
	Ops      []diff.Op
	Changed  int
}

// reportDiff shows what changed between versions ?from=A and ?to=B (by
// default the one before the latest, and the latest).
func (s *Server) reportDiff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, c, _, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.ReportID == 0 {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrNotFound, "报告还没有保存过任何版本。"))
		return
	}
	rep, err := s.store.FindReportByID(ctx, p.ReportID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &diffPage{Page: s.page(w, r, "版本比较"), P: p, Campaign: c, To: rep.Latest, From: max(rep.Latest-1, 1)}
	if k, err := strconv.Atoi(r.URL.Query().Get("from")); err == nil {
		data.From = k
	}
	if k, err := strconv.Atoi(r.URL.Query().Get("to")); err == nil {
		data.To = k
	}
	if data.From < 1 || data.From > rep.Latest || data.To < 1 || data.To > rep.Latest {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrNotFound, "报告共有 %d 个版本，请在其中选择要比较的两个。", rep.Latest))
		return
	}
	if data.Versions, err = s.store.ListVersions(ctx, p.ReportID); err != nil {
		s.fail(w, r, err)
		return
	}
	from, err := s.analyseVersion(ctx, p.ReportID, data.From)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := s.analyseVersion(ctx, p.ReportID, data.To)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Ops = diff.Paragraphs(paragraphTexts(from), paragraphTexts(to))
	for _, op := range data.Ops {
		if op.Kind != diff.Equal {
			data.Changed++
		}
	}
	s.render(w, r, http.StatusOK, "report_diff.html", data)
}

func paragraphTexts(a *analysis) []string {
	out := make([]string, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		out[i] = p.Text
	}
	return out
}
