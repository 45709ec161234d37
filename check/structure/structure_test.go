package structure

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"qinglian"
	"qinglian/lexicon"
)

const seedPath = "../../../shared/seeds/000_2f8bc095aa642456.txt"

// doc builds a Document the way the text reader does: each non-empty line
// is a paragraph with its 1-based line number.
func doc(text string) *qinglian.Document {
	d := &qinglian.Document{Name: "test", Format: "text"}
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		d.Paragraphs = append(d.Paragraphs, qinglian.Paragraph{Text: l, Line: i + 1, Column: 1})
	}
	return d
}

func seed(tb testing.TB) *qinglian.Document {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Skipf("seed not available: %v", err)
	}
	return doc(string(b))
}

func defaultTemplate(tb testing.TB) *Template {
	tb.Helper()
	t, err := DefaultTemplate(lexicon.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func rules(fs []qinglian.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// checkSpans asserts the contract every finding keeps: Text is exactly the
// runes Start:End of its paragraph.
func checkSpans(t *testing.T, d *qinglian.Document, fs []qinglian.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Paragraph < 1 || f.Paragraph > len(d.Paragraphs) {
			t.Errorf("%s: paragraph %d out of range", f.Rule, f.Paragraph)
			continue
		}
		rs := []rune(d.Paragraphs[f.Paragraph-1].Text)
		if f.Start < 0 || f.End < f.Start || f.End > len(rs) || string(rs[f.Start:f.End]) != f.Text {
			t.Errorf("%s: span %d:%d %q does not match paragraph text", f.Rule, f.Start, f.End, f.Text)
		}
		if f.Category != qinglian.Structure || f.Message == "" || f.Reason == "" {
			t.Errorf("%s: category/message/reason missing: %+v", f.Rule, f)
		}
	}
}

func TestSeed(t *testing.T) {
	d := seed(t)
	o := Analyze(d, defaultTemplate(t))
	checkSpans(t, d, o.Findings)

	type sec struct {
		kind      qinglian.SectionKind
		numbering string
		title     string
		areas     []string
		points    int
	}
	want := []sec{
		{qinglian.Preamble, "", "", nil, 0},
		{qinglian.Body, "一、", "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”方面", []string{"political"}, 4},
		{qinglian.Body, "二、", "履行管党治党责任，监督下级主要领导方面", []string{"party-governance"}, 3},
		{qinglian.Body, "三、", "执行民主集中制情况方面", []string{"political"}, 3},
		{qinglian.Body, "四、", "推进党风廉政建设和反腐败工作以及执行廉洁纪律方面", []string{"clean-government", "integrity"}, 3},
		{qinglian.Shortcomings, "", "反思不足，主要有3点", nil, 3},
		{qinglian.NextSteps, "", "下一步", nil, 0},
	}
	if len(o.Sections) != len(want) {
		t.Fatalf("got %d sections, want %d: %+v", len(o.Sections), len(want), o.Sections)
	}
	for i, w := range want {
		s := o.Sections[i]
		got := sec{s.Kind, s.Numbering, s.Title, s.Areas, len(s.Points)}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("section %d = %+v, want %+v", i, got, w)
		}
	}
	// The title line and the opening paragraph are the preamble.
	if s := o.Sections[0]; s.Start != (qinglian.Position{Paragraph: 1}) || s.End.Paragraph != 2 {
		t.Errorf("preamble spans %v-%v, want paragraphs 1-2", s.Start, s.End)
	}
	if s := o.Sections[1]; s.Line != 4 || s.Column != 1 {
		t.Errorf("section 一 at %d:%d, want 4:1", s.Line, s.Column)
	}
	// 下一步 begins inside the last paragraph, right after the third shortcoming.
	next, short := o.Sections[6], o.Sections[5]
	last := d.Paragraphs[len(d.Paragraphs)-1]
	if next.Start.Paragraph != len(d.Paragraphs) || next.Start.Offset == 0 {
		t.Errorf("next steps start at %v, want inside paragraph %d", next.Start, len(d.Paragraphs))
	}
	if rest := string([]rune(last.Text)[next.Start.Offset:]); !strings.HasPrefix(rest, "下一步，我将") {
		t.Errorf("next steps start at %q", rest[:min(len(rest), 30)])
	}
	if next.Line != last.Line || next.Column != last.Column+next.Start.Offset {
		t.Errorf("next steps at %d:%d", next.Line, next.Column)
	}
	if short.End != next.Start {
		t.Errorf("shortcomings end %v, next steps start %v", short.End, next.Start)
	}
	if got := o.Sections[1].Points[0]; got.Marker != "一是" || got.Title != "始终坚定理论自觉" {
		t.Errorf("first point = %+v", got)
	}
	if got := o.Sections[4].Points[2].Title; got != "烙守公正廉洁" {
		t.Errorf("四、三是 title = %q", got)
	}

	sum := o.Shortcomings
	if sum.Section != 5 || sum.Declared != 3 || sum.Found != 3 || len(sum.Items) != 3 {
		t.Errorf("shortcomings = %+v", sum)
	}
	if sum.Items[1].Title != "担当作为还需加强" {
		t.Errorf("second shortcoming = %q", sum.Items[1].Title)
	}

	wantCov := map[string][]int{
		"political": {1, 3}, "party-governance": {2}, "clean-government": {4}, "integrity": {4},
		"shortcomings": {5}, "nextsteps": {6},
	}
	if len(o.Coverage) != len(wantCov) {
		t.Errorf("coverage has %d entries, want %d", len(o.Coverage), len(wantCov))
	}
	for _, c := range o.Coverage {
		if !c.Covered || !reflect.DeepEqual(c.Sections, wantCov[c.ID]) {
			t.Errorf("coverage %s = %v %v, want %v", c.ID, c.Covered, c.Sections, wantCov[c.ID])
		}
	}
	// The seed is well structured: nothing to report, above all no error.
	if len(o.Findings) != 0 {
		t.Errorf("findings on the seed: %+v", o.Findings)
	}
}

func TestAnalyze(t *testing.T) {
	tpl := defaultTemplate(t)
	full := "一、执行政治纪律和政治规矩方面\n坚决做到两个维护。\n二、履行管党治党责任方面\n落实主体责任。\n三、推进党风廉政建设和反腐败工作方面\n驰而不息纠治四风。\n四、执行廉洁纪律方面\n按时报告个人有关事项。\n"
	tests := []struct {
		name     string
		text     string
		rules    []string
		sections []qinglian.SectionKind
		check    func(t *testing.T, o *Outline)
	}{
		// Correct reports: nothing to say.
		{
			name:     "complete report with separate parts",
			text:     "述责述廉报告\n" + full + "五、存在的不足\n一是学习不够深入；二是调研不多。\n六、下一步打算\n持续加强学习。",
			sections: []qinglian.SectionKind{"preamble", "body", "body", "body", "body", "shortcomings", "nextsteps"},
		},
		{
			name:     "unnumbered parts",
			text:     full + "存在的问题\n一是学习不够深入。二是调研不多。\n努力方向\n持续加强学习。",
			sections: []qinglian.SectionKind{"body", "body", "body", "body", "shortcomings", "nextsteps"},
		},
		{
			name:     "sub-headings are the points",
			text:     full + "五、存在的不足\n主要有以下两个方面：\n（一）理论学习不够深入\n去年只读了两本书。\n（二）调查研究不够\n全年下基层5次。\n六、下一步打算\n持续加强学习。",
			sections: []qinglian.SectionKind{"body", "body", "body", "body", "shortcomings", "nextsteps"},
			check: func(t *testing.T, o *Outline) {
				s := o.Shortcomings
				if s.Declared != 2 || s.Found != 2 || s.Items[0].Marker != "（一）" || s.Items[1].Title != "调查研究不够" {
					t.Errorf("shortcomings = %+v", s)
				}
			},
		},
		{
			name:     "one heading for both closing parts",
			text:     full + "五、存在的问题及下一步打算\n一是学习不够深入；二是调研不多。今后将持续加强学习。",
			sections: []qinglian.SectionKind{"body", "body", "body", "body", "shortcomings"},
		},
		// Missing content.
		{
			name:     "missing integrity and both parts",
			text:     "一、执行政治纪律和政治规矩方面\n坚决做到两个维护。\n二、履行管党治党责任方面\n落实主体责任。\n三、推进党风廉政建设和反腐败工作方面\n纠治四风。",
			rules:    []string{"structure.missing-area", "structure.missing-shortcomings", "structure.missing-nextsteps"},
			sections: []qinglian.SectionKind{"body", "body", "body"},
			check: func(t *testing.T, o *Outline) {
				if f := o.Findings[0]; !strings.Contains(f.Message, "执行廉洁纪律") || f.Paragraph != 1 || f.Start != 0 || f.End != 0 || !strings.Contains(f.Reason, "第二十一条") {
					t.Errorf("missing-area finding = %+v", f)
				}
			},
		},
		{
			name:  "a passing mention in the body does not cover an area",
			text:  "一、执行政治纪律和政治规矩方面\n坚持廉洁用权。\n二、履行管党治党责任方面\n落实主体责任。\n三、推进党风廉政建设和反腐败工作方面\n纠治四风。\n存在的不足：学习不够。下一步，加强学习。",
			rules: []string{"structure.missing-area"},
		},
		{
			name:  "three different body keywords cover an area",
			text:  "一、执行政治纪律和政治规矩方面\n坚决做到两个维护。\n二、履行管党治党责任方面\n落实主体责任。\n三、推进党风廉政建设和反腐败工作方面\n纠治四风。\n四、个人方面\n严守廉洁纪律，按时报告个人有关事项，管好亲属和身边工作人员。\n存在的不足：学习不够。下一步，加强学习。",
			rules: nil,
		},
		// Declared counts.
		{
			name:  "declared three, found two",
			text:  full + "反思不足，主要有3点：一是学习不够；二是调研不多。下一步，我将加强学习。",
			rules: []string{"structure.count-mismatch"},
			check: func(t *testing.T, o *Outline) {
				f := o.Findings[0]
				if f.Text != "3点" || f.Suggestion != "2点" || o.Shortcomings.Declared != 3 || o.Shortcomings.Found != 2 {
					t.Errorf("finding = %+v, summary = %+v", f, o.Shortcomings)
				}
			},
		},
		{
			name:  "declared in Chinese numerals",
			text:  full + "存在以下三个方面的不足：一是学习不够；二是调研不多；三是作风不实；四是创新不足。下一步，我将加强学习。",
			rules: []string{"structure.count-mismatch"},
			check: func(t *testing.T, o *Outline) {
				if f := o.Findings[0]; f.Text != "三个方面" || f.Suggestion != "四个方面" {
					t.Errorf("finding = %+v", f)
				}
			},
		},
		{
			// 中央八项规定 carries a number but declares nothing.
			name:  "numbers in a heading that declare nothing",
			text:  "一、执行政治纪律和政治规矩方面\n两个维护。\n二、履行管党治党责任方面\n主体责任。\n三、落实中央八项规定精神方面\n一是不收礼；二是不吃请。\n四、执行廉洁纪律方面\n个人有关事项。\n存在的不足：学习不够。下一步，加强学习。",
			rules: nil,
		},
		// Numbering.
		{
			name:  "heading numbers out of order",
			text:  "一、执行政治纪律和政治规矩方面\n两个维护。\n三、履行管党治党责任方面\n主体责任。\n四、推进党风廉政建设和反腐败工作方面\n四风。\n五、执行廉洁纪律方面\n廉洁纪律。\n存在的不足：学习不够。下一步，加强学习。",
			rules: []string{"structure.numbering-order"},
			check: func(t *testing.T, o *Outline) {
				if f := o.Findings[0]; f.Text != "三、" || f.Suggestion != "二、" || f.Paragraph != 3 {
					t.Errorf("finding = %+v", f)
				}
			},
		},
		{
			name:  "inline series skips a number",
			text:  full + "存在的不足：一是学习不够；三是调研不多。下一步，加强学习。",
			rules: []string{"structure.numbering-order"},
			check: func(t *testing.T, o *Outline) {
				if f := o.Findings[0]; f.Text != "三是" || f.Suggestion != "二是" || o.Shortcomings.Found != 2 {
					t.Errorf("finding = %+v", f)
				}
			},
		},
		{
			name:  "level skipped once per parent",
			text:  "一、执行政治纪律和政治规矩方面\n1.做到两个维护\n2.增强四个意识\n二、履行管党治党责任方面\n主体责任。\n三、推进党风廉政建设和反腐败工作方面\n四风。\n四、执行廉洁纪律方面\n廉洁纪律。\n存在的不足：学习不够。下一步，加强学习。",
			rules: []string{"structure.level-skip"},
			check: func(t *testing.T, o *Outline) {
				if len(o.Sections[0].Points) != 2 || o.Sections[0].Points[1].Title != "增强四个意识" {
					t.Errorf("points = %+v", o.Sections[0].Points)
				}
			},
		},
		// Hostile or odd input.
		{name: "empty document", text: "", sections: []qinglian.SectionKind{"preamble"}},
		{
			name:     "prose without headings",
			text:     "今年以来，我认真履职。\n下一步继续努力。",
			rules:    []string{"structure.missing-area", "structure.missing-area", "structure.missing-area", "structure.missing-area", "structure.missing-shortcomings"},
			sections: []qinglian.SectionKind{"preamble", "nextsteps"},
		},
		{
			name:     "look-alike numbers are not headings",
			text:     "1.2万元用于党建。\n一、二季度完成。\n2022年工作总结",
			sections: []qinglian.SectionKind{"preamble"},
			rules:    []string{"structure.missing-area", "structure.missing-area", "structure.missing-area", "structure.missing-area", "structure.missing-shortcomings", "structure.missing-nextsteps"},
		},
		{
			// 唯一是 and 统一是 are not enumerations.
			name: "enumeration markers need a clause start",
			text: full + "存在的不足：这是唯一是非问题；统一是基础。下一步，加强学习。",
			check: func(t *testing.T, o *Outline) {
				if o.Shortcomings.Found != 0 {
					t.Errorf("found %d points", o.Shortcomings.Found)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(tt.text)
			o := Analyze(d, tpl)
			if got := rules(o.Findings); !reflect.DeepEqual(got, tt.rules) {
				t.Errorf("rules = %v, want %v\n%+v", got, tt.rules, o.Findings)
			}
			if tt.sections != nil {
				var got []qinglian.SectionKind
				for _, s := range o.Sections {
					got = append(got, s.Kind)
				}
				if !reflect.DeepEqual(got, tt.sections) {
					t.Errorf("sections = %v, want %v", got, tt.sections)
				}
			}
			if len(d.Paragraphs) > 0 {
				checkSpans(t, d, o.Findings)
			}
			if tt.check != nil && !t.Failed() {
				tt.check(t, o)
			}
		})
	}
}

func TestLevelHint(t *testing.T) {
	// Markdown: "# 标题" is the title, "## 存在的不足" a part without numbering.
	d := doc("述责述廉报告\n一、执行政治纪律和政治规矩方面\n两个维护。\n二、履行管党治党责任\n主体责任。\n三、党风廉政建设\n四风。\n四、廉洁纪律\n个人有关事项。\n不足之处\n学习不够。\n今后打算\n加强学习。")
	d.Paragraphs[0].Level = 1
	o := Analyze(d, defaultTemplate(t))
	if o.Sections[0].Kind != qinglian.Preamble || len(o.Findings) != 0 {
		t.Errorf("sections %+v findings %+v", o.Sections, o.Findings)
	}
	// A table cell that looks like a heading is not one.
	d = doc("一、执行政治纪律和政治规矩方面")
	d.Paragraphs[0].InTable = true
	if o := Analyze(d, defaultTemplate(t)); len(o.Sections) != 1 || o.Sections[0].Kind != qinglian.Preamble {
		t.Errorf("table cell became a heading: %+v", o.Sections)
	}
}

func TestParseHeading(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
		want Heading
	}{
		{"一、执行政治纪律", true, Heading{"一、", 1, 1, 2}},
		{"十二、其他", true, Heading{"十二、", 12, 1, 3}},
		{"二十一、其他", true, Heading{"二十一、", 21, 1, 4}},
		{"（三）抓好落实", true, Heading{"（三）", 3, 2, 3}},
		{"(三) 抓好落实", true, Heading{"(三)", 3, 2, 4}},
		{"1.学习", true, Heading{"1.", 1, 3, 2}},
		{"12、学习", true, Heading{"12、", 12, 3, 3}},
		{"１．学习", true, Heading{"１．", 1, 3, 2}},
		{"（2）学习", true, Heading{"（2）", 2, 4, 3}},
		{"第二部分　存在的不足", true, Heading{"第二部分", 2, 1, 5}},
		// Look-alikes.
		{"1.2万元", false, Heading{}},
		{"3、4月份", false, Heading{}},
		{"一、二季度", false, Heading{}},
		{"一是加强学习", false, Heading{}},
		{"第一，加强学习", false, Heading{}},
		{"2022年", false, Heading{}},
		{"一、", false, Heading{}},
		{"十十、", false, Heading{}},
		{"一二三四、", false, Heading{}},
		{"1234.", false, Heading{}},
		{"（）", false, Heading{}},
		{"", false, Heading{}},
	}
	for _, tt := range tests {
		got, ok := ParseHeading(tt.text)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseHeading(%q) = %+v, %v; want %+v, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseTemplate(t *testing.T) {
	good := "# c\narea\tpolitical\t政治\trequired\t政治纪律,两个维护\t条例\nkind\tshortcomings\t不足\toptional\t不足\t通行写法\n"
	tpl, err := ParseTemplate(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Areas) != 2 || !reflect.DeepEqual(tpl.Areas[0].Keywords, []string{"政治纪律", "两个维护"}) || tpl.Areas[1].Required || tpl.Areas[1].Kind != qinglian.Shortcomings {
		t.Errorf("parsed %+v", tpl.Areas)
	}
	bad := []struct{ text, want string }{
		{"area\tx\t名\trequired\tk", "line 1: want 6 tab-separated fields"},
		{"# x\n\npart\tx\t名\trequired\tk\ts", "line 3: type \"part\""},
		{"kind\tsummary\t名\trequired\tk\ts", "line 1: kind id \"summary\""},
		{"area\t政治\t名\trequired\tk\ts", "line 1: id \"政治\""},
		{"area\tx\t名\trequired\tk\ts\narea\tx\t名\trequired\tk\ts", "line 2: id \"x\" already used on line 1"},
		{"area\tx\t\trequired\tk\ts", "line 1: empty name"},
		{"area\tx\t名\tyes\tk\ts", "line 1: required \"yes\""},
		{"area\tx\t名\trequired\t , ,\ts", "line 1: no keywords"},
		{"area\tx\t名\trequired\tk\t", "line 1: empty source"},
		{"kind\tnextsteps\t名\trequired\tk\ts", "no \"area\" line"},
		{"", "no \"area\" line"},
		{"area\tx\t名\trequired\tk\ts\nkind\tnextsteps\t名\trequired\tk\ts\nkind\tnextsteps\t名\trequired\tk\ts", "line 3: kind \"nextsteps\" already given on line 2"},
		{"area\tx\t\xff\trequired\tk\ts", "line 1: not UTF-8"},
	}
	for _, tt := range bad {
		_, err := ParseTemplate(strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseTemplate(%q) error = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestDefaultTemplate(t *testing.T) {
	tpl := defaultTemplate(t)
	var ids []string
	for _, a := range tpl.Areas {
		ids = append(ids, a.ID)
		if !a.Required || a.Source == "" {
			t.Errorf("%s: required %v source %q", a.ID, a.Required, a.Source)
		}
	}
	want := []string{"political", "party-governance", "clean-government", "integrity", "shortcomings", "nextsteps"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("areas %v, want %v", ids, want)
	}
}

func FuzzParseTemplate(f *testing.F) {
	b, err := lexicon.Default().(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile(TemplateFile)
	if err == nil {
		f.Add(string(b))
	}
	f.Add("area\tx\t名\trequired\tk\ts")
	f.Add("kind\tnextsteps\t名\toptional\t下一步，今后\ts\n\xff")
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := ParseTemplate(strings.NewReader(s))
		if err != nil {
			return
		}
		// Whatever parses must be usable.
		Analyze(doc(s), tpl)
	})
}

func FuzzParseHeading(f *testing.F) {
	for _, s := range []string{"一、执行", "（十一）a", "(3) b", "第三部分 c", "1.2万", "１．x", "二十一、", "反思不足，主要有3点：一是a；二是b。下一步，c"} {
		f.Add(s)
	}
	tpl, err := ParseTemplate(strings.NewReader("area\tx\t名\trequired\t政治\ts\nkind\tshortcomings\t不足\trequired\t反思不足\ts\nkind\tnextsteps\t下\trequired\t下一步\ts"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := ParseHeading(s)
		if ok {
			if !strings.HasPrefix(s, h.Numbering) || h.Len < utf8.RuneCountInString(h.Numbering) || h.Level < 1 || h.Level > 4 || h.Number < 1 {
				t.Fatalf("ParseHeading(%q) = %+v", s, h)
			}
		}
		d := doc(s)
		o := Analyze(d, tpl)
		for _, f := range o.Findings {
			rs := []rune(d.Paragraphs[f.Paragraph-1].Text)
			if f.End > len(rs) || string(rs[f.Start:f.End]) != f.Text {
				t.Fatalf("finding span %+v outside %q", f, s)
			}
		}
		for i, sec := range o.Sections {
			if i > 0 {
				prev := o.Sections[i-1].Start
				if sec.Start.Paragraph < prev.Paragraph || sec.Start.Paragraph == prev.Paragraph && sec.Start.Offset <= prev.Offset {
					t.Fatalf("sections out of order in %q: %+v", s, o.Sections)
				}
			}
		}
	})
}

// bigSeed repeats the seed to about n bytes.
func bigSeed(tb testing.TB, n int) *qinglian.Document {
	s := seed(tb)
	d := &qinglian.Document{}
	size := 0
	for size < n {
		for _, p := range s.Paragraphs {
			p.Line = len(d.Paragraphs) + 1
			d.Paragraphs = append(d.Paragraphs, p)
			size += len(p.Text) + 1
		}
	}
	return d
}

func BenchmarkAnalyzeSeed(b *testing.B) {
	d := seed(b)
	tpl := defaultTemplate(b)
	b.SetBytes(int64(len(d.Text())))
	for b.Loop() {
		Analyze(d, tpl)
	}
}

func BenchmarkAnalyze10MB(b *testing.B) {
	d := bigSeed(b, 10<<20)
	tpl := defaultTemplate(b)
	b.SetBytes(int64(len(d.Text())))
	for b.Loop() {
		Analyze(d, tpl)
	}
}

// TestPartHeadingThenItsText: a paragraph opening with the part's own
// keyword under that part's numbered heading is its text, and a declared
// count of two reads 两, as people write it.
func TestPartHeadingThenItsText(t *testing.T) {
	d := doc("一、执行政治纪律和政治规矩情况\n全年学习12次。\n二、存在的不足\n主要有三个方面：一是学习不够；二是调研不够。\n三、下一步打算\n下一步，我将继续努力。")
	o := Analyze(d, defaultTemplate(t))
	var kinds []string
	for _, s := range o.Sections {
		kinds = append(kinds, string(s.Kind))
	}
	want := []string{"preamble", "body", "shortcomings", "nextsteps"}
	if strings.Join(kinds, ",") != strings.Join(want, ",") && strings.Join(kinds, ",") != strings.Join(want[1:], ",") {
		t.Errorf("sections %v, want %v", kinds, want)
	}
	found := false
	for _, f := range o.Findings {
		if f.Rule == "structure.count-mismatch" {
			found = true
			if f.Suggestion != "两个方面" {
				t.Errorf("suggestion %q, want 两个方面", f.Suggestion)
			}
		}
	}
	if !found {
		t.Error("declared three, listed two: no finding")
	}
}
