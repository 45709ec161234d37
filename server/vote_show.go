package server

import (
	"net/http"

	"qinglian"
	"qinglian/appraisal"
)

// The voting pages need no login. They log no token and no address: the
// request log records the route pattern and r.URL.Path ("/vote"), never the
// query that carries a scanned token, and the metrics are by pattern.

// votePage is the voting page in its three states: asking for the token,
// the ballot, and the receipt.
type votePage struct {
	Page
	Token     string // grouped, once checked
	Typed     string // as typed, when refused
	Appraisal *appraisal.Appraisal
	Class     string
	Closed    bool
	Receipt   string
	Voted     bool
	Error     string
	Ratings   map[string]int // "c.i" → grade, to re-show a refused ballot
}

// voteShow asks for the token, or with ?t= (the slip's QR code) checks it
// and shows the ballot.
func (s *Server) voteShow(w http.ResponseWriter, r *http.Request) {
	data := &votePage{Page: s.page(w, r, "民主测评投票")}
	data.CSRF = s.anonymousToken(w, r)
	typed := r.URL.Query().Get("t")
	if typed == "" {
		s.render(w, r, http.StatusOK, "vote.html", data)
		return
	}
	s.voteBallotForm(w, r, data, typed, "")
}

// voteBallotForm shows the ballot for a typed token, or the reason it
// cannot be used.
func (s *Server) voteBallotForm(w http.ResponseWriter, r *http.Request, data *votePage, typed, msg string) {
	ctx := r.Context()
	data.Typed, data.Error = typed, msg
	tok, ok := appraisal.NormaliseToken(typed)
	if !ok {
		data.Error = "投票凭证应为20个字母或数字（可带空格或短横线），请核对后重新输入。"
		s.render(w, r, http.StatusUnprocessableEntity, "vote.html", data)
		return
	}
	a, err := s.store.FindAppraisalByToken(ctx, tok)
	if err != nil {
		data.Error = qinglian.ErrorMessage(err)
		s.render(w, r, statusOf(err), "vote.html", data)
		return
	}
	data.Appraisal, data.Token, data.Closed = a, appraisal.GroupToken(tok), a.Closed(s.now())
	if data.Closed {
		s.render(w, r, http.StatusOK, "vote.html", data)
		return
	}
	if !a.Open(s.now()) {
		data.Error = "测评尚未开始，请在开始时间之后再来投票。"
		data.Appraisal = nil
		s.render(w, r, http.StatusConflict, "vote.html", data)
		return
	}
	class, err := s.store.TokenClass(ctx, a.ID, tok)
	if err != nil {
		data.Error, data.Appraisal = qinglian.ErrorMessage(err), nil
		s.render(w, r, statusOf(err), "vote.html", data)
		return
	}
	data.Class = class
	status := http.StatusOK
	if data.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "vote.html", data)
}
