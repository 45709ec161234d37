package server

import (
	"net/http"

	"qinglian"
)

// userRoleRevoke takes a role away. An administrator cannot take away their
// own administrator role, so the platform never loses its last one by a
// slip of the hand.
func (s *Server) userRoleRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := membershipFromForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := viewerOf(r)
	if m.UserID == v.user.ID && m.Role == qinglian.RoleAdmin {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrInvalid, "不能撤销自己的管理员角色。"))
		return
	}
	if err := s.store.RevokeRole(r.Context(), v.user.ID, *m); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, "/admin/users", "已撤销“"+m.Role.Chinese()+"”角色。")
}
