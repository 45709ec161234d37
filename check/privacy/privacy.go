// Package privacy finds personal data that must not be published in a
// report: 18-digit resident identity numbers (GB 11643-1999, checksum and
// date of birth verified), mainland mobile numbers, bank card numbers (Luhn
// verified) and e-mail addresses; Redact masks them.
//
// Every pattern is ASCII, so the scan works on bytes and converts to rune
// offsets only for what it finds; Chinese text around a number is never
// decoded. A number is only taken whole: digits glued to more digits or to
// Latin letters (codes, hashes, serial numbers) are not a phone or a card.
package privacy

import (
	"strings"
	"unicode/utf8"

	"qinglian"
)

type kind uint8

const (
	idNumber kind = iota
	mobile
	bankCard
	email
)

// match is one piece of personal data, in byte offsets.
type match struct {
	kind       kind
	start, end int
	public     bool // an institutional mailbox (.gov.cn), usually published on purpose
}

// Check returns the personal data found in one paragraph, sorted by Start.
// Offsets are rune offsets into text.
func Check(text string) []qinglian.Finding {
	ms := scan(text)
	if len(ms) == 0 {
		return nil
	}
	out := make([]qinglian.Finding, 0, len(ms))
	byteAt, runeAt := 0, 0
	for _, m := range ms {
		runeAt += utf8.RuneCountInString(text[byteAt:m.start])
		start := runeAt
		end := start + (m.end - m.start) // ASCII: one rune per byte
		byteAt, runeAt = m.end, end
		out = append(out, finding(m, text[m.start:m.end], start, end))
	}
	return out
}

func finding(m match, text string, start, end int) qinglian.Finding {
	f := qinglian.Finding{
		Category:   qinglian.Privacy,
		Severity:   qinglian.Error,
		Start:      start,
		End:        end,
		Text:       text,
		Suggestion: mask(m, text),
	}
	switch m.kind {
	case idNumber:
		f.Rule = "privacy.id-number"
		f.Message = "报告中出现居民身份证号码，公开前应删除或隐去"
		f.Reason = "《中华人民共和国民法典》第一千零三十四条：身份证件号码是个人信息，不得随报告公开；号码已按GB 11643-1999校验码和出生日期核实。"
	case mobile:
		f.Rule = "privacy.mobile"
		f.Message = "报告中出现手机号码，公开前应删除或隐去"
		f.Reason = "《中华人民共和国民法典》第一千零三十四条：电话号码是个人信息，不得随报告公开。"
	case bankCard:
		f.Rule = "privacy.bank-card"
		f.Message = "报告中出现银行卡号，公开前应删除或隐去"
		f.Reason = "《中华人民共和国个人信息保护法》第二十八条：金融账户信息是敏感个人信息，不得随报告公开；卡号已经Luhn校验核实。"
	case email:
		f.Rule = "privacy.email"
		f.Message = "报告中出现电子邮箱地址，公开前应删除或隐去"
		f.Reason = "《中华人民共和国民法典》第一千零三十四条：电子邮箱是个人信息，不得随报告公开。"
		if m.public {
			f.Severity = qinglian.Info
			f.Message = "报告中出现机关电子邮箱地址；若非公开的举报或办公邮箱，应删除"
		}
	}
	return f
}

// Redact returns text with every piece of personal data that Check finds
// masked, and how many were masked. Masks replace characters one for one
// with '*', so the result has the same length in bytes and in runes and
// every offset into text is still valid:
//
//	identity number   110***********1234   first 3 and last 4 kept
//	mobile number     138****5678          first 3 and last 4 kept
//	bank card         ***************1234  last 4 digits kept
//	e-mail            z*******@example.cn  first character and domain kept
//
// Separators (spaces, hyphens) inside a number are kept. Bytes outside the
// masked spans, including invalid UTF-8, are copied unchanged.
//
// Masking one item can expose another that it was hiding — digits that
// read as part of an address stand alone once the address is masked — so
// Redact masks again until Check finds nothing; the count includes those.
func Redact(text string) (string, int) {
	out, n := redactOnce(text)
	for pass := 0; pass < 4 && n > 0; pass++ {
		again, k := redactOnce(out)
		if k == 0 {
			break
		}
		out, n = again, n+k
	}
	return out, n
}

func redactOnce(text string) (string, int) {
	ms := scan(text)
	if len(ms) == 0 {
		return text, 0
	}
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, m := range ms {
		b.WriteString(text[at:m.start])
		b.WriteString(mask(m, text[m.start:m.end]))
		at = m.end
	}
	b.WriteString(text[at:])
	return b.String(), len(ms)
}

// mask masks one match as Redact documents.
func mask(m match, s string) string {
	out := []byte(s)
	switch m.kind {
	case idNumber, mobile:
		maskDigits(out, 3, 4)
	case bankCard:
		maskDigits(out, 0, 4)
	case email:
		at := strings.IndexByte(s, '@')
		from := 1
		if at == 1 {
			from = 0 // a one-letter name is masked whole
		}
		for i := from; i < at; i++ {
			out[i] = '*'
		}
		// Once the name is masked the digits of the domain stand alone
		// and may read as a phone or card number (0@13812345678.cn):
		// mask those too, so the copy reveals nothing Check would flag.
		for i := at + 1; i < len(out); i++ {
			if isDigit(out[i]) {
				out[i] = '*'
			}
		}
	}
	return string(out)
}

// maskDigits replaces every digit (and a final X of an identity number)
// except the first keep and the last tail with '*', leaving separators.
func maskDigits(b []byte, keep, tail int) {
	total := 0
	for _, c := range b {
		if isDigit(c) || c == 'X' || c == 'x' {
			total++
		}
	}
	n := 0
	for i, c := range b {
		if !isDigit(c) && c != 'X' && c != 'x' {
			continue
		}
		if n >= keep && n < total-tail {
			b[i] = '*'
		}
		n++
	}
}

// scan finds every match in text, sorted by start, none inside another.
func scan(text string) []match {
	var ms []match
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case isDigit(c) && (i == 0 || !isDigit(text[i-1]) && !isLetter(text[i-1])):
			if m, ok := number(text, i); ok {
				ms = append(ms, m)
				i = m.end - 1
				continue
			}
			for i+1 < len(text) && isDigit(text[i+1]) {
				i++
			}
		case c == '@':
			if m, ok := mailAt(text, i); ok {
				// An address may begin with digits already taken for a
				// phone number (13812345678@example.cn): the address wins.
				for len(ms) > 0 && ms[len(ms)-1].end > m.start {
					ms = ms[:len(ms)-1]
				}
				ms = append(ms, m)
				i = m.end - 1
			}
		}
	}
	return ms
}

// number reads the number starting at i and reports whether it is personal
// data.
func number(s string, i int) (match, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	run := s[i:j]
	next := byteAt(s, j)

	// Identity number: 17 digits and a check digit or X.
	if len(run) == 17 && (next == 'X' || next == 'x') && !isWordByte(byteAt(s, j+1)) && validID(s[i:j+1]) {
		return match{kind: idNumber, start: i, end: j + 1}, true
	}
	if isWordByte(next) {
		return match{}, false
	}
	if len(run) == 18 && validID(run) {
		return match{kind: idNumber, start: i, end: j}, true
	}
	if len(run) == 11 && isMobile(run) {
		return match{kind: mobile, start: i, end: j}, true
	}
	if len(run) == 13 && strings.HasPrefix(run, "86") && isMobile(run[2:]) {
		return match{kind: mobile, start: i + 2, end: j}, true // +8613812345678
	}
	if len(run) >= 16 && len(run) <= 19 && isCardNumber(run) {
		return match{kind: bankCard, start: i, end: j}, true
	}
	if next != ' ' && next != '-' {
		return match{}, false
	}
	// Grouped forms: 138-1234-5678, 138 1234 5678, 6222 0212 3456 7890 123.
	sep := next
	groups := []string{run}
	k := j
	for len(groups) < 6 && byteAt(s, k) == sep && isDigit(byteAt(s, k+1)) {
		g := k + 1
		for g < len(s) && isDigit(s[g]) {
			g++
		}
		groups = append(groups, s[k+1:g])
		k = g
	}
	if isWordByte(byteAt(s, k)) || byteAt(s, k) == sep && isDigit(byteAt(s, k+1)) {
		return match{}, false
	}
	if len(groups) == 3 && len(groups[0]) == 3 && len(groups[1]) == 4 && len(groups[2]) == 4 &&
		isMobile(groups[0]+groups[1]+groups[2]) {
		return match{kind: mobile, start: i, end: k}, true
	}
	if len(groups) >= 4 {
		digits := strings.Join(groups, "")
		fours := true
		for _, g := range groups[:len(groups)-1] {
			if len(g) != 4 {
				fours = false
			}
		}
		last := len(groups[len(groups)-1])
		if fours && last >= 1 && last <= 4 && len(digits) >= 16 && len(digits) <= 19 && isCardNumber(digits) {
			return match{kind: bankCard, start: i, end: k}, true
		}
	}
	return match{}, false
}

// isMobile reports an 11-digit mainland mobile number: 1, then 3-9.
func isMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// isCardNumber reports a 16-19 digit number that begins as a payment card
// does (3 JCB/American Express, 4 Visa, 5 Mastercard, 6 UnionPay) and passes
// the Luhn check (ISO/IEC 7812-1).
func isCardNumber(d string) bool {
	if d[0] < '3' || d[0] > '6' {
		return false
	}
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// provinces are the first two digits of GB/T 2260 province-level codes, plus
// 91 used by the permanent residence permits of foreigners.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true, "91": true,
}

// validID checks an 18-character identity number per GB 11643-1999: a
// province code, a real date of birth, and the ISO 7064 MOD 11-2 check
// character.
func validID(s string) bool {
	if len(s) != 18 || !provinces[s[:2]] {
		return false
	}
	year := atoi(s[6:10])
	month := atoi(s[10:12])
	day := atoi(s[12:14])
	if year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idWeights[i]
	}
	want := idCheckChars[sum%11]
	got := s[17]
	if got == 'x' {
		got = 'X'
	}
	return got == want
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// mailAt reads the e-mail address around the '@' at i.
func mailAt(s string, at int) (match, bool) {
	start := at
	for start > 0 && at-start < 64 && isLocalByte(s[start-1]) {
		start--
	}
	for start < at && s[start] == '.' {
		start++
	}
	if start == at || s[at-1] == '.' {
		return match{}, false
	}
	if start > 0 && isLocalByte(s[start-1]) {
		return match{}, false // a local part longer than 64 bytes is not an address
	}
	end := at + 1
	for end < len(s) && end-at <= 255 && (isLetter(s[end]) || isDigit(s[end]) || s[end] == '.' || s[end] == '-') {
		end++
	}
	for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
		end-- // "请发至a@b.cn." ends the sentence, not the domain
	}
	if byteAt(s, end) == '@' || byteAt(s, start-1) == '@' {
		// a@b.cn@c.cn chains addresses into one another: no single
		// address can be told, and masking one would reveal the next.
		return match{}, false
	}
	domain := s[at+1 : end]
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || strings.Contains(domain, "..") || domain[0] == '-' || domain[0] == '.' {
		return match{}, false
	}
	tld := domain[dot+1:]
	if len(tld) < 2 {
		return match{}, false
	}
	for i := 0; i < len(tld); i++ {
		if !isLetter(tld[i]) {
			return match{}, false
		}
	}
	public := strings.HasSuffix(strings.ToLower(domain), ".gov.cn")
	return match{kind: email, start: start, end: end, public: public}, true
}

func isLocalByte(c byte) bool {
	return isLetter(c) || isDigit(c) || strings.IndexByte("._%+-", c) >= 0
}

func byteAt(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

// isWordByte reports bytes that glue to a number: more digits or letters.
func isWordByte(c byte) bool { return isDigit(c) || isLetter(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
