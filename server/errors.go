package server

import (
	"errors"
	"net/http"

	"qinglian"
)

// httpError pins a status that the error kinds alone do not tell: 413 for
// an oversized upload, 415 for a file type we do not read, 429 for a
// throttled login. Its message is err's.
type httpError struct {
	status int
	err    error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

// statusOf maps an error to its HTTP status. It is the one place where
// error kinds become statuses.
func statusOf(err error) int {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status
	case errors.Is(err, qinglian.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, qinglian.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, qinglian.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, qinglian.ErrInvalid):
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// fail answers a request with the error page: the status from statusOf,
// the message from qinglian.ErrorMessage. The cause goes to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.log.Info("request refused", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	data := &errorPage{Page: s.page(w, r, "出错了"), Status: status, Message: qinglian.ErrorMessage(err)}
	s.render(w, r, status, "error.html", data)
}

// errorPage is the page every refusal shows.
type errorPage struct {
	Page
	Status  int
	Message string
}

// notFound is the error for an object the viewer may not know exists: the
// same answer whether it is missing or hidden from them.
func notFound() error {
	return qinglian.Errorf(qinglian.ErrNotFound, "要查找的内容不存在，或您无权查看。")
}

// forbidden is the error for an action the viewer's roles do not allow.
func forbidden(what string) error {
	return qinglian.Errorf(qinglian.ErrForbidden, "您没有%s的权限。", what)
}

// notFoundShow answers any path no route matches.
func (s *Server) notFoundShow(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, qinglian.Errorf(qinglian.ErrNotFound, "页面不存在。"))
}

// formError reports whether err is about what the user typed or chose (a
// rule broken, a duplicate, a chosen object gone), so the form is shown
// again with the message rather than an error page.
func formError(err error) bool {
	return errors.Is(err, qinglian.ErrInvalid) || errors.Is(err, qinglian.ErrConflict) || errors.Is(err, qinglian.ErrNotFound)
}
