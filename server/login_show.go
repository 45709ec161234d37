package server

import (
	"net/http"
)

// loginPage is the login form.
type loginPage struct {
	Page
	Login   string
	Next    string
	Message string // why the visitor is here (an expired session), or why login failed
}

// loginShow shows the login form; a signed-in user goes home.
func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	if viewerOf(r) != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	msg := ""
	if r.URL.Query().Get("expired") == "1" || sessionExpired(r) {
		msg = "登录已过期，请重新登录。已保存的内容不会丢失。 Your session expired; please sign in again."
	}
	s.renderLogin(w, r, http.StatusOK, "", localPath(r.URL.Query().Get("next")), msg)
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, login, next, msg string) {
	page := s.page(w, r, "登录")
	page.CSRF = s.anonymousToken(w, r)
	s.render(w, r, status, "login.html", &loginPage{Page: page, Login: login, Next: next, Message: msg})
}
