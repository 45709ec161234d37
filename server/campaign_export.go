package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	var buf bytes.Buffer
	if err := writeProgressXLSX(&buf, c, org, ps, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%d年度述责述廉进度.xlsx", c.Year)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"progress.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
