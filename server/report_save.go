package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"qinglian"
	"qinglian/input"
	"qinglian/store"
)

// reportSave stores a new version: the text of the editor, or an uploaded
// .docx, .txt or .md file. Every save is a version; a save identical to the
// latest version (a double click) is refused, so it does not pile up
// copies.
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, c, rel, err := s.loadParticipant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rel.author {
		s.fail(w, r, forbidden("修改他人的报告"))
		return
	}
	body := strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	note := strings.TrimSpace(r.PostFormValue("note"))
	keep := func(d *reportPage) { d.Draft, d.Note = body, note }
	v := &qinglian.Version{Body: body, Format: "web", Note: note}
	if file, header, err := r.FormFile("file"); err == nil {
		defer file.Close()
		if v, err = s.readUpload(file, header, note); err != nil {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), keep)
			return
		}
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		s.rerenderReport(w, r, http.StatusBadRequest, "上传的文件无法读取，请重新选择文件。", keep)
		return
	}
	if strings.TrimSpace(v.Body) == "" {
		s.rerenderReport(w, r, http.StatusUnprocessableEntity, "报告正文为空：请在编辑框中填写，或选择要上传的文件。", keep)
		return
	}
	if p.ReportID != 0 {
		rep, err := s.store.FindReportByID(ctx, p.ReportID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		latest, err := s.store.FindVersion(ctx, p.ReportID, rep.Latest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if latest.Body == v.Body && bytes.Equal(latest.Content, v.Content) {
			s.rerenderReport(w, r, http.StatusConflict,
				fmt.Sprintf("内容与第 %d 版完全相同，未重复保存。", latest.Number), nil)
			return
		}
	}
	if _, err := s.store.SaveVersion(ctx, viewerOf(r).user.ID, p.ID, v); err != nil {
		if formError(err) {
			s.rerenderReport(w, r, statusOf(err), qinglian.ErrorMessage(err), keep)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.copies.saved(store.IndexedVersion{ReportID: v.ReportID, Number: v.Number, UserID: p.UserID, OrgID: p.OrgID, Year: c.Year, Body: v.Body})
	s.redirectWith(w, r, participantURL(p.ID), fmt.Sprintf("已保存为第 %d 版，审读结果见下。", v.Number))
}

// uploadTypes are the report files accepted, by extension.
var uploadTypes = map[string]bool{".docx": true, ".txt": true, ".md": true, ".markdown": true}

// readUpload checks and reads an uploaded report into a version. Its
// errors carry the status: 413 too large, 415 a type we do not read, 422 a
// file of the right type that cannot be read.
func (s *Server) readUpload(file multipart.File, header *multipart.FileHeader, note string) (*qinglian.Version, error) {
	name := filepath.Base(header.Filename)
	if !uploadTypes[strings.ToLower(filepath.Ext(name))] {
		return nil, &httpError{status: http.StatusUnsupportedMediaType, err: qinglian.Errorf(qinglian.ErrInvalid,
			"不支持“%s”这种文件：请上传 .docx、.txt 或 .md 文件（.doc 和 .pdf 请先另存为 .docx）。", filepath.Ext(name))}
	}
	if header.Size > s.cfg.MaxUpload {
		return nil, s.errTooLarge(nil)
	}
	data, err := io.ReadAll(io.LimitReader(file, s.cfg.MaxUpload+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > s.cfg.MaxUpload {
		return nil, s.errTooLarge(nil)
	}
	doc, err := input.Read(name, data)
	if err != nil {
		var ie *input.Error
		if !errors.As(err, &ie) {
			return nil, err
		}
		status := http.StatusUnprocessableEntity
		if errors.Is(err, input.ErrBinary) || errors.Is(err, input.ErrUnsupported) {
			status = http.StatusUnsupportedMediaType
		}
		if errors.Is(err, input.ErrTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		return nil, &httpError{status: status, err: qinglian.WrapError(qinglian.ErrInvalid,
			"文件“"+name+"”无法读取："+ie.Reason+"。", err)}
	}
	return &qinglian.Version{Body: doc.Text(), FileName: name, Format: doc.Format, Content: data, Note: note}, nil
}
