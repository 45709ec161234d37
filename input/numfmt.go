package input

import (
	"strconv"
	"strings"
)

// formatNumber writes n as Word writes it for the numFmt value format
// (ECMA-376 Part 1, 17.18.59 ST_NumberFormat). Formats a Chinese report does
// not use fall back to decimal, which is also what Word does for a format it
// cannot show.
func formatNumber(n int, format string) string {
	switch format {
	case "none", "bullet":
		return ""
	case "chineseCountingThousand", "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting":
		return chineseCount(n, &lowerDigits)
	case "chineseCounting", "taiwaneseCounting":
		// Word writes one to ninety-nine as counted (十一, 二十); beyond that
		// digit by digit.
		if n > 0 && n < 100 {
			return chineseCount(n, &lowerDigits)
		}
		return ideographDigits(n)
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		return ideographDigits(n)
	case "chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal":
		return chineseCount(n, &upperDigits)
	case "ideographTraditional":
		return cycle(n, []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"})
	case "ideographZodiac":
		return cycle(n, []string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"})
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle":
		return enclosed(n, 20, '\u2460') // ①
	case "decimalEnclosedParen":
		return enclosed(n, 20, '\u2474') // ⑴
	case "decimalEnclosedFullstop":
		return enclosed(n, 20, '\u2488') // ⒈
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(max(n, 0)))
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "upperRoman":
		return roman(n)
	case "lowerRoman":
		return strings.ToLower(roman(n))
	case "upperLetter":
		return letters(n, 'A')
	case "lowerLetter":
		return letters(n, 'a')
	case "ordinal":
		return ordinal(n)
	}
	return strconv.Itoa(n)
}

type digitSet struct {
	digits [10]string
	units  [4]string // "", ten, hundred, thousand
}

var (
	lowerDigits = digitSet{
		digits: [10]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"},
		units:  [4]string{"", "十", "百", "千"},
	}
	upperDigits = digitSet{
		digits: [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"},
		units:  [4]string{"", "拾", "佰", "仟"},
	}
)

// chineseCount writes n in counted form: 十一, 二十, 一百零一, 一千一百一十.
// A leading 一十 is written 十 as in speech, but only below twenty.
func chineseCount(n int, ds *digitSet) string {
	if n <= 0 || n >= 10000 {
		if n == 0 {
			if ds == &lowerDigits {
				return "零"
			}
			return ds.digits[0]
		}
		return strconv.Itoa(n)
	}
	var b strings.Builder
	zero := false
	for place := 3; place >= 0; place-- {
		p := 1
		for range place {
			p *= 10
		}
		d := n / p % 10
		if d == 0 {
			if b.Len() > 0 {
				zero = true
			}
			continue
		}
		if zero {
			if ds == &lowerDigits {
				b.WriteString("零")
			} else {
				b.WriteString(ds.digits[0])
			}
			zero = false
		}
		if !(place == 1 && d == 1 && n < 20) {
			b.WriteString(ds.digits[d])
		}
		b.WriteString(ds.units[place])
	}
	return b.String()
}

// ideographDigits writes each decimal digit as 〇 一 二 …: 10 → 一〇.
func ideographDigits(n int) string {
	if n < 0 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteString(lowerDigits.digits[c-'0'])
	}
	return b.String()
}

// cycle writes 1 as the first symbol and wraps round after the last.
func cycle(n int, symbols []string) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	return symbols[(n-1)%len(symbols)]
}

// enclosed writes 1..limit as consecutive code points from first; Word
// falls back to plain digits beyond the enclosed range.
func enclosed(n, limit int, first rune) string {
	if n < 1 || n > limit {
		return strconv.Itoa(n)
	}
	return string(first + rune(n-1))
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// letters writes 1 → A, 26 → Z, 27 → AA, 28 → BB, as Word does.
func letters(n int, a rune) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	return strings.Repeat(string(a+rune((n-1)%26)), min((n-1)/26+1, 50))
}

func ordinal(n int) string {
	s := strconv.Itoa(n)
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}
