package server

import (
	"net/http"
	"strconv"
	"strings"

	"qinglian"
)

// publicPage lists published reports, searchable by unit, year and name.
type publicPage struct {
	Page
	Publications []*qinglian.Publication
	Units        []*qinglian.Organisation
	Unit         int64
	Year         int
	Name         string
	Years        []int
}

// publicList shows the reports published to the public and, after login,
// those published within the viewer's unit or organisation.
func (s *Server) publicList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	data := &publicPage{Page: s.page(w, r, "公开的述责述廉报告"), Name: strings.TrimSpace(q.Get("name"))}
	data.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	data.Year, _ = strconv.Atoi(q.Get("year"))
	visible, err := s.visibleOrgs(ctx, viewerOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Publications, err = s.store.ListPublications(ctx, qinglian.PublicationFilter{
		Visible: visible, UnitID: data.Unit, Year: data.Year, Name: data.Name, Limit: 200}); err != nil {
		s.fail(w, r, err)
		return
	}
	// The filter lists offer what exists among all visible publications.
	all, err := s.store.ListPublications(ctx, qinglian.PublicationFilter{Visible: visible, Limit: 1000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seenUnit, seenYear := map[int64]bool{}, map[int]bool{}
	for _, p := range all {
		if !seenUnit[p.UnitID] {
			seenUnit[p.UnitID] = true
			data.Units = append(data.Units, &qinglian.Organisation{ID: p.UnitID, Name: p.UnitName})
		}
		if !seenYear[p.Year] {
			seenYear[p.Year] = true
			data.Years = append(data.Years, p.Year)
		}
	}
	s.render(w, r, http.StatusOK, "public_list.html", data)
}
