// Package facts tells concrete facts from empty formulas. It extracts the
// checkable items of a paragraph (quantities such as 76篇 or 3波次, named
// documents 《…》, named activities and slogans “…”, dates), measures the
// density of stock phrases (空话套话, lexicon/data/stock_phrases.tsv) per
// section, and flags a body section with no fact at all (空泛) and a
// shortcoming that states no fact and only stock formulas.
//
// What is not a fact: enumerators (一是, 第一, 首批), the numeral 一 with a
// measure word (一名普通党员, 一盘棋), ordinals (第3次), fixed formulations
// with numerals (四个意识, 中央八项规定; names read from formulations.tsv),
// idioms and figures of speech (三番五次, “打铁还需自身硬”; nonfacts.tsv),
// and short quotes (“硬骨头”, fewer than four characters and no separator).
//
// Findings (category facts):
//
//	facts.empty-section      warning  a body section with no concrete fact
//	facts.empty-shortcoming  warning  a shortcoming with no fact, written in stock phrases
package facts

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"qinglian"
	"qinglian/check/formulation"
	"qinglian/check/internal/phrase"
)

// Data files read by Load.
const (
	StockFile    = "stock_phrases.tsv"
	NonFactsFile = "nonfacts.tsv"
)

// Span is one fact in a paragraph, in rune offsets; Text includes the
// brackets of a title or the quote marks of a named item.
type Span struct {
	Kind       qinglian.FactKind
	Start, End int
	Text       string
}

// Extractor finds facts and stock phrases; it is safe for concurrent use.
type Extractor struct {
	stock     *phrase.Trie
	stockText []string
	stockKind []string
	mask      *phrase.Trie // formulations, idioms, sayings: never facts
	measures  *phrase.Trie
	measure   []measure
}

// measure says where a measure word may follow a number.
type measure struct{ han, arabic bool }

// Load reads StockFile and NonFactsFile and the names of formulation.File
// from fsys, normally lexicon.Default().
func Load(fsys fs.FS) (*Extractor, error) {
	e := &Extractor{stock: phrase.New(), mask: phrase.New(), measures: phrase.New()}
	err := readTSV(fsys, StockFile, 3, func(f []string) error {
		switch f[1] {
		case "pledge", "claim", "deficiency", "filler":
		default:
			return fmt.Errorf("kind %q: want pledge, claim, deficiency or filler", f[1])
		}
		e.stock.Add(f[0], len(e.stockText))
		e.stockText = append(e.stockText, f[0])
		e.stockKind = append(e.stockKind, f[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTSV(fsys, NonFactsFile, 3, func(f []string) error {
		if f[1] != "idiom" && f[1] != "saying" {
			return fmt.Errorf("kind %q: want idiom or saying", f[1])
		}
		e.mask.Add(f[0], 0)
		return nil
	})
	if err != nil {
		return nil, err
	}
	fc, err := formulation.Load(fsys)
	if err != nil {
		return nil, err
	}
	for _, n := range fc.Names() {
		e.mask.Add(n, 0)
	}
	for i, m := range measures {
		e.measures.Add(m.word, i)
		e.measure = append(e.measure, measure{han: m.han, arabic: m.arabic})
	}
	return e, nil
}

// readTSV calls row with the fields of each entry of a tab-separated file
// whose last column is the source.
func readTSV(fsys fs.FS, name string, fields int, row func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("facts: %w", err)
	}
	defer f.Close()
	return parseTSV(f, name, fields, row)
}

func parseTSV(r io.Reader, name string, fields int, row func([]string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != fields {
			return fmt.Errorf("%s line %d: want %d tab-separated fields, got %d", name, line, fields, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if f[0] == "" || f[len(f)-1] == "" {
			return fmt.Errorf("%s line %d: empty phrase or source", name, line)
		}
		if err := row(f); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// measureWord is a measure word or unit that makes a number a quantity.
type measureWord struct {
	word        string
	han, arabic bool // may follow a Chinese numeral, an Arabic number
}

// measures lists the measure words. 点 and 个方面 do not make a quantity:
// "主要有3点" declares a count, it does not report a result. 分 and 号
// follow Arabic numbers only, since 十分 means "very".
var measures = func() []measureWord {
	var out []measureWord
	for _, w := range strings.Fields(`个 次 篇 波次 场 场次 期 批 批次 名 人 人次 件 项 条 家 家次 所 户 户次
		元 万元 亿元 千元 天 周 个月 个季度 个工作日 个百分点 年 小时 分钟 公里 千米 米 平方米 平方公里 亩 吨
		台 辆 套 本 册 份 部 节 课时 学时 轮 轮次 支 座 处 起 例 宗 封 张 幅 遍 趟 倍 岁 位 篇次 门 架 艘 株 棵
		栋 间 盏 箱 包 袋 卷 集 章 首 段 字 万字 类 种 组 队 单 笔 宗次 条次 件次 期次 人天 课 讲 堂`) {
		out = append(out, measureWord{w, true, true})
	}
	for _, w := range strings.Fields(`分 号 % ％ ‰ 万 亿 千`) {
		out = append(out, measureWord{w, false, true})
	}
	// These end the match without making a quantity.
	for _, w := range []string{"个方面", "个问题", "个意识", "个自信"} {
		out = append(out, measureWord{w, false, false})
	}
	return out
}()

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isHanNumeral(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '两':
		return true
	}
	return false
}

func isHanDigit(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九':
		return true
	}
	return false
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// Extract returns the facts in one paragraph's text, in order, not overlapping.
func (e *Extractor) Extract(text string) []Span {
	rs := []rune(text)
	var out []Span
	emit := func(k qinglian.FactKind, s, end int) {
		out = append(out, Span{Kind: k, Start: s, End: end, Text: string(rs[s:end])})
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '《':
			if j := closeTitle(rs, i); j > 0 {
				emit(qinglian.Title, i, j)
				i = j
				continue
			}
		case r == '“':
			if j := closeQuote(rs, i); j > 0 {
				if !reported(rs, i) && e.named(rs[i+1:j-1]) {
					emit(qinglian.Named, i, j)
				}
				// A quote that names nothing is still not read for numbers:
				// “一盘棋”, “五多”.
				i = j
				continue
			}
		}
		if e.mask.MayStart(r) {
			if _, n := e.mask.Longest(rs, i); n > 0 {
				i += n
				continue
			}
		}
		switch {
		case r == '百' && i+3 < len(rs) && rs[i+1] == '分' && rs[i+2] == '之' && isHanNumeral(rs[i+3]):
			j := i + 3
			for j < len(rs) && (isHanNumeral(rs[j]) || rs[j] == '点') {
				j++
			}
			emit(qinglian.Quantity, i, j)
			i = j
			continue
		case isDigit(r) && (i == 0 || !isASCIILetter(rs[i-1]) && rs[i-1] != '.' && rs[i-1] != '-' && rs[i-1] != '_'):
			end, kind, ok := e.arabic(rs, i)
			if ok {
				emit(kind, i, end)
			}
			i = end
			continue
		case isHanNumeral(r):
			end, kind, ok := e.han(rs, i)
			if ok {
				emit(kind, i, end)
			}
			i = end
			continue
		}
		i++
	}
	return out
}

// closeTitle returns the index after the 》 that closes the 《 at rs[i],
// allowing nested 《》, or 0.
func closeTitle(rs []rune, i int) int {
	depth := 0
	for j := i; j < len(rs) && j-i <= 100; j++ {
		switch rs[j] {
		case '《':
			depth++
		case '》':
			depth--
			if depth == 0 {
				if j == i+1 {
					return 0
				}
				return j + 1
			}
		case '\n':
			return 0
		}
	}
	return 0
}

// closeQuote returns the index after the ” that closes the “ at rs[i], or 0.
func closeQuote(rs []rune, i int) int {
	for j := i + 1; j < len(rs) && j-i <= 60; j++ {
		switch rs[j] {
		case '”':
			return j + 1
		case '“':
			return 0
		}
	}
	return 0
}

// named decides whether a quote names an activity, mechanism or slogan: at
// least four characters or a separator inside (“年、季、月、周、日”,
// “线上＋线下”), and not a formulation, idiom, saying or stock phrase.
func (e *Extractor) named(content []rune) bool {
	n := len(content)
	if n < 2 || n > 40 {
		return false
	}
	if _, k := e.mask.Longest(content, 0); k == n {
		return false
	}
	if _, k := e.stock.Longest(content, 0); k == n {
		return false
	}
	sep, list := false, false
	for _, r := range content {
		switch r {
		case '。', '！', '？', '…', '我', '你', '他', '她', '吗', '呢', '吧':
			return false // a quoted sentence or speech, not a name
		case '、':
			sep, list = true, true
		case '·', '．', '•', '＋', '+', '/', '／', '，', ',', '-', '—':
			sep = true
		}
	}
	// Names are short; a long quote is a sentence unless it lists items.
	if n > 20 && !(list && n <= 30) {
		return false
	}
	return n >= 4 || sep
}

// reported reports whether the quote at rs[i] follows a verb of saying
// (他说：“…”), which makes it speech rather than a name.
func reported(rs []rune, i int) bool {
	j := i - 1
	if j >= 0 && (rs[j] == '：' || rs[j] == ':') {
		return true
	}
	if j >= 0 && (rs[j] == '，' || rs[j] == ',') {
		j--
	}
	return j >= 0 && strings.ContainsRune("说道称问", rs[j])
}

// arabic reads a number in Arabic digits at rs[i] and what follows it.
func (e *Extractor) arabic(rs []rune, i int) (end int, kind qinglian.FactKind, ok bool) {
	j := i
	for j < len(rs) && isDigit(rs[j]) {
		j++
	}
	digits := j - i
	// Thousands separators and a decimal part: 1,200 and 1.2.
	for j+3 < len(rs) && rs[j] == ',' && isDigit(rs[j+1]) && isDigit(rs[j+2]) && isDigit(rs[j+3]) && (j+4 >= len(rs) || !isDigit(rs[j+4])) {
		j += 4
	}
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		j++
		for j < len(rs) && isDigit(rs[j]) {
			j++
		}
	}
	if i > 0 && rs[i-1] == '第' {
		return j, "", false // an ordinal
	}
	if digits == 4 && j-i == 4 && j < len(rs) && rs[j] == '年' {
		v := value(rs[i:j])
		if v >= 1900 && v <= 2100 {
			return monthDay(rs, j+1), qinglian.Date, true
		}
	}
	if (digits == 1 || digits == 2) && j-i == digits && j < len(rs) && rs[j] == '月' {
		if v := value(rs[i:j]); v >= 1 && v <= 12 {
			return dayAfter(rs, j+1), qinglian.Date, true
		}
	}
	k := j
	mag := 0
	for k < len(rs) && mag < 3 && strings.ContainsRune("十百千万亿", rs[k]) {
		k++
		mag++
	}
	if k < len(rs) && (rs[k] == '余' || rs[k] == '多') {
		k++
	}
	if id, n := e.measures.Longest(rs, k); id >= 0 {
		if e.measure[id].arabic {
			return k + n, qinglian.Quantity, true
		}
		return k + n, "", false
	}
	if mag > 0 {
		return k, qinglian.Quantity, true
	}
	return j, "", false
}

// monthDay extends a date after 年 with 5月 and 5月15日.
func monthDay(rs []rune, i int) int {
	j := i
	for j < len(rs) && isDigit(rs[j]) && j-i < 2 {
		j++
	}
	if j > i && j < len(rs) && rs[j] == '月' {
		return dayAfter(rs, j+1)
	}
	return i
}

// dayAfter extends a date after 月 with 15日 or 15号.
func dayAfter(rs []rune, i int) int {
	j := i
	for j < len(rs) && isDigit(rs[j]) && j-i < 2 {
		j++
	}
	if j > i && j < len(rs) && (rs[j] == '日' || rs[j] == '号') {
		return j + 1
	}
	return i
}

func value(rs []rune) int {
	v := 0
	for _, r := range rs {
		if r >= '０' && r <= '９' {
			v = v*10 + int(r-'０')
		} else {
			v = v*10 + int(r-'0')
		}
	}
	return v
}

// han reads a Chinese numeral at rs[i] and what follows it.
func (e *Extractor) han(rs []rune, i int) (end int, kind qinglian.FactKind, ok bool) {
	j := i
	for j < len(rs) && isHanNumeral(rs[j]) {
		j++
	}
	num := rs[i:j]
	if i > 0 && (rs[i-1] == '第' || isHanNumeral(rs[i-1])) {
		return j, "", false
	}
	// 二〇二二年: four single digits and 年.
	if len(num) == 4 && j < len(rs) && rs[j] == '年' {
		all := true
		for _, r := range num {
			all = all && isHanDigit(r)
		}
		if all {
			return j + 1, qinglian.Date, true
		}
	}
	if !wellFormed(num) {
		return j, "", false
	}
	k := j
	if k < len(rs) && (rs[k] == '余' || rs[k] == '多') {
		k++
	}
	id, n := e.measures.Longest(rs, k)
	if id < 0 || !e.measure[id].han {
		return j, "", false
	}
	// The numeral one with a measure word is an article, not a count:
	// 一名普通党员, 一次, 一盘棋.
	if len(num) == 1 && num[0] == '一' {
		return j, "", false
	}
	return k + n, qinglian.Quantity, true
}

// wellFormed accepts numerals such as 三, 十二, 二十五, 三百, 一千二百, 两万 and
// refuses runs that are lists or idioms (一二, 千万, 万一).
func wellFormed(num []rune) bool {
	first := num[0]
	if !(strings.ContainsRune("一二三四五六七八九两", first) || first == '十') {
		return false
	}
	for k := 1; k < len(num); k++ {
		a, b := num[k-1], num[k]
		if strings.ContainsRune("一二三四五六七八九两", a) && strings.ContainsRune("一二三四五六七八九两", b) {
			return false
		}
	}
	return true
}
