package input

import (
	"encoding/xml"
	"strings"
)

// subtree tracks element depth and lets a streaming parser ignore the
// content of one element, such as the old properties a tracked change keeps.
type subtree struct {
	depth, until int
}

// step advances the depth for t and reports whether t lies in a skipped
// subtree. Calling skip from a StartElement skips that element's content.
func (s *subtree) step(t xml.Token) bool {
	switch t.(type) {
	case xml.StartElement:
		s.depth++
	case xml.EndElement:
		s.depth--
		if s.until > 0 && s.depth < s.until {
			s.until = 0
			return true // the skipped element's own end
		}
	}
	return s.until > 0
}

func (s *subtree) skip() { s.until = s.depth }

// style is what a paragraph style contributes to headings and numbering.
type style struct {
	name, basedOn string
	outline       int // w:outlineLvl, -1 if not set
	numID         string
	hasNumID      bool
	ilvl          int // -1 if not set
}

// styles is word/styles.xml, read for heading levels and numbering.
type styles struct {
	byID        map[string]*style
	defaultPara string // styleId of the default paragraph style
	tree        subtree
	cur         *style
	curID       string
}

func newStyles() *styles { return &styles{byID: map[string]*style{}} }

func (s *styles) token(t xml.Token) *Error {
	if s.tree.step(t) {
		return nil
	}
	switch t := t.(type) {
	case xml.StartElement:
		if !isWSpace(t.Name) {
			return nil
		}
		if skipped[t.Name.Local] {
			s.tree.skip()
			return nil
		}
		if t.Name.Local == "style" {
			s.cur = &style{outline: -1, ilvl: -1}
			s.curID = wAttr(t, "styleId")
			if wAttr(t, "type") == "paragraph" && onOffAttr(wAttr(t, "default")) && s.defaultPara == "" {
				s.defaultPara = s.curID
			}
			return nil
		}
		if s.cur == nil {
			return nil
		}
		switch t.Name.Local {
		case "name":
			s.cur.name = wVal(t)
		case "basedOn":
			s.cur.basedOn = wVal(t)
		case "outlineLvl":
			s.cur.outline = atoiOr(wVal(t), -1)
		case "numId":
			s.cur.numID, s.cur.hasNumID = wVal(t), true
		case "ilvl":
			s.cur.ilvl = atoiOr(wVal(t), -1)
		}
	case xml.EndElement:
		if isW(t.Name, "style") && s.cur != nil {
			if _, dup := s.byID[s.curID]; !dup {
				s.byID[s.curID] = s.cur
			}
			s.cur = nil
		}
	}
	return nil
}

func isWSpace(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

func onOffAttr(v string) bool { return v == "1" || v == "true" || v == "on" }

// chain calls fn with the style and the styles it is based on, nearest
// first, until fn returns true. Cycles and long chains stop after 16 steps.
func (s *styles) chain(id string, fn func(id string, st *style) bool) {
	for range 16 {
		st := s.byID[id]
		if st == nil || fn(id, st) {
			return
		}
		id = st.basedOn
	}
}

// headingLevel is the heading level (1–9) a paragraph style gives, from
// its outline level or, for documents written without one, from a name or
// id such as "heading 2", "Heading2" or "标题 2"; 0 for body text.
func (s *styles) headingLevel(id string) int {
	level := 0
	s.chain(id, func(id string, st *style) bool {
		if st.outline >= 0 {
			if st.outline <= 8 {
				level = st.outline + 1
			}
			return true
		}
		if n := numberedName(st.name, "heading", "标题"); n > 0 {
			level = n
			return true
		}
		if n := numberedName(id, "heading", "标题"); n > 0 {
			level = n
			return true
		}
		return false
	})
	return level
}

// isTOC reports a table-of-contents entry style ("toc 1", "目录 1").
func (s *styles) isTOC(id string) bool {
	toc := false
	if st := s.byID[id]; st != nil {
		toc = numberedName(st.name, "toc", "目录") > 0
	}
	return toc || numberedName(id, "toc", "目录") > 0
}

// numberedName matches a prefix followed by one digit 1–9, ignoring case
// and spaces: numberedName("Heading 2", "heading") == 2.
func numberedName(name string, prefixes ...string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(n, p); ok && len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9' {
			return int(rest[0] - '0')
		}
	}
	return 0
}

// numbering returns the numbering a paragraph style (or one it is based on)
// carries, with its level or -1.
func (s *styles) numbering(id string) (string, int) {
	numID, ilvl := "", -1
	s.chain(id, func(_ string, st *style) bool {
		if st.hasNumID {
			numID, ilvl = st.numID, st.ilvl
			return true
		}
		return false
	})
	return numID, ilvl
}

// level is one w:lvl of a list definition.
type level struct {
	start   int
	format  string // numFmt
	text    string // lvlText, "%1、"
	restart int    // lvlRestart, -1 if not set
	legal   bool   // isLgl: show every level in decimal
	pStyle  string
}

type abstractNum struct {
	levels       [9]*level
	numStyleLink string
}

type override struct {
	start    int
	hasStart bool
	lvl      *level
}

type numInstance struct {
	abstractID string
	overrides  map[int]*override
	used       bool
}

// counters holds the running numbers of one list definition.
type counters struct {
	value [9]int
	seen  [9]bool
}

// numbering is word/numbering.xml plus the counters Word keeps while it
// lays the document out, so that each paragraph gets the label Word shows.
type numbering struct {
	styles    *styles
	abstracts map[string]*abstractNum
	nums      map[string]*numInstance
	state     map[string]*counters

	tree   subtree
	curAbs *abstractNum
	curNum *numInstance
	curOv  *override
	curLvl *level
}

func newNumbering(st *styles) *numbering {
	return &numbering{
		styles:    st,
		abstracts: map[string]*abstractNum{},
		nums:      map[string]*numInstance{},
		state:     map[string]*counters{},
	}
}

func (n *numbering) token(t xml.Token) *Error {
	if n.tree.step(t) {
		return nil
	}
	switch t := t.(type) {
	case xml.StartElement:
		if !isWSpace(t.Name) {
			return nil
		}
		if skipped[t.Name.Local] {
			n.tree.skip()
			return nil
		}
		n.start(t)
	case xml.EndElement:
		if !isWSpace(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "abstractNum":
			n.curAbs = nil
		case "num":
			n.curNum = nil
		case "lvlOverride":
			n.curOv = nil
		case "lvl":
			n.curLvl = nil
		}
	}
	return nil
}

func (n *numbering) start(se xml.StartElement) {
	switch se.Name.Local {
	case "abstractNum":
		n.curAbs = &abstractNum{}
		if id := wAttr(se, "abstractNumId"); n.abstracts[id] == nil {
			n.abstracts[id] = n.curAbs
		}
	case "num":
		n.curNum = &numInstance{overrides: map[int]*override{}}
		if id := wAttr(se, "numId"); n.nums[id] == nil {
			n.nums[id] = n.curNum
		}
	case "abstractNumId":
		if n.curNum != nil {
			n.curNum.abstractID = wVal(se)
		}
	case "lvlOverride":
		if n.curNum != nil {
			if i := atoiOr(wAttr(se, "ilvl"), -1); i >= 0 && i < 9 {
				n.curOv = &override{}
				n.curNum.overrides[i] = n.curOv
			}
		}
	case "startOverride":
		if n.curOv != nil {
			n.curOv.start, n.curOv.hasStart = atoiOr(wVal(se), 0), true
		}
	case "numStyleLink":
		if n.curAbs != nil {
			n.curAbs.numStyleLink = wVal(se)
		}
	case "lvl":
		i := atoiOr(wAttr(se, "ilvl"), -1)
		if i < 0 || i >= 9 {
			return
		}
		// ECMA-376 17.9.26: without w:start a level starts at zero.
		n.curLvl = &level{format: "decimal", restart: -1}
		switch {
		case n.curOv != nil:
			n.curOv.lvl = n.curLvl
		case n.curAbs != nil:
			n.curAbs.levels[i] = n.curLvl
		}
	}
	if n.curLvl == nil {
		return
	}
	switch se.Name.Local {
	case "start":
		n.curLvl.start = atoiOr(wVal(se), 0)
	case "numFmt":
		// Word 2010 writes w14 custom formats in mc:Choice and a plain
		// fallback after it; the fallback is the one read here.
		if v := wVal(se); v != "custom" {
			n.curLvl.format = v
		}
	case "lvlText":
		n.curLvl.text = wVal(se)
	case "lvlRestart":
		n.curLvl.restart = atoiOr(wVal(se), -1)
	case "isLgl":
		n.curLvl.legal = onOff(se)
	case "pStyle":
		n.curLvl.pStyle = wVal(se)
	}
}

// abstract resolves a numId to its list definition and the key of its
// counters, following a numStyleLink to the definition it names.
func (n *numbering) abstract(numID string) (*numInstance, *abstractNum, string) {
	inst := n.nums[numID]
	if inst == nil {
		return nil, nil, ""
	}
	id := inst.abstractID
	abs := n.abstracts[id]
	for range 4 {
		if abs == nil || abs.numStyleLink == "" {
			break
		}
		linked, _ := n.styles.numbering(abs.numStyleLink)
		li := n.nums[linked]
		if li == nil || n.abstracts[li.abstractID] == nil {
			break
		}
		id, abs = li.abstractID, n.abstracts[li.abstractID]
	}
	return inst, abs, id
}

// levelDef returns the definition of level i for a numbering instance.
func levelDef(inst *numInstance, abs *abstractNum, i int) *level {
	if ov := inst.overrides[i]; ov != nil && ov.lvl != nil {
		return ov.lvl
	}
	return abs.levels[i]
}

// startOf is the first number of level i.
func startOf(inst *numInstance, abs *abstractNum, i int) int {
	if ov := inst.overrides[i]; ov != nil && ov.hasStart {
		return ov.start
	}
	if l := levelDef(inst, abs, i); l != nil {
		return l.start
	}
	return 0
}

// levelForStyle is the level of a list whose w:lvl names the style, for a
// paragraph whose style carries a numId without a level; 0 otherwise.
func (n *numbering) levelForStyle(numID, style string) int {
	_, abs, _ := n.abstract(numID)
	if abs != nil && style != "" {
		for i, l := range abs.levels {
			if l != nil && l.pStyle == style {
				return i
			}
		}
	}
	return 0
}

// next advances the counters for a paragraph numbered numID at level ilvl
// and returns the label Word shows, such as "一、" or "（二）"; "" for no
// numbering, bullets, and levels the document does not define.
//
// Counters belong to the list definition (abstractNum), not to the numId:
// Word continues a list across numIds that share a definition, and a numId
// with a startOverride restarts it the first time it is used.
func (n *numbering) next(numID string, ilvl int) string {
	if numID == "" || numID == "0" || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	inst, abs, key := n.abstract(numID)
	if abs == nil {
		return ""
	}
	lvl := levelDef(inst, abs, ilvl)
	if lvl == nil || lvl.format == "bullet" {
		return ""
	}
	c := n.state[key]
	if c == nil {
		c = &counters{}
		n.state[key] = c
	}
	if !inst.used {
		inst.used = true
		for i, ov := range inst.overrides {
			if ov.hasStart || ov.lvl != nil {
				c.seen[i] = false
			}
		}
	}
	if c.seen[ilvl] {
		c.value[ilvl]++
	} else {
		c.value[ilvl], c.seen[ilvl] = startOf(inst, abs, ilvl), true
	}
	// A deeper level restarts after this one unless its lvlRestart says
	// it restarts only after a higher level, or never (0).
	for d := ilvl + 1; d < 9; d++ {
		r := d
		if l := levelDef(inst, abs, d); l != nil && l.restart >= 0 {
			r = l.restart
		}
		if ilvl < r {
			c.seen[d] = false
		}
	}
	return n.label(inst, abs, lvl, c)
}

// label expands lvlText: %1 … %9 are the current numbers of levels 1–9.
func (n *numbering) label(inst *numInstance, abs *abstractNum, lvl *level, c *counters) string {
	var b strings.Builder
	t := lvl.text
	for i := 0; i < len(t); i++ {
		if t[i] == '%' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9' {
			k := int(t[i+1] - '1')
			i++
			v := startOf(inst, abs, k)
			if c.seen[k] {
				v = c.value[k]
			}
			format := "decimal"
			if l := levelDef(inst, abs, k); l != nil {
				format = l.format
			}
			if lvl.legal && format != "none" {
				format = "decimal"
			}
			b.WriteString(formatNumber(v, format))
			continue
		}
		b.WriteByte(t[i])
	}
	return b.String()
}
