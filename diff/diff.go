// Package diff compares two versions of a report so a reviewer sees what
// the writer changed: which paragraphs were added, removed, moved or
// rewritten (Paragraphs), and within a rewritten paragraph which characters
// (Runes). Chinese has no spaces between words, so the character level is
// the rune; tiny unchanged islands inside a rewrite — a lone 的 or 在 — are
// folded into the change around them, so the result reads as whole words
// replaced rather than confetti.
//
// Both functions are bounded: they run Myers' O(ND) algorithm with a work
// budget, fall back to clauses (text between punctuation) when the runes of
// a paragraph are too far apart, and to "the old paragraph, then the new
// one" when even that is too much. Two 200,000-character reports compare in
// well under a second whatever their content. Whatever the budget did, the
// result is exact: the ops rebuild both texts.
package diff

import (
	"strings"
	"unicode/utf8"
)

// Kind says what happened to a paragraph (Op) or a piece of text (Span).
type Kind int

const (
	// Equal: unchanged. An Op's Old and New are the same paragraph.
	Equal Kind = iota
	// Insert: only in the new version. A Span's Text is inserted; an Op's
	// New is an added paragraph.
	Insert
	// Delete: only in the old version. A Span's Text is removed; an Op's
	// Old is a removed paragraph.
	Delete
	// Change (Op only): paragraph Old was rewritten as New; Spans say how.
	Change
)

// String returns the kind's name in English, for tests and logs.
func (k Kind) String() string {
	switch k {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	case Change:
		return "change"
	}
	return "kind(?)"
}

// MarshalText writes the kind's name, so JSON carries "change", not 3.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Span is a piece of a rewritten paragraph: Equal text is in both versions,
// Delete text only in the old, Insert text only in the new. The Equal and
// Delete spans, in order, spell the old paragraph; the Equal and Insert
// spans spell the new one.
type Span struct {
	Kind Kind   `json:"kind"`
	Text string `json:"text"`
}

// Op is one step of a paragraph-level comparison. Taken in order, the Old
// of every Equal, Delete and Change op spells the old paragraphs and the New
// of every Equal, Insert and Change op spells the new ones.
//
// OldIndex and NewIndex are 0-based positions in the slices given to
// Paragraphs, -1 where the op has no paragraph on that side — except for a
// moved paragraph: a Delete whose exact text is inserted elsewhere has
// Moved set and NewIndex naming where it went, and the matching Insert has
// Moved set and OldIndex naming where it came from.
type Op struct {
	Kind     Kind   `json:"kind"`
	Old      string `json:"old,omitempty"`
	New      string `json:"new,omitempty"`
	OldIndex int    `json:"old_index"`
	NewIndex int    `json:"new_index"`
	Moved    bool   `json:"moved,omitempty"`
	// Spans is set for Change: the rune-level difference of Old and New.
	// When the work budget is spent it is one Delete of Old and one Insert
	// of New.
	Spans []Span `json:"spans,omitempty"`
}

// Limits of the work done, in steps of the Myers search (one step is one
// comparison of two elements or one diagonal visited). A step costs a few
// nanoseconds, so the largest budget is some tens of milliseconds.
const (
	// RuneWork bounds the rune-level search within one paragraph pair;
	// beyond it the pair is compared clause by clause.
	RuneWork = 2_000_000
	// ClauseWork bounds the clause-level search within one paragraph pair.
	ClauseWork = 1_000_000
	// ParagraphWork bounds the paragraph-level alignment of two reports.
	ParagraphWork = 20_000_000
	// TotalRuneWork bounds the rune- and clause-level work over all the
	// rewritten paragraphs of one Paragraphs call; once it is spent, the
	// remaining Change ops get whole-paragraph spans.
	TotalRuneWork = 40_000_000
)

// island is the longest unchanged run that is folded into the change
// around it; see cleanup.
const island = 4

// Runes returns the difference of two versions of one paragraph as spans.
// Equal texts give one Equal span; empty texts give no spans. Bytes that
// are not UTF-8 come back as U+FFFD, as Go's []rune conversion makes them.
func Runes(old, new string) []Span {
	return runes(old, new, &budget{left: TotalRuneWork})
}

// runes compares at the rune level within RuneWork, else clause by clause
// within ClauseWork, else wholesale; total is the caller's overall budget.
func runes(old, new string, total *budget) []Span {
	if old == new {
		if old == "" {
			return nil
		}
		return []Span{{Equal, old}}
	}
	a, b := []rune(old), []rune(new)
	lim := min(RuneWork, max(total.left, 0))
	bud := budget{left: lim}
	script := sequence(a, b, &bud)
	total.take(lim - bud.left)
	if !bud.spent {
		return cleanup(spansOf(script, a, b))
	}
	ca, cb := clauses(old), clauses(new)
	lim = min(ClauseWork, max(total.left, 0))
	bud = budget{left: lim}
	script = sequence(ca, cb, &bud)
	total.take(lim - bud.left)
	if !bud.spent {
		return cleanup(spansOf(script, ca, cb))
	}
	return wholesale(old, new)
}

// wholesale is the answer when no finer one is affordable.
func wholesale(old, new string) []Span {
	var out []Span
	if old != "" {
		out = append(out, Span{Delete, old})
	}
	if new != "" {
		out = append(out, Span{Insert, new})
	}
	return out
}

// spansOf turns an edit script over a and b (runes or clauses) into spans.
func spansOf[T rune | string](script []edit, a, b []T) []Span {
	out := make([]Span, 0, len(script))
	i, j := 0, 0
	for _, e := range script {
		var s []T
		switch e.kind {
		case Equal:
			s = a[i : i+e.n]
			i += e.n
			j += e.n
		case Delete:
			s = a[i : i+e.n]
			i += e.n
		case Insert:
			s = b[j : j+e.n]
			j += e.n
		}
		out = append(out, Span{e.kind, join(s)})
	}
	return out
}

func join[T rune | string](s []T) string {
	var b strings.Builder
	for _, x := range s {
		b.WriteString(string(x))
	}
	return b.String()
}

// clauses splits text after each punctuation mark, so a clause keeps its
// mark: "一是……；二是……。" → "一是……；", "二是……。". The pieces join back
// to text.
func clauses(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if isClauseEnd(r) {
			end := i + utf8.RuneLen(r)
			out = append(out, text[start:end])
			start = end
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

func isClauseEnd(r rune) bool {
	switch r {
	case '。', '；', '，', '、', '：', '？', '！', '…', ';', ',', ':', '?', '!', '.', '\t', ' ', '　':
		return true
	}
	return false
}

// cleanup makes spans readable. Runs of deletions and insertions between
// two unchanged pieces become one Delete followed by one Insert, and an
// unchanged island of at most `island` runes between two changes is
// folded into them when it is no longer than the change on either side
// (the rule of diff-match-patch's semantic clean-up, capped so that real
// unchanged text stays visible). Folding one island can make its neighbour
// foldable, so it repeats, a bounded number of times: each pass is linear.
func cleanup(spans []Span) []Span {
	spans = coalesce(spans)
	for range 8 {
		next := make([]Span, 0, len(spans)+2)
		folded := false
		for i, s := range spans {
			if s.Kind == Equal && i > 0 && i+1 < len(spans) {
				n := utf8.RuneCountInString(s.Text)
				before, after := changeLen(spans, i, -1), changeLen(spans, i, +1)
				if n <= island && n <= before && n <= after {
					next = append(next, Span{Delete, s.Text}, Span{Insert, s.Text})
					folded = true
					continue
				}
			}
			next = append(next, s)
		}
		spans = coalesce(next)
		if !folded {
			break
		}
	}
	return spans
}

// changeLen is the longer of the deleted and inserted text, in runes, in
// the run of changes next to spans[i] in direction dir.
func changeLen(spans []Span, i, dir int) int {
	del, ins := 0, 0
	for j := i + dir; j >= 0 && j < len(spans) && spans[j].Kind != Equal; j += dir {
		n := utf8.RuneCountInString(spans[j].Text)
		if spans[j].Kind == Delete {
			del += n
		} else {
			ins += n
		}
	}
	return max(del, ins)
}

// coalesce joins neighbouring spans of a kind, drops empty ones and puts
// every run of changes in the order Delete, Insert.
func coalesce(spans []Span) []Span {
	out := spans[:0:0]
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Span{Delete, del.String()})
			del.Reset()
		}
		if ins.Len() > 0 {
			out = append(out, Span{Insert, ins.String()})
			ins.Reset()
		}
	}
	for _, s := range spans {
		switch {
		case s.Text == "":
		case s.Kind == Delete:
			del.WriteString(s.Text)
		case s.Kind == Insert:
			ins.WriteString(s.Text)
		default:
			flush()
			if l := len(out); l > 0 && out[l-1].Kind == Equal {
				out[l-1].Text += s.Text
			} else {
				out = append(out, s)
			}
		}
	}
	flush()
	return out
}
