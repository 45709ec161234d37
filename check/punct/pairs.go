package punct

import "qinglian"

// closerOf maps each full-width opening mark to its closing mark.
var closerOf = map[rune]rune{
	'“': '”', '‘': '’', '《': '》', '〈': '〉', '（': '）',
	'【': '】', '「': '」', '『': '』', '〔': '〕',
}

var openerOf = func() map[rune]rune {
	m := make(map[rune]rune, len(closerOf))
	for o, c := range closerOf {
		m[c] = o
	}
	return m
}()

var pairName = map[rune]string{
	'“': "双引号", '‘': "单引号", '《': "书名号", '〈': "单书名号", '（': "括号",
	'【': "方头括号", '「': "直角引号", '『': "直角引号", '〔': "六角括号",
}

var pairReason = map[rune]string{
	'“': source + "4.8：引号成对使用。", '‘': source + "4.8：引号成对使用。",
	'《': source + "4.15：书名号成对使用。", '〈': source + "4.15：书名号成对使用。",
	'（': source + "4.9：括号成对使用。", '【': source + "4.9：括号成对使用。",
	'〔': source + "4.9：括号成对使用。",
	'「': source + "4.8：引号成对使用。", '『': source + "4.8：引号成对使用。",
}

// maxDepth bounds how far down the stack a closing mark looks for its opener.
const maxDepth = 32

var nestReason = map[rune]string{
	'“': source + "4.8：引号里面还要用引号时，外面一层用双引号，里面一层用单引号。",
	'《': source + "4.15：书名号里边还要用书名号时，外面一层用双书名号，里边一层用单书名号。",
}

type opened struct {
	r      rune
	at     int
	nested bool // a “ inside “ or a 《 inside 《
}

// scanPairs checks that paired marks open and close within the paragraph and
// nest properly: an inner quotation takes ‘’ and an inner title 〈〉.
func (c *checker) scanPairs() {
	rs := c.rs
	var stack []opened
	open := map[rune]int{} // how many of each opener the stack holds
	for i, r := range rs {
		if !isCJKOpen(r) && !isCJKClose(r) {
			continue // the common case, without a map look-up
		}
		if _, ok := closerOf[r]; ok {
			if r == '‘' && isASCIILetter(c.at(i-1)) {
				continue // typographic apostrophe in English
			}
			if r == '“' && topIs(stack, '“') && closesHere(c.at(i+1)) {
				// “四个意识“、: an opening mark where the closing one belongs.
				stack = stack[:len(stack)-1]
				open['“']--
				c.add("punct.quote-direction", qinglian.Warning, i, i+1, "”",
					"引号方向错误，此处应为后引号“””", pairReason['“'])
				continue
			}
			nested := (r == '“' || r == '《') && open[r] > 0
			stack = append(stack, opened{r: r, at: i, nested: nested})
			open[r]++
			continue
		}
		op, ok := openerOf[r]
		if !ok {
			continue
		}
		if r == '’' && (isASCIILetter(c.at(i-1)) || isDigit(c.at(i+1))) {
			continue // don’t, students’, ’22
		}
		if (r == '）' || r == '】' || r == '〕') && c.listLabelBefore(i) {
			continue // 1） a） 一） used as enumerators
		}
		// Real paragraphs nest a few levels deep; the search is bounded so
		// that hostile input stays linear.
		k := -1
		if open[op] > 0 {
			for k = len(stack) - 1; k >= 0 && len(stack)-k <= maxDepth && stack[k].r != op; k-- {
			}
			if k >= 0 && stack[k].r != op {
				k = -1
			}
		}
		switch {
		case k < 0:
			if r == '”' && isHan(c.at(i+1)) && c.anotherCloserFollows(i) {
				// ，”四个意识”: a closing mark where the opening one belongs.
				c.add("punct.quote-direction", qinglian.Warning, i, i+1, "“",
					"引号方向错误，此处应为前引号“““", pairReason['“'])
				stack = append(stack, opened{r: '“', at: i})
				open['“']++
				continue
			}
			c.add("punct.unpaired", qinglian.Warning, i, i+1, "",
				"“"+string(r)+"”没有与之配对的“"+string(op)+"”", pairReason[op])
		case k == len(stack)-1:
			o := stack[k]
			stack = stack[:k]
			open[op]--
			if o.nested {
				c.nestedPair(o, i)
			}
		default:
			c.add("punct.crossed", qinglian.Warning, i, i+1, "",
				"成对标点交叉嵌套：“"+string(r)+"”之前的“"+string(stack[len(stack)-1].r)+"”尚未闭合",
				pairReason[op])
			stack = append(stack[:k], stack[k+1:]...)
			open[op]--
		}
	}
	for idx, o := range stack {
		if idx == 0 && o.r == '“' && o.at == c.firstNonSpace() {
			// 引文有多段时，每段开头用前引号，只在最后一段末尾用后引号。
			c.add("punct.unclosed-quote-paragraph", qinglian.Info, o.at, o.at+1, "",
				"本段以前引号开头而未闭合；若是多段引文可不改，否则请补后引号",
				source+"4.8：引文有多段时每段开头用前引号，只在最后一段末尾用后引号。")
			continue
		}
		c.add("punct.unpaired", qinglian.Warning, o.at, o.at+1, "",
			pairName[o.r]+"“"+string(o.r)+"”没有闭合", pairReason[o.r])
	}
}

// nestedPair reports an inner “…” or 《…》 that should take the single form.
func (c *checker) nestedPair(o opened, end int) {
	inner := c.rs[o.at+1 : end]
	if len(inner) > 60 {
		// A long inner quotation: point at its opening mark only.
		sugg, msg := "‘", "引号里面还要用引号时，里面一层应用单引号‘’"
		if o.r == '《' {
			sugg, msg = "〈", "书名号里边还要用书名号时，里边一层应用单书名号〈〉"
		}
		rule := map[rune]string{'“': "punct.nested-quote", '《': "punct.nested-title"}[o.r]
		c.add(rule, qinglian.Warning, o.at, o.at+1, sugg, msg, nestReason[o.r])
		return
	}
	if o.r == '“' {
		c.add("punct.nested-quote", qinglian.Warning, o.at, end+1, "‘"+string(inner)+"’",
			"引号里面还要用引号时，里面一层应用单引号‘’", nestReason['“'])
		return
	}
	c.add("punct.nested-title", qinglian.Warning, o.at, end+1, "〈"+string(inner)+"〉",
		"书名号里边还要用书名号时，里边一层应用单书名号〈〉",
		source+"4.15：书名号里边还要用书名号时，外面一层用双书名号，里边一层用单书名号。")
}

// listLabelBefore reports whether the closing bracket at i ends an
// enumerator such as "1）" or "a）" at the start of a paragraph or clause.
func (c *checker) listLabelBefore(i int) bool {
	k := i - 1
	for k >= 0 && i-k <= 4 && isLabelRune(c.rs[k]) {
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

func isLabelRune(r rune) bool {
	return isDigit(r) || isASCIILetter(r) || isChineseNumeral(r)
}

func isChineseNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

func (c *checker) firstNonSpace() int {
	for i, r := range c.rs {
		if r != ' ' && r != '\t' && r != '\u3000' {
			return i
		}
	}
	return -1
}

// anotherCloserFollows reports whether a ” follows i before any “, which
// makes the unmatched ” at i the opening mark typed the wrong way round.
func (c *checker) anotherCloserFollows(i int) bool {
	for _, r := range c.rs[i+1:] {
		switch r {
		case '”':
			return true
		case '“':
			return false
		}
	}
	return false
}

// closesHere reports whether a quotation mark followed by r ends a quotation.
func closesHere(r rune) bool {
	return r == 0 || isPoint(r) || isCJKClose(r)
}

func topIs(stack []opened, r rune) bool {
	return len(stack) > 0 && stack[len(stack)-1].r == r
}

// scanParens converts half-width parentheses around Chinese text: "(修正案)"
// should be "（修正案）". Parentheses around digits or Latin text are left
// alone, and their balance is not judged: emoticons and formulas use them.
func (c *checker) scanParens() {
	rs := c.rs
	for i := 0; i < len(rs); i++ {
		if rs[i] != '(' {
			continue
		}
		j := i + 1
		for j < len(rs) && j-i <= 200 && rs[j] != ')' && rs[j] != '(' {
			j++
		}
		if j >= len(rs) || rs[j] != ')' {
			continue
		}
		inner := rs[i+1 : j]
		if len(inner) == 0 || !isHan(inner[0]) && !isHan(inner[len(inner)-1]) {
			i = j
			continue
		}
		latin := false
		for _, r := range inner {
			if isASCIILetter(r) {
				latin = true
				break
			}
		}
		p := c.at(i - 1)
		if p == ' ' {
			p = c.at(i - 2)
		}
		if latin || isASCIILetter(p) || c.at(i-1) == ']' { // ](…) is a Markdown link target
			i = j
			continue
		}
		c.add("punct.halfwidth", qinglian.Warning, i, j+1, "（"+string(inner)+"）",
			"中文文本中误用半角括号，应为全角括号“（）”",
			source+"第5章：中文文本中的标点符号用全角形式。")
		i = j
	}
}
