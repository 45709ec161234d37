package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"qinglian"
	"qinglian/appraisal"
	"qinglian/check/privacy"
	"qinglian/store"
)

// voteSubmit casts a ballot: the token is used and the ballot stored in
// one transaction; a second attempt, even at the same moment, is refused.
// Comments are masked for personal data before they are stored.
func (s *Server) voteSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	data := &votePage{Page: s.page(w, r, "民主测评投票")}
	data.CSRF = s.anonymousToken(w, r)
	typed := r.PostFormValue("token")
	tok, ok := appraisal.NormaliseToken(typed)
	if !ok {
		s.voteBallotForm(w, r, data, typed, "")
		return
	}
	a, err := s.store.FindAppraisalByToken(ctx, tok)
	if err != nil {
		s.voteBallotForm(w, r, data, typed, "")
		return
	}
	b := &appraisal.Ballot{}
	data.Ratings = map[string]int{}
	missing := ""
	for ci, cd := range a.Config.Cadres {
		row := make([]int, len(a.Config.Items))
		for ii, item := range a.Config.Items {
			key := fmt.Sprintf("%d.%d", ci, ii)
			g, err := strconv.Atoi(r.PostFormValue("r" + key))
			if err != nil || g < 0 || g >= len(a.Config.Scale) {
				g = -1
				if missing == "" {
					missing = fmt.Sprintf("请为%s的“%s”选择评价等次。", cd.Name, item)
				}
			}
			row[ii] = g
			data.Ratings[key] = g
		}
		b.Ratings = append(b.Ratings, row)
		if a.Config.Comments {
			c, _ := privacy.Redact(r.PostFormValue(fmt.Sprintf("c%d", ci)))
			b.Comments = append(b.Comments, c)
		}
	}
	if missing != "" {
		s.voteBallotForm(w, r, data, typed, missing)
		return
	}
	receipt, err := s.store.CastBallot(ctx, a.ID, tok, b)
	switch {
	case errors.Is(err, store.ErrTokenUsed), errors.Is(err, store.ErrNotOpen), errors.Is(err, store.ErrTokenUnknown):
		data.Error = qinglian.ErrorMessage(err)
		s.render(w, r, statusOf(err), "vote.html", data)
		return
	case err != nil && formError(err):
		s.voteBallotForm(w, r, data, typed, qinglian.ErrorMessage(err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	data.Voted, data.Appraisal = true, a
	if a.Config.Receipts {
		data.Receipt = receipt
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "vote.html", data)
}

// voteBallots lets a voter download the ballot list after closing, with
// their token as proof of taking part.
func (s *Server) voteBallots(w http.ResponseWriter, r *http.Request) {
	tok, ok := appraisal.NormaliseToken(r.PostFormValue("token"))
	if !ok {
		s.fail(w, r, store.ErrTokenUnknown)
		return
	}
	a, err := s.store.FindAppraisalByToken(r.Context(), tok)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBallots(w, r, a)
}
