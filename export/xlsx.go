package export

import (
	"fmt"
	"io"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ProgressRow is one participant on a campaign's progress board. Times are
// written as their wall clock in their own location (Excel dates have no
// zone), so pass local time; a zero time leaves the cell empty.
type ProgressRow struct {
	Unit        string    // 单位
	Name        string    // 姓名
	Position    string    // 职务
	State       string    // 状态, the Chinese name, e.g. "已提交"
	SubmittedAt time.Time // 提交时间
	Reviewer    string    // 审核人
	UpdatedAt   time.Time // 最后更新
}

// ProgressSheet is the name of the board's worksheet.
const ProgressSheet = "进度"

// progressHeader is the board's header row; 序号 is the row's number.
var progressHeader = []string{"序号", "单位", "姓名", "职务", "状态", "提交时间", "审核人", "最后更新"}

// dateFormat is how the two time columns show.
const dateFormat = "yyyy-mm-dd hh:mm"

// WriteProgressXLSX writes a campaign's progress board as an Excel
// workbook: the title in the first row, the header in the second (bold, on
// a fill, frozen with everything above it, with an autofilter), one row per
// participant below, times as real Excel dates. Every text is written as a
// string cell, never as a formula, so a name such as "=1+1" or
// "@SUM(A1)" stays text (OWASP "CSV injection").
func WriteProgressXLSX(w io.Writer, title string, rows []ProgressRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildProgress(f, title, rows); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func buildProgress(f *excelize.File, title string, rows []ProgressRow) error {
	const sh = ProgressSheet
	if err := f.SetSheetName(f.GetSheetName(0), sh); err != nil {
		return err
	}
	title = oneLine(title)
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "qinglian", Language: "zh-CN"}); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(progressHeader))

	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	headerStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Border:    borders(),
	})
	if err != nil {
		return err
	}
	format := dateFormat
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format, Border: borders()})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{Border: borders()})
	if err != nil {
		return err
	}

	// Row 1: the title across the columns.
	if err := f.SetCellStr(sh, "A1", title); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A1", lastCol+"1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", lastCol+"1", titleStyle); err != nil {
		return err
	}
	// Row 2: the header.
	widths := make([]int, len(progressHeader))
	for i, h := range progressHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
		widths[i] = displayWidth(h)
	}
	if err := f.SetCellStyle(sh, "A2", lastCol+"2", headerStyle); err != nil {
		return err
	}
	// Data from row 3.
	for i, r := range rows {
		row := i + 3
		texts := map[int]string{2: r.Unit, 3: r.Name, 4: r.Position, 5: r.State, 7: r.Reviewer}
		for col := 1; col <= len(progressHeader); col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			style := textStyle
			switch col {
			case 1:
				err = f.SetCellInt(sh, cell, int64(i+1))
			case 6, 8:
				t := r.SubmittedAt
				if col == 8 {
					t = r.UpdatedAt
				}
				style = dateStyle
				if !t.IsZero() {
					err = f.SetCellValue(sh, cell, wallClock(t))
				}
				widths[col-1] = max(widths[col-1], len("2006-01-02 15:04"))
			default:
				s := oneLine(texts[col])
				// SetCellStr writes a string cell whatever the text looks
				// like: Excel never evaluates it.
				err = f.SetCellStr(sh, cell, s)
				widths[col-1] = max(widths[col-1], displayWidth(s))
			}
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
				return err
			}
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		// Two characters of padding; a cap keeps one long unit name from
		// pushing the rest of the board off the screen.
		if err := f.SetColWidth(sh, col, col, float64(min(max(wd+2, 6), 60))); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sh, 1, 24); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{
		Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	last := fmt.Sprintf("%s%d", lastCol, max(len(rows)+2, 2))
	return f.AutoFilter(sh, "A2:"+last, nil)
}

// wallClock keeps t's clock reading and drops its zone: excelize counts
// days from a UTC epoch, so a time in Asia/Shanghai would otherwise shift
// by eight hours.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// displayWidth counts a Chinese (wide) character as two columns, as Excel's
// column width, measured in digits of the default font, needs.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFF60) ||
			(r >= 0xAC00 && r <= 0xD7A3) || r == '“' || r == '”') {
			w += 2
		} else if utf8.ValidRune(r) {
			w++
		}
	}
	return w
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "BFBFBF", Style: 1})
	}
	return out
}
