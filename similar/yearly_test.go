package similar_test

import (
	"slices"
	"testing"
	"unicode/utf8"

	"qinglian/similar"
)

func TestRepeatedShortcomings(t *testing.T) {
	earlier := []similar.YearText{
		{Year: 2023, Items: []string{
			"理论学习的系统性不强，存在以干代学现象，学用结合不够紧密。",
			"对分管领域的日常监督不够到位，发现问题的能力有待提高。",
		}},
		{Year: 2024, Items: []string{
			"理论学习系统性不够强，有时存在以干代学现象，学用结合还不够紧密。",
			"调查研究不够深入，到基层一线解决实际问题较少。",
		}},
		{Year: 2022, Items: []string{"谈心谈话开展不够经常，对干部思想动态掌握不全面。"}},
	}
	tests := []struct {
		name      string
		item      string
		wantYears []int // nil: not a repeat
	}{
		{"repeated with small edits in two years", "理论学习系统性不强，存在以干代学的现象，学用结合不够紧密。", []int{2023, 2024}},
		{"repeated in one year, figures and punctuation changed", "对分管领域日常监督不够到位; 发现问题能力有待提高", []int{2023}},
		{"traditional script", "調查研究不夠深入，到基層一線解決實際問題較少。", []int{2024}},
		{"restated with an added clause (containment)", "谈心谈话开展不够经常，对干部思想动态掌握不全面，关心关爱干部的举措不多，帮助解决实际困难较少。", []int{2022}},
		// Different problems, even with the stock phrases every item has.
		{"different problem, same stock ending", "廉政风险排查不够全面，风险防控能力有待提高。", nil},
		{"different problem", "抓班子带队伍方法不多，对年轻干部的培养锻炼不够。", nil},
		{"shares one short phrase", "理论学习有待加强。", nil},
		// Hostile: nothing to compare.
		{"empty", "", nil},
		{"punctuation only", "，。；", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := similar.RepeatedShortcomings([]string{tt.item}, earlier)
			if tt.wantYears == nil {
				if len(got) != 0 {
					t.Fatalf("flagged %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Item != tt.item || !slices.Equal(got[0].Years, tt.wantYears) || got[0].Score < similar.RepeatJaccard || got[0].Score > 1 {
				t.Fatalf("got %+v, want years %v", got, tt.wantYears)
			}
		})
	}
	if got := similar.RepeatedShortcomings(nil, earlier); len(got) != 0 {
		t.Errorf("no items: %+v", got)
	}
	if got := similar.RepeatedShortcomings([]string{earlier[0].Items[0]}, nil); len(got) != 0 {
		t.Errorf("no earlier years: %+v", got)
	}
}

func TestFollowUps(t *testing.T) {
	report := []string{
		"一、履行主体责任情况",
		"全年召开党组会议专题研究党风廉政建设4次。全年对12个下属单位开展日常监督检查，发现问题23个，已全部整改。",
		"组织干部职工赴廉政教育基地接受警示教育，观看警示教育片6部。",
		"推进政务服务标准化，群众办事平均时限压缩三分之一，窗口服务满意度达98%。",
	}
	tests := []struct {
		name      string
		promise   string
		followed  bool
		paragraph int
		evidence  string // the span's text
	}{
		{"key terms in one sentence", "加强对下属单位的日常监督", true, 1, "全年对12个下属单位开展日常监督检查，发现问题23个，已全部整改。"},
		{"warning education", "持续深化警示教育", true, 2, "组织干部职工赴廉政教育基地接受警示教育，观看警示教育片6部。"},
		{"verbatim passage", "推进政务服务标准化", true, 3, "推进政务服务标准化，群众办事平均时限压缩三分之一，窗口服务满意度达98%。"},
		// Not mentioned: only generic verbs or unrelated terms in common.
		{"only generic words shared", "进一步加强和改进工作，切实提高能力水平", false, 0, ""},
		{"not mentioned", "加快推进老旧小区改造项目建设", false, 0, ""},
		{"one key term of many", "完善干部选拔任用监督机制，规范干部档案管理", false, 0, ""},
		// Hostile.
		{"empty promise", "", false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := similar.FollowUps([]string{tt.promise}, report)
			if len(got) != 1 {
				t.Fatalf("got %d results", len(got))
			}
			f := got[0]
			if f.Promise != tt.promise || f.Followed != tt.followed {
				t.Fatalf("got %+v, want followed %v", f, tt.followed)
			}
			if !tt.followed {
				if f.Paragraph != 0 || f.Start != 0 || f.End != 0 {
					t.Errorf("span on a promise not followed: %+v", f)
				}
				return
			}
			rs := []rune(report[f.Paragraph])
			if f.Paragraph != tt.paragraph || f.Start < 0 || f.End > len(rs) || f.Start >= f.End {
				t.Fatalf("evidence %+v, want paragraph %d", f, tt.paragraph)
			}
			if got := string(rs[f.Start:f.End]); got != tt.evidence {
				t.Errorf("evidence %q, want %q", got, tt.evidence)
			}
			if f.Score < similar.FollowShare || f.Score > 1 {
				t.Errorf("score %v", f.Score)
			}
		})
	}
	if got := similar.FollowUps(nil, report); len(got) != 0 {
		t.Errorf("no promises: %+v", got)
	}
	if got := similar.FollowUps([]string{"加强对下属单位的日常监督"}, nil); len(got) != 1 || got[0].Followed {
		t.Errorf("empty report: %+v", got)
	}
	// Invalid UTF-8 in the report: offsets stay within the paragraph.
	bad := "全年对12个下属单位开展\xff日常监督检查。"
	if got := similar.FollowUps([]string{"加强对下属单位的日常监督"}, []string{bad}); !got[0].Followed || got[0].End > utf8.RuneCountInString(bad) {
		t.Errorf("invalid UTF-8: %+v", got)
	}
}

// FuzzFollowUps checks on any text that evidence spans lie within their
// paragraph and scores within [0, 1], for promises and repeats alike.
func FuzzFollowUps(f *testing.F) {
	f.Add("加强对下属单位的日常监督", "全年对12个下属单位开展日常监督检查。")
	f.Add("理论学习不够系统", "理论学习不够系统；\xff。。")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, promise, para string) {
		report := []string{para, promise + para}
		for _, fu := range similar.FollowUps([]string{promise}, report) {
			if fu.Score < 0 || fu.Score > 1 {
				t.Fatalf("score %v", fu.Score)
			}
			if !fu.Followed {
				continue
			}
			if n := utf8.RuneCountInString(report[fu.Paragraph]); fu.Start < 0 || fu.Start >= fu.End || fu.End > n {
				t.Fatalf("span %d–%d of %d in %q", fu.Start, fu.End, n, report[fu.Paragraph])
			}
		}
		for _, r := range similar.RepeatedShortcomings([]string{promise}, []similar.YearText{{Year: 2024, Items: []string{para}}}) {
			if r.Score < similar.RepeatJaccard || r.Score > 1 || len(r.Years) != 1 {
				t.Fatalf("repeat %+v", r)
			}
		}
	})
}
