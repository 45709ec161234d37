package export

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWriteProgressXLSX(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	rows := []ProgressRow{
		{Unit: "市水利局", Name: "示例干部一", Position: "党组书记、局长", State: "已公开",
			SubmittedAt: time.Date(2026, 1, 8, 9, 30, 0, 0, shanghai), Reviewer: "示例审核员一",
			UpdatedAt: time.Date(2026, 1, 12, 16, 5, 0, 0, shanghai)},
		{Unit: "市教育局", Name: "示例干部二", Position: "局长", State: "未开始"},
		// Hostile text: each would be a formula or a command if a
		// spreadsheet evaluated it.
		{Unit: "=1+1", Name: "@SUM(A1)", Position: "+cmd|' /C calc'!A0", State: "-2+3", Reviewer: "\t=HYPERLINK(\"http://x\")"},
	}
	var buf bytes.Buffer
	if err := WriteProgressXLSX(&buf, "2025年度述责述廉进度", rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "进度" {
		t.Fatalf("sheets %v", got)
	}
	const sh = ProgressSheet
	cell := func(ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cell("A1"); got != "2025年度述责述廉进度" {
		t.Errorf("title %q", got)
	}
	for i, h := range []string{"序号", "单位", "姓名", "职务", "状态", "提交时间", "审核人", "最后更新"} {
		ref, _ := excelize.CoordinatesToCellName(i+1, 2)
		if got := cell(ref); got != h {
			t.Errorf("header %s = %q, want %q", ref, got, h)
		}
	}
	// Header style: bold on a fill.
	sid, _ := f.GetCellStyle(sh, "B2")
	st, err := f.GetStyle(sid)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil || !st.Font.Bold || st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
		t.Errorf("header style %+v font %+v", st.Fill, st.Font)
	}
	for ref, want := range map[string]string{
		"A3": "1", "B3": "市水利局", "C3": "示例干部一", "D3": "党组书记、局长", "E3": "已公开",
		"F3": "2026-01-08 09:30", "G3": "示例审核员一", "H3": "2026-01-12 16:05",
		"A4": "2", "E4": "未开始", "F4": "", "H4": "",
		"B5": "=1+1", "C5": "@SUM(A1)", "D5": "+cmd|' /C calc'!A0", "E5": "-2+3", "G5": "=HYPERLINK(\"http://x\")",
	} {
		if got := cell(ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	// Dates are numbers with a date format, not text.
	if typ, _ := f.GetCellType(sh, "F3"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("F3 is a string cell")
	}
	raw, _ := f.GetCellValue(sh, "F3", excelize.Options{RawCellValue: true})
	if raw == "" || raw[0] < '0' || raw[0] > '9' {
		t.Errorf("F3 raw value %q, want an Excel serial date", raw)
	}
	// Formula injection: the hostile cells are strings with no formula.
	for _, ref := range []string{"B5", "C5", "D5", "E5", "G5"} {
		if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
			t.Errorf("%s has formula %q", ref, fm)
		}
		if typ, _ := f.GetCellType(sh, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s has type %v, want a string", ref, typ)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v", panes)
	}
	// Chinese columns are wide enough for their text.
	if w, _ := f.GetColWidth(sh, "D"); w < float64(displayWidth("党组书记、局长")) {
		t.Errorf("column D width %v", w)
	}
	if w, _ := f.GetColWidth(sh, "F"); w < 16 {
		t.Errorf("column F width %v", w)
	}
	// The autofilter covers the header and the data.
	name, ok := definedName(f, "_xlnm._FilterDatabase")
	if !ok || name != "'进度'!$A$2:$H$5" {
		t.Errorf("autofilter %q", name)
	}
}

func definedName(f *excelize.File, name string) (string, bool) {
	for _, d := range f.GetDefinedName() {
		if d.Name == name {
			return d.RefersTo, true
		}
	}
	return "", false
}

func TestWriteProgressXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteProgressXLSX(&buf, "", nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(ProgressSheet, "A2"); v != "序号" {
		t.Errorf("header A2 = %q", v)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "市水利局": 8, "党组书记、局长": 14, "A局1": 4} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
