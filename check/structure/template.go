package structure

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"qinglian"
	"qinglian/check/internal/phrase"
)

// TemplateFile is the name of the default template in a lexicon file system.
const TemplateFile = "template.txt"

// Area is one entry of a template: a required content area of the body, or
// one of the closing parts (存在的不足, 下一步打算).
type Area struct {
	// Kind is qinglian.Body for a content area ("area" lines) and
	// qinglian.Shortcomings or qinglian.NextSteps for a part ("kind" lines).
	Kind     qinglian.SectionKind
	ID       string
	Name     string
	Required bool
	Keywords []string
	Source   string
	Line     int // line of the template file, for messages
}

// Template lists what a report must contain, in the order of the file.
type Template struct {
	Areas []Area

	areaWords *phrase.Trie // keyword → index into areaKeyword
	areaOf    []int        // keyword index → index into Areas
	partWords *phrase.Trie // keyword → index into Areas
}

// DefaultTemplate reads TemplateFile from fsys, normally lexicon.Default().
func DefaultTemplate(fsys fs.FS) (*Template, error) {
	f, err := fsys.Open(TemplateFile)
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	defer f.Close()
	t, err := ParseTemplate(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", TemplateFile, err)
	}
	return t, nil
}

// ParseTemplate reads a template in the line format documented in
// lexicon/data/template.txt: "area" or "kind", id, name, required|optional,
// comma-separated keywords and source, separated by tabs. An error names the
// line and what is wrong with it.
func ParseTemplate(r io.Reader) (*Template, error) {
	t := &Template{areaWords: phrase.New(), partWords: phrase.New()}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	seen := map[string]int{}
	kinds := map[qinglian.SectionKind]int{}
	nkw := 0
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("line %d: not UTF-8", line)
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		fields := strings.Split(strings.TrimRight(text, "\r"), "\t")
		if len(fields) != 6 {
			return nil, fmt.Errorf("line %d: want 6 tab-separated fields (type, id, name, required, keywords, source), got %d", line, len(fields))
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		a := Area{ID: fields[1], Name: fields[2], Source: fields[5], Line: line}
		switch fields[0] {
		case "area":
			a.Kind = qinglian.Body
		case "kind":
			switch qinglian.SectionKind(a.ID) {
			case qinglian.Shortcomings, qinglian.NextSteps:
				a.Kind = qinglian.SectionKind(a.ID)
			default:
				return nil, fmt.Errorf("line %d: kind id %q: want %q or %q", line, a.ID, qinglian.Shortcomings, qinglian.NextSteps)
			}
			if prev, ok := kinds[a.Kind]; ok {
				return nil, fmt.Errorf("line %d: kind %q already given on line %d", line, a.ID, prev)
			}
			kinds[a.Kind] = line
		default:
			return nil, fmt.Errorf("line %d: type %q: want \"area\" or \"kind\"", line, fields[0])
		}
		if !validID(a.ID) {
			return nil, fmt.Errorf("line %d: id %q: use ASCII letters, digits and '-'", line, a.ID)
		}
		if prev, ok := seen[a.ID]; ok {
			return nil, fmt.Errorf("line %d: id %q already used on line %d", line, a.ID, prev)
		}
		seen[a.ID] = line
		if a.Name == "" {
			return nil, fmt.Errorf("line %d: empty name", line)
		}
		switch fields[3] {
		case "required":
			a.Required = true
		case "optional":
		default:
			return nil, fmt.Errorf("line %d: required %q: want \"required\" or \"optional\"", line, fields[3])
		}
		a.Keywords = splitKeywords(fields[4])
		if len(a.Keywords) == 0 {
			return nil, fmt.Errorf("line %d: no keywords: a section cannot be matched to %q", line, a.Name)
		}
		if a.Source == "" {
			return nil, fmt.Errorf("line %d: empty source: every entry names the rule it comes from", line)
		}
		idx := len(t.Areas)
		t.Areas = append(t.Areas, a)
		for _, k := range a.Keywords {
			if a.Kind == qinglian.Body {
				t.areaWords.Add(k, nkw)
				t.areaOf = append(t.areaOf, idx)
				nkw++
			} else {
				t.partWords.Add(k, idx)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading template: %w", err)
	}
	if nkw == 0 {
		return nil, fmt.Errorf("no \"area\" line: a template needs at least one content area")
	}
	return t, nil
}

func splitKeywords(s string) []string {
	s = strings.NewReplacer("，", ",", "、", ",").Replace(s)
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
