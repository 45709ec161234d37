package server

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qinglian"
)

// Paragraphs long enough for the copied-passage index (it ignores
// paragraphs under 20 characters, such as headings).
const (
	copiedPara = "一是严格落实中央八项规定精神，带头转变作风，全年深入基层调研二十三次，协调解决群众急难愁盼问题四十一个，推动整改落实。"
	ownPara    = "二是坚持民主集中制，凡涉及干部任免、重大项目安排和大额资金使用等事项，一律提交党委会集体研究决定，没有个人说了算的情况。"
	thirdPara  = "四是加强对一把手和领导班子监督，严格执行个人有关事项报告制度，如实报告家庭成员从业情况，主动接受组织和群众监督。"
	otherPara  = "三是认真履行一岗双责，定期听取分管领域党风廉政建设情况汇报，对苗头性倾向性问题早发现早提醒早纠正，全年开展提醒谈话十五人次。"
)

// addCadre enrols a new cadre of unit in the fixture's campaign and saves
// body as their report through the store.
func (f *fixture) addCadre(t *testing.T, login, name string, unit int64, body string) *qinglian.Participant {
	t.Helper()
	hash, err := hashPassword(testPassword, false)
	must(t, err)
	u := &qinglian.User{Login: login, Name: name, Title: "副局长", PasswordHash: hash}
	must(t, f.st.CreateUser(ctx, 0, u))
	must(t, f.st.GrantRole(ctx, 0, &qinglian.Membership{UserID: u.ID, OrgID: unit, Role: qinglian.RoleCadre}))
	f.users[login] = u
	p := &qinglian.Participant{CampaignID: f.campaign.ID, UserID: u.ID, OrgID: unit}
	must(t, f.st.AddParticipant(ctx, f.users["organiser"].ID, p))
	if body != "" {
		_, err = f.st.SaveVersion(ctx, u.ID, p.ID, &qinglian.Version{Body: body})
		must(t, err)
	}
	p, err = f.st.FindParticipantByID(ctx, p.ID)
	must(t, err)
	return p
}

// A cadre of unit A copies a paragraph of a unit-B report. The cadre and
// unit A's reviewer may not read unit B's report: they see the passage with
// the source anonymised to its year. The organiser, who may read both, sees
// the source named and linked.
func TestCopiedPassagesRespectPermissions(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		src := f.addCadre(t, "cadreB2", "孙七", f.unitB, "孙七同志2025年度述责述廉报告\n"+copiedPara+"\n"+otherPara)
		// The cadre saves through the site, so the save updates the index.
		c := f.as(t, "cadre")
		r := c.post(fmt.Sprintf("/participants/%d/versions", f.pA.ID), url.Values{
			"body": {"张三同志2025年度述责述廉报告\n" + ownPara + "\n" + strings.Replace(copiedPara, "二十三", "十八", 1)}})
		wantStatus(t, "save", r, http.StatusSeeOther)

		page := fmt.Sprintf("/participants/%d", f.pA.ID)
		for _, tc := range []struct {
			role       string
			want, lack []string
		}{
			{"cadre", []string{"雷同段落", "另一单位的一份报告（2025年）", "<mark>"}, []string{"孙七", fmt.Sprintf("/participants/%d?v=", src.ID)}},
			{"reviewer", []string{"另一单位的一份报告（2025年）"}, []string{"孙七"}},
			{"organiser", []string{"孙七 · 乙局 · 2025年", fmt.Sprintf(`href="/participants/%d?v=1"`, src.ID), "来源原文"}, []string{"另一单位的一份报告"}},
		} {
			r := f.as(t, tc.role).get(page)
			wantStatus(t, tc.role, r, http.StatusOK)
			sec := copiesSection(r.body)
			for _, w := range tc.want {
				if !strings.Contains(sec, w) {
					t.Errorf("%s: copies section lacks %q:\n%s", tc.role, w, sec)
				}
			}
			for _, w := range tc.lack {
				if strings.Contains(sec, w) {
					t.Errorf("%s: copies section reveals %q", tc.role, w)
				}
			}
			// Only the copied paragraph is listed, not the cadre's own one.
			if strings.Contains(sec, "民主集中制") {
				t.Errorf("%s: an original paragraph listed as copied", tc.role)
			}
		}
		// The source's own page names the copy the other way round, for
		// the organiser; and unit B's reviewer sees unit A anonymised.
		r = f.as(t, "reviewerB").get(fmt.Sprintf("/participants/%d", src.ID))
		wantStatus(t, "reviewerB", r, http.StatusOK)
		if sec := copiesSection(r.body); !strings.Contains(sec, "另一单位的一份报告（2025年）") || strings.Contains(sec, "张三") {
			t.Errorf("reviewerB on the source: %s", sec)
		}

		// A later save replaces the earlier version in the index: once the
		// paragraph is rewritten, neither page lists a copy.
		r = c.post(fmt.Sprintf("/participants/%d/versions", f.pA.ID), url.Values{"body": {"张三同志2025年度述责述廉报告\n" + ownPara}})
		wantStatus(t, "second save", r, http.StatusSeeOther)
		for _, path := range []string{page, fmt.Sprintf("/participants/%d", src.ID)} {
			r = f.as(t, "organiser").get(path)
			if sec := copiesSection(r.body); !strings.Contains(sec, "未发现") {
				t.Errorf("%s after the rewrite still lists copies:\n%s", path, sec)
			}
		}
	})
}

// copiesSection returns the "雷同段落" part of a report page.
func copiesSection(body string) string {
	i := strings.Index(body, `id="copies"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "<h2"); j > 0 {
		rest = rest[:j]
	}
	return rest
}

// A new Server over the same store finds the same copies: from the index
// file when there is one, from the database when the file is missing or
// corrupt, and from the database for changes the file missed.
func TestCopyIndexSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "copies.idx")
	f := newFixture(t, "sqlite", func(c *Config) { c.CopyIndexFile = file })
	f.addCadre(t, "cadreB2", "孙七", f.unitB, "孙七同志2025年度述责述廉报告\n"+copiedPara)
	c := f.as(t, "cadre")
	wantStatus(t, "save", c.post(fmt.Sprintf("/participants/%d/versions", f.pA.ID),
		url.Values{"body": {"张三同志2025年度述责述廉报告\n" + copiedPara}}), http.StatusSeeOther)
	if _, err := f.srv.copies.get(ctx); err != nil {
		t.Fatal(err)
	}
	f.srv.copies.flush()
	before := f.srv.copies.heldIDs()
	if len(before) != 4 {
		t.Fatalf("indexed %v, want the four reports", before)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("no index file after a save: %v", err)
	}
	restart := func(what string) *Server {
		t.Helper()
		srv, err := New(Config{Store: f.st, Engine: engine(), Now: f.clock.Now, CopyIndexFile: file})
		must(t, err)
		if _, err := srv.copies.get(ctx); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		srv.copies.flush()
		if got := srv.copies.heldIDs(); strings.Join(got, ",") != strings.Join(before, ",") {
			t.Errorf("%s: indexed %v, want %v", what, got, before)
		}
		p, err := f.st.FindParticipantByID(ctx, f.pA.ID)
		must(t, err)
		v, err := f.st.FindVersion(ctx, p.ReportID, 2)
		must(t, err)
		cs, err := srv.copiedPassages(ctx, nil, p, v)
		must(t, err)
		if len(cs) != 1 || cs[0].Score != 100 {
			t.Errorf("%s: copies %+v, want the one copied paragraph", what, cs)
		}
		return srv
	}
	restart("from the file")

	// Hostile: a truncated file, garbage, an empty file — rebuilt from the
	// database and rewritten.
	good, err := os.ReadFile(file)
	must(t, err)
	for name, data := range map[string][]byte{"truncated": good[:len(good)/2], "garbage": []byte("not an index\nat all"), "empty": nil} {
		must(t, os.WriteFile(file, data, 0o600))
		restart(name)
		if b, err := os.ReadFile(file); err != nil || len(b) != len(good) {
			t.Errorf("%s: index file not rewritten (%d bytes, want %d; %v)", name, len(b), len(good), err)
		}
	}
	// A save the file missed (made through the store while no server ran).
	must(t, os.Remove(file))
	restart("missing file")
	p3 := f.addCadre(t, "cadreA3", "周八", f.unitA, "周八同志2025年度述责述廉报告\n"+otherPara)
	before = append(before, reportDocID(p3.ReportID))
	slices.Sort(before)
	restart("stale file")
}

// Three reports of two units share one paragraph (one with a changed
// number), two others share another: 千人一面 shows two groups, the larger
// first, each passage with the number of reports it is in; a report with
// nothing copied is in no group. Unit B's reviewer sees only unit B's
// reports, so no group spans units for them.
func TestCampaignCopiesClusters(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		head := "同志2025年度述责述廉报告\n"
		f.addCadre(t, "x1", "甲一", f.unitA, "甲一"+head+copiedPara+"\n"+ownPara)
		f.addCadre(t, "x2", "甲二", f.unitA, "甲二"+head+strings.Replace(copiedPara, "四十一", "三十九", 1))
		f.addCadre(t, "x3", "乙一", f.unitB, "乙一"+head+copiedPara)
		f.addCadre(t, "x4", "乙二", f.unitB, "乙二"+head+otherPara)
		f.addCadre(t, "x5", "乙三", f.unitB, "乙三"+head+otherPara+"\n"+thirdPara)
		f.addCadre(t, "x6", "乙四", f.unitB, "乙四"+head+"五是坚持以案促改，召开警示教育大会两次，组织观看警示教育片，督促班子成员逐一对照检查，形成问题清单。")

		r := f.as(t, "organiser").get(fmt.Sprintf("/campaigns/%d/copies", f.campaign.ID))
		wantStatus(t, "organiser", r, http.StatusOK)
		g1 := strings.Index(r.body, "第 1 组：3 份报告")
		g2 := strings.Index(r.body, "第 2 组：2 份报告")
		if g1 < 0 || g2 < g1 || strings.Contains(r.body, "第 3 组") {
			t.Fatalf("groups wrong:\n%s", r.body)
		}
		first, second := r.body[g1:g2], r.body[g2:]
		for _, w := range []string{"甲一", "甲二", "乙一", "严格落实中央八项规定精神", "<td>3 份报告</td>"} {
			if !strings.Contains(first, w) {
				t.Errorf("first group lacks %q", w)
			}
		}
		for _, w := range []string{"乙二", "乙三", "一岗双责", "<td>2 份报告</td>"} {
			if !strings.Contains(second, w) {
				t.Errorf("second group lacks %q", w)
			}
		}
		if strings.Contains(r.body, "乙四") || strings.Contains(r.body, "民主集中制") || strings.Contains(r.body, "警示教育") {
			t.Error("a report or paragraph with nothing shared is listed")
		}

		r = f.as(t, "reviewerB").get(fmt.Sprintf("/campaigns/%d/copies", f.campaign.ID))
		wantStatus(t, "reviewerB", r, http.StatusOK)
		if strings.Contains(r.body, "甲一") || !strings.Contains(r.body, "第 1 组：2 份报告") || strings.Contains(r.body, "第 2 组") {
			t.Errorf("reviewerB sees beyond unit B:\n%s", r.body)
		}
		// A cadre has no board: the view does not exist for them.
		wantStatus(t, "cadre", f.as(t, "cadre").get(fmt.Sprintf("/campaigns/%d/copies", f.campaign.ID)), http.StatusNotFound)
	})
}
