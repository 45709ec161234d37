package server

import (
	"net/http"
	"net/url"
	"strconv"

	"qinglian"
)

// versionDownload returns an uploaded version's file exactly as received.
func (s *Server) versionDownload(w http.ResponseWriter, r *http.Request) {
	p, _, _, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || p.ReportID == 0 {
		s.fail(w, r, notFound())
		return
	}
	v, err := s.store.FindVersion(r.Context(), p.ReportID, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(v.Content) == 0 {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrNotFound, "第 %d 版是在网页中填写的，没有上传的原文件。", n))
		return
	}
	ct := "text/plain; charset=utf-8"
	if v.Format == "docx" {
		ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename=\"report\"; filename*=UTF-8''"+url.PathEscape(v.FileName))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(v.Content)
}
