package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"qinglian"
	"qinglian/appraisal"
)

// appraisalPage is an appraisal's page for its organisers: set-up,
// turnout, and once closed the results. With Slips set it is the printable
// sheet of voting slips instead, shown once.
type appraisalPage struct {
	Page
	Appraisal *appraisal.Appraisal
	Campaign  *qinglian.Campaign
	Open      bool
	Closed    bool
	Issued    int
	Used      int
	Tally     *appraisal.Tally
	Charts    map[int64]template.HTML // by cadre
	Slips     []slip
	VoteURL   string
}

// slip is one cut-out voting slip.
type slip struct {
	N     int
	Class string
	Token string
	QR    template.URL // data: URL of a PNG
}

// loadAppraisal reads the appraisal named by the path's {id} and checks
// the viewer organises its campaign; anyone else gets "not found".
func (s *Server) loadAppraisal(r *http.Request) (*appraisal.Appraisal, *qinglian.Campaign, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	a, err := s.store.FindAppraisal(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.store.FindCampaignByID(r.Context(), a.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	ok, err := s.store.HasRole(r.Context(), viewerOf(r).user.ID, c.OrgID, qinglian.RoleOrganiser)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, notFound()
	}
	return a, c, nil
}

// appraisalShow shows the appraisal; results only once voting has ended.
func (s *Server) appraisalShow(w http.ResponseWriter, r *http.Request) {
	a, c, err := s.loadAppraisal(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.appraisalData(r.Context(), a, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Page = s.page(w, r, a.Config.Title)
	s.render(w, r, http.StatusOK, "appraisal.html", data)
}

func (s *Server) appraisalData(ctx context.Context, a *appraisal.Appraisal, c *qinglian.Campaign) (*appraisalPage, error) {
	now := s.now()
	data := &appraisalPage{Appraisal: a, Campaign: c, Open: a.Open(now), Closed: a.Closed(now)}
	var err error
	if data.Issued, data.Used, err = s.store.Turnout(ctx, a.ID); err != nil {
		return nil, err
	}
	if data.Closed {
		if data.Tally, err = s.appraisalTally(ctx, a); err != nil {
			return nil, err
		}
		data.Charts = map[int64]template.HTML{}
		for _, ct := range data.Tally.Cadres {
			data.Charts[ct.Cadre.UserID] = barChart(a.Config.Scale, ct)
		}
	}
	return data, nil
}

// appraisalTally seals the stored order (once) and counts the ballots.
func (s *Server) appraisalTally(ctx context.Context, a *appraisal.Appraisal) (*appraisal.Tally, error) {
	if err := s.store.SealAppraisal(ctx, a.ID); err != nil {
		return nil, err
	}
	bs, err := s.store.Ballots(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return appraisal.Count(&a.Config, bs), nil
}

// gradeColours fill the bars, best grade first; more grades reuse the last.
var gradeColours = []string{"#1a7f37", "#5aa469", "#d4a72c", "#cf222e", "#8250df", "#57606a", "#24292f"}

// barChart draws one cadre's results as an SVG of stacked horizontal bars,
// one per item, with a legend: server-rendered, no script, no style sheet.
func barChart(scale []appraisal.Level, ct appraisal.CadreTally) template.HTML {
	const labelW, barW, rowH = 150, 300, 26
	h := rowH*len(ct.Items) + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s的测评结果">`,
		labelW+barW+70, h, template.HTMLEscapeString(ct.Cadre.Name))
	for i, it := range ct.Items {
		y := i * rowH
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13">%s</text>`, y+17, template.HTMLEscapeString(it.Item))
		x := float64(labelW)
		for g, p := range it.Percents {
			wd := barW * p / 100
			if wd > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="18" fill="%s"><title>%s %d票 %.1f%%</title></rect>`,
					x, y+4, wd, gradeColours[min(g, len(gradeColours)-1)], template.HTMLEscapeString(scale[g].Label), it.Counts[g], p)
			}
			x += wd
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13">%.2f分</text>`, labelW+barW+6, y+17, it.Score)
	}
	x := 0
	for g, l := range scale {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>`,
			x, h-16, gradeColours[min(g, len(gradeColours)-1)], x+16, h-6, template.HTMLEscapeString(l.Label))
		x += 30 + 14*len([]rune(l.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}
