package server

import (
	"net/http"
)

// logoutSubmit ends the session in the database, not only in the browser.
func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	if err := s.store.DeleteSession(r.Context(), v.session.ID); err != nil {
		s.log.Info("logout of a session already gone", "user", v.user.ID, "err", err)
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
