package spell

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"qinglian"
	"qinglian/lexicon"
)

var (
	loadOnce sync.Once
	shared   *Detector
	loadErr  error
)

// detector loads the embedded data once for the whole test binary.
func detector(t testing.TB) *Detector {
	t.Helper()
	loadOnce.Do(func() { shared, loadErr = Load(lexicon.Default()) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shared
}

// TestCatches: sentences written for this test, each with one wrong
// character the detector must find and correct.
func TestCatches(t *testing.T) {
	d := detector(t)
	tests := []struct {
		text, wrong, want string
	}{
		{"坚持以人民为中心的发展思相。", "相", "想"},               // sound-alike: 思想
		{"严格执行请示报告制渡。", "渡", "度"},                  // 制度
		{"全面落实管党治党政治责任，压实主体责壬。", "壬", "任"},         // shape-alike: 责任
		{"全面梳理排查风险点，制定防控错施。", "错", "措"},            // 措施
		{"认真贯彻落实中央和省委的决策部暑。", "暑", "署"},            // 部署
		{"推动全面从严治党向纵深发展，营造风清气正的良好政治生泰。", "泰", "态"}, // 生态
		{"加强干部对伍建设，提高履职能力。", "对", "队"},             // 干部队伍
		{"加快建设数字政付，提升政务服务效能。", "付", "府"},           // 数字政府
		{"加快推进重点项目建设，带动经济发展，扩大就业机汇。", "汇", "会"},    // 就业机会
		{"深化以案促改，堵塞管理漏洞，防范廉政风陷。", "陷", "险"},        // 风险
		{"请到三楼办公式领取会议材料。", "式", "室"},               // 办公室, across the word 公式
		{"他在派出锁工作多年。", "锁", "所"},                   // 派出所
		{"我们要坚持实事求事的原则。", "事", "是"},                // the repetition is inside 实事求是
		{"坚持民组集中制，严格执行请示报告制度。", "组", "主"},          // input-method blur zu/zhu: 民主集中制
		{"认真落实意识形态工作责仕制。", "仕", "任"},               // Cangjie codes one part apart: 责任制
		{"强化监督执纪问责，做到令行禁上。", "上", "止"},             // Cangjie: 令行禁止
	}
	for _, tt := range tests {
		fs := d.Check(tt.text)
		if len(fs) != 1 {
			t.Errorf("%s: want one finding, got %d: %+v", tt.text, len(fs), fs)
			continue
		}
		f := fs[0]
		runes := []rune(tt.text)
		if got := string(runes[f.Start:f.End]); got != tt.wrong || f.Text != tt.wrong {
			t.Errorf("%s: flagged %q (Text %q), want %q", tt.text, got, f.Text, tt.wrong)
		}
		if f.Suggestion != tt.want {
			t.Errorf("%s: suggestion %q, want %q", tt.text, f.Suggestion, tt.want)
		}
		if f.Rule != Rule || f.Category != qinglian.Spelling || f.Severity == qinglian.Info {
			t.Errorf("%s: rule %q category %q severity %v", tt.text, f.Rule, f.Category, f.Severity)
		}
		if !strings.Contains(f.Message, "疑似错别字") || !strings.Contains(f.Reason, "gse") {
			t.Errorf("%s: message %q reason %q", tt.text, f.Message, f.Reason)
		}
	}
}

// TestCorrectTextNotFlagged: correct sentences in the register of a report,
// including the traps the issue names (正已经, 不能自已) and names, numbers,
// abbreviations and idioms.
func TestCorrectTextNotFlagged(t *testing.T) {
	d := detector(t)
	for _, s := range []string{
		"他正已经出发了。",
		"要防止部分商品价格畸高畸低。", // A B A C: the repeated 畸 is deliberate
		"要一心一意谋发展，不能自说自话。",
		"听到这个消息，她激动得不能自已。",
		"始终恪守公正廉洁，做到正人先正己。",
		"加强党的政治建设，提高政治判断力、政治领悟力、政治执行力。",
		"全面推进乡村振兴，加快建设农业强国。",
		"认真落实党风廉政建设责任制，履行一岗双责。",
		"持续推进党史学习教育常态化长效化。",
		"深入开展调查研究，着力解决群众急难愁盼问题。",
		"加强对权力运行的制约和监督，把权力关进制度的笼子里。",
		"坚持不懈用习近平新时代中国特色社会主义思想凝心铸魂。",
		"组织召开专题民主生活会，认真开展批评和自我批评。",
		"认真履行第一责任人职责，做到重要工作亲自部署。",
		"我们要坚持稳中求进工作总基调。",
		"加快推进数字政府建设，提升政务服务效能。",
		"坚持以案为鉴、以案促改，推动机关作风持续好转。",
		"全面加强党的纪律建设，推动党员干部知敬畏、存戒惧、守底线。",
		"加快发展新质生产力，推进国家治理体系和治理能力现代化。",
		"在工作中敢于碰硬，不怕得罪人。",
		"全年共完成固定资产投资十二亿元，同比增长8.5%。",
		"张建国同志任党委书记，李卫东同志任纪委书记。",
		"钱经齐同志任局长，孙政冶同志任副局长。", // given names, not 经济 and 政治
		"园区共栽种5千棵树，全市约有2万棵树。", // 千 and 万 belong to the numbers (not 千克, 一棵)
		"切实做到守土有责、守土负责、守土尽责。",
		"坚持民主集中制，认真执行三重一大决策制度。",
		"他在会上作了重要讲话，提出了明确要求。",
		"我们要发扬钉钉子精神，一张蓝图绘到底。",
		"踔厉奋发、勇毅前行，以实际行动迎接党的二十大胜利召开。",
	} {
		if fs := d.Check(s); len(fs) != 0 {
			t.Errorf("%s: false alarm %+v", s, fs)
		}
	}
}

// TestLongWords: the pass over words of three or four characters finds a
// wrong character that sits inside a valid shorter word, which the
// character pass leaves alone; with LongWordThreshold 0 it is off.
func TestLongWords(t *testing.T) {
	opt := DefaultOptions()
	opt.LongWordThreshold = 0
	off, err := LoadOptions(lexicon.Default(), opt)
	if err != nil {
		t.Fatal(err)
	}
	on := detector(t)
	for _, s := range []string{"请到三楼办公式领取会议材料。"} {
		if fs := off.Check(s); len(fs) != 0 {
			t.Errorf("%s: found with the pass off: %+v", s, fs)
		}
		if fs := on.Check(s); len(fs) != 1 || !strings.Contains(fs[0].Reason, "构成常用词") {
			t.Errorf("%s: want one finding from the long-word pass, got %+v", s, fs)
		}
	}
}

// TestSeed: the canonical report has wrong characters only where the curated
// list finds them (自已, 正已, 烙守); the detector must raise nothing else,
// and no error at all.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "000_2f8bc095aa642456.txt"))
	if err != nil {
		t.Skipf("seed report not beside the repository: %v", err)
	}
	d := detector(t)
	allowed := map[string]bool{"自已": true, "正已": true, "烙守": true}
	for n, line := range strings.Split(string(b), "\n") {
		runes := []rune(line)
		for _, f := range d.Check(line) {
			ctx := string(runes[max(0, f.Start-1):min(len(runes), f.End+1)])
			ok := false
			for w := range allowed {
				if strings.Contains(ctx, w) {
					ok = true
				}
			}
			if !ok || f.Severity == qinglian.Error {
				t.Errorf("seed line %d: unexpected %s %q→%q: %s", n+1, f.Severity, f.Text, f.Suggestion, f.Message)
			}
		}
	}
}

// TestHostileInput: nothing panics and every finding's offsets are valid.
func TestHostileInput(t *testing.T) {
	d := detector(t)
	long := strings.Repeat("加强干部对伍建设，坚持以人民为中心的发展思相。", 4200) // about 100,000 runes
	long2 := strings.Repeat("国", 100000)                    // one run of 100,000 Chinese characters
	for name, s := range map[string]string{
		"empty":         "",
		"ascii":         "Hello, world! 12345 qinglian check --format json",
		"emoji":         "👍🏽加强干部🎉对伍建设😀",
		"invalid utf-8": "加强干部\xff\xfe对伍建设\xc3",
		"lone han":      "国",
		"nul bytes":     "加强\x00干部\x00对伍",
		"100k line":     long,
		"100k han run":  long2,
	} {
		t.Run(name, func(t *testing.T) { checkInvariants(t, d, s) })
	}
	// The wrong character is found across the invalid bytes, at the right
	// rune offset: each invalid byte counts as one rune.
	fs := d.Check("坚持以人民为中心的发展\xff思相。")
	if len(fs) != 1 || fs[0].Start != 13 || fs[0].Text != "相" {
		t.Errorf("after invalid byte: %+v", fs)
	}
}

func checkInvariants(t *testing.T, d *Detector, s string) {
	t.Helper()
	runes := []rune(s)
	for _, f := range d.Check(s) {
		if f.Start < 0 || f.End > len(runes) || f.Start >= f.End {
			t.Fatalf("bad span [%d,%d) of %d runes", f.Start, f.End, len(runes))
		}
		if got := string(runes[f.Start:f.End]); got != f.Text {
			t.Fatalf("Text %q, but text[%d:%d] is %q", f.Text, f.Start, f.End, got)
		}
		if f.Suggestion == "" || f.Suggestion == f.Text || !utf8.ValidString(f.Message) {
			t.Fatalf("bad finding %+v", f)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "加强干部对伍建设", "思相\xff", "👍国", "正已经出发"} {
		f.Add(s)
	}
	d := detector(f)
	f.Fuzz(func(t *testing.T, s string) { checkInvariants(t, d, s) })
}

// TestDataLoads: the embedded files load and hold what the generator wrote.
func TestDataLoads(t *testing.T) {
	d := detector(t)
	if n := len(d.words.start); n < 350000 {
		t.Errorf("word list has %d entries, want the whole gse dictionary (>350,000)", n)
	}
	if e := d.words.lookup("干部"); e < 0 || d.words.freq[e] < 1000 {
		t.Errorf("干部 missing or rare: entry %d", e)
	}
	if !containsRune(d.conf.bySyl["gan"], '干') || !containsRune(d.conf.shape['干'], '于') {
		t.Errorf("confusion sets lack 干: sound %q shape %q", string(d.conf.bySyl["gan"]), string(d.conf.shape['干']))
	}
}

// TestDataUpToDate regenerates the data files from the module cache and
// compares them with the embedded ones.
func TestDataUpToDate(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Skip("gse is not in the module cache")
	}
	regenerate(t, "./internal/gendata", WordsFile, PinyinFile)
}

// TestShapeCodesUpToDate regenerates spell_shape_codes.tsv from Debian's
// libcangjie2-data and compares it with the embedded one.
func TestShapeCodesUpToDate(t *testing.T) {
	if _, err := os.Stat("/usr/share/libcangjie/cangjie.db"); err != nil {
		t.Skip("libcangjie2-data is not installed (apt-get install libcangjie2-data): cannot regenerate " + ShapeCodesFile)
	}
	regenerate(t, "./internal/genshape", ShapeCodesFile)
}

// regenerate runs a generator into a temporary directory and compares the
// named files with the embedded ones.
func regenerate(t *testing.T, generator string, names ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the generator")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", generator, "-o", dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "lexicon", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("lexicon/data/%s is out of date: run go generate ./check/spell", name)
		}
	}
}

// TestRegister: a word of the official-document list is suggested where
// the clause is written in the official register; in everyday prose it
// needs DomainAloneCost more evidence.
func TestRegister(t *testing.T) {
	strict := DefaultOptions()
	strict.DomainAloneCost = 100
	d, err := LoadOptions(lexicon.Default(), strict)
	if err != nil {
		t.Fatal(err)
	}
	fs := d.Check("纪检组要加强日常巡茶，及时发现问题。")
	if len(fs) != 1 || fs[0].Text != "茶" || fs[0].Suggestion != "察" {
		t.Errorf("official clause: want 茶→察, got %+v", fs)
	}
	if fs := d.Check("保安每天晚上负责巡茶。"); len(fs) != 0 {
		t.Errorf("everyday clause: want nothing, got %+v", fs)
	}
	loose := DefaultOptions()
	loose.DomainAloneCost = 0
	if d, err = LoadOptions(lexicon.Default(), loose); err != nil {
		t.Fatal(err)
	}
	if fs := d.Check("保安每天晚上负责巡茶。"); len(fs) != 1 {
		t.Errorf("everyday clause without the register rule: want 茶→察, got %+v", fs)
	}
	e := d.words.lookup("巡察")
	if e < 0 || !d.words.dom[e] {
		t.Errorf("巡察 should be a word of the domain list: entry %d", e)
	}
}

// TestCandidates: the sound-alike, blurred and shape-alike characters a
// written one may stand for, each of its kind.
func TestCandidates(t *testing.T) {
	d := detector(t)
	kinds := map[rune]kind{}
	for _, c := range d.conf.candidates('仕') {
		kinds[c.r] = c.k
	}
	if kinds['任'] != codeAlike || kinds['士'] != soundAlike {
		t.Errorf("仕: 任 kind %d (want code-alike), 士 kind %d (want sound-alike)", kinds['任'], kinds['士'])
	}
	kinds = map[rune]kind{}
	for _, c := range d.conf.candidates('组') {
		kinds[c.r] = c.k
	}
	if kinds['主'] != fuzzyAlike || kinds['祖'] != soundAlike {
		t.Errorf("组: 主 kind %d (want fuzzy), 祖 kind %d (want sound-alike)", kinds['主'], kinds['祖'])
	}
	for _, c := range d.conf.candidates('组') {
		if c.r == '组' {
			t.Error("组 is its own candidate")
		}
	}
}

func TestFuzzyReadings(t *testing.T) {
	syl := map[string][]rune{"zhu": nil, "zu": nil, "qing": nil, "qin": nil, "lan": nil, "nan": nil, "lang": nil, "hu": nil, "fu": nil, "shi": nil, "si": nil, "ren": nil, "len": nil}
	f := fuzzyReadings(syl)
	for s, want := range map[string][]string{
		"zhu": {"zu"}, "zu": {"zhu"}, "qing": {"qin"}, "qin": {"qing"}, "lan": {"nan", "lang"},
		"hu": {"fu"}, "fu": {"hu"}, "shi": {"si"}, "ren": {"len"},
	} {
		got := f[s]
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: blurred to %v, want %v", s, got, want)
		}
	}
}

// TestLoadErrors: a broken override names the file and the line.
func TestLoadErrors(t *testing.T) {
	for name, content := range map[string]string{
		WordsFile:      "# header\n干部\tmany\tn\n",
		PinyinFile:     "干\tgan\n",
		ShapeFile:      "干 于干\tsource\n",
		ShapeCodesFile: "乙\t人\tsource\n一\t人\tsource\n",
		SurnamesFile:   "王李\tsource\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		fsys, err := lexicon.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Load(fsys)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: want an error naming the file, got %v", name, err)
		}
	}
}

// TestUnsortedOverride: an organisation's own word list need not be sorted.
func TestUnsortedOverride(t *testing.T) {
	dir := t.TempDir()
	words := "干部\t9000\tn\n队伍\t7000\tn\n建设\t9000\tv\n加强\t9000\tv\n对\t9000\tp\n伍\t10\tng\n"
	if err := os.WriteFile(filepath.Join(dir, WordsFile), []byte(words), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := lexicon.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"干部", "队伍", "建设", "加强", "对"} {
		if d.words.lookup(w) < 0 {
			t.Errorf("%s not found after sorting", w)
		}
	}
}
