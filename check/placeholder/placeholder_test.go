package placeholder

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"qinglian"
	"qinglian/lexicon"
)

type want struct {
	rule string
	sev  qinglian.Severity
	text string
}

func TestCheck(t *testing.T) {
	E, I := qinglian.Error, qinglian.Info
	tests := []struct {
		name string
		text string
		want []want
	}{
		// Correct text and look-alikes.
		{"plain", "坚决为推动新时代党的建设高质量发展踔厉奋发、勇毅前行。", nil},
		{"x-ray", "配备X光机和X射线检测设备。", nil},
		{"clothing size", "统一配发XL和XXL号服装。", nil},
		{"latin word", "使用Linux和Xbox。", nil},
		{"multiplication", "场地为3×4米。", nil},
		{"markdown bold", "要**坚持原则**，敢于斗争。", nil},
		{"markdown bold italic", "要***坚持原则***。", nil},
		// Known limit: two blanks around a phrase read exactly like bold.
		{"two blanks around a phrase", "**局长在**会上讲话", nil},
		{"section break", "***", nil},
		{"signature rule", "____________", nil},
		{"single star footnote", "参加培训*人次", nil},
		{"year with circle zeros", "二○○八年", nil},
		{"year with ling zeros", "二〇〇八年", nil},
		{"masked mobile", "联系电话138****5678。", nil},
		{"masked card", "卡号***************1234。", nil},
		{"masked email", "邮箱z***@example.cn。", nil},
		{"masked id", "身份证号110***********1234。", nil},
		{"filled date", "2023年1月5日", nil},
		{"bracket with content", "《中国共产党章程（修正案）》", nil},
		{"bracket note", "（单位：万元）", nil},
		{"alternative term", "抓好分管行业（领域）、部门（单位）的工作", nil},
		{"single mou", "某单位某同志", nil},
		{"checkbox", "□是 □否", nil},

		// Left-over placeholders.
		{"seed double star", "坚决为推动新时代**建设高质量发展", []want{{"placeholder.asterisk", E, "**"}}},
		{"triple star", "***同志", []want{{"placeholder.asterisk", E, "***"}}},
		{"full-width stars", "＊＊局", []want{{"placeholder.asterisk", E, "＊＊"}}},
		{"two blanks around one character", "**局**科", []want{{"placeholder.asterisk", E, "**"}, {"placeholder.asterisk", E, "**"}}},
		{"blank then bold", "**局长**会上讲话**", []want{{"placeholder.asterisk", E, "**"}}},
		{"XX", "XX市XX局", []want{{"placeholder.x", E, "XX"}, {"placeholder.x", E, "XX"}}},
		{"XXX", "XXX同志", []want{{"placeholder.x", E, "XXX"}}},
		{"lowercase xx", "xx单位", []want{{"placeholder.x", E, "xx"}}},
		{"year template", "20XX年", []want{{"placeholder.x", E, "XX"}}},
		{"bracketed XX", "[XX]", []want{{"placeholder.x", E, "XX"}}},
		{"times signs", "××同志", []want{{"placeholder.x", E, "××"}}},
		{"circles", "○○局", []want{{"placeholder.circle", E, "○○"}}},
		{"triangles", "△△乡", []want{{"placeholder.box", E, "△△"}}},
		{"boxes", "□□年", []want{{"placeholder.box", E, "□□"}}},
		{"underline blank", "共查处____起", []want{{"placeholder.blank", E, "____"}}},
		{"full-width underline", "共查处＿＿起", []want{{"placeholder.blank", E, "＿＿"}}},
		{"blank date", "年  月  日", []want{{"placeholder.date", E, "年  月  日"}}},
		{"blank date with full-width spaces", "报告日期：　　年　　月　　日", []want{{"placeholder.date", E, "年　　月　　日"}}},
		{"unit name", "我在（单位名称）工作", []want{{"placeholder.bracket", E, "（单位名称）"}}},
		{"name", "（姓名）同志", []want{{"placeholder.bracket", E, "（姓名）"}}},
		{"fill-in prompt", "【填写具体事例】", []want{{"placeholder.bracket", E, "【填写具体事例】"}}},
		{"prompt with XX inside", "【请填写XX】", []want{{"placeholder.bracket", E, "【请填写XX】"}}},
		{"empty bracket", "完成（  ）项", []want{{"placeholder.bracket", E, "（  ）"}}},
		{"mou mou", "某某同志", []want{{"placeholder.mou", I, "某某"}}},

		// Hostile input.
		{"empty", "", nil},
		{"only punctuation", "。，、；：？！", nil},
		{"invalid utf-8", "\xff**\xfe", []want{{"placeholder.asterisk", E, "**"}}},
		{"unclosed bracket", "（单位名称", nil},
		{"lone year", "年", nil},
		{"stars at edges", "**", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.text)
			checkInvariants(t, tt.text, got)
			if len(got) != len(tt.want) {
				t.Fatalf("Check(%q) = %d findings, want %d:\n%s", tt.text, len(got), len(tt.want), dump(got))
			}
			for i, w := range tt.want {
				if g := got[i]; g.Rule != w.rule || g.Severity != w.sev || g.Text != w.text {
					t.Errorf("finding %d = %s %v %q, want %s %v %q", i, g.Rule, g.Severity, g.Text, w.rule, w.sev, w.text)
				}
			}
		})
	}
}

func checkInvariants(t *testing.T, text string, got []qinglian.Finding) {
	t.Helper()
	rs := []rune(text)
	for i, f := range got {
		if f.Start < 0 || f.End > len(rs) || f.Start >= f.End {
			t.Fatalf("finding %d has span [%d,%d) outside %d runes", i, f.Start, f.End, len(rs))
		}
		if f.Text != string(rs[f.Start:f.End]) {
			t.Errorf("finding %d Text %q is not text[%d:%d]", i, f.Text, f.Start, f.End)
		}
		if i > 0 && got[i-1].End > f.Start {
			t.Errorf("findings overlap or are unsorted at %d", i)
		}
		if f.Category != qinglian.Placeholder || f.Message == "" || f.Reason == "" {
			t.Errorf("finding %d incomplete: %+v", i, f)
		}
	}
}

func dump(fs []qinglian.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Rule + " " + f.Severity.String() + " " + f.Text + "\n")
	}
	return b.String()
}

func TestNew(t *testing.T) {
	if _, err := New(lexicon.Default()); err != nil {
		t.Fatalf("embedded %s: %v", FieldsFile, err)
	}
	// An organisation's own file replaces the embedded one.
	own := fstest.MapFS{FieldsFile: {Data: []byte("# ours\n科室名称\texact\t本单位模板\n")}}
	c, err := New(own)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Check("（科室名称）"); len(got) != 1 {
		t.Errorf("own field not found: %v", got)
	}
	if got := c.Check("（单位名称）"); len(got) != 0 {
		t.Errorf("embedded field still used: %v", got)
	}
	bad := []string{
		"单位名称\texact\n",         // no source
		"单位名称\tsometimes\t来源\n", // unknown match
		"\texact\t来源\n",         // empty text
	}
	for _, data := range bad {
		if _, err := New(fstest.MapFS{FieldsFile: {Data: []byte(data)}}); err == nil {
			t.Errorf("New accepted %q", data)
		}
	}
	if _, err := New(fstest.MapFS{}); err == nil {
		t.Error("New accepted a lexicon without the file")
	}
}

const seedPath = "../../../shared/seeds/000_2f8bc095aa642456.txt"

func readSeed(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Skipf("seed not available: %v", err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// TestSeed: the only placeholder in the seed is the ** of 新时代**建设.
func TestSeed(t *testing.T) {
	var got []string
	for n, line := range readSeed(t) {
		for _, f := range Check(line) {
			got = append(got, f.Severity.String()+" "+f.Text)
			if n+1 != 8 || !strings.Contains(string([]rune(line)[f.Start-3:f.End+2]), "新时代**建设") {
				t.Errorf("placeholder at line %d [%d,%d) is not the one in 新时代**建设", n+1, f.Start, f.End)
			}
		}
	}
	if len(got) != 1 || got[0] != "error **" {
		t.Errorf("seed placeholders = %q, want [\"error **\"]", got)
	}
}

func TestHostileShapes(t *testing.T) {
	const n = 100000
	shapes := map[string]string{
		"stars":        strings.Repeat("*字", n),
		"bold pairs":   strings.Repeat("**字字**", n),
		"brackets":     strings.Repeat("（", n),
		"underlines":   strings.Repeat("___ ", n),
		"dates":        strings.Repeat("年 月 ", n),
		"open then xx": strings.Repeat("【XX", n),
	}
	for name, text := range shapes {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			got := Check(text)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v on %d bytes", d, len(text))
			}
			checkInvariants(t, text, got)
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "新时代**建设", "**重点**", "XX", "（单位名称）", "年 月 日", "138****5678", "\xff*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, Check(text))
	})
}

func BenchmarkCheck(b *testing.B) {
	lines := readSeed(b)
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			Check(l)
		}
	}
}

// correctProse is official prose with every mark in its right form; no
// check may report anything on it.
var correctProse = []string{
	"习近平总书记指出：“……我们要牢记初心使命。”",
	"深入开展“三会一课”，推动“十四五”时期各项工作。",
	"2022年1—6月，全市查处违纪问题12起，同比增长12.5个百分点。",
	"第1、2、3季度分别完成计划的30%、60%和90%。",
	"——坚持人民至上。",
	"——坚持自我革命。",
	"他问：“这样做对吗？”大家答：“对！”",
	"怎么能这样呢？！",
	"“12·4”国家宪法日、“一二·九”运动纪念日。",
	"推进“1+X”证书制度试点和5G网络建设，做好COVID-19疫情防控。",
	"工作时间为8:30—17:30。",
	"1.加强学习。2.严守纪律。",
	"CPU、GPU等关键部件实现国产化。",
	"认真学习《中国共产党纪律处分条例》第二十八条规定。",
	"（一）坚持和加强党的全面领导。",
	"增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
	"年度考核为“优秀”等次。",
	"投入资金约1.5亿元，是上年的1.5倍。",
	"详见附件1（第3页）。",
}

func TestCorrectProse(t *testing.T) {
	for _, text := range correctProse {
		if got := Check(text); len(got) != 0 {
			t.Errorf("Check(%q) reported:\n%s", text, dump(got))
		}
	}
}
