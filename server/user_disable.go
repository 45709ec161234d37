package server

import (
	"net/http"

	"qinglian"
)

// userDisable blocks a login (ending its sessions) or unblocks it; the
// form's "disabled" field says which.
func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	uid, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := viewerOf(r)
	disable := r.PostFormValue("disabled") == "1"
	if disable && uid == v.user.ID {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrInvalid, "不能停用自己的账号。"))
		return
	}
	if err := s.store.SetUserDisabled(r.Context(), v.user.ID, uid, disable); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "账号已启用。"
	if disable {
		msg = "账号已停用，其登录已全部失效。"
	}
	s.redirectWith(w, r, "/admin/users", msg)
}
