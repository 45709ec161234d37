// Package checktest holds what the tests of the paragraph checks share: the
// canonical seed report, a body of correct official prose no check may
// flag, and the invariants every finding keeps.
package checktest

import (
	"os"
	"strings"
	"testing"
	"time"

	"qinglian"
)

// seedPath is the canonical fixture as seen from a check package's
// directory (check/NAME), beside the repository in ../shared.
const seedPath = "../../../shared/seeds/000_2f8bc095aa642456.txt"

// SeedLines returns the lines of the seed report, or skips the test when the
// shared folder is not beside the repository.
func SeedLines(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Skipf("seed not available: %v", err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// Spans checks what every finding of a paragraph check keeps: its span lies
// within text, Text is exactly that span, findings are sorted by Start, and
// each names its category, a message and a reason.
func Spans(tb testing.TB, text string, got []qinglian.Finding, c qinglian.Category) {
	tb.Helper()
	rs := []rune(text)
	for i, f := range got {
		if f.Start < 0 || f.End > len(rs) || f.Start >= f.End {
			tb.Fatalf("finding %d has span [%d,%d) outside %d runes", i, f.Start, f.End, len(rs))
		}
		if f.Text != string(rs[f.Start:f.End]) {
			tb.Errorf("finding %d Text %q is not text[%d:%d] = %q", i, f.Text, f.Start, f.End, string(rs[f.Start:f.End]))
		}
		if i > 0 && got[i-1].Start > f.Start {
			tb.Errorf("findings not sorted by Start at %d", i)
		}
		if f.Category != c || f.Rule == "" || f.Message == "" || f.Reason == "" {
			tb.Errorf("finding %d incomplete: %+v", i, f)
		}
	}
}

// Disjoint checks that no two findings overlap, for checks whose spans
// never nest.
func Disjoint(tb testing.TB, got []qinglian.Finding) {
	tb.Helper()
	for i := 1; i < len(got); i++ {
		if got[i-1].End > got[i].Start {
			tb.Errorf("findings %d and %d overlap", i-1, i)
		}
	}
}

// Hostile runs check on texts shaped to make a naive scan quadratic. Each
// must keep the invariants and finish far within 2 s: a bound generous
// enough for a loaded machine that a quadratic scan of 100,000 repetitions
// still breaks.
func Hostile(t *testing.T, shapes map[string]string, check func(string) []qinglian.Finding, invariants func(*testing.T, string, []qinglian.Finding)) {
	t.Helper()
	for name, text := range shapes {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			got := check(text)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v on %d bytes", d, len(text))
			}
			invariants(t, text, got)
		})
	}
}

// Dump lists findings one a line for a test failure.
func Dump(fs []qinglian.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Rule + " " + f.Severity.String() + " " + f.Text + "\n")
	}
	return b.String()
}

// Quiet fails the test for every sentence of CorrectProse on which check
// reports anything.
func Quiet(t *testing.T, check func(string) []qinglian.Finding) {
	t.Helper()
	for _, text := range CorrectProse {
		if got := check(text); len(got) != 0 {
			t.Errorf("Check(%q) reported:\n%s", text, Dump(got))
		}
	}
}

// BenchLines runs check over every line of the seed report.
func BenchLines(b *testing.B, check func(string) []qinglian.Finding) {
	lines := SeedLines(b)
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			check(l)
		}
	}
}

// CorrectProse is official prose with every mark in its right form; no
// check may report anything on it.
var CorrectProse = []string{
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
