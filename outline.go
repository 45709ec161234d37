package qinglian

// SectionKind tells what part of a report a section is.
type SectionKind string

const (
	Preamble     SectionKind = "preamble"     // title and opening before the first heading
	Body         SectionKind = "body"         // a numbered section reporting work
	Shortcomings SectionKind = "shortcomings" // 存在的不足, 反思不足
	NextSteps    SectionKind = "nextsteps"    // 下一步打算, 努力方向
)

// Point is one enumerated item within a section: 一是…, （一）…, 1.…
type Point struct {
	Marker string   `json:"marker"` // "一是", "（一）", "1."
	Title  string   `json:"title"`  // text up to the first full stop, or the whole item if short
	Start  Position `json:"start"`
	End    Position `json:"end"` // exclusive
	Facts  int      `json:"facts"`
}

// Section is a part of the report between two headings of the top level.
type Section struct {
	Kind      SectionKind `json:"kind"`
	Numbering string      `json:"numbering,omitempty"` // "一、", "（二）"; empty for an inline heading such as 下一步
	Title     string      `json:"title"`               // heading text without the numbering
	Level     int         `json:"level"`               // 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）
	Start     Position    `json:"start"`
	End       Position    `json:"end"` // exclusive
	Line      int         `json:"line"`
	Column    int         `json:"column"`
	Areas     []string    `json:"areas,omitempty"` // ids of template areas this section covers
	Points    []Point     `json:"points,omitempty"`
	Chars     int         `json:"chars"`                    // Han characters and digits in the section
	Facts     int         `json:"facts"`                    // concrete facts found in it
	FactsPerK float64     `json:"facts_per_1000"`           // facts per 1,000 characters
	StockPerK float64     `json:"stock_phrases_per_1000"`   // stock-phrase characters per 1,000 characters
	Declared  int         `json:"declared_count,omitempty"` // "主要有3点" → 3; 0 when nothing is declared
}

// AreaCoverage says whether one required content area of the template is
// covered, and where.
type AreaCoverage struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Source   string `json:"source"`
	Required bool   `json:"required"`
	Covered  bool   `json:"covered"`
	Sections []int  `json:"sections,omitempty"` // indices into Result.Sections
}

// FactKind is the kind of a concrete fact.
type FactKind string

const (
	Quantity FactKind = "quantity" // 76篇, 3波次, 十二次, 50%
	Title    FactKind = "title"    // 《…》
	Named    FactKind = "named"    // “…” named activity or slogan
	Date     FactKind = "date"     // 2022年, 3月15日
)

// Fact is one concrete, checkable item in the text.
type Fact struct {
	Kind      FactKind `json:"kind"`
	Text      string   `json:"text"`
	Paragraph int      `json:"paragraph"`
	Start     int      `json:"start"` // rune offsets within the paragraph
	End       int      `json:"end"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	Section   int      `json:"section"` // index into Result.Sections, -1 if none
}

// ShortcomingSummary compares the declared number of shortcomings with those found.
type ShortcomingSummary struct {
	Section  int     `json:"section"`  // index into Result.Sections, -1 if the report has none
	Declared int     `json:"declared"` // 0 when the text declares no number
	Found    int     `json:"found"`
	Items    []Point `json:"items,omitempty"`
	Empty    []int   `json:"empty,omitempty"` // indices into Items that carry no fact, only stock phrases
}
