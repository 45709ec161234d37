package server

import (
	"context"
	"net/http"
	"strconv"

	"qinglian"
)

// reportPage is one cadre's report in one campaign: the text with its
// findings, the versions, the review history and whatever the viewer may
// do next.
type reportPage struct {
	Page
	P           *qinglian.Participant
	Campaign    *qinglian.Campaign
	Author      *qinglian.User
	Report      *qinglian.Report // nil before the first save
	Versions    []*qinglian.Version
	Shown       *qinglian.Version // the version on the page; nil before the first save
	Latest      bool
	Analysis    *analysis
	Copies      []copyView  // passages of the shown version found elsewhere
	Yearly      *yearlyView // comparison with the same person's earlier years; nil if none
	Paragraphs  []paragraphView
	General     []*qinglian.Comment // comments on the shown version as a whole
	Decisions   []*qinglian.ReviewDecision
	Publication *qinglian.Publication
	Names       map[int64]string // user names for comments and decisions
	Scopes      []qinglian.Scope

	CanEdit, CanSubmit, CanReview, CanPublish, CanComment, CanDownload bool

	Draft       string // the text in the editor
	Note        string // the writer's note on this save
	UploadLimit string
	Error       string
	// What the reviewer typed, kept when the review is refused.
	ReviewNote     string
	ReviewComments map[int]string
}

// reportShow shows the report desk; ?v=N shows version N instead of the
// latest.
func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) {
	p, c, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.reportData(w, r, p, c, rel)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report.html", data)
}

// reportData loads everything the report page shows. Handlers that refuse
// a form re-render the page from it, with the typed text put back.
func (s *Server) reportData(w http.ResponseWriter, r *http.Request, p *qinglian.Participant, c *qinglian.Campaign, rel relation) (*reportPage, error) {
	ctx := r.Context()
	author, err := s.store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	data := &reportPage{
		Page:        s.page(w, r, author.Name+" · "+c.Title),
		P:           p,
		Campaign:    c,
		Author:      author,
		Names:       map[int64]string{author.ID: author.Name},
		Scopes:      []qinglian.Scope{qinglian.ScopeUnit, qinglian.ScopeOrganisation, qinglian.ScopePublic},
		UploadLimit: s.uploadLimitText(),
	}
	open := c.State == qinglian.CampaignOpen
	editable := p.State == qinglian.StateNotStarted || p.State == qinglian.StateDraft || p.State == qinglian.StateReturned
	data.CanEdit = rel.author && open && editable
	data.CanSubmit = rel.author && open && (p.State == qinglian.StateDraft || p.State == qinglian.StateReturned)
	data.CanPublish = rel.organiser && p.State == qinglian.StateAccepted
	if p.ReportID == 0 {
		return data, nil
	}
	if data.Report, err = s.store.FindReportByID(ctx, p.ReportID); err != nil {
		return nil, err
	}
	if data.Versions, err = s.store.ListVersions(ctx, p.ReportID); err != nil {
		return nil, err
	}
	n := data.Report.Latest
	if q := r.URL.Query().Get("v"); q != "" {
		if k, err := strconv.Atoi(q); err == nil && k >= 1 && k <= data.Report.Latest {
			n = k
		}
	}
	if data.Shown, err = s.store.FindVersion(ctx, p.ReportID, n); err != nil {
		return nil, err
	}
	data.Latest = n == data.Report.Latest
	data.Draft = data.Shown.Body
	data.Analysis = s.analyse(data.Shown, c)
	comments, err := s.store.ListComments(ctx, p.ReportID)
	if err != nil {
		return nil, err
	}
	data.Paragraphs, data.General = data.Analysis.withComments(n, comments)
	if data.Copies, err = s.copiedPassages(ctx, viewerOf(r), p, data.Shown); err != nil {
		return nil, err
	}
	if data.Yearly, err = s.yearOverYear(ctx, viewerOf(r), p, c, data.Analysis); err != nil {
		return nil, err
	}
	if data.Decisions, err = s.store.ListReviewDecisions(ctx, p.ReportID); err != nil {
		return nil, err
	}
	data.CanReview = rel.reviewer && p.State == qinglian.StateSubmitted && data.Latest
	data.CanComment = rel.author || rel.reviewer
	data.CanDownload = p.State == qinglian.StateAccepted || p.State == qinglian.StatePublished
	for _, cm := range comments {
		if err := s.addName(ctx, data.Names, cm.AuthorID); err != nil {
			return nil, err
		}
	}
	for _, d := range data.Decisions {
		if err := s.addName(ctx, data.Names, d.ReviewerID); err != nil {
			return nil, err
		}
	}
	if p.State == qinglian.StatePublished {
		if data.Publication, err = s.findPublication(ctx, p, c); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// addName puts a user's name into names, once.
func (s *Server) addName(ctx context.Context, names map[int64]string, id int64) error {
	if _, ok := names[id]; ok || id == 0 {
		return nil
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	names[id] = u.Name
	return nil
}

// findPublication returns the publication of a published participant's
// report, or nil.
func (s *Server) findPublication(ctx context.Context, p *qinglian.Participant, c *qinglian.Campaign) (*qinglian.Publication, error) {
	pubs, err := s.store.ListPublications(ctx, qinglian.PublicationFilter{
		Visible: []int64{c.OrgID, p.OrgID}, UnitID: p.OrgID, Year: c.Year, Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, pub := range pubs {
		if pub.ReportID == p.ReportID {
			return pub, nil
		}
	}
	return nil, nil
}

// rerenderReport shows the report page again with a refusal message,
// keeping what the viewer typed; the participant is read afresh so the
// page shows the current state.
func (s *Server) rerenderReport(w http.ResponseWriter, r *http.Request, status int, msg string, keep func(*reportPage)) {
	p, c, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.reportData(w, r, p, c, rel)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Error = msg
	if keep != nil {
		keep(data)
	}
	s.render(w, r, status, "report.html", data)
}

// participantURL is the report page of a participant.
func participantURL(id int64) string { return "/participants/" + strconv.FormatInt(id, 10) }
