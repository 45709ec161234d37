package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"qinglian"
)

// formLimit is how much a form may carry beyond the largest upload: the
// other fields and the multipart framing.
const formLimit = 1 << 20

// checkCSRF guards every state-changing request twice: the browser's own
// Sec-Fetch-Site / Origin headers must show the request comes from our
// pages (net/http's CrossOriginProtection), and the form must echo the
// token of the session (or, before login, of the anonymous cookie). It also
// parses the form once, within the size limit, so handlers read r.Form.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if err := cop.Check(r); err != nil {
			s.fail(w, r, qinglian.WrapError(qinglian.ErrForbidden,
				"请求来自其他网站，已被拒绝（跨站请求伪造防护）。请从本系统的页面提交。", err))
			return
		}
		if err := s.parseForm(w, r); err != nil {
			s.fail(w, r, err)
			return
		}
		got := r.PostFormValue("csrf")
		if v := viewerOf(r); v != nil {
			if !tokenEqual(got, v.session.CSRF) {
				s.fail(w, r, qinglian.Errorf(qinglian.ErrForbidden,
					"页面已失效或请求来源不明（安全令牌不符），操作未执行。请刷新页面后重试。"))
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(anonCSRFCookie); err == nil && tokenEqual(got, c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		if sessionExpired(r) {
			s.needLogin(w, r)
			return
		}
		s.fail(w, r, qinglian.Errorf(qinglian.ErrForbidden,
			"页面已失效或请求来源不明（安全令牌不符），操作未执行。请刷新页面后重试。"))
	})
}

func tokenEqual(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// errTooLarge is the refusal of an oversized request; its message states
// the limit.
func (s *Server) errTooLarge(cause error) error {
	return &httpError{status: http.StatusRequestEntityTooLarge, err: qinglian.WrapError(qinglian.ErrInvalid,
		fmt.Sprintf("上传的文件超过 %s 的上限，未保存。请删去文件中的图片或另存为 .txt 后再上传。 The file exceeds the %s limit; nothing was saved.",
			s.uploadLimitText(), s.uploadLimitText()), cause)}
}

// uploadLimitText is the upload limit as the forms state it: "10 MB".
func (s *Server) uploadLimitText() string {
	mb := float64(s.cfg.MaxUpload) / (1 << 20)
	if mb == float64(int64(mb)) {
		return fmt.Sprintf("%d MB", int64(mb))
	}
	return fmt.Sprintf("%.1f MB", mb)
}

// parseForm reads a urlencoded or multipart body of at most MaxUpload plus
// formLimit bytes. Files of a multipart form beyond 1 MB spill to
// temporary files, which net/http removes after the request.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+formLimit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return s.errTooLarge(err)
	default:
		return qinglian.WrapError(qinglian.ErrInvalid, "表单格式不正确，未能读取。请刷新页面后重新填写。", err)
	}
}

// urlQueryEscape escapes a value for a query string.
func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath returns p if it is a path on this site, else "/": redirects
// after login must not lead elsewhere.
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return p
}

// refererPath is the page a form was sent from, if it was ours, so that a
// login forced mid-way leads back there.
func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return localPath(u.RequestURI())
}
