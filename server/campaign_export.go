package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"qinglian"
	"qinglian/export"
)

// campaignExport downloads the progress board, as the viewer sees it, as
// an Excel workbook.
func (s *Server) campaignExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	ps, err := s.visibleParticipants(ctx, viewerOf(r), c, unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	org, err := s.store.FindOrganisationByID(ctx, c.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.progressRows(ctx, ps)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	title := fmt.Sprintf("%s %s（导出于 %s）", org.Name, c.Title, s.now().In(beijing).Format("2006-01-02 15:04"))
	if err := export.WriteProgressXLSX(&buf, title, rows); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%d年度述责述廉进度.xlsx", c.Year)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"progress.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// progressRows maps the board to the export's rows: the cadre's title from
// their account, the reviewer of the latest decision, and the submission
// time while a report waits for review.
func (s *Server) progressRows(ctx context.Context, ps []*qinglian.Participant) ([]export.ProgressRow, error) {
	names := map[int64]string{}
	rows := make([]export.ProgressRow, 0, len(ps))
	for _, p := range ps {
		u, err := s.store.FindUserByID(ctx, p.UserID)
		if err != nil {
			return nil, err
		}
		row := export.ProgressRow{Unit: p.OrgName, Name: p.UserName, Position: u.Title, State: p.State.Chinese(),
			UpdatedAt: p.UpdatedAt.In(beijing)}
		if p.State == qinglian.StateSubmitted {
			row.SubmittedAt = p.UpdatedAt.In(beijing)
		}
		if p.ReportID != 0 {
			ds, err := s.store.ListReviewDecisions(ctx, p.ReportID)
			if err != nil {
				return nil, err
			}
			if len(ds) > 0 {
				id := ds[len(ds)-1].ReviewerID
				if err := s.addName(ctx, names, id); err != nil {
					return nil, err
				}
				row.Reviewer = names[id]
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
