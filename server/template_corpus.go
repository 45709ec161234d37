package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"qinglian"
	"qinglian/input"
	"qinglian/store"
)

// The template corpus (范文库): model essays downloaded from template
// websites, which organisers import so that copied passages say "copied
// from a template". Any organising department (or administrator) keeps it:
// the index serves the whole installation.

// Limits of one import, stated in the form. The request as a whole is also
// bounded by Config.MaxUpload (the largest upload of the site).
const (
	maxTemplateFile  = 2 << 20 // a model essay is tens of kilobytes
	maxTemplateFiles = 200
)

// templateTypes are the files a corpus import reads, by extension.
var templateTypes = map[string]bool{".docx": true, ".txt": true}

type corpusPage struct {
	Page
	Templates []*store.SimilarTemplate
	Imported  []string
	Failed    []string // one Chinese line per refused file
	Error     string
	FileLimit string
	MaxFiles  int
	Total     string
}

// requireCorpusKeeper refuses a viewer who is not organiser or
// administrator anywhere.
func requireCorpusKeeper(r *http.Request) error {
	if !viewerOf(r).holds(qinglian.RoleOrganiser, qinglian.RoleAdmin) {
		return forbidden("管理范文库")
	}
	return nil
}

// corpusList shows the imported templates and the import form.
func (s *Server) corpusList(w http.ResponseWriter, r *http.Request) {
	if err := requireCorpusKeeper(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCorpus(w, r, http.StatusOK, &corpusPage{})
}

func (s *Server) renderCorpus(w http.ResponseWriter, r *http.Request, status int, data *corpusPage) {
	var err error
	if data.Templates, err = s.store.ListSimilarTemplates(r.Context(), false); err != nil {
		s.fail(w, r, err)
		return
	}
	data.Page = s.page(w, r, "范文库")
	data.FileLimit = fmt.Sprintf("%d MB", maxTemplateFile>>20)
	data.MaxFiles = maxTemplateFiles
	data.Total = s.uploadLimitText()
	s.render(w, r, status, "corpus.html", data)
}

// corpusImport reads every uploaded file, refuses the bad ones each with
// its reason, and stores the good ones in one transaction before indexing
// them: a failure stores and indexes none, so nothing is half imported.
func (s *Server) corpusImport(w http.ResponseWriter, r *http.Request) {
	if err := requireCorpusKeeper(r); err != nil {
		s.fail(w, r, err)
		return
	}
	data := &corpusPage{}
	var files []*multipartFile
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			files = append(files, &multipartFile{name: filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/")), size: fh.Size, open: fh.Open})
		}
	}
	if len(files) == 0 {
		data.Error = "请选择要导入的范文文件（.txt 或 .docx，可一次选择多个）。"
		s.renderCorpus(w, r, http.StatusUnprocessableEntity, data)
		return
	}
	var good []*store.SimilarTemplate
	for i, f := range files {
		if i >= maxTemplateFiles {
			data.Failed = append(data.Failed, fmt.Sprintf("“%s”：超出每次最多 %d 个文件的上限，未导入，请分批导入。", f.name, maxTemplateFiles))
			continue
		}
		tp, reason := readTemplateFile(f)
		if reason != "" {
			data.Failed = append(data.Failed, fmt.Sprintf("“%s”：%s", f.name, reason))
			continue
		}
		good = append(good, tp)
	}
	if len(good) > 0 {
		if err := s.store.AddSimilarTemplates(r.Context(), viewerOf(r).user.ID, good); err != nil {
			if !formError(err) {
				s.fail(w, r, err)
				return
			}
			data.Error = "导入失败，没有文件被导入：" + qinglian.ErrorMessage(err)
			s.renderCorpus(w, r, statusOf(err), data)
			return
		}
		s.copies.templatesAdded(good)
		for _, tp := range good {
			data.Imported = append(data.Imported, tp.Name)
		}
	}
	status := http.StatusOK
	if len(good) == 0 {
		status = http.StatusUnprocessableEntity
		data.Error = "没有文件被导入。"
	}
	s.renderCorpus(w, r, status, data)
}

// multipartFile is one uploaded file of the form.
type multipartFile struct {
	name string
	size int64
	open func() (multipart.File, error)
}

// readTemplateFile reads one uploaded model essay; reason says in Chinese
// why it is refused.
func readTemplateFile(f *multipartFile) (*store.SimilarTemplate, string) {
	if utf8.RuneCountInString(f.name) > store.MaxTemplateName {
		return nil, fmt.Sprintf("文件名过长（上限 %d 个字符）。", store.MaxTemplateName)
	}
	if !templateTypes[strings.ToLower(filepath.Ext(f.name))] {
		return nil, "不支持这种文件，只能导入 .txt 或 .docx 文件（.doc 和 .pdf 请先另存为 .docx）。"
	}
	if f.size > maxTemplateFile {
		return nil, fmt.Sprintf("文件过大（每个文件不超过 %d MB）。", maxTemplateFile>>20)
	}
	if f.size == 0 {
		return nil, "文件为空。"
	}
	rc, err := f.open()
	if err != nil {
		return nil, "文件无法读取，请重新选择。"
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxTemplateFile+1))
	if err != nil {
		return nil, "文件无法读取，请重新选择。"
	}
	if len(data) > maxTemplateFile {
		return nil, fmt.Sprintf("文件过大（每个文件不超过 %d MB）。", maxTemplateFile>>20)
	}
	doc, err := input.Read(f.name, data)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) {
			return nil, ie.Reason + "。"
		}
		return nil, "文件无法读取。"
	}
	body := doc.Text()
	if strings.TrimSpace(body) == "" {
		return nil, "文件没有正文。"
	}
	return &store.SimilarTemplate{Name: f.name, Body: body, Size: int64(len(data))}, ""
}

// corpusDelete removes one template from the corpus and the index.
func (s *Server) corpusDelete(w http.ResponseWriter, r *http.Request) {
	if err := requireCorpusKeeper(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.DeleteSimilarTemplate(r.Context(), viewerOf(r).user.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.copies.templateRemoved(id)
	s.redirectWith(w, r, "/corpus", "已从范文库删除。")
}
