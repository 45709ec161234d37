package server

import (
	"net/http"

	"qinglian"
)

// usersPage lists accounts with their roles, and the forms to add one,
// grant or revoke a role, reset a password or block a login.
type usersPage struct {
	Page
	Users   []userRow
	Orgs    []orgNode
	Roles   []qinglian.Role
	Error   string
	Form    userForm
	OneTime *oneTimePassword // shown once, right after it was made
}

type userRow struct {
	User  *qinglian.User
	Roles []roleGrant
}

type roleGrant struct {
	Role  qinglian.Role
	OrgID int64
	Org   string
}

type userForm struct {
	Login, Name, Title string
	OrgID              int64
	Role               qinglian.Role
}

// oneTimePassword is a new password shown to the administrator once, to
// pass on; the user must change it at first login.
type oneTimePassword struct {
	Login, Password string
}

// userList shows every account to the administrator.
func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, userForm{Role: qinglian.RoleCadre}, "", nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form userForm, msg string, once *oneTimePassword) {
	ctx := r.Context()
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tree, err := s.orgTree(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, n := range tree {
		names[n.Org.ID] = n.Org.Name
	}
	data := &usersPage{Page: s.page(w, r, "账号管理"), Orgs: tree, Roles: qinglian.Roles, Error: msg, Form: form, OneTime: once}
	for _, u := range users {
		ms, err := s.store.ListMembershipsByUser(ctx, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		row := userRow{User: u}
		for _, m := range ms {
			row.Roles = append(row.Roles, roleGrant{Role: m.Role, OrgID: m.OrgID, Org: names[m.OrgID]})
		}
		data.Users = append(data.Users, row)
	}
	s.render(w, r, status, "users.html", data)
}
