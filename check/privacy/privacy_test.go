package privacy

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qinglian"
	"qinglian/check/internal/checktest"
)

// Test numbers: the identity numbers carry correct GB 11643-1999 check
// characters (the first is the standard's own example); the card numbers
// pass Luhn. None belongs to a real person.
const (
	idX      = "11010519491231002X"
	id       = "440304199001011233"
	idLeap   = "320106200002294562"
	card19   = "6222021234567890128"
	card16   = "6212345678901232"
	visaTest = "4111111111111111"
	card18   = "622202123456789012" // 18 digits, not a valid identity number
)

type want struct {
	rule string
	sev  qinglian.Severity
	text string
	sugg string
}

func TestCheck(t *testing.T) {
	E, I := qinglian.Error, qinglian.Info
	tests := []struct {
		name string
		text string
		want []want
	}{
		// Text with numbers that are not personal data.
		{"report sentence", "在中央和省级媒体上稿76篇，组织3波次领导机关干部深入村镇一线。", nil},
		{"year and counts", "2022年查处案件12起，涉及金额1234567元。", nil},
		{"id with wrong checksum", "身份证号440304199001011234。", nil},
		{"id with impossible date", "身份证号440304199002301230。", nil},
		{"card failing luhn", "卡号6222021234567890127。", nil},
		{"landline", "电话0371-12345678。", nil},
		{"service number", "举报电话12388。", nil},
		{"mobile-like inside longer run", "编号138123456789。", nil},
		{"twelve digits", "订单号123456789012。", nil},
		{"letters glued", "序列号AB13812345678。", nil},
		{"standard number", "GB 11643-1999", nil},
		{"date", "2022-03-15", nil},
		{"no domain dot", "用户@本单位", nil},
		{"at sign alone", "@", nil},
		{"masked mobile", "联系电话138****5678。", nil},
		{"masked id", "身份证号110***********1234。", nil},

		// Identity numbers.
		{"id with X", "身份证号" + idX + "，", []want{{"privacy.id-number", E, idX, "110***********002X"}}},
		{"id lower x", "身份证号11010519491231002x。", []want{{"privacy.id-number", E, "11010519491231002x", "110***********002x"}}},
		{"id digits", "身份证号：" + id, []want{{"privacy.id-number", E, id, "440***********1233"}}},
		{"id leap day", idLeap, []want{{"privacy.id-number", E, idLeap, "320***********4562"}}},

		// Mobile numbers.
		{"mobile", "联系电话13812345678。", []want{{"privacy.mobile", E, "13812345678", "138****5678"}}},
		{"mobile hyphens", "电话138-1234-5678。", []want{{"privacy.mobile", E, "138-1234-5678", "138-****-5678"}}},
		{"mobile spaces", "电话138 1234 5678。", []want{{"privacy.mobile", E, "138 1234 5678", "138 **** 5678"}}},
		{"mobile +86", "电话+8613812345678。", []want{{"privacy.mobile", E, "13812345678", "138****5678"}}},
		{"mobile +86 spaced", "电话+86 138 1234 5678。", []want{{"privacy.mobile", E, "138 1234 5678", "138 **** 5678"}}},

		// Bank cards.
		{"card 19", "工资卡" + card19 + "。", []want{{"privacy.bank-card", E, card19, "***************0128"}}},
		{"card 16", card16, []want{{"privacy.bank-card", E, card16, "************1232"}}},
		{"card 18 not id", card18, []want{{"privacy.bank-card", E, card18, "**************9012"}}},
		{"card grouped", "卡号4111 1111 1111 1111。", []want{{"privacy.bank-card", E, "4111 1111 1111 1111", "**** **** **** 1111"}}},

		// E-mail addresses.
		{"email", "邮箱zhangsan@example.com。", []want{{"privacy.email", E, "zhangsan@example.com", "z*******@example.com"}}},
		{"email at sentence end", "请发至li.si@mail.example.cn.", []want{{"privacy.email", E, "li.si@mail.example.cn", "l****@mail.example.cn"}}},
		{"email one letter", "a@example.cn", []want{{"privacy.email", E, "a@example.cn", "*@example.cn"}}},
		{"phone as mailbox", "13812345678@example.com", []want{{"privacy.email", E, "13812345678@example.com", "1**********@example.com"}}},
		{"institutional mailbox", "举报邮箱jubao@example.gov.cn。", []want{{"privacy.email", I, "jubao@example.gov.cn", "j****@example.gov.cn"}}},

		// Several in one paragraph, offsets after Chinese text.
		{"mixed", "张三，手机13812345678，邮箱zs@example.com，身份证" + idX + "。", []want{
			{"privacy.mobile", E, "13812345678", "138****5678"},
			{"privacy.email", E, "zs@example.com", "z*@example.com"},
			{"privacy.id-number", E, idX, "110***********002X"},
		}},

		// Hostile input.
		{"empty", "", nil},
		{"only punctuation", "。，、；：？！@@..--", nil},
		{"invalid utf-8 around", "\xff13812345678\xfe", []want{{"privacy.mobile", E, "13812345678", "138****5678"}}},
		{"many at signs", strings.Repeat("a@", 50), nil},
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

func TestRedact(t *testing.T) {
	tests := []struct {
		in, out string
		n       int
	}{
		{"", "", 0},
		{"没有个人信息。", "没有个人信息。", 0},
		{"张三，手机13812345678，邮箱zs@example.com，身份证" + idX + "。",
			"张三，手机138****5678，邮箱z*@example.com，身份证110***********002X。", 3},
		{"卡号4111 1111 1111 1111，电话138-1234-5678",
			"卡号**** **** **** 1111，电话138-****-5678", 2},
		{"\xff13812345678\xfe", "\xff138****5678\xfe", 1},
	}
	for _, tt := range tests {
		out, n := Redact(tt.in)
		if out != tt.out || n != tt.n {
			t.Errorf("Redact(%q) = %q, %d; want %q, %d", tt.in, out, n, tt.out, tt.n)
		}
		checkRedacted(t, tt.in, out, n)
	}
}

// checkRedacted asserts Redact's documented invariant: same length in bytes
// and runes, bytes changed only to '*' and only inside findings, one
// finding per mask, and nothing left for Check to find.
func checkRedacted(t *testing.T, in, out string, n int) {
	t.Helper()
	if len(out) != len(in) || utf8.RuneCountInString(out) != utf8.RuneCountInString(in) {
		t.Fatalf("Redact changed the length: %q → %q", in, out)
	}
	// Each item Check finds is masked; masking may expose more (Redact
	// masks those too), so the count is at least Check's.
	fs := Check(in)
	if n < len(fs) {
		t.Errorf("Redact counted %d, Check found %d in %q", n, len(fs), in)
	}
	for i := 0; i < len(in); i++ {
		if in[i] != out[i] && out[i] != '*' {
			t.Fatalf("byte %d changed to %q, not '*'", i, out[i])
		}
	}
	if left := Check(out); len(left) != 0 {
		t.Errorf("Check(Redact(%q)) still finds %v", in, left)
	}
}

func checkInvariants(t *testing.T, text string, got []qinglian.Finding) {
	t.Helper()
	checktest.Spans(t, text, got, qinglian.Privacy)
	checktest.Disjoint(t, got)
	for i, f := range got {
		if len(f.Suggestion) != len(f.Text) {
			t.Errorf("finding %d breaks this check's contract: %+v", i, f)
		}
	}
}

// TestSeed: the seed holds no personal data.
func TestSeed(t *testing.T) {
	for n, line := range checktest.SeedLines(t) {
		if got := Check(line); len(got) != 0 {
			t.Errorf("line %d: unexpected findings:\n%s", n+1, checktest.Dump(got))
		}
		if out, k := Redact(line); out != line || k != 0 {
			t.Errorf("line %d: Redact changed a line with no personal data", n+1)
		}
	}
}

func TestHostileShapes(t *testing.T) {
	const n = 100000
	shapes := map[string]string{
		"digits":           strings.Repeat("1", 10*n),
		"at signs":         strings.Repeat("a@", n),
		"long local part":  strings.Repeat("a", 10*n) + "@example.cn",
		"long domain":      "a@" + strings.Repeat("b.", 5*n) + "cn",
		"grouped digits":   strings.Repeat("1234 ", n),
		"mobiles":          strings.Repeat("13812345678，", n),
		"hyphenated pairs": strings.Repeat("12-", n),
	}
	for name, text := range shapes {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			got := Check(text)
			out, k := Redact(text)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v on %d bytes", d, len(text))
			}
			checkInvariants(t, text, got)
			if len(out) != len(text) || k != len(got) {
				t.Errorf("Redact: length %d→%d, count %d vs %d findings", len(text), len(out), k, len(got))
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "13812345678", idX, card19, "a@b.cn", "138-1234-5678", "+86 138 1234 5678", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, Check(text))
	})
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"", "手机13812345678", "身份证" + idX, "卡" + card19, "z@example.cn", "13812345678@qq.com", "4111 1111 1111 1111", "\xff@a.cn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out, n := Redact(text)
		checkRedacted(t, text, out, n)
	})
}

func BenchmarkCheck(b *testing.B) { checktest.BenchLines(b, Check) }

// BenchmarkCheckDense measures a paragraph full of numbers and addresses.
func BenchmarkCheckDense(b *testing.B) {
	text := strings.Repeat("张三，手机13812345678，邮箱zs@example.com，身份证"+idX+"，卡号"+card19+"，2022年完成76篇。", 100)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Check(text)
	}
}

func BenchmarkRedact(b *testing.B) {
	text := strings.Repeat("张三，手机13812345678，邮箱zs@example.com，身份证"+idX+"，卡号"+card19+"，2022年完成76篇。", 100)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(text)
	}
}

func TestCorrectProse(t *testing.T) { checktest.Quiet(t, Check) }
