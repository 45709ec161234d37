package server

import (
	"context"
	"net/http"

	"qinglian"
)

// orgsPage is the organisation tree with the form to add a node.
type orgsPage struct {
	Page
	Tree  []orgNode
	Error string
	Form  orgForm
}

// orgNode is an organisation in tree order with its depth, for indenting.
type orgNode struct {
	Org   *qinglian.Organisation
	Depth int
}

type orgForm struct {
	ParentID int64
	Name     string
	Kind     qinglian.OrgKind
}

// orgTree returns the whole tree, parents before children, with depths.
func (s *Server) orgTree(ctx context.Context) ([]orgNode, error) {
	var out []orgNode
	var walk func(parent int64, depth int) error
	walk = func(parent int64, depth int) error {
		kids, err := s.store.ListChildOrganisations(ctx, parent)
		if err != nil {
			return err
		}
		for _, o := range kids {
			out = append(out, orgNode{Org: o, Depth: depth})
			if err := walk(o.ID, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(0, 0)
}

// orgList shows the organisation tree to the administrator.
func (s *Server) orgList(w http.ResponseWriter, r *http.Request) {
	if err := s.requireSystemAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderOrgs(w, r, http.StatusOK, orgForm{Kind: qinglian.OrgUnit}, "")
}

func (s *Server) renderOrgs(w http.ResponseWriter, r *http.Request, status int, form orgForm, msg string) {
	tree, err := s.orgTree(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "orgs.html", &orgsPage{Page: s.page(w, r, "组织机构"), Tree: tree, Form: form, Error: msg})
}
