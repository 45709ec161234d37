package server

import (
	"cmp"
	"net/http"
	"slices"

	"qinglian"
	"qinglian/similar"
)

// copiesPage is the campaign's 千人一面 view: groups of reports that share
// passages.
type copiesPage struct {
	Page
	Campaign *qinglian.Campaign
	Reports  int // reports compared: those the viewer may see
	Clusters []copyCluster
}

// copyCluster is a connected group of reports: each shares at least one
// passage above the index's threshold with another of the group.
type copyCluster struct {
	Reports  []*qinglian.Participant
	Passages []sharedPassage
}

// sharedPassage is one passage found in several reports of a cluster, as
// the text of its first occurrence.
type sharedPassage struct {
	Text    string
	Reports int
}

// campaignCopies shows 千人一面 for the reports of a campaign the viewer
// may see on the board (organisers and reviewers with the campaign in
// scope): clusters are the connected components of the "shares a passage"
// relation over reports, passages the connected components of the
// paragraph pairs the index found; both sorted by size.
func (s *Server) campaignCopies(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.visibleParticipants(ctx, viewerOf(r), c, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ix, err := s.copies.get(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Node numbers: one per report, and one per (report, paragraph).
	type paraKey struct{ rep, para int }
	byDoc := map[string]int{}
	var reps []*qinglian.Participant
	var texts [][]string
	for _, p := range ps {
		if p.ReportID == 0 {
			continue
		}
		rep, err := s.store.FindReportByID(ctx, p.ReportID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v, err := s.store.FindVersion(ctx, rep.ID, rep.Latest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		byDoc[reportDocID(rep.ID)] = len(reps)
		reps = append(reps, p)
		texts = append(texts, similar.Paragraphs(v.Body))
	}
	repSet := newUnionFind(len(reps))
	paraNode := map[paraKey]int{}
	var paraKeys []paraKey
	node := func(k paraKey) int {
		if n, ok := paraNode[k]; ok {
			return n
		}
		paraNode[k] = len(paraKeys)
		paraKeys = append(paraKeys, k)
		return paraNode[k]
	}
	var pairs [][2]int
	for i := range reps {
		for _, m := range ix.Query(texts[i], similar.QueryOptions{Exclude: reportDocID(reps[i].ReportID), MinContainment: similar.DefaultMinContainment}) {
			j, ok := byDoc[m.Source.ID]
			if !ok {
				continue // a template, another campaign, or a report out of the viewer's scope
			}
			repSet.union(i, j)
			for _, pg := range m.Passages {
				pairs = append(pairs, [2]int{node(paraKey{i, pg.Paragraph}), node(paraKey{j, pg.SourceParagraph})})
			}
		}
	}
	paraSet := newUnionFind(len(paraKeys))
	for _, pr := range pairs {
		paraSet.union(pr[0], pr[1])
	}
	// Group reports, then passages, by their components.
	clusterOf := map[int]int{}
	var clusters []copyCluster
	var members [][]int
	for i := range reps {
		root := repSet.find(i)
		if repSet.size[root] < 2 {
			continue
		}
		k, ok := clusterOf[root]
		if !ok {
			k = len(clusters)
			clusterOf[root] = k
			clusters = append(clusters, copyCluster{})
			members = append(members, nil)
		}
		clusters[k].Reports = append(clusters[k].Reports, reps[i])
		members[k] = append(members[k], i)
	}
	passageReports := map[int]map[int]bool{} // paragraph component → reports
	passageFirst := map[int]paraKey{}
	for n, k := range paraKeys {
		root := paraSet.find(n)
		if passageReports[root] == nil {
			passageReports[root] = map[int]bool{}
		}
		passageReports[root][k.rep] = true
		if f, ok := passageFirst[root]; !ok || k.rep < f.rep || (k.rep == f.rep && k.para < f.para) {
			passageFirst[root] = k
		}
	}
	for root, set := range passageReports {
		first := passageFirst[root]
		k := clusterOf[repSet.find(first.rep)]
		clusters[k].Passages = append(clusters[k].Passages, sharedPassage{Text: texts[first.rep][first.para], Reports: len(set)})
	}
	for i := range clusters {
		slices.SortFunc(clusters[i].Passages, func(a, b sharedPassage) int {
			return cmp.Or(b.Reports-a.Reports, cmp.Compare(a.Text, b.Text))
		})
	}
	slices.SortStableFunc(clusters, func(a, b copyCluster) int { return len(b.Reports) - len(a.Reports) })
	s.render(w, r, http.StatusOK, "campaign_copies.html", &copiesPage{
		Page: s.page(w, r, "千人一面 · "+c.Title), Campaign: c, Reports: len(reps), Clusters: clusters})
}

// unionFind is a disjoint-set forest with union by size.
type unionFind struct{ parent, size []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = i, 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
