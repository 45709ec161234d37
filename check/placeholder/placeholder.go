// Package placeholder finds what a report template left behind: runs of XX,
// ××, **, ○○, □□ and underscores, bracketed field names such as
// “（单位名称）” or “【请填写具体事例】”, and blank dates “年 月 日”. A report
// is published, so a left-over placeholder is an error.
//
// Look-alikes are left alone: X光 and XL (a single X, or X inside a Latin
// word), 3×4 (one multiplication sign), Markdown bold **重点**, a line of
// *** (a section break), 二〇〇八年 (zeros of a year), and the stars of a
// masked number such as 138****5678.
package placeholder

import (
	"bufio"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"qinglian"
	"qinglian/lexicon"
)

// FieldsFile is the lexicon file of bracketed field names.
const FieldsFile = "placeholder_fields.tsv"

const reason = "述责述廉报告按规定载入廉政档案并在一定范围内公开（《中国共产党党内监督条例》第二十一条），定稿不得留有模板占位符。"

// Checker holds the field names read from a lexicon.
type Checker struct {
	exact  map[string]bool
	prefix []string
}

// New reads FieldsFile from fsys (lexicon.Default() or lexicon.Open(dir)).
func New(fsys fs.FS) (*Checker, error) {
	f, err := fsys.Open(FieldsFile)
	if err != nil {
		return nil, fmt.Errorf("placeholder: %w", err)
	}
	defer f.Close()
	c := &Checker{exact: map[string]bool{}}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 || cols[0] == "" || cols[2] == "" {
			return nil, fmt.Errorf("placeholder: %s:%d: want 3 tab-separated columns (text, match, source)", FieldsFile, line)
		}
		switch cols[1] {
		case "exact":
			c.exact[cols[0]] = true
		case "prefix":
			c.prefix = append(c.prefix, cols[0])
		default:
			return nil, fmt.Errorf("placeholder: %s:%d: match must be exact or prefix, not %q", FieldsFile, line, cols[1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("placeholder: %s: %w", FieldsFile, err)
	}
	return c, nil
}

var defaultChecker = sync.OnceValue(func() *Checker {
	c, err := New(lexicon.Default())
	if err != nil {
		panic(err) // the embedded file is tested; a failure here is a build defect
	}
	return c
})

// Check runs the default checker (embedded lexicon) over one paragraph.
func Check(text string) []qinglian.Finding { return defaultChecker().Check(text) }

// Check returns the placeholder findings of one paragraph, sorted by Start.
// Offsets are rune offsets into text.
func (c *Checker) Check(text string) []qinglian.Finding {
	if text == "" {
		return nil
	}
	s := scan{rs: []rune(text), fields: c}
	s.run()
	if len(s.out) == 0 {
		return nil
	}
	slices.SortStableFunc(s.out, func(a, b qinglian.Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End // the wider finding first, so nested ones can be dropped
	})
	// A placeholder inside a bracketed one (【填写XX】) is the same defect.
	kept := s.out[:1]
	for _, f := range s.out[1:] {
		if last := kept[len(kept)-1]; f.End <= last.End {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

type scan struct {
	rs     []rune
	fields *Checker
	out    []qinglian.Finding
}

func (s *scan) add(rule string, sev qinglian.Severity, start, end int, message string) {
	s.out = append(s.out, qinglian.Finding{
		Rule:     rule,
		Category: qinglian.Placeholder,
		Severity: sev,
		Start:    start,
		End:      end,
		Text:     string(s.rs[start:end]),
		Message:  message,
		Reason:   reason,
	})
}

func (s *scan) at(i int) rune {
	if i < 0 || i >= len(s.rs) {
		return 0
	}
	return s.rs[i]
}

func (s *scan) runOf(i int, in func(rune) bool) int {
	j := i
	for j < len(s.rs) && in(s.rs[j]) {
		j++
	}
	return j
}

func (s *scan) run() {
	rs := s.rs
	stars := s.asteriskRuns()
	bold := markdownBold(rs, stars)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isX(r):
			j := s.runOf(i, isX)
			if j-i >= 2 && !isASCIILetter(s.at(i-1)) && !isASCIILetter(s.at(j)) {
				s.add("placeholder.x", qinglian.Error, i, j, "“"+string(rs[i:j])+"”是模板占位符，应填写实际内容")
			}
			i = j
		case r == '×':
			j := s.runOf(i, func(r rune) bool { return r == '×' })
			if j-i >= 2 {
				s.add("placeholder.x", qinglian.Error, i, j, "“"+string(rs[i:j])+"”是模板占位符，应填写实际内容")
			}
			i = j
		case r == '*' || r == '＊':
			j := s.runOf(i, func(q rune) bool { return q == r })
			if j-i >= 2 && !bold[i] && !s.maskedOrBreak(i, j) {
				s.add("placeholder.asterisk", qinglian.Error, i, j, "“"+string(rs[i:j])+"”是模板占位符，应填写实际内容")
			}
			i = j
		case r == '○' || r == '〇' || r == '◯':
			j := s.runOf(i, func(r rune) bool { return r == '○' || r == '〇' || r == '◯' })
			if j-i >= 2 && !isChineseDigit(s.at(i-1)) && !isChineseDigit(s.at(j)) {
				s.add("placeholder.circle", qinglian.Error, i, j, "“"+string(rs[i:j])+"”是模板占位符，应填写实际内容")
			}
			i = j
		case r == '△' || r == '□':
			j := s.runOf(i, func(q rune) bool { return q == r })
			if j-i >= 2 {
				s.add("placeholder.box", qinglian.Error, i, j, "“"+string(rs[i:j])+"”是模板占位符，应填写实际内容")
			}
			i = j
		case r == '_' || r == '＿':
			j := s.runOf(i, func(q rune) bool { return q == '_' || q == '＿' })
			if (j-i >= 3 || r == '＿' && j-i >= 2) && !s.onlyRule(i, j) {
				s.add("placeholder.blank", qinglian.Error, i, j, "留有待填写的空白横线")
			}
			i = j
		case r == '某':
			j := s.runOf(i, func(r rune) bool { return r == '某' })
			if j-i >= 2 {
				s.add("placeholder.mou", qinglian.Info, i, j, "“"+string(rs[i:j])+"”可能是模板占位符；若是有意隐去姓名可不改")
			}
			i = j
		case r == '年':
			s.blankDate(i)
			i++
		case isOpenBracket(r):
			s.bracket(i)
			i++
		default:
			i++
		}
	}
}

type span struct{ start, end int }

// asteriskRuns lists the runs of ASCII '*' in the paragraph.
func (s *scan) asteriskRuns() []span {
	var runs []span
	for i := 0; i < len(s.rs); i++ {
		if s.rs[i] != '*' {
			continue
		}
		j := s.runOf(i, func(r rune) bool { return r == '*' })
		runs = append(runs, span{i, j})
		i = j
	}
	return runs
}

// markdownBold marks the starts of "**" (or "***") runs that open or close a
// Markdown bold span: two consecutive equal runs enclosing at least two runes that
// neither begin nor end with a space. A lone "**" stays a placeholder.
func markdownBold(rs []rune, runs []span) map[int]bool {
	var bold map[int]bool
	for k := 0; k+1 < len(runs); k++ {
		a, b := runs[k], runs[k+1]
		n := a.end - a.start
		if n < 2 || n > 3 || b.end-b.start != n || b.start-a.end < 2 {
			continue
		}
		if isSpace(rs[a.end]) || isSpace(rs[b.start-1]) {
			continue
		}
		if bold == nil {
			bold = map[int]bool{}
		}
		bold[a.start], bold[b.start] = true, true
		k++
	}
	return bold
}

// maskedOrBreak reports stars that are not a placeholder: the masked middle
// of a number (138****5678), masked leading digits (************1234), a
// masked e-mail name (z***@example.cn), or a line that is only stars (a
// section break).
func (s *scan) maskedOrBreak(i, j int) bool {
	p, n := s.at(i-1), s.at(j)
	if isDigit(p) && isDigit(n) {
		return true
	}
	if j-i >= 4 && isDigit(n) && isDigit(s.at(j+1)) && isDigit(s.at(j+2)) && isDigit(s.at(j+3)) {
		return true
	}
	if n == '@' && (isDigit(p) || isASCIILetter(p)) {
		return true
	}
	return s.onlyRule(i, j)
}

// onlyRule reports whether the paragraph holds nothing but the run and
// spaces: a horizontal rule or a signature line, not a blank in a sentence.
func (s *scan) onlyRule(i, j int) bool {
	for k, r := range s.rs {
		if (k < i || k >= j) && !isSpace(r) {
			return false
		}
	}
	return true
}

// blankDate reports "年  月  日" with nothing filled in, starting at the 年
// at i.
func (s *scan) blankDate(i int) {
	j := i + 1
	k := s.runOf(j, isSpace)
	if k == j || s.at(k) != '月' {
		return
	}
	m := k + 1
	d := s.runOf(m, isSpace)
	if d == m || s.at(d) != '日' {
		return
	}
	s.add("placeholder.date", qinglian.Error, i, d+1, "日期未填写")
}

// bracket reports a bracket whose whole content is a field name from the
// lexicon, a fill-in prompt, or nothing but blanks.
func (s *scan) bracket(i int) {
	closeR := closerOf(s.rs[i])
	j := i + 1
	for j < len(s.rs) && j-i <= 40 && s.rs[j] != closeR && !isOpenBracket(s.rs[j]) {
		j++
	}
	if j >= len(s.rs) || s.rs[j] != closeR {
		return
	}
	inner := strings.TrimSpace(strings.Trim(string(s.rs[i+1:j]), "\u3000 "))
	open := s.rs[i]
	switch {
	case inner == "" && (open == '（' || open == '【' || open == '〔'):
		s.add("placeholder.bracket", qinglian.Error, i, j+1, "括号内容为空，应填写实际内容或删去括号")
	case inner == "":
	case s.fields.exact[inner]:
		s.add("placeholder.bracket", qinglian.Error, i, j+1, "“"+string(s.rs[i:j+1])+"”是模板的填写栏目，应换成实际内容")
	default:
		for _, p := range s.fields.prefix {
			if strings.HasPrefix(inner, p) {
				s.add("placeholder.bracket", qinglian.Error, i, j+1, "“"+string(s.rs[i:j+1])+"”是模板的填写提示，应换成实际内容")
				return
			}
		}
	}
}

func isOpenBracket(r rune) bool {
	switch r {
	case '（', '(', '【', '[', '〔', '〈', '<', '＜', '［':
		return true
	}
	return false
}

func closerOf(r rune) rune {
	switch r {
	case '（':
		return '）'
	case '(':
		return ')'
	case '【':
		return '】'
	case '[':
		return ']'
	case '〔':
		return '〕'
	case '〈':
		return '〉'
	case '<':
		return '>'
	case '＜':
		return '＞'
	case '［':
		return '］'
	}
	return 0
}

func isX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

func isChineseDigit(r rune) bool {
	switch r {
	case '〇', '○', '◯', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九':
		return true
	}
	return false
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
