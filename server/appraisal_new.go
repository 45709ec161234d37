package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"qinglian"
	"qinglian/appraisal"
)

// appraisalForm is the set-up form of a democratic appraisal, as typed.
type appraisalForm struct {
	Title, Items, Scale, Classes, Opens, Closes string
	Voters, K                                   int
	Cadres                                      []int64
	Comments, Receipts                          bool
}

// appraisalFormPage is the set-up page.
type appraisalFormPage struct {
	Page
	Campaign     *qinglian.Campaign
	Participants []*qinglian.Participant
	Existing     []*appraisal.Appraisal // the campaign's appraisals so far
	Form         appraisalForm
	Error        string
}

// appraisalNew shows the set-up form with the usual items and scale.
func (s *Server) appraisalNew(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadCampaign(r)
	if err == nil {
		err = s.requireOrganiser(r, c)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	day := s.now().In(beijing).Truncate(24 * time.Hour).Add(24 * time.Hour)
	f := appraisalForm{
		Title: fmt.Sprintf("%d年度领导班子和领导干部民主测评", c.Year), Items: strings.Join(appraisal.DefaultItems, "\n"),
		Scale: formatScale(appraisal.ScaleGood), Opens: day.Add(9 * time.Hour).Format("2006-01-02T15:04"),
		Closes: day.Add(12 * time.Hour).Format("2006-01-02T15:04"), Voters: 30, K: appraisal.DefaultK, Receipts: true, Comments: true,
	}
	s.renderAppraisalForm(w, r, http.StatusOK, c, f, "")
}

func (s *Server) renderAppraisalForm(w http.ResponseWriter, r *http.Request, status int, c *qinglian.Campaign, f appraisalForm, msg string) {
	ps, err := s.store.ListParticipants(r.Context(), qinglian.ParticipantFilter{CampaignID: c.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	existing, err := s.store.ListAppraisals(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "appraisal_form.html", &appraisalFormPage{Page: s.page(w, r, "新建民主测评"), Campaign: c,
		Participants: ps, Existing: existing, Form: f, Error: msg})
}

func formatScale(ls []appraisal.Level) string {
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "%s=%g\n", l.Label, l.Weight)
	}
	return b.String()
}

// parseAppraisalForm reads the form into a set-up, or says in Chinese what
// is wrong. Scale lines are 名称=分值; class lines 名称=权重=人数.
func parseAppraisalForm(r *http.Request) (appraisalForm, appraisal.Config, string) {
	f := appraisalForm{Title: r.PostFormValue("title"), Items: r.PostFormValue("items"), Scale: r.PostFormValue("scale"),
		Classes: r.PostFormValue("classes"), Opens: r.PostFormValue("opens"), Closes: r.PostFormValue("closes"),
		Comments: r.PostFormValue("comments") == "1", Receipts: r.PostFormValue("receipts") == "1"}
	f.Voters, _ = strconv.Atoi(r.PostFormValue("voters"))
	f.K, _ = strconv.Atoi(r.PostFormValue("k"))
	cfg := appraisal.Config{Title: f.Title, Items: strings.Split(f.Items, "\n"), Comments: f.Comments, Receipts: f.Receipts,
		Voters: f.Voters, K: f.K}
	for _, v := range r.PostForm["cadre"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			f.Cadres = append(f.Cadres, id)
			cfg.Cadres = append(cfg.Cadres, appraisal.Cadre{UserID: id})
		}
	}
	for _, line := range lines(f.Scale) {
		name, weight, _ := strings.Cut(line, "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(weight), 64)
		if err != nil {
			return f, cfg, fmt.Sprintf("评价等次“%s”应写成“名称=分值”，如“好=100”。", line)
		}
		cfg.Scale = append(cfg.Scale, appraisal.Level{Label: name, Weight: w})
	}
	for _, line := range lines(f.Classes) {
		parts := strings.Split(line, "=")
		if len(parts) != 3 {
			return f, cfg, fmt.Sprintf("参评人员类别“%s”应写成“名称=权重=人数”，如“班子成员=2=9”。", line)
		}
		w, err1 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		n, err2 := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err1 != nil || err2 != nil {
			return f, cfg, fmt.Sprintf("参评人员类别“%s”的权重或人数不是数字。", line)
		}
		cfg.Classes = append(cfg.Classes, appraisal.Class{Name: parts[0], Weight: w, Voters: n})
	}
	var err error
	if cfg.Opens, err = time.ParseInLocation("2006-01-02T15:04", f.Opens, beijing); err != nil {
		return f, cfg, "请填写开始时间。"
	}
	if cfg.Closes, err = time.ParseInLocation("2006-01-02T15:04", f.Closes, beijing); err != nil {
		return f, cfg, "请填写结束时间。"
	}
	cfg.Opens, cfg.Closes = cfg.Opens.UTC(), cfg.Closes.UTC()
	return f, cfg, cfg.Validate()
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
