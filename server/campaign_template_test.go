package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestCampaignTemplate: an organiser gives the campaign its own
// required-content template; a template that does not parse is refused
// with the line at fault and nothing saved; the cadre's report is then
// reviewed against the campaign's template.
func TestCampaignTemplate(t *testing.T) {
	f := newFixture(t, "sqlite")
	org := f.as(t, "organiser")
	edit := func(choice, text string, revision int64) response {
		return org.post(fmt.Sprintf("/campaigns/%d", f.campaign.ID), url.Values{
			"year": {"2025"}, "title": {f.campaign.Title}, "units": {strconv.FormatInt(f.unitA, 10), strconv.FormatInt(f.unitB, 10)},
			"state": {string(f.campaign.State)}, "revision": {strconv.FormatInt(revision, 10)},
			"template": {choice}, "template_text": {text}})
	}
	form := org.get(fmt.Sprintf("/campaigns/%d/edit", f.campaign.ID))
	if !strings.Contains(form.body, "执行政治纪律和政治规矩") || !strings.Contains(form.body, `name="template_text"`) {
		t.Fatalf("the form does not offer the built-in template to edit:\n%s", excerpt(form.body))
	}

	r := edit("custom", "area\tbudget\t预算执行\n", f.campaign.Revision)
	wantStatus(t, "template with missing columns", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "自定义模板有误") || !strings.Contains(r.body, "line 1") {
		t.Errorf("bad template message:\n%s", excerpt(r.body))
	}
	if c, err := f.st.FindCampaignByID(ctx, f.campaign.ID); err != nil || c.Template != "" || c.Revision != f.campaign.Revision {
		t.Fatalf("a refused template was saved: %+v, %v", c, err)
	}

	own := "area\tbudget\t预算资金管理\trequired\t预算,资金\t本单位模板\n"
	r = edit("custom", own, f.campaign.Revision)
	wantStatus(t, "custom template", r, http.StatusSeeOther)
	c, err := f.st.FindCampaignByID(ctx, f.campaign.ID)
	must(t, err)
	if c.Template != own {
		t.Fatalf("stored template %q", c.Template)
	}
	page := f.as(t, "cadre").get(fmt.Sprintf("/participants/%d", f.pA.ID))
	wantStatus(t, "report page", page, http.StatusOK)
	if !strings.Contains(page.body, "<td>预算资金管理</td>") || strings.Contains(page.body, "<td>执行政治纪律和政治规矩</td>") || !strings.Contains(page.body, "本活动自定义模板") {
		t.Errorf("the report was not reviewed against the campaign's template:\n%s", excerpt(page.body))
	}

	// Back to the built-in template: the review follows at once.
	r = edit("", "", c.Revision)
	wantStatus(t, "built-in template", r, http.StatusSeeOther)
	page = f.as(t, "cadre").get(fmt.Sprintf("/participants/%d", f.pA.ID))
	if !strings.Contains(page.body, "<td>执行政治纪律和政治规矩</td>") {
		t.Errorf("the built-in template did not come back:\n%s", excerpt(page.body))
	}
}
