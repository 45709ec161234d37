// Package numeral checks the numerals of one paragraph against GB/T
// 15835-2011 《出版物上数字用法》, only where the rule is mechanical:
// full-width digits, years written with a wrong zero or cut to two digits,
// Arabic digits mixed with 十/百/千, and the form of numeric ranges.
//
// Chinese numerals in set phrases (一是, 第一, 三个代表, 十四五, 二十大) are
// never judged: the standard itself requires Chinese numerals there.
// Thousands separators are not judged either: the standard allows both the
// 千分撇 "," and the 千分空, and non-technical texts may leave numbers
// unseparated.
package numeral

import (
	"slices"
	"strconv"
	"strings"

	"qinglian"
)

const source = "GB/T 15835-2011《出版物上数字用法》"

// Check returns the numeral findings of one paragraph, sorted by Start.
// Offsets are rune offsets into text.
func Check(text string) []qinglian.Finding {
	if !hasCandidate(text) {
		return nil
	}
	c := checker{rs: []rune(text)}
	c.scan()
	slices.SortStableFunc(c.out, func(a, b qinglian.Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return c.out
}

// hasCandidate is the fast path: every rule needs a digit of some kind or
// the character 年.
func hasCandidate(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= '0' && b <= '9' {
			return true
		}
	}
	return strings.Contains(s, "年") || strings.ContainsAny(s, "０１２３４５６７８９")
}

type checker struct {
	rs  []rune
	out []qinglian.Finding
}

func (c *checker) add(rule string, sev qinglian.Severity, start, end int, suggestion, message, reason string) {
	c.out = append(c.out, qinglian.Finding{
		Rule:       rule,
		Category:   qinglian.Numeral,
		Severity:   sev,
		Start:      start,
		End:        end,
		Text:       string(c.rs[start:end]),
		Suggestion: suggestion,
		Message:    message,
		Reason:     reason,
	})
}

func (c *checker) at(i int) rune {
	if i < 0 || i >= len(c.rs) {
		return 0
	}
	return c.rs[i]
}

func (c *checker) scan() {
	rs := c.rs
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r >= '０' && r <= '９':
			i = c.fullWidth(i)
		case isDigit(r):
			i = c.arabic(i)
		case r == '年':
			c.chineseYear(i)
			i++
		case (r == '十' || r == '百' || r == '千') && isDigit(c.at(i+1)):
			c.add("numeral.mixed", qinglian.Info, i, i+2, "",
				"同一数值混用汉字数字和阿拉伯数字",
				source+"5.3：除“万”“亿”外，一个数值不能同时采用阿拉伯数字与汉字数字。")
			i++
		default:
			i++
		}
	}
}

// fullWidth reports a run of full-width digits starting at i.
func (c *checker) fullWidth(i int) int {
	j := i
	var half []rune
	for j < len(c.rs) && (c.rs[j] >= '０' && c.rs[j] <= '９' || c.rs[j] == '．' && j > i && j+1 < len(c.rs) && c.rs[j+1] >= '０' && c.rs[j+1] <= '９') {
		if c.rs[j] == '．' {
			half = append(half, '.')
		} else {
			half = append(half, c.rs[j]-'０'+'0')
		}
		j++
	}
	c.add("numeral.fullwidth-digit", qinglian.Warning, i, j, string(half),
		"阿拉伯数字用了全角形式，应为半角",
		source+"5.1：阿拉伯数字一般使用正体二分字身，即半角形式。")
	return j
}

// arabic handles a number written in ASCII digits starting at i: a range
// that follows it, a 十/百/千 glued to it, a two-digit year.
func (c *checker) arabic(i int) int {
	a, aEnd := c.number(i)
	if aEnd == i {
		return i + 1
	}
	if isASCIILetter(c.at(i-1)) || c.at(i-1) == '.' || c.at(i-1) == '_' {
		return skipAlnum(c.rs, aEnd)
	}
	if c.shortYear(i, aEnd) {
		return aEnd
	}
	if next := c.at(aEnd); next == '百' || next == '千' || next == '十' {
		return max(c.mixed(i, aEnd, a), aEnd+1)
	}
	if end := c.numericRange(i, aEnd, a); end > aEnd {
		return end
	}
	return aEnd
}

// number reads digits with at most one decimal point from i.
func (c *checker) number(i int) (string, int) {
	j := i
	for j < len(c.rs) && isDigit(c.rs[j]) {
		j++
	}
	if c.at(j) == '.' && isDigit(c.at(j+1)) {
		j++
		for j < len(c.rs) && isDigit(c.rs[j]) {
			j++
		}
	}
	return string(c.rs[i:j]), j
}

func skipAlnum(rs []rune, j int) int {
	for j < len(rs) && (isDigit(rs[j]) || isASCIILetter(rs[j]) || rs[j] == '.') {
		j++
	}
	return j
}

// shortYear reports "22年度", "22年3月" and "’22年": a two-digit number
// that can only be a year. "20年" alone is as often twenty years and is left
// alone.
func (c *checker) shortYear(i, end int) bool {
	if end-i != 2 || c.at(end) != '年' {
		return false
	}
	p := c.at(i - 1)
	apostrophe := p == '’' || p == '\'' || p == '‘'
	next := c.at(end + 1)
	clearly := apostrophe || next == '度' ||
		isDigit(next) && (c.at(end+2) == '月' || isDigit(c.at(end+2)) && c.at(end+3) == '月')
	if !clearly || isDigit(p) {
		return false
	}
	yy, _ := strconv.Atoi(string(c.rs[i:end]))
	century := "20"
	if yy >= 50 {
		century = "19"
	}
	start := i
	if apostrophe {
		start--
	}
	c.add("numeral.short-year", qinglian.Warning, start, end, century+string(c.rs[i:end]),
		"年份简写为两位数字，应写全四位",
		source+"5.1（年月日）：四位数字表示的年份不应简写为两位数字。")
	return true
}

// unitsAfterThousand are units whose name begins with 千 or 百, so that
// "3千米" is three kilometres, not a mixed numeral.
var unitsAfterThousand = map[string]bool{
	"千米": true, "千克": true, "千瓦": true, "千伏": true, "千卡": true, "千帕": true,
	"千焦": true, "千赫": true, "千兆": true, "千字节": true, "千周": true, "千吨": true,
	"百分": true,
}

// mixed reports "3千" and the like: digits glued to 十, 百 or 千. A chain
// such as "3千5百" is one finding with the whole value as suggestion. It
// returns the end of the span.
func (c *checker) mixed(i, end int, a string) int {
	if c.isUnit(end) {
		return end
	}
	zerosOf := map[rune]int{'十': 1, '百': 2, '千': 3}
	total := int64(0)
	exact := true
	last := 4
	j, num := end, a
	for {
		z, ok := zerosOf[c.at(j)]
		if !ok || z >= last || c.isUnit(j) {
			break
		}
		last = z
		v, err := strconv.ParseInt(shift(num, z), 10, 64)
		if err != nil || len(num) > 12 {
			exact = false
		}
		total += v
		j++
		if !isDigit(c.at(j)) || z == 1 {
			break
		}
		var next string
		next, nEnd := c.number(j)
		if zz, ok := zerosOf[c.at(nEnd)]; !ok || zz >= last {
			exact = false // "3千5": the reader cannot tell 3005 from 3500
			j = nEnd
			break
		}
		num, j = next, nEnd
	}
	sugg := ""
	switch {
	case isChineseDigit(c.at(j)) || isDigit(c.at(j)):
	case j == end+1:
		sugg = shift(a, zerosOf[c.rs[end]]) // text arithmetic: no overflow
	case exact:
		sugg = strconv.FormatInt(total, 10)
	}
	c.add("numeral.mixed", qinglian.Info, i, j, sugg,
		"同一数值混用阿拉伯数字和汉字数字",
		source+"5.3：除“万”“亿”外，一个数值不能同时采用阿拉伯数字与汉字数字，如4000不写作“4千”。")
	return j
}

// isUnit reports whether the 十/百/千 at j begins a unit such as 千米.
func (c *checker) isUnit(j int) bool {
	return unitsAfterThousand[string(c.rs[j:min(j+2, len(c.rs))])] ||
		unitsAfterThousand[string(c.rs[j:min(j+3, len(c.rs))])]
}

// shift multiplies the decimal number a by 10^zeros, as text.
func shift(a string, zeros int) string {
	intPart, frac, _ := strings.Cut(a, ".")
	if len(frac) > zeros {
		return ""
	}
	s := strings.TrimLeft(intPart+frac+strings.Repeat("0", zeros-len(frac)), "0")
	if s == "" {
		return "0"
	}
	return s
}

// numericRange reports ranges written with a hyphen or a half-width tilde,
// and ranges that drop the % or 万/亿 of the first number. It returns the end
// of what it consumed, or aEnd if there is no range here.
func (c *checker) numericRange(i, aEnd int, a string) int {
	sep := c.at(aEnd)
	if !isRangeSep(sep) || !isDigit(c.at(aEnd+1)) {
		return aEnd
	}
	b, bEnd := c.number(aEnd + 1)
	if !c.freeBefore(i) || !freeAfter(c.at(bEnd)) {
		return aEnd
	}
	unit := c.at(bEnd)
	scaled := unit == '%' || unit == '万' || unit == '亿'
	goodSep := sep == '～' || sep == '—'
	if goodSep && !scaled {
		return bEnd
	}
	if !goodSep {
		// A hyphen also writes dates, phone numbers and model numbers; only an
		// ascending pair of plain numbers followed by a unit reads as a range.
		if !isHan(unit) && !scaled || leadingZero(a) || leadingZero(b) ||
			len(a) > 7 || len(b) > 7 || !less(a, b) {
			return aEnd
		}
	}
	want := "～"
	if isYear(a) && isYear(b) || unit == '年' || unit == '月' || unit == '日' {
		want = "—" // 时间的起止用一字线（GB/T 15834-2011 4.13）
	}
	end := bEnd
	sugg := a + want + b
	msg := "数值范围的连接号应为浪纹线“～”或一字线“—”"
	reason := source + "5.1（数值范围）：表示数值范围用浪纹式连接号“～”或一字线连接号“—”。"
	if scaled {
		end = bEnd + 1
		sugg = a + string(unit) + want + b + string(unit)
		if goodSep {
			sugg = a + string(unit) + string(sep) + b + string(unit)
		}
		msg = "数值范围前一个数值省略了“" + string(unit) + "”，容易造成歧义"
		reason = source + "5.1（数值范围）：前后数值的“%”“万”“亿”不能省略，如“15%～30%”不写为“15～30%”。"
		if !goodSep {
			msg += "；连接号应为“" + want + "”"
		}
	}
	c.add("numeral.range", qinglian.Info, i, end, sugg, msg, reason)
	return end
}

func isRangeSep(r rune) bool {
	switch r {
	case '-', '~', '〜', '～', '—', '－', '–':
		return true
	}
	return false
}

// freeBefore reports whether the number at i stands on its own: not the tail
// of a code such as "GB/T 15834-2011" or "A-3", not part of a date.
func (c *checker) freeBefore(i int) bool {
	p := c.at(i - 1)
	if p == ' ' {
		p = c.at(i - 2)
	}
	return !(isASCIILetter(p) || isDigit(p) || strings.ContainsRune("-/.:+#_~～—－", p))
}

func freeAfter(r rune) bool {
	return !(isDigit(r) || isASCIILetter(r) || strings.ContainsRune("-/.:~～—－", r))
}

func leadingZero(s string) bool { return len(s) > 1 && s[0] == '0' && s[1] != '.' }

func isYear(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && n >= 1900 && n <= 2100
}

func less(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x < y
}

// chineseYear reports a year in Chinese numerals before 年 at i whose zero
// is written ○, O or 0 (or 零) instead of 〇, as in "二○二二年".
func (c *checker) chineseYear(i int) {
	j := i
	for j > 0 && i-j < 5 && (isChineseDigit(c.rs[j-1]) || isZeroLike(c.rs[j-1])) {
		j--
	}
	if i-j != 4 || c.rs[j] != '一' && c.rs[j] != '二' {
		return
	}
	if p := c.at(j - 1); isDigit(p) || isASCIILetter(p) || isChineseDigit(p) || isZeroLike(p) {
		return
	}
	fixed := make([]rune, 0, 4)
	wrong, spelled := false, false
	for _, r := range c.rs[j:i] {
		switch {
		case r == '零':
			spelled = true
			r = '〇'
		case isZeroLike(r):
			wrong = true
			r = '〇'
		}
		fixed = append(fixed, r)
	}
	switch {
	case wrong:
		c.add("numeral.year-zero", qinglian.Warning, j, i, string(fixed),
			"年份中的“零”写成了字母、数字或圆圈符号，应为汉字“〇”",
			source+"5.2（“〇”的用法）：用作编号的“0”，汉字书写形式为“〇”，如“二〇一二年”。")
	case spelled:
		c.add("numeral.year-zero", qinglian.Info, j, i, string(fixed),
			"年份用汉字数字书写时，“0”应写作“〇”而不是“零”",
			source+"5.2（“〇”的用法）：年份中的“0”用作编号，写作“〇”，如“二〇一二”不写为“二零一二”。")
	}
}

func isChineseDigit(r rune) bool {
	switch r {
	case '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九':
		return true
	}
	return false
}

// isZeroLike lists what people type for 〇: the white circle, the large
// circle, Latin, Greek and Cyrillic O, the digit zero in both widths, 零.
func isZeroLike(r rune) bool {
	switch r {
	case '○', '◯', 'O', 'o', 'Ｏ', 'ｏ', 'Ο', 'О', '0', '０', '零':
		return true
	}
	return false
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x3134F
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
