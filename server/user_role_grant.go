package server

import (
	"net/http"
	"strconv"

	"qinglian"
)

// userRoleGrant gives a user a role at an organisation.
func (s *Server) userRoleGrant(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := membershipFromForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.GrantRole(r.Context(), viewerOf(r).user.ID, m); err != nil {
		if formError(err) {
			s.renderUsers(w, r, statusOf(err), userForm{Role: qinglian.RoleCadre}, qinglian.ErrorMessage(err), nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, "/admin/users", "已授予“"+m.Role.Chinese()+"”角色。")
}

// membershipFromForm reads the user from the path and the organisation and
// role from the form.
func membershipFromForm(r *http.Request) (*qinglian.Membership, error) {
	uid, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	org, _ := strconv.ParseInt(r.PostFormValue("org"), 10, 64)
	role := qinglian.Role(r.PostFormValue("role"))
	if org <= 0 || !role.Valid() {
		return nil, qinglian.Errorf(qinglian.ErrInvalid, "请选择组织和角色。")
	}
	return &qinglian.Membership{UserID: uid, OrgID: org, Role: role}, nil
}
