package server

import (
	"net/http"

	"qinglian"
)

// peoplePage lists the people whose archives the viewer may open.
type peoplePage struct {
	Page
	People []*qinglian.User
}

// peopleList shows reviewers, organisers and administrators the people of
// their units, each linked to their integrity archive.
func (s *Server) peopleList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := viewerOf(r)
	if !v.holds(qinglian.RoleReviewer, qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		s.fail(w, r, forbidden("查看廉政档案"))
		return
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &peoplePage{Page: s.page(w, r, "廉政档案")}
	for _, u := range users {
		ok, err := s.canSeeArchive(ctx, v, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			data.People = append(data.People, u)
		}
	}
	s.render(w, r, http.StatusOK, "people.html", data)
}
