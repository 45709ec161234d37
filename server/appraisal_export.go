package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/xuri/excelize/v2"

	"qinglian"
	"qinglian/appraisal"
)

// appraisalExport downloads the results as an Excel workbook: one row per
// cadre and item, then the comments. Only after voting has ended.
func (s *Server) appraisalExport(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.loadAppraisal(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !a.Closed(s.now()) {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrConflict, "测评结束后才能查看和导出结果。"))
		return
	}
	t, err := s.appraisalTally(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "测评结果"
	x.SetSheetName("Sheet1", sheet)
	head := []any{"被测评人", "职务", "测评项目"}
	for _, l := range a.Config.Scale {
		head = append(head, l.Label+"（票）", l.Label+"（%）")
	}
	head = append(head, "项目得分", "综合得分", "排名")
	x.SetSheetRow(sheet, "A1", &head)
	row := 2
	for _, ct := range t.Cadres {
		for _, it := range ct.Items {
			vals := []any{ct.Cadre.Name, ct.Cadre.Title, it.Item}
			for g := range a.Config.Scale {
				vals = append(vals, it.Counts[g], it.Percents[g])
			}
			vals = append(vals, it.Score, ct.Score, ct.Rank)
			cell, _ := excelize.CoordinatesToCellName(1, row)
			x.SetSheetRow(sheet, cell, &vals)
			row++
		}
	}
	x.NewSheet("意见建议")
	x.SetSheetRow("意见建议", "A1", &[]any{"被测评人", "意见建议（已遮盖个人信息）"})
	row = 2
	for _, ct := range t.Cadres {
		for _, c := range ct.Comments {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			x.SetSheetRow("意见建议", cell, &[]any{ct.Cadre.Name, c})
			row++
		}
	}
	name := fmt.Sprintf("%s.xlsx", a.Config.Title)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"appraisal.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	if err := x.Write(w); err != nil {
		s.log.Error("appraisal export", "err", err)
	}
}

// appraisalBallots downloads the ballot list (receipts and contents) once
// voting has ended, for `qinglian appraisal verify`.
func (s *Server) appraisalBallots(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.loadAppraisal(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBallots(w, r, a)
}

func (s *Server) writeBallots(w http.ResponseWriter, r *http.Request, a *appraisal.Appraisal) {
	if !a.Closed(s.now()) {
		s.fail(w, r, qinglian.Errorf(qinglian.ErrConflict, "测评结束后才公布选票清单。"))
		return
	}
	if err := s.store.SealAppraisal(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	bs, err := s.store.Ballots(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, used, err := s.store.Turnout(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"appraisal-%d-ballots.json\"", a.ID))
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(appraisal.Publish(a, used, bs))
}
