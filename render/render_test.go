package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"qinglian"
	"qinglian/review"
)

func finding(para, start, end int, sev qinglian.Severity, text string) qinglian.Finding {
	return qinglian.Finding{Rule: "t.rule", Category: qinglian.Punctuation, Severity: sev,
		Paragraph: para, Line: para, Column: start + 1, Start: start, End: end, Text: text, Message: "问题" + text}
}

// TestSegments: overlapping findings split the text so each stays visible,
// the overlap takes the worst severity, and the text is kept whole.
func TestSegments(t *testing.T) {
	text := "甲乙丙丁戊己"
	all := []qinglian.Finding{
		finding(1, 1, 4, qinglian.Warning, "乙丙丁"),
		finding(1, 2, 3, qinglian.Error, "丙"),
		finding(1, 5, 9, qinglian.Info, "己"), // past the end: clamped
	}
	segs := Segments(text, all, []int{0, 1, 2})
	var got []string
	var joined strings.Builder
	for _, s := range segs {
		got = append(got, s.Text+":"+s.Class)
		joined.WriteString(s.Text)
	}
	want := "甲:|乙:warning|丙:error|丁:warning|戊:|己:info"
	if strings.Join(got, "|") != want {
		t.Errorf("segments %q, want %q", strings.Join(got, "|"), want)
	}
	if joined.String() != text {
		t.Errorf("text changed: %q", joined.String())
	}
	// The anchor of finding 1 sits on its first run only.
	firsts := 0
	for _, s := range segs {
		for _, r := range s.Findings {
			if r.N == 1 && r.First {
				firsts++
			}
		}
	}
	if firsts != 1 {
		t.Errorf("finding 1 anchored %d times", firsts)
	}
}

func TestHTMLEscapesReportText(t *testing.T) {
	d := &qinglian.Document{Name: "<b>.txt", Format: "text", Paragraphs: []qinglian.Paragraph{
		{Text: "正文<script>alert(1)</script>。。", Line: 1, Column: 1},
	}}
	r := &review.Result{Schema: review.Schema, Document: review.DocumentInfo{Name: d.Name, Format: "text", Paragraphs: 1},
		Findings: []qinglian.Finding{finding(1, 27, 29, qinglian.Error, "。。")}}
	r.Findings[0].Start, r.Findings[0].End = len([]rune("正文<script>alert(1)</script>")), len([]rune("正文<script>alert(1)</script>。。"))
	var b bytes.Buffer
	if err := HTML(&b, d, r); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>.txt") {
		t.Error("report text reached the page unescaped")
	}
	if !strings.Contains(page, `<mark class="error" title="问题。。">。。</mark>`) {
		t.Errorf("finding not highlighted:\n%s", page)
	}
}

func TestTextGroupsBySection(t *testing.T) {
	d := &qinglian.Document{Name: "r.txt", Paragraphs: []qinglian.Paragraph{
		{Text: "一、甲方面", Line: 1, Column: 1},
		{Text: "内容。。", Line: 2, Column: 1},
		{Text: "二、乙方面", Line: 3, Column: 1},
		{Text: "内容，，", Line: 4, Column: 1},
	}}
	r := &review.Result{
		Document: review.DocumentInfo{Name: "r.txt", Format: "text"},
		Sections: []qinglian.Section{
			{Kind: qinglian.Body, Numbering: "一、", Title: "甲方面", Start: qinglian.Position{Paragraph: 1}, End: qinglian.Position{Paragraph: 3}},
			{Kind: qinglian.Body, Numbering: "二、", Title: "乙方面", Start: qinglian.Position{Paragraph: 3}, End: qinglian.Position{Paragraph: 4, Offset: 4}},
		},
		Findings: []qinglian.Finding{
			{Rule: "structure.missing-area", Category: qinglian.Structure, Paragraph: 1, Line: 1, Column: 1, Message: "缺少"},
			finding(2, 2, 4, qinglian.Error, "。。"),
			finding(4, 2, 4, qinglian.Error, "，，"),
		},
	}
	var b bytes.Buffer
	if err := Text(&b, d, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	whole, one, two := strings.Index(out, "全文"), strings.Index(out, "== 一、甲方面"), strings.Index(out, "== 二、乙方面")
	f1, f2 := strings.Index(out, "问题。。"), strings.Index(out, "问题，，")
	if whole < 0 || one < 0 || two < 0 || !(whole < one && one < f1 && f1 < two && two < f2) {
		t.Errorf("findings not grouped under their sections:\n%s", out)
	}
	// The caret line sits under the span: two wide characters before it.
	if !strings.Contains(out, "      内容。。\n          ^^^^\n") {
		t.Errorf("caret line misplaced:\n%s", out)
	}
}

func TestLinesEncoderWritesEmptyArrays(t *testing.T) {
	var b bytes.Buffer
	enc := NewLinesEncoder(&b)
	if err := enc.Encode(1, nil); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(2, []qinglian.Finding{finding(2, 0, 1, qinglian.Info, "x")}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"findings":[]`) {
		t.Fatalf("got %q", b.String())
	}
	var rec LineResult
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil || rec.Line != 2 || len(rec.Findings) != 1 {
		t.Errorf("record %+v, err %v", rec, err)
	}
}

func TestExcerptAndWidth(t *testing.T) {
	before, span, after := excerpt("一二三四五六七八九十", 4, 6, 2)
	if before != "…三四" || span != "五六" || after != "七八…" {
		t.Errorf("excerpt = %q %q %q", before, span, after)
	}
	if w := displayWidth("中a，"); w != 5 {
		t.Errorf("displayWidth = %d, want 5", w)
	}
}
