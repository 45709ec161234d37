package server

import (
	"net/http"

	"qinglian"
)

// userPasswordReset gives a user a new one-time password, shown once.
func (s *Server) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	uid, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.store.FindUserByID(ctx, uid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	password := OneTimePassword()
	hash, err := hashPassword(password, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.SetUserPassword(ctx, viewerOf(r).user.ID, u.ID, hash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, userForm{Role: qinglian.RoleCadre}, "", &oneTimePassword{Login: u.Login, Password: password})
}
