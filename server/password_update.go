package server

import (
	"net/http"
)

// passwordUpdate replaces the viewer's password after checking the current
// one. The store writes it in one transaction; on any refusal nothing
// changes.
func (s *Server) passwordUpdate(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	current := r.PostFormValue("current")
	next := r.PostFormValue("new")
	again := r.PostFormValue("again")
	refuse := func(msg string) {
		s.render(w, r, http.StatusUnprocessableEntity, "password.html",
			&passwordPage{Page: s.page(w, r, "修改密码"), MustChange: v.mustChange, Error: msg})
	}
	if !checkPassword(v.user.PasswordHash, current) {
		refuse("当前密码不正确。")
		return
	}
	if msg := validatePassword(v.user.Login, next); msg != "" {
		refuse(msg)
		return
	}
	if next != again {
		refuse("两次输入的新密码不一致。")
		return
	}
	if next == current {
		refuse("新密码不能与当前密码相同。")
		return
	}
	hash, err := hashPassword(next, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.SetUserPassword(r.Context(), v.user.ID, v.user.ID, hash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, "/", "密码已修改。")
}
