package server

import (
	"net/http"
	"strconv"
	"strings"

	"qinglian"
)

// userCreate adds an account with a one-time password and, if chosen, its
// first role. The password is shown once on the answer page.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	actor := viewerOf(r).user.ID
	form := userForm{
		Login: strings.TrimSpace(r.PostFormValue("login")),
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Title: strings.TrimSpace(r.PostFormValue("title")),
		Role:  qinglian.Role(r.PostFormValue("role")),
	}
	form.OrgID, _ = strconv.ParseInt(r.PostFormValue("org"), 10, 64)
	switch {
	case form.Login == "" || form.Name == "":
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, "请填写登录名和姓名。", nil)
		return
	case form.OrgID > 0 && !form.Role.Valid():
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, "请选择角色。", nil)
		return
	}
	password := OneTimePassword()
	hash, err := hashPassword(password, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := &qinglian.User{Login: form.Login, Name: form.Name, Title: form.Title, PasswordHash: hash}
	if err := s.store.CreateUser(ctx, actor, u); err != nil {
		if formError(err) {
			s.renderUsers(w, r, statusOf(err), form, qinglian.ErrorMessage(err), nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	if form.OrgID > 0 {
		if err := s.store.GrantRole(ctx, actor, &qinglian.Membership{UserID: u.ID, OrgID: form.OrgID, Role: form.Role}); err != nil {
			// The account exists; say so rather than pretend nothing happened.
			s.renderUsers(w, r, statusOf(err), userForm{Role: qinglian.RoleCadre},
				"账号已创建，但授予角色失败："+qinglian.ErrorMessage(err), &oneTimePassword{Login: u.Login, Password: password})
			return
		}
	}
	s.renderUsers(w, r, http.StatusOK, userForm{Role: qinglian.RoleCadre}, "", &oneTimePassword{Login: u.Login, Password: password})
}
