package confusion

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"qinglian"
	"qinglian/lexicon"
)

func loadDefault(t testing.TB) *Checker {
	t.Helper()
	c, err := Load(lexicon.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// spans renders findings as "text→suggestion" for compact comparison.
func spans(fs []qinglian.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text+"→"+f.Suggestion)
	}
	return out
}

func TestSeed(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "000_2f8bc095aa642456.txt"))
	if err != nil {
		t.Skipf("seed report not available: %v", err)
	}
	c := loadDefault(t)
	var got []string
	for i, line := range strings.Split(string(raw), "\n") {
		for _, f := range c.Check(line) {
			t.Logf("line %d: %s %s %q→%q", i+1, f.Severity, f.Message, f.Text, f.Suggestion)
			got = append(got, f.Severity.String()+":"+f.Text+"→"+f.Suggestion)
		}
	}
	want := []string{"error:烙守→恪守", "error:正已→正己", "error:自已→自己"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("seed findings:\n got %v\nwant %v", got, want)
	}
}

func TestCheck(t *testing.T) {
	c := loadDefault(t)
	tests := []struct {
		name, text string
		want       []string // "wrong→right" in order; nil: no finding
	}{
		// 己/已/巳: 自已 is wrong except in the idiom and across 各自|已经.
		{"自已 wrong", "时刻严格要求自已，", []string{"自已→自己"}},
		{"自巳 wrong", "把自巳摆进去", []string{"自巳→自己"}},
		{"不能自已 idiom", "激动得不能自已。", nil},
		{"难以自已 idiom", "心情难以自已", nil},
		{"情不自已 idiom", "情不自已地鼓起掌来", nil},
		{"各自|已经", "各单位各自已经完成自查", nil},
		{"自已经常 is 自己经常", "我自已经常反思", []string{"自已→自己"}},
		{"亲自|已", "书记亲自已于上周部署", nil},
		{"来自|已有", "经验来自已有的实践", nil},
		{"正人先正已", "正人先正已，", []string{"正已→正己"}},
		{"正已 before 作为", "把正人先正已作为行为准则", []string{"正已→正己"}},
		{"正|已经", "工作正已经进入收尾阶段", nil},
		{"正|已于", "该项目正已于三月开工", nil},
		{"纠正|已", "及时纠正已发现的问题", nil},
		{"真正|已", "真正已经落实到位", nil},
		{"公正|已", "处理结果公正已成共识", nil},
		{"知已 only in context", "人生得一知已足矣，引为知已", []string{"知已→知己"}},
		{"通知|已 not 知己", "通知已下发，告知已到位", nil},
		{"严于律已", "严于律已、宽以待人", []string{"严于律已→严于律己"}},
		{"规律|已 not 律己", "规律已经显现，纪律已成习惯", nil},
		{"死而后己 reversed", "鞠躬尽瘁，死而后己", []string{"死而后己→死而后已"}},
		{"死而后已 correct", "鞠躬尽瘁，死而后已", nil},

		// Seed errors and near misses.
		{"烙守", "烙守公正廉洁", []string{"烙守→恪守"}},
		{"恪守 correct", "恪守公正廉洁，恪尽职守", nil},
		{"烙印 not 烙守", "留下深深的烙印", nil},

		// Idioms: 4-character wrong forms never occur in correct text.
		{"再接再励", "再接再励，勇毅前行", []string{"再接再励→再接再厉"}},
		{"一愁莫展", "面对难题一愁莫展", []string{"一愁莫展→一筹莫展"}},
		{"迫不急待", "迫不急待地", []string{"迫不急待→迫不及待"}},
		{"按步就班", "按步就班推进", []string{"按步就班→按部就班"}},
		{"默守成规", "不能默守成规", []string{"默守成规→墨守成规"}},
		{"不径而走", "消息不径而走", []string{"不径而走→不胫而走"}},
		{"金榜提名", "金榜提名", []string{"金榜提名→金榜题名"}},
		{"既往不究", "既往不究", []string{"既往不究→既往不咎"}},
		{"走头无路", "走头无路", []string{"走头无路→走投无路"}},
		{"直接了当", "直接了当地指出", []string{"直接了当→直截了当"}},
		{"事必恭亲", "事必恭亲", []string{"事必恭亲→事必躬亲"}},
		{"鼎立相助", "鼎立相助", []string{"鼎立相助→鼎力相助"}},
		{"correct idioms", "再接再厉、一筹莫展、迫不及待、按部就班、墨守成规、锲而不舍、不胫而走、金榜题名、谈笑风生、川流不息、出其不意、甘拜下风、事必躬亲、鼎力相助、声名鹊起、既往不咎", nil},

		// Officialese typed with the wrong homophone.
		{"布署", "认真布署各项工作", []string{"布署→部署"}},
		{"公布|署名", "公布署名文章", nil},
		{"履职尽则", "履职尽则情况", []string{"履职尽则→履职尽责"}},
		{"廉结", "廉结自律", []string{"廉结→廉洁"}},
		{"倡廉|结合", "反腐倡廉结合实际", nil},
		{"廉洁 correct", "廉洁自律，清正廉洁", nil},
		{"踔厉奋发", "卓厉奋发、勇艺前行、抵砺前行", []string{"卓厉奋发→踔厉奋发", "勇艺前行→勇毅前行", "抵砺前行→砥砺前行"}},
		{"作风 only in context", "加强做风建设", []string{"做风→作风"}},
		{"做|风清气正", "争做风清气正的表率", nil},
		{"整改 only in context", "抓好正改落实", []string{"正改→整改"}},
		{"真正|改变", "真正改变作风", nil},
		{"莅临 only in context", "位临指导", []string{"位临→莅临"}},
		{"单位|临时", "各单位临时抽调人员", nil},
		{"单位|临 not 莅临", "上级单位临指导前", nil},
		{"诫勉", "对其进行戒勉谈话", []string{"戒勉谈话→诫勉谈话"}},
		{"坚持不懈 vs 不泄气", "坚持不泄气，坚持不泄", []string{"坚持不泄→坚持不懈"}},
		{"艰难 vs 攻坚|难", "攻坚难度大，工作坚难", []string{"坚难→艰难"}},
		{"报销 vs 通报|消防", "通报消防检查情况，及时报消差旅费", []string{"报消→报销"}},
		{"安排 vs 按|排名", "按排名先后，按排好的日程", []string{"按排→安排"}},

		// Variant forms from the 2001 table are warnings.
		{"variant 成份", "化学成份", []string{"成份→成分"}},
		{"完成|份额 not 成份", "完成份额任务", nil},
		{"variant 人材", "引进人材", []string{"人材→人才"}},
		{"个人|材料 not 人材", "报送个人材料", nil},
		{"variant 展转", "展转反侧", []string{"展转→辗转"}},
		{"发展|转型 not 展转", "推动发展转型", nil},
		{"研究|竞争 not 究竞", "研究竞争政策", nil},
		{"清规戒律 not 规戒", "破除清规戒律", nil},

		// Overlaps: the earlier, then longer, entry wins.
		{"longest at same start", "重蹈复辙", []string{"重蹈复辙→重蹈覆辙"}},
		{"adjacent", "烙守自已", []string{"烙守→恪守", "自已→自己"}},

		// Hostile input.
		{"empty", "", nil},
		{"ascii", "hello, world", nil},
		{"invalid UTF-8 around a match", "\xff\xe4烙守\xe4", []string{"烙守→恪守"}},
		{"wrong form at text end", "严于律已", []string{"严于律已→严于律己"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spans(c.Check(tt.text))
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Check(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestCorrectText holds sentences of the kind reports are made of, each
// with a junction of two words that spells a wrong form of the dictionary.
// None may be flagged.
func TestCorrectText(t *testing.T) {
	c := loadDefault(t)
	for _, text := range []string{
		"各单位临时抽调精干力量，在一定单位时间内完成任务。",
		"推动发展转型，报送个人材料，完成份额任务。",
		"研究竞争政策，推行阳光采购，坚持不泄气、不松劲。",
		"攻坚难度大，通报消防检查情况，按排名先后通报。",
		"规律已经显现，通知已下发，纠正已发现的问题，真正改变作风。",
		"争做风清气正的表率，经验来自已有的实践，各自已经完成自查。",
		"严格守纪律，严格守规矩，反腐倡廉结合实际。",
		"公布署名文章，宣布署理人选，激发韧劲和干劲。",
		"吸取教训，引以为戒；破除清规戒律，劝告戒烟。",
		"按股分红，提出抬高门槛的做法不可取。",
		"记录相关情况，登记检查结果，日记委托书另附。",
		"转变作风，狠抓落实，持续整改，莅临指导，届时参加。",
		"不能自已，难以自已，情不自已；死而后已，方兴未艾。",
		"工作正已经进入收尾阶段，项目正已于三月开工。",
		"恪守公正廉洁，正人先正己，严于律己，知己知彼。",
		"踔厉奋发、勇毅前行，砥砺前行，驰而不息，久久为功。",
		"部署、贯彻、落实、履职尽责、廉洁自律、纪律严明、秉公用权。",
		"做到依法用权不出格、秉公用权不越轨、谨慎用权不任性。",
		"再接再厉，一筹莫展，迫不及待，按部就班，墨守成规，锲而不舍。",
		"坚持以习近平新时代中国特色社会主义思想为指导，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
		"虚心接受批评，深入基层调研，召开民主生活会，开展批评与自我批评。",
		"严格执行中央八项规定精神，坚决反对形式主义、官僚主义、享乐主义和奢靡之风。",
	} {
		if got := c.Check(text); len(got) > 0 {
			t.Errorf("Check(%q) = %v, want nothing", text, spans(got))
		}
	}
}

func TestFindingFields(t *testing.T) {
	c := loadDefault(t)
	text := "我们要烙守纪律，发扬化学成份"
	fs := c.Check(text)
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %v", len(fs), spans(fs))
	}
	f := fs[0]
	if f.Rule != Rule || f.Category != qinglian.Spelling || f.Severity != qinglian.Error ||
		f.Start != 3 || f.End != 5 || f.Text != "烙守" || f.Suggestion != "恪守" ||
		f.Message != "疑似错别字：“烙守”应为“恪守”" || !strings.Contains(f.Reason, "现代汉语词典") {
		t.Errorf("finding = %+v", f)
	}
	w := fs[1]
	if w.Severity != qinglian.Warning || w.Start != 12 || w.End != 14 ||
		!strings.Contains(w.Message, "异形词") || !strings.Contains(w.Reason, "第一批异形词整理表") {
		t.Errorf("variant finding = %+v", w)
	}
}

// TestEntries holds the shipped dictionary to its own rules.
func TestEntries(t *testing.T) {
	c := loadDefault(t)
	if c.Len() < 400 {
		t.Errorf("Len() = %d, want at least 400", c.Len())
	}
	bySeverity := map[qinglian.Severity]int{}
	wrongs := map[string]int{}
	for _, e := range c.Entries() {
		bySeverity[e.Severity]++
		if strings.TrimSpace(e.Source) == "" {
			t.Errorf("line %d %s: no source", e.Line, e.Pattern)
		}
		if e.Wrong == e.Right {
			t.Errorf("line %d %s: wrong equals right", e.Line, e.Pattern)
		}
		if prev, ok := wrongs[e.Pattern]; ok {
			t.Errorf("line %d %s: duplicate of line %d", e.Line, e.Pattern, prev)
		}
		wrongs[e.Pattern] = e.Line
		// An entry must find itself, or its exceptions or context are broken.
		got := c.Check(e.match)
		found := false
		for _, f := range got {
			if f.Text == e.Wrong && f.Suggestion == e.Right {
				found = true
			}
		}
		if !found {
			t.Errorf("line %d %s: does not flag its own text; got %v", e.Line, e.Pattern, spans(got))
		}
		// The right form must not be flagged, or a fix would be flagged again.
		fixed := e.match[:e.pre] + e.Right + e.match[e.pre+len(e.Wrong):]
		if got := c.Check(fixed); len(got) > 0 {
			t.Errorf("line %d %s: the corrected text %q is flagged: %v", e.Line, e.Pattern, fixed, spans(got))
		}
	}
	t.Logf("%d entries: %d error, %d warning, %d info", c.Len(), bySeverity[qinglian.Error], bySeverity[qinglian.Warning], bySeverity[qinglian.Info])
}

func TestParseErrors(t *testing.T) {
	const good = "烙守\t恪守\terror\t-\t-\t《现代汉语词典》（第7版）\n"
	tests := []struct {
		name, file, want string
	}{
		{"five columns", "# c\n\n烙守\t恪守\terror\t-\t《现汉》\n", "line 3: want 6 tab-separated columns"},
		{"seven columns", good + "a\tb\terror\t-\t-\ts\tx\n", "line 2: want 6"},
		{"bad severity", good + "烙守2\t恪守\tfatal\t-\t-\ts\n", "line 2: wrong form \"烙守2\": unknown severity"},
		{"no source", good + "知已\t知己\terror\t-\t-\t\n", "line 2: wrong form \"知已\": no source"},
		{"dash source", good + "知已\t知己\terror\t-\t-\t-\n", "line 2: wrong form \"知已\": no source"},
		{"wrong equals right", "恪守\t恪守\terror\t-\t-\ts\n", "line 1: wrong form \"恪守\" equals its right form"},
		{"empty wrong", "\t恪守\terror\t-\t-\ts\n", "line 1: empty wrong form"},
		{"empty bracket", "先[]\t正己\terror\t-\t-\ts\n", "line 1: empty wrong form"},
		{"two brackets", "[正][已]\t正己\terror\t-\t-\ts\n", "line 1: wrong form \"[正][已]\": at most one"},
		{"reversed brackets", "]正已[\t正己\terror\t-\t-\ts\n", "line 1: wrong form \"]正已[\": ] before ["},
		{"empty right", "烙守\t\terror\t-\t-\ts\n", "line 1: wrong form \"烙守\": empty right form"},
		{"duplicate", good + "# again\n" + good, "line 3: \"烙守\" already listed on line 1"},
		{"invalid UTF-8", "\xff\t恪守\terror\t-\t-\ts\n", "line 1: not valid UTF-8"},
		{"no entries", "# only a comment\n", "no entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadOverride(t *testing.T) {
	fsys := fstest.MapFS{FileName: {Data: []byte("\uFEFF# 本单位词表\r\n先[正已]\t正己\twarning\t-\t经\t单位自定\r\n")}}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 1 {
		t.Fatalf("Len() = %d, want 1", c.Len())
	}
	got := c.Check("正人先正已，先正已经")
	if len(got) != 1 || got[0].Start != 3 || got[0].End != 5 || got[0].Severity != qinglian.Warning || got[0].Reason != "据单位自定，规范写法为“正己”。" {
		t.Errorf("Check = %+v", got)
	}
	if _, err := Load(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "confusion dictionary") {
		t.Errorf("missing file: err = %v", err)
	}
	bad := fstest.MapFS{FileName: {Data: []byte("a\tb\n")}}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "confusion.tsv: line 1:") {
		t.Errorf("bad file: err = %v", err)
	}
}

func FuzzCheck(f *testing.F) {
	c := loadDefault(f)
	for _, s := range []string{"", "正人先正已", "各自已经", "\xff烙守\xe4\xb8", "再接再励再接再励", "海内存知已", "a[b]c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		runes := []rune(text)
		last := -1
		for _, fd := range c.Check(text) {
			if fd.Start < 0 || fd.Start >= fd.End || fd.End > len(runes) {
				t.Fatalf("span [%d,%d) out of bounds for %d runes", fd.Start, fd.End, len(runes))
			}
			if got := string(runes[fd.Start:fd.End]); got != fd.Text {
				t.Fatalf("Text %q, span holds %q", fd.Text, got)
			}
			if fd.Start < last {
				t.Fatalf("findings overlap or are out of order at %d", fd.Start)
			}
			last = fd.End
			if !utf8.ValidString(fd.Text) || fd.Suggestion == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	c := loadDefault(b)
	// A realistic paragraph with one error, repeated to about 1 MB of lines.
	para := "坚持以习近平新时代中国特色社会主义思想为指导，认真履行全面从严治党主体责任，严格落实中央八项规定精神，" +
		"坚决反对形式主义、官僚主义，始终把严下先严上、正人先正已作为行为准则，做到依法用权、秉公用权、廉洁用权。"
	var lines []string
	size := 0
	for size < 1<<20 {
		lines = append(lines, para)
		size += len(para)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			c.Check(l)
		}
	}
}
