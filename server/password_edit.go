package server

import (
	"net/http"
)

// passwordPage is the form to change one's own password.
type passwordPage struct {
	Page
	MustChange bool
	Error      string
}

// passwordEdit shows the password form; a user with a one-time password
// is held here until they set their own.
func (s *Server) passwordEdit(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	s.render(w, r, http.StatusOK, "password.html", &passwordPage{Page: s.page(w, r, "修改密码"), MustChange: v.mustChange})
}
