package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"qinglian"
)

//go:embed templates/*.html static/*
var assets embed.FS

// pages holds every page template, parsed once at start-up: the layout,
// the shared partials and the page's own file.
type pages map[string]*template.Template

// beijing is the time zone dates are shown in: the platform serves Chinese
// organisations, whatever the server's own zone.
var beijing = time.FixedZone("CST", 8*3600)

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(beijing).Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(beijing).Format("2006-01-02 15:04")
	},
	"inc":      func(i int) int { return i + 1 },
	"sevName":  func(s qinglian.Severity) string { return s.Chinese() },
	"catName":  func(c qinglian.Category) string { return c.Chinese() },
	"roleName": func(r qinglian.Role) string { return r.Chinese() },
	"kindName": func(k qinglian.OrgKind) string {
		switch k {
		case qinglian.OrgCommittee:
			return "党委（党组）"
		case qinglian.OrgDepartment:
			return "部门"
		case qinglian.OrgUnit:
			return "单位"
		}
		return string(k)
	},
	"campaignState": func(s qinglian.CampaignState) string {
		switch s {
		case qinglian.CampaignDraft:
			return "筹备中"
		case qinglian.CampaignOpen:
			return "填报中"
		case qinglian.CampaignClosed:
			return "已结束"
		}
		return string(s)
	},
	"outcomeName": func(o qinglian.ReviewOutcome) string {
		switch o {
		case qinglian.OutcomeReturned:
			return "退回修改"
		case qinglian.OutcomeAccepted:
			return "审核通过"
		}
		return string(o)
	},
	"eventName": func(kind string) string {
		switch kind {
		case "version":
			return "保存版本"
		case "decision":
			return "审核结论"
		case "comment":
			return "审核意见"
		case "publication":
			return "公开"
		case "appraisal":
			return "民主测评"
		}
		return kind
	},
	"contains": func(ids []int64, id int64) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	},
}

func parsePages() (pages, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("server: template %s: %w", base, err)
		}
		out[base] = t
	}
	return out, nil
}

// Page is what every page shows besides its own content: who is signed in,
// what the menu offers them, the form token and a one-time message.
// Handlers get it from Server.page and embed it in their page's data.
type Page struct {
	Title string
	User  *qinglian.User
	CSRF  string
	Flash string
	Nav   Nav
}

// Nav says which parts of the menu the viewer may use.
type Nav struct {
	Admin     bool // 管理员 at a root organisation
	Campaigns bool // organiser or reviewer anywhere
	Organiser bool
	People    bool
}

// page fills the cross-cutting part of every page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string) Page {
	p := Page{Title: title, Flash: s.takeFlash(w, r)}
	v := viewerOf(r)
	if v == nil {
		return p
	}
	p.User, p.CSRF = v.user, v.session.CSRF
	p.Nav = Nav{
		Admin:     s.isSystemAdmin(r.Context(), v),
		Campaigns: v.holds(qinglian.RoleOrganiser, qinglian.RoleReviewer, qinglian.RoleAdmin),
		Organiser: v.holds(qinglian.RoleOrganiser, qinglian.RoleAdmin),
		People:    v.holds(qinglian.RoleOrganiser, qinglian.RoleReviewer, qinglian.RoleAdmin),
	}
	return p
}

// anonymousToken returns the form token of a visitor without a session,
// setting its cookie if needed, so the login form is checked like every
// other form. Only the login page asks for it: the public pages set no
// cookie and stay cacheable.
func (s *Server) anonymousToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(anonCSRFCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	t := randomToken(32)
	s.setCookie(w, r, anonCSRFCookie, t, time.Time{})
	return t
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 and never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "内部错误：页面模板缺失", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render", "template", name, "err", err)
		if name != "error.html" {
			s.render(w, r, http.StatusInternalServerError, "error.html", &errorPage{Page: Page{Title: "出错了"},
				Status: 500, Message: qinglian.ErrorMessage(err)})
			return
		}
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if viewerOf(r) != nil {
		// Pages of a signed-in user carry drafts and names: no caching.
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// setFlash leaves a message for the next page, signed so that no other
// site can put words on our pages.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, msg string) {
	m := base64.RawURLEncoding.EncodeToString([]byte(msg))
	s.setCookie(w, r, flashCookie, m+"."+s.flashMAC(m), time.Time{})
}

// redirectWith sets a flash message and redirects with 303 See Other, the
// answer to every successful form.
func (s *Server) redirectWith(w http.ResponseWriter, r *http.Request, to, msg string) {
	if msg != "" {
		s.setFlash(w, r, msg)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	s.clearCookie(w, r, flashCookie)
	m, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.flashMAC(m))) {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *Server) flashMAC(m string) string {
	h := hmac.New(sha256.New, s.flashKey)
	h.Write([]byte(m))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// staticShow serves the embedded stylesheet and icons, cached for a day:
// intranet browsers fetch nothing from anywhere else.
func (s *Server) staticShow(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := assets.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		s.notFoundShow(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(data)
}
