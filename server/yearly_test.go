package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"qinglian"
)

// earlierReport enrols the fixture's cadre in a campaign of an earlier
// year, for unit, with body as the report.
func (f *fixture) earlierReport(t *testing.T, year int, unit int64, body string) {
	t.Helper()
	org := f.users["organiser"].ID
	c := &qinglian.Campaign{OrgID: f.root, Year: year, Title: fmt.Sprintf("%d年度领导干部述责述廉", year), State: qinglian.CampaignOpen,
		Units: []int64{f.unitA, f.unitB}, Deadline: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)}
	must(t, f.st.CreateCampaign(ctx, org, c))
	p := &qinglian.Participant{CampaignID: c.ID, UserID: f.users["cadre"].ID, OrgID: unit}
	must(t, f.st.AddParticipant(ctx, org, p))
	_, err := f.st.SaveVersion(ctx, f.users["cadre"].ID, p.ID, &qinglian.Version{Body: body})
	must(t, err)
}

// The cadre's 2023 report (in unit B) and 2024 report (in unit A) against
// this year's: the shortcoming reported every year is flagged with its
// years, last year's promises are marked followed up or not mentioned. The
// reviewer of unit A may not read the 2023 report of unit B, so for them
// the comparison leaves 2023 out.
func TestYearOverYear(t *testing.T) {
	f := newFixture(t, "sqlite")
	f.earlierReport(t, 2023, f.unitB, "张三同志2023年度述责述廉报告\n一、履行全面从严治党责任情况\n全年召开专题会议4次。\n二、存在的不足\n"+
		"一是理论学习不够深入系统，学用结合还有差距。\n二是对下属单位日常监督不够到位，监督手段比较单一。\n三、下一步打算\n一是坚持以案促改。")
	f.earlierReport(t, 2024, f.unitA, "张三同志2024年度述责述廉报告\n一、履行全面从严治党责任情况\n全年召开专题会议5次。\n二、存在的不足\n"+
		"一是对下属单位日常监督不够到位，监督手段较为单一。\n二是调查研究不够经常。\n三、下一步打算\n"+
		"一是加强对下属单位的日常监督检查。\n二是健全廉政风险防控机制，开展风险点排查。")
	r := f.as(t, "cadre").post(fmt.Sprintf("/participants/%d/versions", f.pA.ID), url.Values{"body": {
		"张三同志2025年度述责述廉报告\n一、履行全面从严治党责任情况\n全年对12个下属单位开展日常监督检查，发现问题9个。\n二、存在的不足\n" +
			"一是对下属单位的日常监督还不够到位，监督手段比较单一。\n二是创新意识不强。\n三、下一步打算\n一是健全廉政风险防控机制。"}})
	wantStatus(t, "save", r, http.StatusSeeOther)

	section := func(login string, p *qinglian.Participant) string {
		r := f.as(t, login).get(fmt.Sprintf("/participants/%d", p.ID))
		wantStatus(t, login, r, http.StatusOK)
		body := r.body
		i := strings.Index(body, `id="yearly"`)
		if i < 0 {
			return ""
		}
		rest := body[i:]
		if j := strings.Index(rest, "<h2"); j > 0 {
			rest = rest[:j]
		}
		return rest
	}
	cadre := section("cadre", f.pA)
	for _, w := range []string{"2023、2024 年度", "对下属单位的日常监督还不够到位", "同一问题在2023年、2024年和2025年的报告中均有提及",
		"2024年“下一步”承诺", "加强对下属单位的日常监督检查。 — <span class=\"ok\">已跟进", "12个下属单位开展日常监督检查",
		"健全廉政风险防控机制，开展风险点排查。 — <span class=\"miss\">未提及"} {
		if !strings.Contains(cadre, w) {
			t.Errorf("cadre's comparison lacks %q:\n%s", w, cadre)
		}
	}
	if strings.Contains(cadre, "创新意识不强") {
		t.Error("a new shortcoming flagged as repeated")
	}
	reviewer := section("reviewer", f.pA)
	if !strings.Contains(reviewer, "同一问题在2024年和2025年") || strings.Contains(reviewer, "2023") {
		t.Errorf("reviewer of unit A sees the unit-B report of 2023:\n%s", reviewer)
	}
	// The integrity archive shows the same comparison for the newest report.
	r = f.as(t, "cadre").get(fmt.Sprintf("/people/%d/archive", f.users["cadre"].ID))
	wantStatus(t, "archive", r, http.StatusOK)
	for _, w := range []string{`id="yearly"`, "2025 年度报告</a>与本人 2023、2024 年度", "同一问题在2023年、2024年和2025年的报告中均有提及", "未提及"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("archive lacks %q", w)
		}
	}
	r = f.as(t, "reviewer").get(fmt.Sprintf("/people/%d/archive", f.users["cadre"].ID))
	wantStatus(t, "archive as reviewer", r, http.StatusOK)
	if !strings.Contains(r.body, "同一问题在2024年和2025年") || strings.Contains(r.body, "2023、2024 年度") {
		t.Errorf("archive as reviewer compares beyond their scope")
	}
	// A report with no earlier year has no comparison.
	if s := section("cadreA2", f.pA2); s != "" {
		t.Errorf("first-year report has a comparison: %s", s)
	}
}
