package numeral

import (
	"strings"
	"testing"

	"qinglian"
	"qinglian/check/internal/checktest"
)

type want struct {
	rule string
	sev  qinglian.Severity
	text string
	sugg string
}

func TestCheck(t *testing.T) {
	W, I := qinglian.Warning, qinglian.Info
	tests := []struct {
		name string
		text string
		want []want
	}{
		// Correct text, including Chinese numerals the standard requires.
		{"enumerators", "一是始终坚定理论自觉。二是始终坚持真学真信。", nil},
		{"ordinals", "第一时间研读，第三季度完成。", nil},
		{"set formulations", "三个代表、四个意识、两个维护、十四五规划、党的二十大。", nil},
		{"quantities", "在中央和省级媒体上稿76篇，组织3波次，主要有3点。", nil},
		{"full year", "2022年，在省委的正确领导下。", nil},
		{"correct chinese year", "二〇二二年十二月", nil},
		{"chinese year with large number", "一千九百年", nil},
		{"wan and yi", "投入3亿元，惠及1.2万人。", nil},
		{"big number with wan", "人口为10亿零817万5288人。", nil},
		{"twenty years", "扎根基层20年，始终如一。", nil},
		{"kilometres", "全长3千米，重5千克，功率2千瓦。", nil},
		{"percentage points", "提高3个百分点。", nil},
		{"correct range", "每次5～10人，增长15%～30%，投入9亿～16亿元。", nil},
		{"range with one-em dash", "见400—429页。", nil},
		{"date", "2022-03-15召开会议。", nil},
		{"phone", "电话138-1234-5678或0371-12345678转。", nil},
		{"standard number", "按照GB/T 15834-2011标准执行。", nil},
		{"model number", "HP-3000型计算机", nil},
		{"score", "比分3-1结束。", nil},
		{"thousands separator", "共计12,500元。", nil},
		{"decimal", "增长3.5%。", nil},
		{"id number", "身份证号110101199003071234。", nil},
		{"time", "10:30开会。", nil},

		// Full-width digits.
		{"full-width year", "２０２２年", []want{{"numeral.fullwidth-digit", W, "２０２２", "2022"}}},
		{"full-width decimal", "增长３．５％", []want{{"numeral.fullwidth-digit", W, "３．５", "3.5"}}},

		// Years.
		{"white circle zero", "二○二二年", []want{{"numeral.year-zero", W, "二○二二", "二〇二二"}}},
		{"latin O zero", "二O二二年", []want{{"numeral.year-zero", W, "二O二二", "二〇二二"}}},
		{"digit zero", "一九九0年", []want{{"numeral.year-zero", W, "一九九0", "一九九〇"}}},
		{"spelled zero", "二零二二年", []want{{"numeral.year-zero", I, "二零二二", "二〇二二"}}},
		{"short year with month", "22年3月召开", []want{{"numeral.short-year", W, "22", "2022"}}},
		{"short fiscal year", "22年度考核", []want{{"numeral.short-year", W, "22", "2022"}}},
		{"apostrophe year", "’98年的洪水", []want{{"numeral.short-year", W, "’98", "1998"}}},

		// Mixed Arabic and Chinese numerals.
		{"three thousand", "走访群众3千人次", []want{{"numeral.mixed", I, "3千", "3000"}}},
		{"thirty million", "投入1千万元", []want{{"numeral.mixed", I, "1千", "1000"}}},
		{"one and a half hundred", "1.5百人", []want{{"numeral.mixed", I, "1.5百", "150"}}},
		{"chain", "3千5百人", []want{{"numeral.mixed", I, "3千5百", "3500"}}},
		{"ambiguous tail", "3千5人", []want{{"numeral.mixed", I, "3千5", ""}}},
		{"ten then digit", "二十2个", []want{{"numeral.mixed", I, "十2", ""}}},

		// Ranges.
		{"hyphen range", "每次5-10个", []want{{"numeral.range", I, "5-10", "5～10"}}},
		{"tilde range", "每次5~10人", []want{{"numeral.range", I, "5~10", "5～10"}}},
		{"year range", "2020-2022年", []want{{"numeral.range", I, "2020-2022", "2020—2022"}}},
		{"percent range hyphen", "占50-60%", []want{{"numeral.range", I, "50-60%", "50%～60%"}}},
		{"percent range wave", "占50～60%", []want{{"numeral.range", I, "50～60%", "50%～60%"}}},
		{"yi range", "投入9～16亿元", []want{{"numeral.range", I, "9～16亿", "9亿～16亿"}}},

		// Hostile input.
		{"empty", "", nil},
		{"only punctuation", "。，、；：？！", nil},
		{"only digits", "12345678901234567890", nil},
		{"invalid utf-8", "\xff２\xfe", []want{{"numeral.fullwidth-digit", W, "２", "2"}}},
		{"dangling separators", "5-", nil},
		{"year at start", "年", nil},
		{"huge number with thousand", strings.Repeat("9", 400) + "千", []want{{"numeral.mixed", I, strings.Repeat("9", 400) + "千", strings.Repeat("9", 400) + "000"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.text)
			checkInvariants(t, tt.text, got)
			if len(got) != len(tt.want) {
				t.Fatalf("Check(%q) = %d findings, want %d:\n%s", tt.text, len(got), len(tt.want), checktest.Dump(got))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Rule != w.rule || g.Severity != w.sev || g.Text != w.text || g.Suggestion != w.sugg {
					t.Errorf("finding %d = %s %v %q→%q, want %s %v %q→%q",
						i, g.Rule, g.Severity, g.Text, g.Suggestion, w.rule, w.sev, w.text, w.sugg)
				}
			}
		})
	}
}

func checkInvariants(t *testing.T, text string, got []qinglian.Finding) {
	t.Helper()
	checktest.Spans(t, text, got, qinglian.Numeral)
	for i, f := range got {
		if f.Severity == qinglian.Error || !strings.Contains(f.Reason, "GB/T 15835-2011") {
			t.Errorf("finding %d breaks this check's contract: %+v", i, f)
		}
	}
}

// TestSeed: the seed's numerals (2022年, 76篇, 3波次, 3点, 二十大, 一是…) are
// all correct, so the check reports nothing.
func TestSeed(t *testing.T) {
	for n, line := range checktest.SeedLines(t) {
		if got := Check(line); len(got) != 0 {
			t.Errorf("line %d: unexpected findings:\n%s", n+1, checktest.Dump(got))
		}
	}
}

func TestHostileShapes(t *testing.T) {
	const n = 100000
	shapes := map[string]string{
		"ranges":       strings.Repeat("1-2个", n),
		"digits":       strings.Repeat("9", 10*n),
		"years":        strings.Repeat("二○二二年", n),
		"mixed":        strings.Repeat("3千", n),
		"full-width":   strings.Repeat("１", n),
		"chained dash": strings.Repeat("1-", n),
	}
	checktest.Hostile(t, shapes, Check, checkInvariants)
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "5-10个", "二○二二年", "3千", "’22年", "２０２２", "50～60%", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, Check(text))
	})
}

func BenchmarkCheck(b *testing.B) { checktest.BenchLines(b, Check) }

func TestCorrectProse(t *testing.T) { checktest.Quiet(t, Check) }
