package structure

import (
	"unicode/utf8"
)

// Heading is the numbering at the start of a paragraph.
type Heading struct {
	Numbering string // "一、", "（二）", "1.", "（1）", "第一部分" as written
	Number    int    // the number it carries, 1-based
	Level     int    // 1 for 一、 and 第一部分, 2 for （一）, 3 for 1., 4 for （1）
	Len       int    // runes of Numbering, including spaces that follow it
}

// ParseHeading reads the numbering a heading starts with, in the four levels
// of GB/T 9704-2012《党政机关公文格式》7.3.3 (一、 （一） 1. （1）) and the
// 第一部分 form. It reports false for text that does not start with one, and
// for look-alikes such as "1.2万元" or "一、二季度".
func ParseHeading(text string) (Heading, bool) {
	rs := []rune(prefix(text, 16))
	if len(rs) == 0 {
		return Heading{}, false
	}
	var h Heading
	var n int // runes consumed
	switch {
	case rs[0] == '第':
		num, k := hanNumber(rs[1:])
		if k == 0 {
			return Heading{}, false
		}
		rest := rs[1+k:]
		if len(rest) >= 2 && rest[0] == '部' && rest[1] == '分' {
			h = Heading{Number: num, Level: 1}
			n = 1 + k + 2
		} else {
			return Heading{}, false
		}
	case isHanDigit(rs[0]):
		num, k := hanNumber(rs)
		if k == 0 || k >= len(rs) || rs[k] != '、' {
			return Heading{}, false
		}
		// "一、二季度" and "三、四月份" list numbers, they do not number a heading.
		if k+1 < len(rs) && isHanDigit(rs[k+1]) {
			return Heading{}, false
		}
		h = Heading{Number: num, Level: 1}
		n = k + 1
	case rs[0] == '（' || rs[0] == '(':
		closer := '）'
		if rs[0] == '(' {
			closer = ')'
		}
		if len(rs) < 3 {
			return Heading{}, false
		}
		if num, k := hanNumber(rs[1:]); k > 0 && 1+k < len(rs) && (rs[1+k] == closer || rs[1+k] == '）' || rs[1+k] == ')') {
			h = Heading{Number: num, Level: 2}
			n = 1 + k + 1
		} else if num, k := arabicNumber(rs[1:]); k > 0 && 1+k < len(rs) && (rs[1+k] == closer || rs[1+k] == '）' || rs[1+k] == ')') {
			h = Heading{Number: num, Level: 4}
			n = 1 + k + 1
		} else {
			return Heading{}, false
		}
	case isDigit(rs[0]):
		num, k := arabicNumber(rs)
		if k == 0 || k >= len(rs) {
			return Heading{}, false
		}
		switch rs[k] {
		case '.', '．', '、':
		default:
			return Heading{}, false
		}
		// "1.2万元" is a number, "3、4月" a list of months.
		if k+1 < len(rs) && isDigit(rs[k+1]) {
			return Heading{}, false
		}
		h = Heading{Number: num, Level: 3}
		n = k + 1
	default:
		return Heading{}, false
	}
	if h.Number <= 0 {
		return Heading{}, false
	}
	h.Numbering = string(rs[:n])
	for n < len(rs) && (rs[n] == ' ' || rs[n] == '\u3000' || rs[n] == '\t') {
		n++
	}
	// A numbering with nothing after it is not a heading.
	if n >= len(rs) {
		return Heading{}, false
	}
	h.Len = n
	return h, true
}

// prefix returns at most max runes from the start of s without decoding the rest.
func prefix(s string, max int) string {
	i := 0
	for n := 0; n < max && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func digitValue(r rune) int {
	if r >= '０' && r <= '９' {
		return int(r - '０')
	}
	return int(r - '0')
}

var hanDigits = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

func isHanDigit(r rune) bool { _, ok := hanDigits[r]; return ok }

// hanNumber reads a Chinese numeral from 一 to 九十九 at the start of rs and
// returns its value and length in runes; 0, 0 if there is none or it is not
// well formed (二二, 十十).
func hanNumber(rs []rune) (int, int) {
	k := 0
	for k < len(rs) && k < 3 && isHanDigit(rs[k]) {
		k++
	}
	// Two more numerals would make a number above 99 or a list; refuse.
	if k < len(rs) && isHanDigit(rs[k]) {
		return 0, 0
	}
	switch k {
	case 1:
		return hanDigits[rs[0]], 1
	case 2:
		a, b := hanDigits[rs[0]], hanDigits[rs[1]]
		if a == 10 && b < 10 { // 十一
			return 10 + b, 2
		}
		if a < 10 && a > 1 && b == 10 { // 二十
			return a * 10, 2
		}
	case 3:
		a, b, c := hanDigits[rs[0]], hanDigits[rs[1]], hanDigits[rs[2]]
		if a > 1 && a < 10 && b == 10 && c < 10 { // 二十一
			return a*10 + c, 3
		}
	}
	return 0, 0
}

// hanNumeral writes n (1..99) as a Chinese numeral.
func hanNumeral(n int) string {
	const ds = "零一二三四五六七八九"
	d := []rune(ds)
	switch {
	case n <= 0 || n > 99:
		return ""
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

// arabicNumber reads up to three digits (ASCII or full-width) at the start of rs.
func arabicNumber(rs []rune) (int, int) {
	v, k := 0, 0
	for k < len(rs) && isDigit(rs[k]) {
		if k == 3 {
			return 0, 0
		}
		v = v*10 + digitValue(rs[k])
		k++
	}
	return v, k
}

// numbering writes the numbering of number n in the style of h, for a
// suggestion: 一、 → 二、, （1） → （2）.
func (h Heading) numbering(n int) string {
	rs := []rune(h.Numbering)
	switch h.Level {
	case 1:
		if rs[0] == '第' {
			return "第" + hanNumeral(n) + "部分"
		}
		return hanNumeral(n) + "、"
	case 2:
		return string(rs[0]) + hanNumeral(n) + string(rs[len(rs)-1])
	case 3:
		return itoa(n) + string(rs[len(rs)-1])
	case 4:
		return string(rs[0]) + itoa(n) + string(rs[len(rs)-1])
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
