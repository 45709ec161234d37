// Package formulation checks standard political formulations (规范提法):
// exact wording, member count and member order of numbered formulations such
// as 四个意识, 四个自信, 四风 and 新发展理念, and wordings known to be wrong.
// The list is data (lexicon/data/formulations.tsv, format documented there),
// each entry naming the document it comes from.
//
// Findings (category formulation):
//
//	formulation.wording  a known wrong or outdated wording (severity from the data)
//	formulation.count    三个自信 where the formulation has four members (warning)
//	formulation.order    all members listed, in another order (warning)
//	formulation.member   the name and a listing with a member that is not one (severity from the data)
//
// Precision comes first: order is only judged on a complete listing, and a
// wrong member only when the formulation's name stands in the same sentence.
package formulation

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"

	"qinglian"
	"qinglian/check/internal/phrase"
)

// File is the name of the data file in a lexicon file system.
const File = "formulations.tsv"

// Entry is one line of the data file.
type Entry struct {
	Kind     string // "set", "name" or "wrong"
	Phrase   string // the name, or the wrong wording
	Members  []string
	Standard string // the replacement of a wrong wording
	Severity qinglian.Severity
	Checked  bool // set/name: count and member checks apply
	Note     string
	Source   string
}

// Checker checks one paragraph at a time; it is safe for concurrent use.
type Checker struct {
	entries []Entry
	wrong   *phrase.Trie // wrong wording → entry
	members *phrase.Trie // member → index into memberSets
	names   *phrase.Trie // set name → entry (sets with a common member ending)
	counts  *phrase.Trie // "个自信" → index into countKeys

	memberSets [][]int // member id → entries that list it
	countKeys  []countKey
	suffix     []string // entry → common ending of its members, "" if none
}

type countKey struct {
	valid map[string]int // numeral → entry
	entry int            // the entry to name in a suggestion
}

// Load reads File from fsys.
func Load(fsys fs.FS) (*Checker, error) {
	f, err := fsys.Open(File)
	if err != nil {
		return nil, fmt.Errorf("formulations: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return c, nil
}

// Parse reads a formulation list in the format of File.
func Parse(r io.Reader) (*Checker, error) {
	c := &Checker{wrong: phrase.New(), members: phrase.New(), names: phrase.New(), counts: phrase.New()}
	memberID := map[string]int{}
	countID := map[string]int{}
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
		if len(f) != 6 {
			return nil, fmt.Errorf("line %d: want 6 tab-separated fields (kind, phrase, standard, severity, note, source), got %d", line, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		e := Entry{Kind: f[0], Phrase: f[1], Note: dash(f[4]), Source: f[5]}
		if e.Phrase == "" || e.Source == "" {
			return nil, fmt.Errorf("line %d: empty phrase or source", line)
		}
		if f[3] != "-" {
			if err := e.Severity.UnmarshalText([]byte(f[3])); err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			e.Checked = true
		}
		switch e.Kind {
		case "set":
			e.Members = strings.Split(f[2], "、")
			if len(e.Members) < 2 {
				return nil, fmt.Errorf("line %d: a set needs at least two members separated by '、'", line)
			}
		case "name":
		case "wrong":
			e.Standard = f[2]
			if e.Standard == "" || e.Standard == "-" || !e.Checked {
				return nil, fmt.Errorf("line %d: a wrong wording needs a replacement and a severity", line)
			}
		default:
			return nil, fmt.Errorf("line %d: kind %q: want set, name or wrong", line, e.Kind)
		}
		idx := len(c.entries)
		c.entries = append(c.entries, e)
		c.suffix = append(c.suffix, commonSuffix(e.Members))
		switch e.Kind {
		case "wrong":
			c.wrong.Add(e.Phrase, idx)
			continue
		case "set":
			for _, m := range e.Members {
				id, ok := memberID[m]
				if !ok {
					id = len(c.memberSets)
					memberID[m] = id
					c.memberSets = append(c.memberSets, nil)
					c.members.Add(m, id)
				}
				c.memberSets[id] = append(c.memberSets[id], idx)
			}
			if e.Checked && c.suffix[idx] != "" {
				c.names.Add(e.Phrase, idx)
			}
		}
		if num, key, ok := splitCount(e.Phrase); ok && e.Checked {
			id, seen := countID[key]
			if !seen {
				id = len(c.countKeys)
				countID[key] = id
				c.countKeys = append(c.countKeys, countKey{valid: map[string]int{}, entry: idx})
				c.counts.Add(key, id)
			}
			c.countKeys[id].valid[num] = idx
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Entries returns the entries in file order.
func (c *Checker) Entries() []Entry { return c.entries }

// Names returns the phrases of set and name entries: fixed formulations that
// other checks must not read as quantities or named activities.
func (c *Checker) Names() []string {
	var out []string
	for _, e := range c.entries {
		if e.Kind != "wrong" {
			out = append(out, e.Phrase)
		}
	}
	return out
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// splitCount splits "四个自信" into "四" and "个自信". Only the classifier 个
// with at least two runes after it counts: 八项规定 or 四风 carry no count a
// writer gets wrong.
func splitCount(s string) (num, key string, ok bool) {
	rs := []rune(s)
	i := 0
	for i < len(rs) && isNumeral(rs[i]) {
		i++
	}
	if i == 0 || i+3 > len(rs) || rs[i] != '个' {
		return "", "", false
	}
	return string(rs[:i]), string(rs[i:]), true
}

// isNumeral reports the numerals that count a formulation's members
// (四个意识, 两个维护). It runs on every character of every paragraph.
func isNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '两':
		return true
	}
	return false
}

func commonSuffix(ms []string) string {
	if len(ms) < 2 {
		return ""
	}
	first := []rune(ms[0])
	n := len(first)
	for _, m := range ms[1:] {
		rs := []rune(m)
		k := 0
		for k < n && k < len(rs) && rs[len(rs)-1-k] == first[len(first)-1-k] {
			k++
		}
		n = k
	}
	if n < 2 {
		return ""
	}
	return string(first[len(first)-n:])
}

// Check returns the findings in one paragraph's text, with rune offsets.
func (c *Checker) Check(text string) []qinglian.Finding {
	rs := []rune(text)
	var out []qinglian.Finding
	out = c.checkWrong(rs, out)
	out = c.checkCounts(rs, out)
	out = c.checkOrder(rs, out)
	out = c.checkMembers(rs, out)
	return out
}

func finding(rule string, sev qinglian.Severity, rs []rune, start, end int) qinglian.Finding {
	return qinglian.Finding{
		Rule: rule, Category: qinglian.Formulation, Severity: sev,
		Start: start, End: end, Text: string(rs[start:end]),
	}
}

func (c *Checker) reason(e Entry) string {
	return "规范提法以" + e.Source + "为准。"
}

func (c *Checker) checkWrong(rs []rune, out []qinglian.Finding) []qinglian.Finding {
	c.wrong.Each(rs, func(id, s, e int) {
		en := c.entries[id]
		f := finding("formulation.wording", en.Severity, rs, s, e)
		f.Suggestion = en.Standard
		f.Message = fmt.Sprintf("“%s”不规范，应为“%s”", en.Phrase, en.Standard)
		if en.Note != "" {
			f.Message += "：" + en.Note
		}
		f.Reason = c.reason(en)
		out = append(out, f)
	})
	return out
}

// checkCounts finds 三个自信 where the standard is 四个自信. The phrase must
// end there (a quote mark, punctuation, 和/与/及 or the end follows), so that
// 三个意识形态领域 and 两个伟大的时代 are left alone.
func (c *Checker) checkCounts(rs []rune, out []qinglian.Finding) []qinglian.Finding {
	for i := 0; i < len(rs); i++ {
		if !isNumeral(rs[i]) || i > 0 && (isNumeral(rs[i-1]) || rs[i-1] == '第') {
			continue
		}
		j := i
		for j < len(rs) && isNumeral(rs[j]) {
			j++
		}
		id, n := c.counts.Longest(rs, j)
		if id < 0 {
			i = j - 1
			continue
		}
		end := j + n
		// 一个 is an article (一个伟大的国家), and a word after the phrase
		// makes it part of something else.
		if num := string(rs[i:j]); num == "一" || end < len(rs) && isHan(rs[end]) && !strings.ContainsRune("和与及", rs[end]) {
			i = end - 1
			continue
		}
		key := c.countKeys[id]
		num := string(rs[i:j])
		if _, ok := key.valid[num]; !ok {
			std := c.entries[key.entry]
			f := finding("formulation.count", qinglian.Warning, rs, i, end)
			var names []string
			for _, e := range key.valid {
				names = append(names, c.entries[e].Phrase)
			}
			if len(names) == 1 {
				f.Suggestion = names[0]
			}
			f.Message = fmt.Sprintf("“%s”的数目不对，规范提法是“%s”", f.Text, strings.Join(sortedStrings(names), "”或“"))
			if std.Kind == "set" {
				f.Message += "（" + strings.Join(std.Members, "、") + "）"
			}
			f.Reason = c.reason(std)
			out = append(out, f)
		}
		i = end - 1
	}
	return out
}

func sortedStrings(ss []string) []string {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j] < ss[j-1]; j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
	return ss
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// token is a member found in the text.
type token struct{ id, start, end int }

// checkOrder finds complete listings of a set's members in another order,
// such as 政治意识、核心意识、大局意识、看齐意识.
func (c *Checker) checkOrder(rs []rune, out []qinglian.Finding) []qinglian.Finding {
	var group []token
	flush := func() {
		if len(group) >= 2 {
			out = c.judgeOrder(rs, group, out)
		}
		group = group[:0]
	}
	c.members.Each(rs, func(id, s, e int) {
		if len(group) > 0 && !isListGap(rs[group[len(group)-1].end:s]) {
			flush()
		}
		group = append(group, token{id, s, e})
	})
	flush()
	return out
}

// isListGap reports whether gap separates two items of one listing.
func isListGap(gap []rune) bool {
	switch string(gap) {
	case "、", "，", ",", "和", "及", "与", "以及", "、和":
		return true
	}
	return false
}

func (c *Checker) judgeOrder(rs []rune, group []token, out []qinglian.Finding) []qinglian.Finding {
	for _, set := range c.memberSets[group[0].id] {
		e := c.entries[set]
		if len(e.Members) != len(group) {
			continue
		}
		pos := make(map[string]int, len(e.Members))
		for i, m := range e.Members {
			pos[m] = i
		}
		seen := make([]bool, len(e.Members))
		inOrder, complete := true, true
		for i, t := range group {
			p, ok := pos[string(rs[t.start:t.end])]
			if !ok || seen[p] {
				complete = false
				break
			}
			seen[p] = true
			if p != i {
				inOrder = false
			}
		}
		if !complete || inOrder {
			continue
		}
		// Keep the writer's separators, put the members in order.
		var b strings.Builder
		for i, t := range group {
			if i > 0 {
				b.WriteString(string(rs[group[i-1].end:t.start]))
			}
			b.WriteString(e.Members[i])
		}
		f := finding("formulation.order", qinglian.Warning, rs, group[0].start, group[len(group)-1].end)
		f.Suggestion = b.String()
		f.Message = fmt.Sprintf("“%s”的顺序不规范，应为“%s”", e.Phrase, f.Suggestion)
		f.Reason = c.reason(e)
		return append(out, f)
	}
	return out
}

// checkMembers finds a listing with a wrong member next to the set's name in
// the same sentence: 坚定“四个自信”，即道路自信、理论自信、制度自信、历史自信.
func (c *Checker) checkMembers(rs []rune, out []qinglian.Finding) []qinglian.Finding {
	lastSentence := -1
	c.names.Each(rs, func(id, s, e int) {
		from, to := sentence(rs, s)
		if from == lastSentence {
			return
		}
		lastSentence = from
		en := c.entries[id]
		suffix := []rune(c.suffix[id])
		type piece struct{ start, end int }
		var pieces []piece
		start := from
		for i := from; i <= to; i++ {
			if i < to && !isPieceSep(rs[i]) {
				continue
			}
			p := piece{start, i}
			start = i + 1
			// "五位一体总体布局包括经济建设": the item is what follows the name.
			if k := strings.Index(string(rs[p.start:p.end]), en.Phrase); k >= 0 {
				p.start += len([]rune(string(rs[p.start:p.end])[:k])) + len([]rune(en.Phrase))
			}
			if p.end-p.start < len(suffix) || !hasSuffix(rs[p.start:p.end], suffix) {
				continue
			}
			pieces = append(pieces, p)
		}
		if len(pieces) != len(en.Members) {
			return
		}
		hit := make([]bool, len(en.Members))
		var wrong []piece
		for _, p := range pieces {
			ok := false
			for mi, m := range en.Members {
				if strings.HasSuffix(string(rs[p.start:p.end]), m) {
					hit[mi], ok = true, true
					break
				}
			}
			if !ok {
				wrong = append(wrong, p)
			}
		}
		var missing []string
		for mi, h := range hit {
			if !h {
				missing = append(missing, en.Members[mi])
			}
		}
		if len(wrong) == 0 || len(en.Members)-len(missing) < 2 {
			return
		}
		width := 0
		for _, m := range en.Members {
			width = max(width, len([]rune(m)))
		}
		for _, p := range wrong {
			ps := max(p.start, p.end-width)
			f := finding("formulation.member", en.Severity, rs, ps, p.end)
			if len(missing) == 1 && len(wrong) == 1 {
				f.Suggestion = missing[0]
			}
			f.Message = fmt.Sprintf("“%s”是%s，“%s”不在其中", en.Phrase, strings.Join(en.Members, "、"), f.Text)
			f.Reason = c.reason(en)
			out = append(out, f)
		}
	})
	return out
}

// sentence returns the bounds of the sentence around rs[i].
func sentence(rs []rune, i int) (from, to int) {
	from, to = i, i
	for from > 0 && !isSentenceEnd(rs[from-1]) {
		from--
	}
	for to < len(rs) && !isSentenceEnd(rs[to]) {
		to++
	}
	return from, to
}

func isSentenceEnd(r rune) bool { return strings.ContainsRune("。！？；!?;", r) }

func isPieceSep(r rune) bool {
	return strings.ContainsRune("、，,：:（）()“”‘’\"和及与即", r)
}

func hasSuffix(rs, suf []rune) bool {
	if len(rs) < len(suf) {
		return false
	}
	for i := range suf {
		if rs[len(rs)-len(suf)+i] != suf[i] {
			return false
		}
	}
	return true
}
