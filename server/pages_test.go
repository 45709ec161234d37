package server

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"qinglian"
)

// TestEveryPageRenders opens every page template as the role it is for and
// checks the page says what it should; a template added without a row here
// fails the test.
func TestEveryPageRenders(t *testing.T) {
	f := newFixture(t, "sqlite")
	_, err := f.st.SaveVersion(ctx, f.users["cadre"].ID, f.pA.ID, &qinglian.Version{
		Body: "张三同志2025年度述责述廉报告\n一、执行政治纪律和政治规矩情况\n一是加强学习，全年学习15次，撰写心得5篇。"})
	must(t, err)
	cases := []struct {
		template, role, path string
		want                 []string
	}{
		{"home.html", "anonymous", "/", []string{"登录", "李四"}},
		{"home.html", "cadre", "/", []string{"我的述责述廉报告", "2025年度领导干部述责述廉"}},
		{"home.html", "organiser", "/", []string{"我组织的活动"}},
		{"login.html", "anonymous", "/login", []string{`name="login"`, `name="password"`, `name="csrf"`}},
		{"password.html", "cadre", "/password", []string{`name="new"`, "至少10个字符"}},
		{"orgs.html", "admin", "/admin/orgs", []string{"甲局", "乙局", "添加下级组织"}},
		{"users.html", "admin", "/admin/users", []string{"cadreA2", "新建账号", "重置密码"}},
		{"campaigns.html", "organiser", "/campaigns", []string{"2025年度领导干部述责述廉", "新建年度活动"}},
		{"campaign_form.html", "organiser", "/campaigns/new", []string{"参加单位", "甲局", `name="deadline"`}},
		{"campaign_form.html", "organiser", fmt.Sprintf("/campaigns/%d/edit", f.campaign.ID), []string{"修改述责述廉活动", "checked"}},
		{"campaign_board.html", "organiser", fmt.Sprintf("/campaigns/%d", f.campaign.ID), []string{"张三", "李四", "王五", "已公开", "添加述责人"}},
		{"report.html", "cadre", fmt.Sprintf("/participants/%d", f.pA.ID), []string{"填写报告", "上传报告文件", "不超过 10 MB", "提交审核", "问题清单", "必备内容"}},
		{"report.html", "reviewer", fmt.Sprintf("/participants/%d?v=1", f.pA.ID), []string{"第 1 版（当前显示）", "张三.txt"}},
		{"campaign_copies.html", "organiser", fmt.Sprintf("/campaigns/%d/copies", f.campaign.ID), []string{"千人一面", "比较了您有权查看的 3 份报告"}},
		{"corpus.html", "organiser", "/corpus", []string{"范文库", "每个文件不超过 2 MB", "每次最多 200 个文件", `name="files"`}},
		{"report_diff.html", "cadre", fmt.Sprintf("/participants/%d/diff?from=1&to=2", f.pA.ID), []string{"<del>4</del><ins>5</ins>"}},
		{"archive.html", "cadre", fmt.Sprintf("/people/%d/archive", f.users["cadre"].ID), []string{"时间线", "保存版本", "第 2 版"}},
		{"people.html", "reviewer", "/people", []string{"张三", "李四"}},
		{"public_list.html", "anonymous", "/public", []string{"李四", `name="year"`}},
		{"public_show.html", "anonymous", fmt.Sprintf("/public/%d", f.pubPublic.ID), []string{"2025年度述责述廉报告", "全年主持专题会议6次"}},
		{"appraisal_form.html", "organiser", fmt.Sprintf("/campaigns/%d/appraisals/new", f.campaign.ID), []string{"新建民主测评", "张三", "回执也让投票人能够向他人证明"}},
		{"appraisal.html", "organiser", fmt.Sprintf("/appraisals/%d", testAppraisal(t, f).ID), []string{"生成并打印投票凭证", "测评结束前不显示任何结果"}},
		{"vote.html", "anonymous", "/vote", []string{"请输入投票凭证", `name="t"`}},
		{"error.html", "member", fmt.Sprintf("/participants/%d", f.pA.ID), []string{"要查找的内容不存在"}},
	}
	seen := map[string]bool{}
	label := regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	for _, tc := range cases {
		r := f.as(t, tc.role).get(tc.path)
		if tc.template != "error.html" {
			wantStatus(t, tc.path, r, http.StatusOK)
		}
		seen[tc.template] = true
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s as %s (%s): page lacks %q", tc.path, tc.role, tc.template, w)
			}
		}
		// Every visible control is labelled: an id a <label for> names, or
		// a label around it.
		for _, m := range label.FindAllString(r.body, -1) {
			if strings.Contains(m, `type="hidden"`) || strings.Contains(m, `type="submit"`) ||
				strings.Contains(m, `type="checkbox"`) || strings.Contains(m, `type="radio"`) {
				continue
			}
			id := regexp.MustCompile(`id="([^"]+)"`).FindStringSubmatch(m)
			if id == nil || !strings.Contains(r.body, `for="`+id[1]+`"`) {
				t.Errorf("%s: control without a label: %s", tc.path, m)
			}
		}
		if !strings.Contains(r.body, `<meta name="viewport"`) || strings.Contains(r.body, "http://") || strings.Contains(r.body, "https://") {
			t.Errorf("%s: page must be responsive and load nothing from elsewhere", tc.path)
		}
	}
	for name := range f.srv.pages {
		if !seen[name] {
			t.Errorf("template %s is not rendered by this test: add a row", name)
		}
	}
}
