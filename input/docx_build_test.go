package input

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"
)

// Parts of a minimal package that rawDocx adds unless the test gives its own.
const (
	testContentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	testRootRels     = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	wns              = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
)

// body wraps WordprocessingML body content into a document.xml.
func body(content string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wns +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + content + `</w:body></w:document>`
}

// stylesPart wraps w:style elements into a styles.xml.
func stylesPart(content string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wns + `>` + content + `</w:styles>`
}

// numberingPart wraps abstractNum and num elements into a numbering.xml.
func numberingPart(content string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wns +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">` + content + `</w:numbering>`
}

// rawDocx zips the given parts (name → content) into a .docx, adding the
// content types and package relationships unless the test gives them, or
// sets them to "" to leave them out.
func rawDocx(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{"[Content_Types].xml": testContentTypes, "_rels/.rels": testRootRels}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml"} {
		if c, ok := all[name]; ok && c != "" {
			writePart(t, zw, name, []byte(c))
		}
		delete(all, name)
	}
	for name, c := range all { // any other part a test adds
		writePart(t, zw, name, []byte(c))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writePart(t testing.TB, zw *zip.Writer, name string, c []byte) {
	t.Helper()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(c); err != nil {
		t.Fatal(err)
	}
}

// docx builds a document from body content, styles and numbering (either
// may be empty).
func docx(t testing.TB, content, styles, numbering string) []byte {
	t.Helper()
	parts := map[string]string{"word/document.xml": body(content)}
	if styles != "" {
		parts["word/styles.xml"] = stylesPart(styles)
	}
	if numbering != "" {
		parts["word/numbering.xml"] = numberingPart(numbering)
	}
	return rawDocx(t, parts)
}
