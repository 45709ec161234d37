package export

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"qinglian"
	"qinglian/input"
	"qinglian/review"
)

func TestDocxParagraphs(t *testing.T) {
	text := "2025年度述责述廉报告\n" +
		"2025年，我认真履行职责。现报告如下：\n" +
		"一、执行政治纪律和政治规矩情况\n" +
		"一是坚持理论学习，全年参加中心组学习12次。\n" +
		"（一）坚持民主集中制\n" +
		"二、履行管党治党责任方面。一是压实责任，签订责任书18份。\n" +
		"三、存在的不足\n" +
		"主要有2点不足：一是监督不够；二是调研不深。\n" +
		"下一步，我将持续改进。"
	doc, err := input.Read("r.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := review.New(review.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Review(doc, review.Options{})
	got := DocxParagraphs(doc, res.Sections)
	want := []int{0, 0, 1, 0, 2, 0, 1, 0, 0}
	if len(got) != len(want) {
		t.Fatalf("%d paragraphs", len(got))
	}
	for i, p := range got {
		if p.Text != doc.Paragraphs[i].Text || p.Heading != want[i] {
			t.Errorf("paragraph %d %q: heading %d, want %d (sections %+v)", i+1, p.Text, p.Heading, want[i], fmt.Sprint(res.Sections))
		}
	}

	// A level the source declares wins; sections outside the document
	// are ignored.
	doc = &qinglian.Document{Paragraphs: []qinglian.Paragraph{{Text: "概述", Level: 1}, {Text: "正文"}}}
	got = DocxParagraphs(doc, []qinglian.Section{{Level: 2, Numbering: "一、", Start: qinglian.Position{Paragraph: 9}}})
	if got[0].Heading != 1 || got[1].Heading != 0 {
		t.Errorf("declared levels: %+v", got)
	}
}

func TestMarkerLevel(t *testing.T) {
	for m, want := range map[string]int{
		"一、": 1, "十二、": 1, "（一）": 2, "(三)": 2, "1.": 3, "12．": 3, "3、": 3, "（1）": 4, "(2)": 4,
		"一是": 0, "首先": 0, "": 0, "、": 0, "①": 0,
	} {
		if got := markerLevel(m); got != want {
			t.Errorf("markerLevel(%q) = %d, want %d", m, got, want)
		}
	}
}

// TestDemoReportToDocx takes the demo's clean report the way the server
// will: read, review, export, and read the .docx back.
func TestDemoReportToDocx(t *testing.T) {
	data, err := os.ReadFile("../demo/reports/01-clean.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := input.Read("r.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := review.New(review.Config{})
	if err != nil {
		t.Fatal(err)
	}
	paras := DocxParagraphs(doc, eng.Review(doc, review.Options{}).Sections)
	var buf bytes.Buffer
	if err := WriteDocx(&buf, DocxReport{Unit: "市水利局", Position: "党组书记、局长", Name: "示例干部一", Paragraphs: paras}); err != nil {
		t.Fatal(err)
	}
	back, err := input.Read("r.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Paragraphs) != len(doc.Paragraphs)+1 {
		t.Fatalf("read back %d paragraphs, want %d", len(back.Paragraphs), len(doc.Paragraphs)+1)
	}
	var headings []string
	for i, p := range back.Paragraphs[1:] {
		if p.Text != doc.Paragraphs[i].Text {
			t.Errorf("paragraph %d: %q, want %q", i+1, p.Text, doc.Paragraphs[i].Text)
		}
		if p.Level > 0 {
			headings = append(headings, p.Text)
		}
	}
	if len(headings) != 6 || !strings.HasPrefix(headings[0], "一、") || !strings.HasPrefix(headings[5], "六、") {
		t.Errorf("headings %q", headings)
	}
}
