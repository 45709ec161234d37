package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"qinglian"
)

// reportComment adds a remark to a version, on one paragraph or on the
// whole report: the writer answering feedback, or a reviewer's note
// outside a decision.
func (s *Server) reportComment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rel.author && !rel.reviewer {
		s.fail(w, r, forbidden("在本报告上留言"))
		return
	}
	if p.ReportID == 0 {
		s.rerenderReport(w, r, http.StatusConflict, "报告还没有保存过，暂不能留言。", nil)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	para, err := strconv.Atoi(r.PostFormValue("paragraph"))
	if err != nil || para < 0 {
		para = 0
	}
	body := strings.TrimSpace(r.PostFormValue("body"))
	if body == "" {
		s.rerenderReport(w, r, http.StatusUnprocessableEntity, "留言内容不能为空。", nil)
		return
	}
	c := &qinglian.Comment{ReportID: p.ReportID, Version: version, Paragraph: para, Body: body}
	if version >= 1 && para >= 1 {
		if a, err := s.analyseVersion(ctx, p.ReportID, version); err == nil {
			if ps := a.Paragraphs; para <= len(ps) {
				c.Quote = ps[para-1].Text
			} else {
				c.Paragraph = 0
			}
		}
	}
	if err := s.store.AddComment(ctx, viewerOf(r).user.ID, c); err != nil {
		if formError(err) {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	to := fmt.Sprintf("%s?v=%d#p%d", participantURL(p.ID), c.Version, c.Paragraph)
	s.redirectWith(w, r, to, "留言已保存。")
}
