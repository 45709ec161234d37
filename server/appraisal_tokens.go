package server

import (
	"encoding/base64"
	"net/http"

	qrcode "github.com/skip2/go-qrcode"
)

// appraisalTokens generates the voting tokens and answers with the sheet of
// slips to print. This is the only time the tokens exist outside the
// printer: the server keeps their HMACs only, and nothing of which slip
// went to whom. The response must not be cached.
func (s *Server) appraisalTokens(w http.ResponseWriter, r *http.Request) {
	a, c, err := s.loadAppraisal(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	toks, err := s.store.IssueTokens(r.Context(), viewerOf(r).user.ID, a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.appraisalData(r.Context(), a, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Page = s.page(w, r, a.Config.Title+" 投票凭证")
	data.VoteURL = voteURL(r)
	for i, t := range toks {
		png, err := qrcode.Encode(data.VoteURL+"?t="+t.Token, qrcode.Medium, 160)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Slips = append(data.Slips, slip{N: i + 1, Class: t.Class, Token: t.Token,
			QR: templateURL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "appraisal.html", data)
}

// voteURL is the voting page's address as the voters' phones reach it:
// the host this request came to.
func voteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/vote"
}
