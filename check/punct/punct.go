// Package punct checks the punctuation of one paragraph against GB/T
// 15834-2011 《标点符号用法》: doubled or stacked points, half-width marks in
// Chinese text, unbalanced or mis-nested paired marks, straight quotes, the
// separator (间隔号) and the forms of the ellipsis and the dash.
//
// Every rule is mechanical and errs towards silence: a mark is only judged
// when its neighbours show it sits in Chinese text, so numbers (3.5, 10:30),
// addresses (www.example.cn, a@b.cn) and English phrases are left alone.
package punct

import (
	"slices"
	"strings"

	"qinglian"
)

// Source names the standard every reason cites.
const source = "GB/T 15834-2011《标点符号用法》"

// Check returns the punctuation findings of one paragraph, sorted by Start.
// Offsets are rune offsets into text; invalid UTF-8 bytes count as one rune
// each, as utf8.RuneCountInString counts them.
func Check(text string) []qinglian.Finding {
	if text == "" {
		return nil
	}
	c := checker{rs: []rune(text)}
	c.scanMarks()
	c.scanPairs()
	c.scanParens()
	slices.SortStableFunc(c.out, func(a, b qinglian.Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return c.out
}

type checker struct {
	rs  []rune
	out []qinglian.Finding
	// straight counts the ASCII " and ' seen so far, to tell an opening
	// straight quote from a closing one.
	straight map[rune]int
}

func (c *checker) add(rule string, sev qinglian.Severity, start, end int, suggestion, message, reason string) {
	c.out = append(c.out, qinglian.Finding{
		Rule:       rule,
		Category:   qinglian.Punctuation,
		Severity:   sev,
		Start:      start,
		End:        end,
		Text:       string(c.rs[start:end]),
		Suggestion: suggestion,
		Message:    message,
		Reason:     reason,
	})
}

// at returns the rune at i, or 0 outside the text, so callers can look
// around without bounds checks.
func (c *checker) at(i int) rune {
	if i < 0 || i >= len(c.rs) {
		return 0
	}
	return c.rs[i]
}

// runEnd returns the end of the run of r starting at i.
func (c *checker) runEnd(i int, r rune) int {
	j := i
	for j < len(c.rs) && c.rs[j] == r {
		j++
	}
	return j
}

// scanMarks makes one pass over the paragraph for every rule that looks at a
// mark and its immediate neighbours. Quote depth is tracked on the way so a
// dot between two Han characters inside “…” or 《…》 reads as a separator.
func (c *checker) scanMarks() {
	rs := c.rs
	quoteDepth := 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '“' || r == '《' || r == '‘' || r == '〈' || r == '「' || r == '『':
			quoteDepth++
		case r == '”' || r == '》' || r == '’' || r == '〉' || r == '」' || r == '』':
			if quoteDepth > 0 {
				quoteDepth--
			}
		case isPoint(r):
			j := i
			for j < len(rs) && isPoint(rs[j]) {
				j++
			}
			if j-i >= 2 {
				c.stackedPoints(i, j)
			}
			i = j
			continue
		case r == '…':
			i = c.ellipsis(i)
			continue
		case r == '.':
			j := c.runEnd(i, '.')
			if j-i >= 3 {
				if c.chineseAround(i, j) {
					c.add("punct.ellipsis", qinglian.Warning, i, j, "……",
						"中文省略号应为六连点“……”，不用西文句点代替",
						source+"4.11：省略号的形式为“……”（六连点）。")
				}
			} else if j-i == 1 {
				c.dot(i, quoteDepth > 0)
			}
			i = j
			continue
		case r == '．':
			c.dot(i, quoteDepth > 0)
		case isOtherMiddleDot(r):
			j := c.runEnd(i, r)
			if j-i >= 3 && c.chineseAround(i, j) {
				c.add("punct.ellipsis", qinglian.Warning, i, j, "……",
					"中文省略号应为六连点“……”，不用一串圆点代替",
					source+"4.11：省略号的形式为“……”（六连点）。")
			} else if j-i == 1 && r != '·' && isHan(c.at(i-1)) && isHan(c.at(i+1)) {
				c.add("punct.separator", qinglian.Warning, i, j, "·",
					"间隔号应为“·”（U+00B7），不用其他圆点字符",
					source+"4.14：间隔号的形式为“·”。")
			}
			i = j
			continue
		case r == '-' || r == '－' || r == '─':
			i = c.hyphens(i, r)
			continue
		case r == '—' || r == '―':
			i = c.dashes(i, r)
			continue
		case r == ',' || r == ';' || r == ':' || r == '?' || r == '!':
			c.halfWidth(i)
		case r == '"' || r == '\'':
			c.straightQuote(i)
			if c.straight == nil {
				c.straight = map[rune]int{}
			}
			c.straight[r]++
		}
		i++
	}
}

// stackedPoints judges a run of two or more full-width points rs[i:j].
func (c *checker) stackedPoints(i, j int) {
	run := c.rs[i:j]
	same := true
	for _, r := range run[1:] {
		if r != run[0] {
			same = false
			break
		}
	}
	switch {
	case same && run[0] == '。' && len(run) >= 3:
		c.add("punct.ellipsis", qinglian.Warning, i, j, "……",
			"用一串句号代替省略号；省略号应为六连点“……”",
			source+"4.11：省略号的形式为“……”（六连点）。")
	case same && (run[0] == '？' || run[0] == '！'):
		name := "问号"
		if run[0] == '！' {
			name = "叹号"
		}
		c.add("punct.repeated-mark", qinglian.Warning, i, j, string(run[0]),
			"叠用"+name+"；没有异常强烈的感情表达需要时不宜叠用",
			source+"4.2、4.3：问号、叹号一般单用，不宜叠用，最多叠用三个。")
	case same:
		c.add("punct.double-end", qinglian.Error, i, j, string(run[0]),
			"“"+string(run[0])+"”重复，一处停顿只用一个点号",
			source+"第4章：句末点号和句内点号表示一处停顿，同一位置只用一个。")
	case len(run) == 2 && (run[0] == '？' && run[1] == '！' || run[0] == '！' && run[1] == '？'):
		// 疑问和感叹语气都强烈时问号、叹号可以并用。
	default:
		// Only a pair has an obvious repair: keep the question or exclamation
		// mark if there is one, else the mark typed last.
		sugg := ""
		if len(run) == 2 {
			sugg = string(run[1])
			if run[0] == '？' || run[0] == '！' {
				sugg = string(run[0])
			}
		}
		c.add("punct.stacked", qinglian.Warning, i, j, sugg,
			"点号“"+string(run)+"”叠用，一处停顿只用一个点号",
			source+"第4章：句末点号和句内点号表示一处停顿，同一位置只用一个。")
	}
}

// ellipsis judges a run of U+2026 starting at i and what follows it.
func (c *checker) ellipsis(i int) int {
	j := c.runEnd(i, '…')
	n := j - i
	if n%2 == 1 && (n == 1 || n == 3) && c.chineseAround(i, j) {
		c.add("punct.ellipsis", qinglian.Warning, i, j, "……",
			"省略号应为两个“…”组成的六连点“……”",
			source+"4.11：省略号的形式为“……”（六连点），占两个字位置。")
		return j
	}
	if n%2 != 0 {
		return j
	}
	next := c.at(j)
	switch {
	case next == '等' && !strings.ContainsRune("待候到于级同", c.at(j+1)):
		c.add("punct.ellipsis-deng", qinglian.Warning, i, j+1, "等",
			"省略号与“等”意思重复，二者只用其一",
			source+"4.11（省略号）：省略号标示列举的省略，再加“等”“等等”语义重复。")
		return j + 1
	case next == '。' || next == '，' || next == '、' || next == '；':
		c.add("punct.ellipsis-stacked", qinglian.Info, i, j+1, "……",
			"省略号后一般不再用点号",
			source+"4.11（省略号）：省略号本身标示停顿和省略，其后一般不再加点号。")
		return j + 1
	}
	return j
}

// dot judges a single '.' or '．' at i. Between digits it is a decimal point
// or list marker and left alone; after a Han character it is either a
// mistyped 句号 or a separator where 间隔号 belongs.
func (c *checker) dot(i int, quoted bool) {
	p, n := c.at(i-1), c.at(i+1)
	r := c.rs[i]
	if isPoint(p) && n != '.' {
		c.add("punct.stacked", qinglian.Warning, i-1, i+1, string(p),
			"全角点号后又跟句点“"+string(r)+"”",
			source+"第4章：一处停顿只用一个点号。")
		return
	}
	if !isHan(p) {
		return
	}
	if c.chineseLabelBefore(i) {
		c.add("punct.label", qinglian.Warning, i, i+1, "、",
			"汉字数字序号后应用顿号“、”，如“一、”",
			source+"4.5：顿号用于序次语之后，如“一、”“二、”。")
		return
	}
	kind := "半角句点"
	if r == '．' {
		kind = "全角句点“．”"
	}
	switch {
	case isHan(n):
		if quoted {
			c.add("punct.separator", qinglian.Warning, i, i+1, "·",
				"名称内部各部分之间误用"+kind+"，应为间隔号“·”",
				source+"4.14：并列词语、名称各部分之间的分界用间隔号“·”标示。")
			return
		}
		if c.hanRunLeft(i) <= 4 && c.hanRunRight(i+1) <= 4 {
			c.add("punct.separator", qinglian.Warning, i, i+1, "",
				"汉字之间误用"+kind+"：作句号应为“。”，作间隔号应为“·”",
				source+"4.1、4.14：句号形式为“。”，间隔号形式为“·”。")
			return
		}
		c.add("punct.halfwidth", qinglian.Warning, i, i+1, "。",
			"中文句子之间误用"+kind+"，应为句号“。”",
			source+"4.1：句号的形式为“。”。")
	case n == 0 || isCJKClose(n) || n == ' ' || n == '\u3000':
		c.add("punct.halfwidth", qinglian.Warning, i, i+1, "。",
			"中文句末误用"+kind+"，应为句号“。”",
			source+"4.1：句号的形式为“。”。")
	}
}

var fullWidthOf = map[rune]rune{',': '，', ';': '；', ':': '：', '?': '？', '!': '！'}

var markName = map[rune]string{',': "逗号", ';': "分号", ':': "冒号", '?': "问号", '!': "叹号"}

// halfWidth judges one of , ; : ? ! at i.
func (c *checker) halfWidth(i int) {
	r := c.rs[i]
	p := c.at(i - 1)
	n := c.at(i + 1)
	if n == ' ' { // "学习, 工作": the space belongs to the Western habit
		n = c.at(i + 2)
	}
	end := i+1 >= len(c.rs)
	if isPoint(p) {
		c.add("punct.stacked", qinglian.Warning, i-1, i+1, string(p),
			"全角点号后又跟半角标点“"+string(r)+"”",
			source+"第4章：一处停顿只用一个点号。")
		return
	}
	if isPoint(n) && (isHan(p) || isCJKClose(p)) {
		c.add("punct.stacked", qinglian.Warning, i, i+2, string(n),
			"半角标点“"+string(r)+"”后又跟全角点号",
			source+"第4章：一处停顿只用一个点号。")
		return
	}
	chinese := false
	switch {
	case isHan(p) || isCJKClose(p):
		chinese = isHan(n) || isCJKOpen(n) || end ||
			(r != '?' && r != '!' && isDigit(n)) ||
			((r == '?' || r == '!') && (isCJKClose(n) || n == ' '))
	case isDigit(p) || p == '%':
		chinese = isHan(n) || isCJKOpen(n)
	}
	if !chinese {
		return
	}
	c.add("punct.halfwidth", qinglian.Warning, i, i+1, string(fullWidthOf[r]),
		"中文文本中误用半角"+markName[r]+"“"+string(r)+"”，应为全角“"+string(fullWidthOf[r])+"”",
		source+"第5章：中文文本中的标点符号用全角形式，占一个字位置。")
}

// straightQuote judges an ASCII " or ' at i. Which curly quote it should be
// follows from how many of the same mark precede it in the paragraph.
func (c *checker) straightQuote(i int) {
	r := c.rs[i]
	p, n := c.at(i-1), c.at(i+1)
	if isASCIILetter(p) && isASCIILetter(n) { // don't, O'Neil
		return
	}
	if !isHan(p) && !isHan(n) {
		return
	}
	count := c.straight[r]
	open, close, name := "“", "”", "双引号"
	if r == '\'' {
		open, close, name = "‘", "’", "单引号"
	}
	sugg := open
	if count%2 == 1 {
		sugg = close
	}
	c.add("punct.straight-quote", qinglian.Warning, i, i+1, sugg,
		"中文文本中误用直引号“"+string(r)+"”，应为弯"+name+"“"+open+close+"”",
		source+"4.8：引号的形式为双引号“”和单引号‘’。")
}

// hyphens judges runs of '-', '－' and '─' starting at i.
func (c *checker) hyphens(i int, r rune) int {
	j := c.runEnd(i, r)
	if j-i < 2 {
		return j
	}
	if r == '-' && !c.chineseAround(i, j) {
		return j // "--help", "---" rules
	}
	if r == '─' && !c.chineseAround(i, j) {
		return j // box drawing
	}
	c.add("punct.dash", qinglian.Warning, i, j, "——",
		"破折号应为两个“—”组成的“——”，不用“"+string(c.rs[i:j])+"”代替",
		source+"4.10：破折号的形式为“——”，占两个字位置。")
	return j
}

// dashes judges runs of U+2014 and U+2015 starting at i.
func (c *checker) dashes(i int, r rune) int {
	j := c.runEnd(i, r)
	n := j - i
	switch {
	case r == '―' && n == 2:
		c.add("punct.dash", qinglian.Info, i, j, "——",
			"破折号用了水平线字符“―”（U+2015），规范字符为“—”（U+2014）",
			source+"4.10：破折号的形式为“——”。")
	case r == '—' && n%2 == 1 && n >= 3:
		// Older typesetting often set the dash as three em dashes; the
		// reader sees a dash, so this is a matter of form only.
		c.add("punct.dash", qinglian.Info, i, j, strings.Repeat("—", n-1),
			"破折号应为两个“—”组成的“——”",
			source+"4.10：破折号的形式为“——”，占两个字位置。")
	case r == '—' && n == 1 && (isPoint(c.at(i-1)) || isPoint(c.at(j))):
		// A single em dash between Han characters is the legitimate 一字线
		// 连接号 (4.13); next to a point it can only be a shortened 破折号.
		c.add("punct.dash", qinglian.Info, i, j, "——",
			"此处“—”作破折号用时应为两字线“——”",
			source+"4.10：破折号的形式为“——”；一字线“—”是连接号（4.13）。")
	}
	return j
}

// chineseAround reports whether the span rs[i:j] touches Chinese text on
// either side, looking past one space.
func (c *checker) chineseAround(i, j int) bool {
	p := c.at(i - 1)
	if p == ' ' {
		p = c.at(i - 2)
	}
	n := c.at(j)
	if n == ' ' {
		n = c.at(j + 1)
	}
	return isHan(p) || isHan(n) || isCJKPunct(p) || isCJKPunct(n)
}

// chineseLabelBefore reports whether rs[:i] ends with an enumerator made of
// Chinese numerals (一, 十二) at the start of the paragraph or of a clause.
func (c *checker) chineseLabelBefore(i int) bool {
	k := i - 1
	for k >= 0 && i-k <= 4 && isChineseNumeral(c.rs[k]) {
		k--
	}
	n := i - 1 - k
	if n == 0 || n > 3 {
		return false
	}
	if k < 0 {
		return true
	}
	p := c.rs[k]
	return p == ' ' || p == '\t' || p == '\u3000' || isPoint(p)
}

func (c *checker) hanRunLeft(i int) int {
	n := 0
	for k := i - 1; k >= 0 && isHan(c.rs[k]) && n < 16; k-- {
		n++
	}
	return n
}

func (c *checker) hanRunRight(i int) int {
	n := 0
	for k := i; k < len(c.rs) && isHan(c.rs[k]) && n < 16; k++ {
		n++
	}
	return n
}

func isPoint(r rune) bool {
	switch r {
	case '。', '，', '、', '；', '：', '？', '！':
		return true
	}
	return false
}

// isOtherMiddleDot lists dots typed where the separator · belongs: the
// bullet, katakana middle dots, the hyphenation point and operator dots.
// U+00B7 itself is included so a run of three reads as a makeshift ellipsis.
func isOtherMiddleDot(r rune) bool {
	switch r {
	case '·', '•', '・', '‧', '･', '∙', '⋅':
		return true
	}
	return false
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF ||
		r >= 0x3400 && r <= 0x4DBF ||
		r == 0x3007 ||
		r >= 0xF900 && r <= 0xFAFF ||
		r >= 0x20000 && r <= 0x3134F
}

func isCJKOpen(r rune) bool {
	switch r {
	case '“', '‘', '《', '〈', '（', '【', '「', '『', '〔':
		return true
	}
	return false
}

func isCJKClose(r rune) bool {
	switch r {
	case '”', '’', '》', '〉', '）', '】', '」', '』', '〕':
		return true
	}
	return false
}

func isCJKPunct(r rune) bool {
	return isPoint(r) || isCJKOpen(r) || isCJKClose(r) || r == '…' || r == '—'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
