package input

import (
	"strings"
	"unicode/utf8"

	"qinglian"
)

// markdownLines reads the Markdown a report is likely to be written in, one
// paragraph per source line so that every finding keeps its exact line and
// column: ATX and setext headings set Level, block quote markers are
// stripped, fenced code, HTML comments, front matter and thematic breaks are
// skipped, and each cell of a pipe table is a paragraph of its own. List
// markers and emphasis stay in the text; the checks read 一、 and 1. there.
func markdownLines(text string, emit func(qinglian.Paragraph) *Error) *Error {
	var (
		fence     string // the opening fence while inside fenced code
		comment   bool   // inside <!-- -->
		inTable   bool
		pending   *qinglian.Paragraph // last text line, held back in case a setext underline follows
		frontLine = 0                 // the line a "---" front matter opened on, 0 if none
	)
	flush := func() *Error {
		if pending == nil {
			return nil
		}
		p := *pending
		pending = nil
		return emit(p)
	}
	// Lines are walked with a cursor rather than split into a slice: a file
	// of 64 MiB of newlines would otherwise take a gigabyte of headers.
	rest := text
	for n := 1; rest != ""; n++ {
		var line string
		line, rest = nextLine(rest)
		if n == 1 && strings.TrimRight(line, " \t") == "---" && hasFrontMatterEnd(rest) {
			frontLine = 1
			continue
		}
		if frontLine > 0 {
			if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
				frontLine = 0
			}
			continue
		}
		if fence != "" {
			if closesFence(line, fence) {
				fence = ""
			}
			continue
		}
		if comment {
			if strings.Contains(line, "-->") {
				comment = false
			}
			continue
		}

		// Block quote markers: "> ", nested "> > ", up to three spaces before each.
		body, col := line, 1
		for {
			rest, skipped := cutIndent(body, 3)
			if !strings.HasPrefix(rest, ">") {
				break
			}
			rest = rest[1:]
			skipped++
			if strings.HasPrefix(rest, " ") {
				rest = rest[1:]
				skipped++
			}
			body, col = rest, col+skipped
		}
		t, skipped := trimLine(body)
		col += skipped
		if t == "" {
			inTable = false
			if err := flush(); err != nil {
				return err
			}
			continue
		}

		switch {
		case isFence(t):
			fence = fenceMarker(t)
			inTable = false
			if err := flush(); err != nil {
				return err
			}
			continue
		case strings.HasPrefix(t, "<!--"):
			if err := flush(); err != nil {
				return err
			}
			if !strings.Contains(t[4:], "-->") {
				comment = true
			}
			continue
		case pending != nil && !inTable && isSetextUnderline(t):
			if t[0] == '=' {
				pending.Level = 1
			} else {
				pending.Level = 2
			}
			if err := flush(); err != nil {
				return err
			}
			continue
		case isThematicBreak(t):
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if err := flush(); err != nil {
			return err
		}

		if level, title, off := atxHeading(t); level > 0 {
			if title != "" {
				if err := emit(qinglian.Paragraph{Text: title, Line: n, Column: col + off, Level: level}); err != nil {
					return err
				}
			}
			continue
		}

		if strings.Contains(t, "|") && (inTable || isDelimiterRow(peekLine(rest))) {
			inTable = true
			if isDelimiterRow(t) {
				continue
			}
			if err := tableCells(t, n, col, emit); err != nil {
				return err
			}
			continue
		}
		inTable = false
		pending = &qinglian.Paragraph{Text: t, Line: n, Column: col}
	}
	return flush()
}

// nextLine returns the first line of s, without its ending, and the text
// after it. A line ends at "\r\n", "\n" or a lone "\r", as in eachLine.
func nextLine(s string) (line, rest string) {
	i := strings.IndexAny(s, "\r\n")
	if i < 0 {
		return s, ""
	}
	line = s[:i]
	if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
		i++
	}
	return line, s[i+1:]
}

func peekLine(s string) string {
	line, _ := nextLine(s)
	return line
}

// cutIndent strips up to max leading spaces and returns how many it took.
func cutIndent(s string, max int) (string, int) {
	i := 0
	for i < len(s) && i < max && s[i] == ' ' {
		i++
	}
	return s[i:], i
}

func hasFrontMatterEnd(s string) bool {
	for s != "" {
		var l string
		l, s = nextLine(s)
		if t := strings.TrimRight(l, " \t"); t == "---" || t == "..." {
			return true
		}
	}
	return false
}

func isFence(t string) bool {
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// fenceMarker returns the run of fence characters that opens a code block.
func fenceMarker(t string) string {
	i := 0
	for i < len(t) && t[i] == t[0] {
		i++
	}
	return t[:i]
}

// closesFence: a closing fence uses the same character, at least as many of
// them, and nothing else on the line.
func closesFence(line, fence string) bool {
	t, _ := trimLine(line)
	m := fenceMarker(t)
	return m != "" && m[0] == fence[0] && len(m) >= len(fence) && m == t
}

func isSetextUnderline(t string) bool {
	c := t[0]
	if c != '=' && c != '-' {
		return false
	}
	return strings.Trim(t, string(c)) == ""
}

// isThematicBreak: three or more of the same *, - or _ with optional spaces.
func isThematicBreak(t string) bool {
	c := t[0]
	if c != '*' && c != '-' && c != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// atxHeading parses "## 标题 ##" and returns the level, the title and its
// rune offset within t.
func atxHeading(t string) (int, string, int) {
	level := 0
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return 0, "", 0
	}
	rest := t[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "", 0 // "#标签" is text, not a heading
	}
	title, skipped := trimLine(rest)
	// An optional closing run of # after a space is not part of the title.
	if j := strings.TrimRight(title, "#"); len(j) < len(title) {
		if j == "" {
			title = ""
		} else if strings.HasSuffix(j, " ") || strings.HasSuffix(j, "\t") {
			title, _ = trimLine(j)
		}
	}
	return level, title, level + skipped
}

// isDelimiterRow matches a pipe table's "|---|:---:|" row.
func isDelimiterRow(line string) bool {
	t, _ := trimLine(line)
	dash := false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash && strings.Contains(t, "|")
}

// tableCells emits each non-empty cell of a pipe table row. col is the
// column where row starts.
func tableCells(row string, n, col int, emit func(qinglian.Paragraph) *Error) *Error {
	start := 0 // byte offset of the current cell in row
	if strings.HasPrefix(row, "|") {
		start = 1
	}
	for start <= len(row) {
		end := strings.IndexByte(row[start:], '|')
		for end > 0 && row[start+end-1] == '\\' { // "\|" is a literal bar
			next := strings.IndexByte(row[start+end+1:], '|')
			if next < 0 {
				end = -1
				break
			}
			end += 1 + next
		}
		cell := row[start:]
		if end >= 0 {
			cell = row[start : start+end]
		}
		if t, skipped := trimLine(cell); t != "" {
			c := col + utf8.RuneCountInString(row[:start]) + skipped
			if err := emit(qinglian.Paragraph{Text: t, Line: n, Column: c, InTable: true}); err != nil {
				return err
			}
		}
		if end < 0 {
			break
		}
		start += end + 1
	}
	return nil
}
