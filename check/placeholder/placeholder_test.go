package placeholder

import (
	"strings"
	"testing"
	"testing/fstest"

	"qinglian"
	"qinglian/check/internal/checktest"
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
				t.Fatalf("Check(%q) = %d findings, want %d:\n%s", tt.text, len(got), len(tt.want), checktest.Dump(got))
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
	checktest.Spans(t, text, got, qinglian.Placeholder)
	checktest.Disjoint(t, got)
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

// TestSeed: the only placeholder in the seed is the ** of 新时代**建设.
func TestSeed(t *testing.T) {
	var got []string
	for n, line := range checktest.SeedLines(t) {
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
	checktest.Hostile(t, shapes, Check, checkInvariants)
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "新时代**建设", "**重点**", "XX", "（单位名称）", "年 月 日", "138****5678", "\xff*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, Check(text))
	})
}

func BenchmarkCheck(b *testing.B) { checktest.BenchLines(b, Check) }

func TestCorrectProse(t *testing.T) { checktest.Quiet(t, Check) }
