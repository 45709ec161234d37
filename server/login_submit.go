package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"qinglian"
)

// loginSubmit checks the password, within the throttle, and starts a
// session. Every failure says the same thing, so the form does not tell
// which logins exist.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	login := strings.TrimSpace(r.PostFormValue("login"))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	if login == "" || password == "" {
		s.renderLogin(w, r, http.StatusUnprocessableEntity, login, next, "请填写登录名和密码。")
		return
	}
	client := clientIP(r)
	keys := []string{"login:" + strings.ToLower(login), "client:" + client}
	if wait := s.throttle.waitFor(s.now(), keys...); wait > 0 {
		s.log.Warn("login throttled", "login", login, "client", client, "wait", wait)
		s.renderLogin(w, r, http.StatusTooManyRequests, login, next,
			fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试。 Too many failed logins; try again in %d min.", minutesUp(wait), minutesUp(wait)))
		return
	}
	u, err := s.store.FindUserByLogin(ctx, login)
	if err != nil && !errors.Is(err, qinglian.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	var hash []byte
	if u != nil && !u.Disabled {
		hash = u.PasswordHash
	}
	if !checkPassword(hash, password) {
		s.throttle.fail(s.now(), keys...)
		s.log.Info("login failed", "login", login, "client", client)
		s.renderLogin(w, r, http.StatusUnauthorized, login, next, "登录名或密码不正确。 Wrong login or password.")
		return
	}
	s.throttle.reset(keys[0])
	value, sess, err := s.startSession(ctx, u.ID, s.now(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, value, sess.ExpiresAt)
	s.clearCookie(w, r, anonCSRFCookie)
	s.log.Info("login", "user", u.ID, "login", u.Login, "client", client)
	if len(u.PasswordHash) > len(onceMarker) && string(u.PasswordHash[:len(onceMarker)]) == string(onceMarker) {
		s.redirectWith(w, r, "/password", "这是一次性密码，请先设置您自己的新密码。")
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// clientIP is the address the request came from. A proxy in front hides
// clients behind its own address; then the per-account limit still holds.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
