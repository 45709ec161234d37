package facts

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"qinglian"
	"qinglian/check/structure"
	"qinglian/lexicon"
)

const seedPath = "../../../shared/seeds/000_2f8bc095aa642456.txt"

func load(tb testing.TB) *Extractor {
	tb.Helper()
	e, err := Load(lexicon.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

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

func outline(tb testing.TB, d *qinglian.Document) *structure.Outline {
	tb.Helper()
	t, err := structure.DefaultTemplate(lexicon.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return structure.Analyze(d, t)
}

func seed(tb testing.TB) *qinglian.Document {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Skipf("seed not available: %v", err)
	}
	return doc(string(b))
}

type fact struct {
	kind qinglian.FactKind
	text string
}

func TestExtract(t *testing.T) {
	e := load(t)
	tests := []struct {
		text string
		want []fact
	}{
		// Quantities.
		{"在中央和省级媒体上稿76篇", []fact{{"quantity", "76篇"}}},
		{"组织3波次领导机关干部", []fact{{"quantity", "3波次"}}},
		{"召开党委会十二次", []fact{{"quantity", "十二次"}}},
		{"覆盖率达到50%，", []fact{{"quantity", "50%"}}},
		{"节约经费1.2万元", []fact{{"quantity", "1.2万元"}}},
		{"建成3个示范点", []fact{{"quantity", "3个"}}},
		{"谈心谈话三十余人次", []fact{{"quantity", "三十余人次"}}},
		{"投入资金50万", []fact{{"quantity", "50万"}}},
		{"处理1,200件", []fact{{"quantity", "1,200件"}}},
		{"提高了3个百分点", []fact{{"quantity", "3个百分点"}}},
		{"占百分之三十", []fact{{"quantity", "百分之三十"}}},
		{"下基层两次", []fact{{"quantity", "两次"}}},
		{"考核得分95分", []fact{{"quantity", "95分"}}},
		// Dates.
		{"2022年，在省委领导下", []fact{{"date", "2022年"}}},
		{"于3月15日召开", []fact{{"date", "3月15日"}}},
		{"2023年5月起", []fact{{"date", "2023年5月"}}},
		{"二〇二二年以来", []fact{{"date", "二〇二二年"}}},
		{"任职3年来", []fact{{"quantity", "3年"}}},
		// Titles, including nested brackets and quotes.
		{"研读《中国共产党章程（修正案）》", []fact{{"title", "《中国共产党章程（修正案）》"}}},
		{"落实《关于解决“五多”问题为基层减负规定》和《改进领导干部学风的措施》", []fact{{"title", "《关于解决“五多”问题为基层减负规定》"}, {"title", "《改进领导干部学风的措施》"}}},
		{"《2023年工作要点》", []fact{{"title", "《2023年工作要点》"}}},
		// Named activities and slogans.
		{"开展“解放思想谋发展、转变作风办实事”主题教育", []fact{{"named", "“解放思想谋发展、转变作风办实事”"}}},
		{"探索“线上＋线下”模式", []fact{{"named", "“线上＋线下”"}}},
		{"完善“年、季、月、周、日”体系", []fact{{"named", "“年、季、月、周、日”"}}},
		{"开展“廉洁家风进万家”活动", []fact{{"named", "“廉洁家风进万家”"}}},

		// Not facts: enumerators, ordinals, the numeral one, formulations.
		{"一是始终坚定理论自觉。二是坚持", nil},
		{"第一时间研读，组织首批学习", nil},
		{"始终以一名普通党员身份融入组织，开一次会", nil},
		{"第3次会议，第十二次党代会", nil},
		{"增强“四个意识”、坚定“四个自信”、做到“两个维护”", nil},
		{"增强四个意识，牢记五个必须，统筹五位一体", nil},
		{"落实中央八项规定精神，坚持四项基本原则", nil},
		{"落实“双帮”机制", nil}, // two characters: a quote, not a name
		// Not facts: idioms, sayings and short quotes.
		{"三番五次强调，千家万户受益，三天两头检查", nil},
		{"牢固树立“一盘棋”思想，勇于啃“硬骨头”", nil},
		{"以“打铁还需自身硬”的道理要求自己，在“打通最后一公里”上", nil},
		{"主动接“烫手山芋”", nil},
		{"以政治上的“真关切”代替庸俗的“虚假空”", nil},
		{"做到“高度重视”", nil},
		{"他说：“发展才是硬道理。”", nil},
		{"他说，“这件事我们要认真办”", nil},
		{"提出“你们两个人要团结”", nil},
		{"提出“要在继承的基础上不断求得新的更大的发展并且持续完善”", nil}, // over 20 characters, no list
		{"十分重要，万一出错", nil},
		{"四处奔波，环顾四周，在十字路口", nil},
		{"主要有3点：", nil},
		{"从三个方面入手", nil},
		{"党的二十大，十九届六中全会，“十四五”规划", nil},
		// Hostile input.
		{"《", nil},
		{"《》“”", nil},
		{"“未闭合的引号里有3篇", []fact{{"quantity", "3篇"}}}, // an unclosed quote is plain text
		{"G20峰会，5G网络，v2.0版", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []fact
		rs := []rune(tt.text)
		for _, s := range e.Extract(tt.text) {
			got = append(got, fact{s.Kind, s.Text})
			if string(rs[s.Start:s.End]) != s.Text {
				t.Errorf("%q: span %d:%d is not %q", tt.text, s.Start, s.End, s.Text)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Extract(%q)\n got %v\nwant %v", tt.text, got, tt.want)
		}
	}
}

func TestSeed(t *testing.T) {
	d := seed(t)
	o := outline(t, d)
	facts, findings := load(t).Analyze(d, o)

	var titles []string
	has := map[string]qinglian.FactKind{}
	for _, f := range facts {
		has[f.Text] = f.Kind
		if f.Kind == qinglian.Title {
			titles = append(titles, f.Text)
		}
		rs := []rune(d.Paragraphs[f.Paragraph-1].Text)
		if string(rs[f.Start:f.End]) != f.Text || f.Line != d.Paragraphs[f.Paragraph-1].Line || f.Column != 1+f.Start {
			t.Errorf("fact %+v does not point at its text", f)
		}
	}
	wantTitles := []string{"《中国共产党章程（修正案）》", "《习近平谈治国理政》", "《关于新形势下党内政治生活的若干准则》",
		"《省委贯彻落实全面从严治党主体责任规定》", "《关于建强领导型党委班子的决定》", "《关于解决“五多”问题为基层减负规定》",
		"《改进领导干部学风的措施》", "《永远在路上》"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("titles = %v", titles)
	}
	for text, kind := range map[string]qinglian.FactKind{"76篇": "quantity", "3波次": "quantity", "2022年": "date", "“年、季、月、周、日”": "named"} {
		if has[text] != kind {
			t.Errorf("fact %q: kind %q, want %q", text, has[text], kind)
		}
	}
	for _, not := range []string{"一名", "“一盘棋”", "“硬骨头”", "“五个必须”", "“四个意识”", "“打铁还需自身硬”"} {
		if _, ok := has[not]; ok {
			t.Errorf("%q taken for a fact", not)
		}
	}
	// Facts per section: 三、 (民主集中制) has none and is called 空泛.
	wantFacts := []int{1, 6, 5, 0, 6, 0, 0}
	for i, s := range o.Sections {
		if s.Facts != wantFacts[i] {
			t.Errorf("section %d %q: %d facts, want %d", i, s.Title, s.Facts, wantFacts[i])
		}
		if s.Chars == 0 || s.FactsPerK != float64(s.Facts)*1000/float64(s.Chars) {
			t.Errorf("section %d: chars %d, facts/1000 %v", i, s.Chars, s.FactsPerK)
		}
	}
	if o.Sections[5].StockPerK <= o.Sections[1].StockPerK {
		t.Errorf("shortcomings stock density %.1f not above section 一's %.1f", o.Sections[5].StockPerK, o.Sections[1].StockPerK)
	}
	// All three shortcomings are "…还需加强" with nothing concrete.
	if !reflect.DeepEqual(o.Shortcomings.Empty, []int{0, 1, 2}) {
		t.Errorf("empty shortcomings = %v", o.Shortcomings.Empty)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.Rule+" "+f.Text)
		if f.Severity == qinglian.Error {
			t.Errorf("error-level finding on the seed: %+v", f)
		}
		rs := []rune(d.Paragraphs[f.Paragraph-1].Text)
		if string(rs[f.Start:f.End]) != f.Text || f.Category != qinglian.Facts || f.Reason == "" {
			t.Errorf("bad finding %+v", f)
		}
	}
	want := []string{
		"facts.empty-section 三、执行民主集中制情况方面",
		"facts.empty-shortcoming 一是学思践悟还需加强",
		"facts.empty-shortcoming 二是担当作为还需加强",
		"facts.empty-shortcoming 三是全面从严还需加强",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v", got)
	}
	if !strings.Contains(findings[2].Message, "还需加强") {
		t.Errorf("message names %q, want the deficiency formula", findings[2].Message)
	}
}

func TestAnalyze(t *testing.T) {
	e := load(t)
	head := "一、执行政治纪律和政治规矩方面\n组织学习12次。\n二、履行管党治党责任方面\n落实《党委（党组）落实全面从严治党主体责任规定》。\n三、推进党风廉政建设和反腐败工作方面\n开展警示教育3场。\n四、执行廉洁纪律方面\n2023年按时报告个人有关事项。\n"
	tests := []struct {
		name  string
		text  string
		rules []string
		empty []int
	}{
		{"concrete report", head + "存在的不足：一是调研不够，全年只下基层2次；二是对《条例》学习不够深入，只通读1遍。下一步，加强学习。", nil, nil},
		{"a shortcoming without a fact", head + "存在的不足：一是调研不够，全年只下基层2次；二是学习还需加强。下一步，加强学习。", []string{"facts.empty-shortcoming"}, []int{1}},
		// No stock phrase either: vague, but not written in formulas.
		{"a shortcoming without fact or formula", head + "存在的不足：一是调研下基层2次；二是对新业务钻研少。下一步，加强学习。", nil, nil},
		{"an empty body section", strings.Replace(head, "开展警示教育3场。", "持续加强作风建设。", 1) + "存在的不足：一是下基层2次。二是读书3本。下一步，加强学习。", []string{"facts.empty-section"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(tt.text)
			o := outline(t, d)
			_, fds := e.Analyze(d, o)
			var got []string
			for _, f := range fds {
				got = append(got, f.Rule)
			}
			if !reflect.DeepEqual(got, tt.rules) {
				t.Errorf("rules = %v, want %v (%+v)", got, tt.rules, fds)
			}
			if !reflect.DeepEqual(o.Shortcomings.Empty, tt.empty) {
				t.Errorf("empty = %v, want %v", o.Shortcomings.Empty, tt.empty)
			}
		})
	}
	// Without an outline only facts come back.
	facts, fds := e.Analyze(doc("2022年完成3项"), nil)
	if len(facts) != 2 || fds != nil || facts[0].Section != -1 {
		t.Errorf("nil outline: %+v %+v", facts, fds)
	}
}

func TestLoadErrors(t *testing.T) {
	good := lexicon.Default()
	read := func(name string) string {
		b, err := fs.ReadFile(good, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base := fstest.MapFS{
		StockFile:          {Data: []byte(read(StockFile))},
		NonFactsFile:       {Data: []byte(read(NonFactsFile))},
		"formulations.tsv": {Data: []byte(read("formulations.tsv"))},
	}
	if _, err := Load(base); err != nil {
		t.Fatalf("copy of the defaults: %v", err)
	}
	bad := []struct{ file, data, want string }{
		{StockFile, "高度重视\tpledge", "stock_phrases.tsv line 1: want 3"},
		{StockFile, "# c\n高度重视\tboast\ts", "stock_phrases.tsv line 2: kind \"boast\""},
		{StockFile, "高度重视\tpledge\t", "line 1: empty phrase or source"},
		{NonFactsFile, "三番五次\tproverb\ts", "nonfacts.tsv line 1: kind \"proverb\""},
		{"formulations.tsv", "x", "formulations.tsv"},
	}
	for _, tt := range bad {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		_, err := Load(fsys)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: error %v, want %q", tt.file, tt.data, err, tt.want)
		}
	}
	delete(base, NonFactsFile)
	if _, err := Load(base); err == nil {
		t.Error("missing nonfacts.tsv accepted")
	}
}

func TestData(t *testing.T) {
	e := load(t)
	if n := len(e.stockText); n < 300 {
		t.Errorf("only %d stock phrases", n)
	}
	// A stock phrase is never a fact: the list and the extractor agree.
	for _, p := range e.stockText {
		if got := e.Extract(p); len(got) != 0 {
			t.Errorf("stock phrase %q yields facts %+v", p, got)
		}
	}
}

func FuzzExtract(f *testing.F) {
	e := load(f)
	for _, s := range []string{"上稿76篇", "《关于解决“五多”问题为基层减负规定》", "“年、季、月、周、日”", "2023年5月15日", "百分之三十", "1,200.5万元", "《《》", "“"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		last := 0
		for _, sp := range e.Extract(s) {
			if sp.Start < last || sp.End <= sp.Start || sp.End > len(rs) || string(rs[sp.Start:sp.End]) != sp.Text {
				t.Fatalf("bad span %+v in %q", sp, s)
			}
			last = sp.End
		}
	})
}

// bigDoc repeats the seed to about n bytes.
func bigDoc(tb testing.TB, n int) *qinglian.Document {
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

func BenchmarkExtractSeed(b *testing.B) {
	d := seed(b)
	e := load(b)
	b.SetBytes(int64(len(d.Text())))
	for b.Loop() {
		for _, p := range d.Paragraphs {
			e.Extract(p.Text)
		}
	}
}

// BenchmarkOutlineAndFacts10MB is the structure and facts pass of the engine
// over a 10 MB report: structure.Analyze then Extractor.Analyze.
func BenchmarkOutlineAndFacts10MB(b *testing.B) {
	d := bigDoc(b, 10<<20)
	e := load(b)
	t, err := structure.DefaultTemplate(lexicon.Default())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d.Text())))
	for b.Loop() {
		o := structure.Analyze(d, t)
		e.Analyze(d, o)
	}
}
