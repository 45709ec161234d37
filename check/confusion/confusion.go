// Package confusion finds wrong words from a curated confusion dictionary:
// each entry maps a wrong form (烙守, 自已, 再接再励) to its right form and
// names its source. It is the list half of the spelling check; the general
// detector for characters no list names lives elsewhere.
//
// The dictionary is the tab-separated file confusion.tsv, read from an
// fs.FS so an organisation can replace it. `#` starts a comment line; blank
// lines are ignored; every other line has six columns:
//
//		wrong	right	severity	not_after	not_before	source
//
//	  - wrong: the wrong form. Context that must be present but is not part
//	    of the finding goes outside square brackets: 海内存[知已] flags 知已
//	    only after 海内存. Without brackets the whole form is flagged.
//	  - right: what replaces the flagged (bracketed) part.
//	  - severity: error (the form is never correct), warning (a
//	    non-recommended variant, or a form that is wrong in almost every
//	    context) or info.
//	  - not_after: strings separated by |; no finding when the text just
//	    before the matched form ends with one of them (各自已经: 自已 after 各).
//	  - not_before: strings separated by |; no finding when the text just
//	    after the matched form starts with one of them (正已经: 正已 before 经).
//	    "-" or an empty field means no exception. The matched form is the
//	    whole wrong column, context included.
//	  - source: the work that gives the right form; shown in Finding.Reason.
//
// Matching is one pass of a byte-level Aho–Corasick automaton over the
// paragraph, so a check costs the same whatever the size of the list.
package confusion

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"qinglian"
)

// FileName is the name of the dictionary inside the lexicon file system.
const FileName = "confusion.tsv"

// Rule is the rule id of every finding this package makes.
const Rule = "spelling.confusion"

// Entry is one row of the dictionary.
type Entry struct {
	Pattern   string            // the wrong column as written, brackets included
	Wrong     string            // the flagged part of the pattern
	Right     string            // its replacement
	Severity  qinglian.Severity // how sure a match is an error
	NotAfter  []string          // no finding when preceded by one of these
	NotBefore []string          // no finding when followed by one of these
	Source    string            // the work the right form comes from
	Line      int               // 1-based line in the file
	match     string            // Pattern without brackets: what the automaton looks for
	pre       int               // bytes of required context before Wrong
}

// Checker finds the entries of one dictionary in text. It is safe for
// concurrent use.
type Checker struct {
	entries []Entry
	ac      *automaton
}

// Load reads FileName from fsys.
func Load(fsys fs.FS) (*Checker, error) {
	f, err := fsys.Open(FileName)
	if err != nil {
		return nil, fmt.Errorf("confusion dictionary: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileName, err)
	}
	return c, nil
}

// Parse reads a dictionary in the format described in the package doc. An
// error names the 1-based line of the first bad row.
func Parse(r io.Reader) (*Checker, error) {
	var entries []Entry
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		if line == 1 {
			raw = strings.TrimPrefix(raw, "\uFEFF") // files saved by Windows editors
		}
		raw = strings.TrimRight(raw, "\r")
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		e, err := parseRow(raw)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if prev, dup := seen[e.Pattern]; dup {
			return nil, fmt.Errorf("line %d: %q already listed on line %d", line, e.Pattern, prev)
		}
		seen[e.Pattern] = line
		e.Line = line
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("no entries")
	}
	patterns := make([]string, len(entries))
	for i, e := range entries {
		patterns[i] = e.match
	}
	return &Checker{entries: entries, ac: newAutomaton(patterns)}, nil
}

func parseRow(raw string) (Entry, error) {
	cols := strings.Split(raw, "\t")
	if len(cols) != 6 {
		return Entry{}, fmt.Errorf("want 6 tab-separated columns (wrong, right, severity, not_after, not_before, source), got %d", len(cols))
	}
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	if !utf8.ValidString(raw) {
		return Entry{}, fmt.Errorf("not valid UTF-8")
	}
	e := Entry{Pattern: cols[0], Right: cols[1], Source: cols[5]}
	open, closing := strings.Count(e.Pattern, "["), strings.Count(e.Pattern, "]")
	switch {
	case open == 0 && closing == 0:
		e.Wrong, e.match = e.Pattern, e.Pattern
	case open == 1 && closing == 1:
		i, j := strings.IndexByte(e.Pattern, '['), strings.IndexByte(e.Pattern, ']')
		if j < i {
			return Entry{}, fmt.Errorf("wrong form %q: ] before [", e.Pattern)
		}
		e.Wrong = e.Pattern[i+1 : j]
		e.pre = i
		e.match = e.Pattern[:i] + e.Wrong + e.Pattern[j+1:]
	default:
		return Entry{}, fmt.Errorf("wrong form %q: at most one [bracketed] part", e.Pattern)
	}
	switch {
	case e.Wrong == "":
		return Entry{}, fmt.Errorf("empty wrong form")
	case e.Right == "":
		return Entry{}, fmt.Errorf("wrong form %q: empty right form", e.Pattern)
	case e.Wrong == e.Right:
		return Entry{}, fmt.Errorf("wrong form %q equals its right form", e.Pattern)
	case e.Source == "" || e.Source == "-":
		return Entry{}, fmt.Errorf("wrong form %q: no source", e.Pattern)
	case strings.ContainsAny(e.Wrong, " |"):
		return Entry{}, fmt.Errorf("wrong form %q: contains a space or |", e.Pattern)
	}
	if err := e.Severity.UnmarshalText([]byte(cols[2])); err != nil {
		return Entry{}, fmt.Errorf("wrong form %q: %w (want error, warning or info)", e.Pattern, err)
	}
	e.NotAfter = splitList(cols[3])
	e.NotBefore = splitList(cols[4])
	return e, nil
}

func splitList(s string) []string {
	if s == "" || s == "-" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Len returns the number of entries.
func (c *Checker) Len() int { return len(c.entries) }

// Entries returns a copy of the entries in file order.
func (c *Checker) Entries() []Entry { return slices.Clone(c.entries) }

// hit is one accepted match, in byte offsets of the flagged span.
type hit struct {
	start, end int
	entry      int
}

// Check returns the findings in one paragraph, ordered by position. Where
// two entries overlap, the one starting first wins, then the longer one.
func (c *Checker) Check(text string) []qinglian.Finding {
	var hits []hit
	c.ac.scan(text, func(end, id int) {
		e := &c.entries[id]
		start := end - len(e.match)
		if excepted(text[:start], e.NotAfter, strings.HasSuffix) ||
			excepted(text[end:], e.NotBefore, strings.HasPrefix) {
			return
		}
		s := start + e.pre
		hits = append(hits, hit{start: s, end: s + len(e.Wrong), entry: id})
	})
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return b.end - a.end
		}
		return a.entry - b.entry
	})
	kept := hits[:0]
	for _, h := range hits {
		if len(kept) > 0 && h.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, h)
	}
	return c.findings(text, kept)
}

func excepted(s string, list []string, has func(string, string) bool) bool {
	for _, x := range list {
		if has(s, x) {
			return true
		}
	}
	return false
}

// findings turns byte spans into findings with rune offsets. Offsets are
// counted the way []rune(text) counts them, so Text is always the span even
// in text that is not valid UTF-8.
func (c *Checker) findings(text string, hits []hit) []qinglian.Finding {
	out := make([]qinglian.Finding, 0, len(hits))
	pos, runes := 0, 0
	advance := func(to int) {
		for pos < to {
			_, n := utf8.DecodeRuneInString(text[pos:])
			pos += n
			runes++
		}
	}
	for _, h := range hits {
		advance(h.start)
		start := runes
		advance(h.end)
		e := &c.entries[h.entry]
		out = append(out, qinglian.Finding{
			Rule:       Rule,
			Category:   qinglian.Spelling,
			Severity:   e.Severity,
			Start:      start,
			End:        runes,
			Text:       text[h.start:h.end],
			Suggestion: e.Right,
			Message:    message(e),
			Reason:     fmt.Sprintf("据%s，规范写法为“%s”。", e.Source, e.Right),
		})
	}
	return out
}

func message(e *Entry) string {
	switch {
	case strings.Contains(e.Source, "异形词"):
		return fmt.Sprintf("异形词：“%s”宜用推荐词形“%s”", e.Wrong, e.Right)
	case e.Severity == qinglian.Error:
		return fmt.Sprintf("疑似错别字：“%s”应为“%s”", e.Wrong, e.Right)
	}
	return fmt.Sprintf("疑似错别字：“%s”一般应为“%s”", e.Wrong, e.Right)
}
