package server

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"qinglian"
	"qinglian/check/structure"
	"qinglian/lexicon"
)

// campaignFormPage is the form to create or edit a campaign.
type campaignFormPage struct {
	Page
	Editing    bool
	Form       campaignForm
	Orgs       []*qinglian.Organisation // where the viewer may run a campaign
	Candidates []orgNode                // units that may be in scope
	Templates  []templateChoice
	States     []qinglian.CampaignState
	Error      string
}

// campaignForm is what the form holds, as typed.
type campaignForm struct {
	ID           int64
	Revision     int64
	OrgID        int64
	Year         int
	Title        string
	Template     string // "" built-in, "custom" the campaign's own
	TemplateText string // the campaign's own template, in template.txt's format
	Deadline     string // yyyy-mm-dd
	State        qinglian.CampaignState
	Units        []int64
}

// templateChoice is a required-content template the engine knows.
type templateChoice struct {
	ID, Name string
}

// templates lists the required-content templates a campaign may name. The
// engine is built once with the embedded template; organisations that
// override it do so through the lexicon directory.
var templates = []templateChoice{
	{"", "内置模板：《中国共产党党内监督条例》第二十一条（四个方面）"},
	{customTemplate, "本活动自定义模板（在下方填写）"},
}

// customTemplate is the choice of a campaign that writes its own template.
const customTemplate = "custom"

// maxTemplateSize bounds a campaign's own template.
const maxTemplateSize = 64 << 10

// campaignTemplate is what the campaign stores: "" for the built-in
// template, else the template's text.
func (f campaignForm) campaignTemplate() string {
	if f.Template == customTemplate {
		return f.TemplateText
	}
	return ""
}

func (f *campaignForm) fill(c *qinglian.Campaign) {
	f.ID, f.Revision, f.OrgID, f.Year, f.Title, f.State, f.Units =
		c.ID, c.Revision, c.OrgID, c.Year, c.Title, c.State, c.Units
	if strings.TrimSpace(c.Template) != "" {
		f.Template, f.TemplateText = customTemplate, c.Template
	}
	if !c.Deadline.IsZero() {
		f.Deadline = c.Deadline.In(beijing).Format("2006-01-02")
	}
}

// parseCampaignForm reads the form and says in Chinese what is wrong.
func parseCampaignForm(r *http.Request) (campaignForm, string) {
	f := campaignForm{
		Title:        strings.TrimSpace(r.PostFormValue("title")),
		Template:     r.PostFormValue("template"),
		TemplateText: strings.ReplaceAll(r.PostFormValue("template_text"), "\r\n", "\n"),
		Deadline:     strings.TrimSpace(r.PostFormValue("deadline")),
		State:        qinglian.CampaignState(r.PostFormValue("state")),
	}
	f.Revision, _ = strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	f.OrgID, _ = strconv.ParseInt(r.PostFormValue("org"), 10, 64)
	for _, u := range r.PostForm["units"] {
		if id, err := strconv.ParseInt(u, 10, 64); err == nil {
			f.Units = append(f.Units, id)
		}
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	f.Year = year
	switch {
	case err != nil || year < 2000 || year > 2200:
		return f, "请填写正确的年度，例如 2025。"
	case f.Title == "":
		return f, "请填写活动名称。"
	case len(f.Units) == 0:
		return f, "请至少选择一个参加单位。"
	}
	if f.Deadline != "" {
		if _, err := time.ParseInLocation("2006-01-02", f.Deadline, beijing); err != nil {
			return f, "截止日期格式不正确，应为 年-月-日，例如 2025-12-31。"
		}
	}
	switch f.State {
	case qinglian.CampaignDraft, qinglian.CampaignOpen, qinglian.CampaignClosed:
	default:
		return f, "请选择活动状态。"
	}
	switch f.Template {
	case "":
	case customTemplate:
		if len(f.TemplateText) > maxTemplateSize {
			return f, fmt.Sprintf("自定义模板过长（上限 %d KB）。", maxTemplateSize>>10)
		}
		if _, err := structure.ParseTemplate(strings.NewReader(f.TemplateText)); err != nil {
			return f, "自定义模板有误：" + err.Error()
		}
	default:
		return f, "请选择必备内容模板。"
	}
	return f, ""
}

// deadline is the end of the chosen day in Beijing time; zero if none.
func (f campaignForm) deadline() time.Time {
	if f.Deadline == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation("2006-01-02", f.Deadline, beijing)
	if err != nil {
		return time.Time{}
	}
	return d.Add(24*time.Hour - time.Second)
}

// organiserOrgs returns the organisations where the viewer may run a
// campaign.
func (s *Server) organiserOrgs(ctx context.Context, v *viewer) ([]*qinglian.Organisation, error) {
	var out []*qinglian.Organisation
	seen := map[int64]bool{}
	for _, id := range v.orgsWith(qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		if seen[id] {
			continue
		}
		seen[id] = true
		o, err := s.store.FindOrganisationByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// unitCandidates returns the organisations below org, with depths.
func (s *Server) unitCandidates(ctx context.Context, org int64) ([]orgNode, error) {
	if org == 0 {
		return nil, nil
	}
	sub, err := s.store.OrganisationSubtree(ctx, org)
	if err != nil {
		return nil, err
	}
	depth := map[int64]int{}
	var out []orgNode
	for _, o := range sub {
		if o.ID == org {
			continue
		}
		d := depth[o.ParentID]
		depth[o.ID] = d + 1
		out = append(out, orgNode{Org: o, Depth: d})
	}
	return out, nil
}

func (s *Server) renderCampaignForm(w http.ResponseWriter, r *http.Request, status int, editing bool, f campaignForm, msg string) {
	ctx := r.Context()
	title := "新建述责述廉活动"
	if editing {
		title = "修改述责述廉活动"
	}
	if f.TemplateText == "" {
		// Start from the built-in template, the form's own example of the
		// format; it is only used when the organiser chooses it.
		if b, err := fs.ReadFile(lexicon.Default(), structure.TemplateFile); err == nil {
			f.TemplateText = string(b)
		}
	}
	data := &campaignFormPage{Page: s.page(w, r, title), Editing: editing, Form: f, Templates: templates, Error: msg,
		States: []qinglian.CampaignState{qinglian.CampaignDraft, qinglian.CampaignOpen, qinglian.CampaignClosed}}
	var err error
	if data.Orgs, err = s.organiserOrgs(ctx, viewerOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Candidates, err = s.unitCandidates(ctx, f.OrgID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "campaign_form.html", data)
}
