package punct

import (
	"strings"
	"testing"
	"unicode/utf8"

	"qinglian"
	"qinglian/check/internal/checktest"
)

// want is the part of a finding a table row pins down.
type want struct {
	rule string
	sev  qinglian.Severity
	text string
	sugg string
}

func TestCheck(t *testing.T) {
	E, W, I := qinglian.Error, qinglian.Warning, qinglian.Info
	tests := []struct {
		name string
		text string
		want []want
	}{
		// Correct text: nothing to report.
		{"plain sentence", "我始终不忘初心、牢记使命，坚持原则、敢于斗争。", nil},
		{"question and exclamation", "这难道不是我们的责任吗？是的！", nil},
		{"question then exclamation", "怎么能这样呢？！", nil},
		{"exclamation then question", "你竟然不知道！？", nil},
		{"full-width plus", "探索开展“线上＋线下”理论服务走基层活动。", nil},
		{"decimal and percent", "同比增长3.5%，达到10.25亿元。", nil},
		{"time of day", "会议于10:30开始。", nil},
		{"url", "详见www.example.cn，或访问https://www.example.cn/a.html。", nil},
		{"email", "来信请寄jubao@example.gov.cn。", nil},
		{"list markers", "1.坚持学习；2.严守纪律。", nil},
		{"full-width list marker", "（1）加强学习。", nil},
		{"chinese list marker", "一、深刻领悟“两个确立”的决定性意义。", nil},
		{"half-width list label", "1）加强学习；2）严守纪律。", nil},
		{"english phrase", "他说Hello, world! 然后离开。", nil},
		{"balanced nesting", "学习《中国共产党章程（修正案）》，领会“打铁还需自身硬”的道理。", nil},
		{"single quotes inside double", "他说：“要牢记‘两个务必’。”", nil},
		{"single title marks inside double", "《〈中国工人〉发刊词》发表于1940年。", nil},
		{"correct ellipsis", "党史、新中国史、改革开放史……都要学。", nil},
		{"twelve-dot ellipsis", "…………", nil},
		{"correct dash", "这是我们的根本宗旨——全心全意为人民服务。", nil},
		{"one-em connector", "古猿—猿人—古人—新人。", nil},
		{"correct separator", "开通“阳光民事·民主监督”网页。", nil},
		{"foreign name", "诺尔曼·白求恩。", nil},
		{"apostrophe in english", "It’s the students’ book.", nil},
		{"number range hyphen", "2022-2023年度", nil},
		{"command line flag", "运行 qinglian --help 查看。", nil},
		{"markdown rule", "---", nil},
		{"parens around digits", "见附件(1)。", nil},
		{"english parens", "北京 Beijing (China) 是首都。", nil},
		{"markdown link", "见[学习材料](材料.docx)。", nil},

		// Doubled and stacked points.
		{"doubled full stop", "做到了听招呼守规矩。。", []want{{"punct.double-end", E, "。。", "。"}}},
		{"doubled comma", "坚持原则，，敢于斗争。", []want{{"punct.double-end", E, "，，", "，"}}},
		{"doubled enumeration comma", "党史、、新中国史", []want{{"punct.double-end", E, "、、", "、"}}},
		{"comma then full stop", "敢于斗争，。", []want{{"punct.stacked", W, "，。", "。"}}},
		{"full stop then comma", "敢于斗争。，然后", []want{{"punct.stacked", W, "。，", "，"}}},
		{"question then full stop", "对吗？。", []want{{"punct.stacked", W, "？。", "？"}}},
		{"doubled question", "这是为什么？？", []want{{"punct.repeated-mark", W, "？？", "？"}}},
		{"tripled exclamation", "好！！！", []want{{"punct.repeated-mark", W, "！！！", "！"}}},
		{"full stops as ellipsis", "还有很多。。。", []want{{"punct.ellipsis", W, "。。。", "……"}}},

		// Half-width marks in Chinese text.
		{"half-width comma", "坚持原则,敢于斗争。", []want{{"punct.halfwidth", W, ",", "，"}}},
		{"half-width comma and space", "坚持原则, 敢于斗争。", []want{{"punct.halfwidth", W, ",", "，"}}},
		{"half-width semicolon", "加强学习;严守纪律。", []want{{"punct.halfwidth", W, ";", "；"}}},
		{"half-width colon before digits", "时间:2022年", []want{{"punct.halfwidth", W, ":", "："}}},
		{"half-width colon at end", "报告如下:", []want{{"punct.halfwidth", W, ":", "："}}},
		{"half-width question", "这是为什么?", []want{{"punct.halfwidth", W, "?", "？"}}},
		{"half-width comma after digit", "完成76篇,同比增加。", []want{{"punct.halfwidth", W, ",", "，"}}},
		{"half-width period at end", "做到了听招呼守规矩.", []want{{"punct.halfwidth", W, ".", "。"}}},
		{"half-width period between sentences", "做到了听招呼守规矩.下面谈第二个方面", []want{{"punct.halfwidth", W, ".", "。"}}},
		{"half-width parens", "研读《中国共产党章程(修正案)》", []want{{"punct.halfwidth", W, "(修正案)", "（修正案）"}}},
		{"point then half-width", "守规矩。.", []want{{"punct.stacked", W, "。.", "。"}}},

		{"full-width dot after chinese label", "一．加强理论学习", []want{{"punct.label", W, "．", "、"}}},
		{"half-width dot after chinese label", "十二.严守纪律", []want{{"punct.label", W, ".", "、"}}},

		// Paired marks.
		{"unclosed quote mid paragraph", "增强“四个意识、坚定信念。", []want{{"punct.unpaired", W, "“", ""}}},
		{"closing quote without opener", "增强四个意识”，坚定信念。", []want{{"punct.unpaired", W, "”", ""}}},
		{"unclosed title", "学习《习近平谈治国理政，", []want{{"punct.unpaired", W, "《", ""}}},
		{"closing paren without opener", "加强学习）。", []want{{"punct.unpaired", W, "）", ""}}},
		{"crossed", "“学习《章程”》", []want{{"punct.crossed", W, "”", ""}}},
		{"nested title", "学习《关于《准则》的说明》", []want{{"punct.nested-title", W, "《准则》", "〈准则〉"}}},
		{"nested double quote", "他说：“要牢记“两个务必”。”", []want{{"punct.nested-quote", W, "“两个务必”", "‘两个务必’"}}},
		{"opening quote typed for closing", "增强“四个意识“、坚定“四个自信”。", []want{{"punct.quote-direction", W, "“", "”"}}},
		{"closing quote typed for opening", "增强”四个意识”、坚定信念。", []want{{"punct.quote-direction", W, "”", "“"}}},
		{"multi-paragraph quotation", "“同志们，我们要牢记使命。", []want{{"punct.unclosed-quote-paragraph", I, "“", ""}}},
		{"straight double quotes", `增强"四个意识"。`, []want{{"punct.straight-quote", W, `"`, "“"}, {"punct.straight-quote", W, `"`, "”"}}},

		// Separator.
		{"seed separator", "开通“阳光民事．民主监督”网页", []want{{"punct.separator", W, "．", "·"}}},
		{"half-width dot in name", "开通“阳光民事.民主监督”网页", []want{{"punct.separator", W, ".", "·"}}},
		{"bullet as separator", "诺尔曼•白求恩", []want{{"punct.separator", W, "•", "·"}}},
		{"katakana dot as separator", "诺尔曼・白求恩", []want{{"punct.separator", W, "・", "·"}}},
		{"ambiguous dot between short words", "工作.生活", []want{{"punct.separator", W, ".", ""}}},

		// Ellipsis and dash forms.
		{"three ascii dots", "党史、新中国史...都要学。", []want{{"punct.ellipsis", W, "...", "……"}}},
		{"single ellipsis char", "党史、新中国史…都要学。", []want{{"punct.ellipsis", W, "…", "……"}}},
		{"middle dots as ellipsis", "党史、新中国史···都要学。", []want{{"punct.ellipsis", W, "···", "……"}}},
		{"ellipsis with deng", "端午节、中秋节……等传统节日", []want{{"punct.ellipsis-deng", W, "……等", "等"}}},
		{"ellipsis then full stop", "还有很多……。", []want{{"punct.ellipsis-stacked", I, "……。", "……"}}},
		{"ascii double hyphen", "根本宗旨--全心全意为人民服务", []want{{"punct.dash", W, "--", "——"}}},
		{"full-width hyphens", "根本宗旨－－全心全意为人民服务", []want{{"punct.dash", W, "－－", "——"}}},
		{"three em dashes", "根本宗旨———全心全意", []want{{"punct.dash", I, "———", "——"}}},
		{"single em dash after comma", "我们要记住，—全心全意为人民服务", []want{{"punct.dash", I, "—", "——"}}},
		{"horizontal bars", "根本宗旨――全心全意", []want{{"punct.dash", I, "――", "——"}}},

		// Hostile input: nothing must panic; what is found must still be right.
		{"empty", "", nil},
		{"only punctuation", "。，、；：？！", []want{{"punct.stacked", W, "。，、；：？！", ""}}},
		{"only openers", "“《（【", []want{
			{"punct.unclosed-quote-paragraph", I, "“", ""},
			{"punct.unpaired", W, "《", ""}, {"punct.unpaired", W, "（", ""}, {"punct.unpaired", W, "【", ""}}},
		{"only closers", "”》）】", []want{
			{"punct.unpaired", W, "”", ""}, {"punct.unpaired", W, "》", ""},
			{"punct.unpaired", W, "）", ""}, {"punct.unpaired", W, "】", ""}}},
		{"invalid utf-8", "坚持\xff\xfe原则。。", []want{{"punct.double-end", E, "。。", "。"}}},
		{"lone dot", ".", nil},
		{"lone paren", "(", nil},
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

// checkInvariants asserts what every finding of every input must satisfy.
func checkInvariants(t *testing.T, text string, got []qinglian.Finding) {
	t.Helper()
	checktest.Spans(t, text, got, qinglian.Punctuation)
	for i, f := range got {
		if !strings.Contains(f.Reason, "GB/T 15834-2011") {
			t.Errorf("finding %d breaks this check's contract: %+v", i, f)
		}
	}
}

// TestSeed pins the seed's punctuation findings: the three doubled full stops
// are the only errors, and the ．in “阳光民事．民主监督” is the only other finding.
func TestSeed(t *testing.T) {
	type pinned struct {
		line int
		rule string
		sev  qinglian.Severity
		text string
	}
	var got []pinned
	for n, line := range checktest.SeedLines(t) {
		for _, f := range Check(line) {
			got = append(got, pinned{n + 1, f.Rule, f.Severity, f.Text})
		}
	}
	want := []pinned{
		{4, "punct.double-end", qinglian.Error, "。。"},
		{5, "punct.double-end", qinglian.Error, "。。"},
		{7, "punct.separator", qinglian.Warning, "．"},
		{7, "punct.double-end", qinglian.Error, "。。"},
	}
	if len(got) != len(want) {
		t.Fatalf("seed findings = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("seed finding %d = %v, want %v", i, got[i], want[i])
		}
	}
}

// TestLongLine runs a 1 MB paragraph with defects at both ends through the
// check: offsets must stay exact far from the start.
func TestLongLine(t *testing.T) {
	body := strings.Repeat("坚持原则、敢于斗争，", 50000)
	text := "开始。。" + body + "结束。。"
	got := Check(text)
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2", len(got))
	}
	n := utf8.RuneCountInString(text)
	if got[1].Start != n-2 || got[1].End != n {
		t.Errorf("last finding at [%d,%d), want [%d,%d)", got[1].Start, got[1].End, n-2, n)
	}
}

// TestHostileShapes feeds shapes that would make a naive scan quadratic; the
// test's deadline is the assertion, plus the invariants on what is found.
func TestHostileShapes(t *testing.T) {
	const n = 100000
	shapes := map[string]string{
		"openers then other closers": strings.Repeat("“", n) + strings.Repeat("》", n),
		"mixed deep stack":           "“" + strings.Repeat("《", n) + strings.Repeat("”", n),
		"nested quotes":              strings.Repeat("“", n) + "字" + strings.Repeat("”", n),
		"straight quotes":            strings.Repeat("字\"", n),
		"closers before han":         strings.Repeat("”字", n),
		"half-width parens":          strings.Repeat("(字", n) + ")",
		"dots":                       strings.Repeat("字.", n),
		"ellipses":                   strings.Repeat("…字", n),
	}
	checktest.Hostile(t, shapes, Check, checkInvariants)
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "。。", "“《（", "a.b", "阳光民事．民主监督", "(中文)", "……等", "\xff“"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, Check(text))
	})
}

func BenchmarkCheck(b *testing.B) { checktest.BenchLines(b, Check) }

func TestCorrectProse(t *testing.T) { checktest.Quiet(t, Check) }
