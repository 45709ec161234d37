package formulation

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"qinglian"
	"qinglian/lexicon"
)

const seedPath = "../../../shared/seeds/000_2f8bc095aa642456.txt"

func load(tb testing.TB) *Checker {
	tb.Helper()
	c, err := Load(lexicon.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

type want struct {
	rule, text, suggestion string
	sev                    qinglian.Severity
}

func TestCheck(t *testing.T) {
	c := load(t)
	tests := []struct {
		name string
		text string
		want []want
	}{
		// Correct text, as real reports write it: nothing to say.
		{"two establishments", "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。", nil},
		{"four consciousnesses in order", "牢固树立政治意识、大局意识、核心意识、看齐意识。", nil},
		{"four confidences in order", "坚定道路自信、理论自信、制度自信、文化自信。", nil},
		{"four winds with 和", "坚决反对形式主义、官僚主义、享乐主义和奢靡之风。", nil},
		{"new development concept", "完整、准确、全面贯彻创新、协调、绿色、开放、共享的新发展理念。", nil},
		{"three musts of the 20th congress", "全党同志务必不忘初心、牢记使命，务必谦虚谨慎、艰苦奋斗，务必敢于斗争、善于斗争，牢记“三个务必”。", nil},
		{"two musts", "牢记“两个务必”。", nil},
		{"theme with a comma", "不忘初心，牢记使命，高举中国特色社会主义伟大旗帜。", nil},
		{"Xi thought", "用习近平新时代中国特色社会主义思想武装头脑。", nil},
		{"short form of the thought", "以新时代中国特色社会主义思想为指导。", nil},
		{"theory system is a different name", "中国特色社会主义理论体系是指导党和人民的正确理论。", nil},
		{"military address is not flagged", "反复学习习主席关于政治纪律政治规矩的重要指示要求。", nil},
		{"同志 in 两个维护 is in the party constitution", "坚决维护习近平同志党中央的核心、全党的核心地位。", nil},
		{"partial listing is not judged", "增强核心意识、看齐意识。", nil},
		{"other consciousnesses without the name", "增强政治意识、大局意识、核心意识、责任意识。", nil},
		{"count phrase followed by more words", "加强三个意识形态阵地建设。", nil},
		{"ordinal", "这是第三个自信心来源。", nil},
		{"article one", "中国是一个伟大的国家。", nil},
		{"count phrase followed by 的", "这是两个伟大的时代。", nil},
		{"listing of five with 党的建设", "统筹推进五位一体总体布局，加强经济建设、政治建设、文化建设、社会建设、生态文明建设和党的建设。", nil},
		{"names with other words after them", "落实中央八项规定精神，运用监督执纪“四种形态”。", nil},
		{"no formulation at all", "全年下基层调研12次。", nil},
		{"empty", "", nil},

		// Wrong wording.
		{"theory for thought", "学习习近平新时代中国特色社会主义理论。", []want{{"formulation.wording", "习近平新时代中国特色社会主义理论", "习近平新时代中国特色社会主义思想", qinglian.Warning}}},
		{"missing 新时代", "学习习近平中国特色社会主义思想。", []want{{"formulation.wording", "习近平中国特色社会主义思想", "习近平新时代中国特色社会主义思想", qinglian.Warning}}},
		{"两学一作", "深化“两学一作”学习教育。", []want{{"formulation.wording", "两学一作", "两学一做", qinglian.Warning}}},
		{"informal address", "学习习总书记重要讲话。", []want{{"formulation.wording", "习总书记", "习近平总书记", qinglian.Info}}},

		// Wrong count.
		{"three confidences", "坚定“三个自信”。", []want{{"formulation.count", "三个自信", "四个自信", qinglian.Warning}}},
		{"five consciousnesses", "增强五个意识，", []want{{"formulation.count", "五个意识", "四个意识", qinglian.Warning}}},
		{"three maintenances", "做到“三个维护”", []want{{"formulation.count", "三个维护", "两个维护", qinglian.Warning}}},
		{"four musts has two standards", "牢记“四个务必”", []want{{"formulation.count", "四个务必", "", qinglian.Warning}}},

		// Order.
		{"four consciousnesses out of order", "增强政治意识、核心意识、大局意识、看齐意识。", []want{{"formulation.order", "政治意识、核心意识、大局意识、看齐意识", "政治意识、大局意识、核心意识、看齐意识", qinglian.Warning}}},
		{"four winds out of order keep 和", "反对官僚主义、形式主义、享乐主义和奢靡之风。", []want{{"formulation.order", "官僚主义、形式主义、享乐主义和奢靡之风", "形式主义、官僚主义、享乐主义和奢靡之风", qinglian.Warning}}},
		{"three 不腐 out of order", "一体推进不敢腐、不想腐、不能腐。", []want{{"formulation.order", "不敢腐、不想腐、不能腐", "不敢腐、不能腐、不想腐", qinglian.Warning}}},
		{"initial mission reversed", "始终牢记使命、不忘初心。", []want{{"formulation.order", "牢记使命、不忘初心", "不忘初心、牢记使命", qinglian.Warning}}},

		// Wrong member next to the name.
		{"history confidence", "坚定“四个自信”，即道路自信、理论自信、制度自信、历史自信。", []want{{"formulation.member", "历史自信", "文化自信", qinglian.Error}}},
		{"responsibility consciousness with the name", "增强“四个意识”：政治意识、大局意识、核心意识、责任意识。", []want{{"formulation.member", "责任意识", "看齐意识", qinglian.Error}}},
		{"five-in-one with 党的建设", "五位一体总体布局包括经济建设、政治建设、文化建设、社会建设、党的建设。", []want{{"formulation.member", "党的建设", "生态文明建设", qinglian.Error}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := c.Check(tt.text)
			var got []want
			rs := []rune(tt.text)
			for _, f := range fs {
				got = append(got, want{f.Rule, f.Text, f.Suggestion, f.Severity})
				if string(rs[f.Start:f.End]) != f.Text || f.Category != qinglian.Formulation || f.Message == "" || !strings.Contains(f.Reason, "规范提法") {
					t.Errorf("bad finding %+v", f)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

// TestSeed pins the seed: no error-level finding, and nothing but what a
// reviewer would accept as a remark.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed not available: %v", err)
	}
	c := load(t)
	for i, line := range strings.Split(string(b), "\n") {
		for _, f := range c.Check(line) {
			t.Errorf("line %d: %s %q", i+1, f.Rule, f.Text)
		}
	}
}

func TestParseErrors(t *testing.T) {
	bad := []struct{ text, want string }{
		{"set\t四个意识\t政治意识\terror\t-", "line 1: want 6"},
		{"# c\nset\t四个意识\t政治意识\terror\t-\ts", "line 2: a set needs at least two members"},
		{"wrong\t两学一作\t-\twarning\t-\ts", "line 1: a wrong wording needs a replacement"},
		{"wrong\t两学一作\t两学一做\t-\t-\ts", "line 1: a wrong wording needs a replacement and a severity"},
		{"name\tx\t-\tfatal\t-\ts", "line 1: unknown severity"},
		{"list\tx\t-\t-\t-\ts", "line 1: kind \"list\""},
		{"name\tx\t-\t-\t-\t", "line 1: empty phrase or source"},
	}
	for _, tt := range bad {
		_, err := Parse(strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestData(t *testing.T) {
	c := load(t)
	if n := len(c.Entries()); n < 60 {
		t.Errorf("only %d entries", n)
	}
	for _, e := range c.Entries() {
		if e.Source == "" {
			t.Errorf("%s: no source", e.Phrase)
		}
		// A wrong wording must not be found inside its own replacement, or
		// the corrected text would be flagged again.
		if e.Kind == "wrong" && strings.Contains(e.Standard, e.Phrase) {
			t.Errorf("wrong %q is inside its standard %q", e.Phrase, e.Standard)
		}
		if e.Kind == "set" {
			if fs := c.Check(strings.Join(e.Members, "、")); len(fs) != 0 {
				t.Errorf("standard listing of %s flagged: %+v", e.Phrase, fs)
			}
		}
		if e.Kind != "wrong" {
			if fs := c.Check("坚持" + e.Phrase + "。"); len(fs) != 0 {
				t.Errorf("name %s flagged: %+v", e.Phrase, fs)
			}
		}
	}
	names := c.Names()
	if !contains(names, "四个意识") || !contains(names, "五个必须") || contains(names, "两学一作") {
		t.Errorf("names = %v", names)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzCheck(f *testing.F) {
	c := load(f)
	for _, s := range []string{"坚定“四个自信”，即道路自信、理论自信、制度自信、历史自信。", "增强政治意识、核心意识、大局意识、看齐意识", "三个自信", "四个"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		for _, fd := range c.Check(s) {
			if fd.Start < 0 || fd.End > len(rs) || fd.Start > fd.End || string(rs[fd.Start:fd.End]) != fd.Text {
				t.Fatalf("bad span %+v in %q", fd, s)
			}
		}
	})
}

func BenchmarkCheckSeed(b *testing.B) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		b.Skip("seed not available")
	}
	c := load(b)
	lines := strings.Split(string(data), "\n")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for _, l := range lines {
			c.Check(l)
		}
	}
}
