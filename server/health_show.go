package server

import (
	"context"
	"net/http"
	"time"
)

// healthShow answers as long as the process serves HTTP: the liveness probe.
func (s *Server) healthShow(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyShow answers 200 only when the database answers within two seconds:
// the readiness probe a load balancer uses before sending users here.
func (s *Server) readyShow(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.store.SchemaVersion(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
