package server

import (
	"net/http"
	"strconv"
	"strings"

	"qinglian"
)

// orgCreate adds an organisation under an existing one.
func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := orgForm{Name: strings.TrimSpace(r.PostFormValue("name")), Kind: qinglian.OrgKind(r.PostFormValue("kind"))}
	form.ParentID, _ = strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	switch {
	case form.ParentID <= 0:
		s.renderOrgs(w, r, http.StatusUnprocessableEntity, form, "请选择上级组织。")
		return
	case form.Name == "":
		s.renderOrgs(w, r, http.StatusUnprocessableEntity, form, "请填写组织名称。")
		return
	}
	o := &qinglian.Organisation{ParentID: form.ParentID, Name: form.Name, Kind: form.Kind}
	if err := s.store.CreateOrganisation(r.Context(), viewerOf(r).user.ID, o); err != nil {
		if formError(err) {
			s.renderOrgs(w, r, statusOf(err), form, qinglian.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, "/admin/orgs", "已添加“"+o.Name+"”。")
}
