package server

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"qinglian"
)

// reportReview records a reviewer's decision on the latest version: return
// it with comments anchored to paragraphs, or accept it. Two reviewers
// acting at once cannot both win: the form carries the revision and the
// store refuses the second with ErrConflict; nothing of it is written.
func (s *Server) reportReview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rel.reviewer {
		s.fail(w, r, forbidden("审核本报告"))
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	typed := map[int]string{}
	for key, vals := range r.PostForm {
		n, ok := strings.CutPrefix(key, "comment_")
		if !ok || len(vals) == 0 {
			continue
		}
		k, err := strconv.Atoi(n)
		if err != nil || k < 0 {
			continue
		}
		if body := strings.TrimSpace(vals[0]); body != "" {
			typed[k] = body
		}
	}
	keep := func(d *reportPage) { d.ReviewNote, d.ReviewComments = note, typed }
	outcome := qinglian.ReviewOutcome(r.PostFormValue("outcome"))
	switch {
	case outcome != qinglian.OutcomeReturned && outcome != qinglian.OutcomeAccepted:
		s.rerenderReport(w, r, http.StatusUnprocessableEntity, "请选择审核结论：退回修改或审核通过。", keep)
		return
	case outcome == qinglian.OutcomeReturned && note == "" && len(typed) == 0:
		s.rerenderReport(w, r, http.StatusUnprocessableEntity, "退回修改时请写明意见：总体意见，或在相关段落下填写意见。", keep)
		return
	}
	d := &qinglian.ReviewDecision{Outcome: outcome, Note: note}
	if len(typed) > 0 && p.ReportID != 0 {
		rep, err := s.store.FindReportByID(ctx, p.ReportID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		latest, err := s.analyseVersion(ctx, p.ReportID, rep.Latest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		paras := latest.Paragraphs
		keys := make([]int, 0, len(typed))
		for k := range typed {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for _, k := range keys {
			c := &qinglian.Comment{Paragraph: k, Body: typed[k]}
			if k >= 1 && k <= len(paras) {
				c.Quote = paras[k-1].Text
			} else {
				c.Paragraph = 0
			}
			d.Comments = append(d.Comments, c)
		}
	}
	if _, err := s.store.ReviewReport(ctx, viewerOf(r).user.ID, p.ID, formRevision(r), d); err != nil {
		if errors.Is(err, qinglian.ErrConflict) {
			s.rerenderReport(w, r, http.StatusConflict,
				"审核未保存：报告已被他人处理或已有新版本（"+qinglian.ErrorMessage(err)+"）请查看最新状态后再操作。", keep)
			return
		}
		if formError(err) {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), keep)
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "已退回修改，述责人将看到您的意见。"
	if outcome == qinglian.OutcomeAccepted {
		msg = "已审核通过。"
	}
	s.redirectWith(w, r, participantURL(p.ID), msg)
}
