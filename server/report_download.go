package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"

	"qinglian"
	"qinglian/export"
)

// reportDownload returns the accepted report as a Word document laid out
// as an official document.
func (s *Server) reportDownload(w http.ResponseWriter, r *http.Request) {
	p, c, _, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.State != qinglian.StateAccepted && p.State != qinglian.StatePublished {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrConflict, "报告尚未审核通过，审核通过后才能下载正式文本。"))
		return
	}
	rep, err := s.store.FindReportByID(r.Context(), p.ReportID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocx(w, r, p, c, rep.Latest)
}

// writeDocx sends version n of the participant's report as .docx.
func (s *Server) writeDocx(w http.ResponseWriter, r *http.Request, p *qinglian.Participant, c *qinglian.Campaign, n int) {
	ctx := r.Context()
	doc, err := s.docxReport(ctx, p, c, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := export.WriteDocx(&buf, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%d年度述责述廉报告-%s-%s.docx", c.Year, p.OrgName, p.UserName)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.docx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(buf.Bytes())
}

// docxReport maps a version to the export's plain types; headings are
// the ones the review engine found (export.DocxParagraphs).
func (s *Server) docxReport(ctx context.Context, p *qinglian.Participant, c *qinglian.Campaign, n int) (export.DocxReport, error) {
	author, err := s.store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return export.DocxReport{}, err
	}
	a, err := s.analyseVersion(ctx, p.ReportID, n)
	if err != nil {
		return export.DocxReport{}, err
	}
	return export.DocxReport{
		Title:      fmt.Sprintf("%d年度述责述廉报告", c.Year),
		Unit:       p.OrgName,
		Position:   author.Title,
		Name:       author.Name,
		Paragraphs: export.DocxParagraphs(a.Doc, a.Result.Sections),
		ExportedAt: s.now().In(beijing),
		Version:    n,
	}, nil
}
