package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// testDocx zips a one-paragraph-per-line document into a minimal .docx.
func testDocx(t *testing.T, lines ...string) []byte {
	t.Helper()
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range lines {
		fmt.Fprintf(&doc, "<w:p><w:r><w:t>%s</w:t></w:r></w:p>", l)
	}
	doc.WriteString("</w:body></w:document>")
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc.String()},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		must(t, err)
		w.Write([]byte(p[1]))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// uploadMany posts files (name → content, in order) to the corpus form.
func (c *client) uploadMany(path string, files [][2]string) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	for _, f := range files {
		fw, err := mw.CreateFormFile("files", f[0])
		must(c.t, err)
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	req, err := http.NewRequest("POST", c.base+path, &body)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// An import of good and bad files together: each bad one is listed with
// its reason in Chinese, the good ones are stored and indexed, and a
// report that copies a template says so. Templates survive a restart and
// leave the index when deleted.
func TestTemplateCorpus(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		tplPara := "我始终把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，坚持第一议题制度，全年组织理论学习中心组学习十二次，撰写心得体会六篇。"
		files := [][2]string{
			{"范文一.txt", "述责述廉报告范文\n" + tplPara},
			{"范文二.docx", string(testDocx(t, "述责述廉报告范文二", otherPara))},
			// Hostile: empty, binary, too large, a corrupt .docx, a type we
			// do not read, and text with no paragraph at all.
			{"空白.txt", ""},
			{"图片.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"},
			{"超大.txt", strings.Repeat("很长的范文。", (maxTemplateFile/18)+10)},
			{"损坏.docx", "PK\x03\x04 this is not a zip"},
			{"旧格式.doc", "whatever"},
			{"空格.txt", " \n\t\n "},
		}
		c := f.as(t, "organiser")
		c.get("/corpus")
		r := c.uploadMany("/corpus", files)
		wantStatus(t, "import", r, http.StatusOK)
		for _, w := range []string{"已导入 2 个文件", "以下 6 个文件未导入", "“空白.txt”：文件为空", "“图片.txt”：", "“超大.txt”：文件过大（每个文件不超过 2 MB）",
			"“损坏.docx”：", "“旧格式.doc”：不支持这种文件", "“空格.txt”："} {
			if !strings.Contains(r.body, w) {
				t.Errorf("import page lacks %q:\n%s", w, excerpt(r.body))
			}
		}
		tpls, err := f.st.ListSimilarTemplates(ctx, false)
		must(t, err)
		if len(tpls) != 2 || tpls[0].Name != "范文一.txt" || tpls[1].Name != "范文二.docx" {
			t.Fatalf("stored %+v, want the two good files", tpls)
		}

		// The cadre pastes the template's paragraph into the report.
		cad := f.as(t, "cadre")
		wantStatus(t, "save", cad.post(fmt.Sprintf("/participants/%d/versions", f.pA.ID), url.Values{
			"body": {"张三同志2025年度述责述廉报告\n" + tplPara + "\n" + ownPara}}), http.StatusSeeOther)
		sec := copiesSection(cad.get(fmt.Sprintf("/participants/%d", f.pA.ID)).body)
		if !strings.Contains(sec, "与网络范文雷同（模板：范文一.txt）") || strings.Contains(sec, "民主集中制") {
			t.Errorf("report page copies section:\n%s", sec)
		}
		// A restarted server reads the templates from the database.
		srv, err := New(Config{Store: f.st, Engine: engine(), Now: f.clock.Now})
		must(t, err)
		if _, err := srv.copies.get(ctx); err != nil {
			t.Fatal(err)
		}
		if ids := strings.Join(srv.copies.heldIDs(), ","); !strings.Contains(ids, templateDocID(tpls[0].ID)) || !strings.Contains(ids, templateDocID(tpls[1].ID)) {
			t.Errorf("restart indexed %s, want both templates", ids)
		}

		// Deleting the template takes it out of the index.
		r = c.post(fmt.Sprintf("/corpus/%d/delete", tpls[0].ID), nil)
		wantStatus(t, "delete", r, http.StatusSeeOther)
		if sec := copiesSection(cad.get(fmt.Sprintf("/participants/%d", f.pA.ID)).body); !strings.Contains(sec, "未发现") {
			t.Errorf("after delete the copies section still lists:\n%s", sec)
		}
		// Hostile: no files at all; only bad files; a cadre.
		r = c.uploadMany("/corpus", nil)
		wantStatus(t, "no files", r, http.StatusUnprocessableEntity)
		r = c.uploadMany("/corpus", [][2]string{{"空白.txt", ""}})
		wantStatus(t, "only bad", r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "没有文件被导入") {
			t.Errorf("only bad files: %s", excerpt(r.body))
		}
		cad.get("/")
		wantStatus(t, "cadre import", cad.uploadMany("/corpus", files[:1]), http.StatusForbidden)
	})
}

// More files than one import takes: the first maxTemplateFiles are
// imported, each extra one is listed as refused.
func TestTemplateCorpusCountLimit(t *testing.T) {
	f := newFixture(t, "sqlite")
	c := f.as(t, "organiser")
	c.get("/corpus")
	var files [][2]string
	for i := range maxTemplateFiles + 3 {
		files = append(files, [2]string{fmt.Sprintf("范文%03d.txt", i), fmt.Sprintf("第%d篇范文，内容各不相同，用于检验一次导入的文件数量上限。", i)})
	}
	r := c.uploadMany("/corpus", files)
	wantStatus(t, "import", r, http.StatusOK)
	if !strings.Contains(r.body, fmt.Sprintf("已导入 %d 个文件", maxTemplateFiles)) || !strings.Contains(r.body, "以下 3 个文件未导入") ||
		!strings.Contains(r.body, "超出每次最多 200 个文件的上限") {
		t.Errorf("count limit: %s", excerpt(r.body))
	}
}
