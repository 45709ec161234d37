package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"qinglian"
)

// Cookie names. The session cookie holds a random 256-bit value and the
// login time; the database keeps only a SHA-256 of the whole cookie, so a
// copied database logs nobody in and the login time cannot be altered.
const (
	sessionCookie  = "qinglian_session"
	anonCSRFCookie = "qinglian_csrf"
	flashCookie    = "qinglian_flash"
)

// viewer is the person behind a request, loaded once by loadSession.
type viewer struct {
	user        *qinglian.User
	session     *qinglian.Session
	memberships []*qinglian.Membership
	// mustChange: the password is a one-time password set by the system
	// or an administrator; the user must replace it before anything else.
	mustChange bool
}

// holds reports whether the viewer holds any of roles anywhere.
func (v *viewer) holds(roles ...qinglian.Role) bool {
	if v == nil {
		return false
	}
	for _, m := range v.memberships {
		for _, r := range roles {
			if m.Role == r {
				return true
			}
		}
	}
	return false
}

// orgsWith returns the organisations where the viewer holds any of roles.
func (v *viewer) orgsWith(roles ...qinglian.Role) []int64 {
	var out []int64
	if v == nil {
		return nil
	}
	for _, m := range v.memberships {
		for _, r := range roles {
			if m.Role == r {
				out = append(out, m.OrgID)
				break
			}
		}
	}
	return out
}

type viewerKey struct{}
type expiredKey struct{}

// viewerOf returns the signed-in viewer, or nil for an anonymous visitor.
func viewerOf(r *http.Request) *viewer {
	v, _ := r.Context().Value(viewerKey{}).(*viewer)
	return v
}

// sessionExpired reports whether the request carried a session cookie that
// no longer names a live session.
func sessionExpired(r *http.Request) bool {
	b, _ := r.Context().Value(expiredKey{}).(bool)
	return b
}

// onceMarker prefixes the stored hash of a one-time password. The store
// keeps hash bytes without looking at them, so the mark travels with the
// password and vanishes when the user sets their own.
var onceMarker = []byte("once:")

// hashPassword returns the bcrypt hash (cost 10) of password; once marks it
// as a one-time password that must be changed at the next login.
func hashPassword(password string, once bool) ([]byte, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), 10)
	if err != nil {
		return nil, err
	}
	if once {
		h = append(append([]byte{}, onceMarker...), h...)
	}
	return h, nil
}

// dummyHash is compared against when the login is unknown, so that an
// unknown login takes as long to refuse as a wrong password. It is made on
// first use: bcrypt costs tens of milliseconds, which every start of the
// binary (qinglian check included) would otherwise pay.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("qinglian-dummy-password"), 10)
	return h
})

// checkPassword reports whether password matches hash.
func checkPassword(hash []byte, password string) bool {
	hash = bytes.TrimPrefix(hash, onceMarker)
	if len(hash) == 0 {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}

// validatePassword says in Chinese what is wrong with a new password.
func validatePassword(login, password string) string {
	switch {
	case len([]rune(password)) < 10:
		return "新密码至少需要10个字符。"
	case len(password) > 72:
		return "新密码不能超过72个字节（约24个汉字）。"
	case strings.EqualFold(password, login):
		return "新密码不能与登录名相同。"
	}
	return ""
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// OneTimePassword returns a random password of 16 letters and digits that
// avoids look-alike characters, for first start and administrator resets.
func OneTimePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func sessionKey(cookieValue string) string {
	sum := sha256.Sum256([]byte(cookieValue))
	return hex.EncodeToString(sum[:])
}

// startSession stores a new session for userID, begun at origin (the
// login; kept across renewals so SessionMax holds), and returns the cookie
// value. csrf is kept from the session being renewed, so forms already open
// in other tabs still submit.
func (s *Server) startSession(ctx context.Context, userID int64, origin time.Time, csrf string) (string, *qinglian.Session, error) {
	if csrf == "" {
		csrf = randomToken(32)
	}
	value := randomToken(32) + "." + strconv.FormatInt(origin.Unix(), 10)
	sess := &qinglian.Session{
		ID:        sessionKey(value),
		UserID:    userID,
		CSRF:      csrf,
		ExpiresAt: s.sessionEnd(origin),
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", nil, err
	}
	return value, sess, nil
}

// sessionEnd is when a session used now ends: after the idle timeout, but
// never later than SessionMax after the login.
func (s *Server) sessionEnd(origin time.Time) time.Time {
	end := s.now().Add(s.cfg.SessionIdle)
	if limit := origin.Add(s.cfg.SessionMax); limit.Before(end) {
		end = limit
	}
	return end
}

// cookieOrigin reads the login time from a session cookie value.
func cookieOrigin(value string) (time.Time, bool) {
	_, ts, ok := strings.Cut(value, ".")
	if !ok {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   s.cfg.SecureCookies || r.TLS != nil,
	}
	if !expires.IsZero() {
		c.Expires = expires
		c.MaxAge = max(int(expires.Sub(s.now()).Seconds()), 1)
	}
	http.SetCookie(w, c)
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
}

// loadSession finds the viewer from the session cookie, renews a session
// that is half-way to its idle timeout, and notes an expired one so the
// login page can say so.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		v, err := s.viewerFromCookie(w, r, c.Value)
		switch {
		case errors.Is(err, qinglian.ErrNotFound):
			s.clearCookie(w, r, sessionCookie)
			ctx = context.WithValue(ctx, expiredKey{}, true)
		case err != nil:
			s.fail(w, r, err)
			return
		default:
			ctx = context.WithValue(ctx, viewerKey{}, v)
			infoOf(ctx).userID = v.user.ID
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) viewerFromCookie(w http.ResponseWriter, r *http.Request, value string) (*viewer, error) {
	ctx := r.Context()
	origin, ok := cookieOrigin(value)
	if !ok {
		return nil, qinglian.ErrNotFound
	}
	sess, u, err := s.store.FindSession(ctx, sessionKey(value))
	if err != nil {
		return nil, err
	}
	if !s.now().Before(origin.Add(s.cfg.SessionMax)) {
		s.store.DeleteSession(ctx, sess.ID)
		return nil, qinglian.ErrNotFound
	}
	// Renewal writes a new session rather than extending this one (the
	// store keeps a session's expiry fixed); the old one simply runs out.
	if end := s.sessionEnd(origin); end.Sub(sess.ExpiresAt) > s.cfg.SessionIdle/2 {
		nv, ns, err := s.startSession(ctx, u.ID, origin, sess.CSRF)
		if err != nil {
			return nil, err
		}
		s.setCookie(w, r, sessionCookie, nv, ns.ExpiresAt)
		sess = ns
	}
	ms, err := s.store.ListMembershipsByUser(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &viewer{user: u, session: sess, memberships: ms, mustChange: bytes.HasPrefix(u.PasswordHash, onceMarker)}, nil
}

// requireLogin sends an anonymous visitor to the login page (a GET) or
// answers 401 with the login form (a POST, whose content was not saved),
// and holds a user with a one-time password at the password page.
func (s *Server) requireLogin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := viewerOf(r)
		if v == nil {
			s.needLogin(w, r)
			return
		}
		if v.mustChange && r.URL.Path != "/password" && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		next(w, r)
	}
}

// needLogin answers a request that needs a login it does not have.
func (s *Server) needLogin(w http.ResponseWriter, r *http.Request) {
	expired := sessionExpired(r)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		q := "next=" + urlQueryEscape(r.URL.RequestURI())
		if expired {
			q += "&expired=1"
		}
		http.Redirect(w, r, "/login?"+q, http.StatusSeeOther)
		return
	}
	msg := "请先登录。"
	if expired {
		msg = "登录已过期，请重新登录。本次提交没有被处理；此前已保存的内容都完好保存，不会丢失。 Your session expired: this submission was not processed; everything saved before is intact."
	}
	s.renderLogin(w, r, http.StatusUnauthorized, "", refererPath(r), msg)
}
