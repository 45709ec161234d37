package input

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"qinglian/input/docxbuild"
)

// tenMB repeats the seed to about 10 MB.
func tenMB(b *testing.B) []byte {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		b.Skip("seed not available:", err)
	}
	return bytes.Repeat(raw, 10<<20/len(raw))
}

func BenchmarkReadTextUTF8(b *testing.B) {
	data := tenMB(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("r.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadTextGB18030(b *testing.B) {
	data := mustGB18030(b, string(tenMB(b)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("r.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadDocx(b *testing.B) {
	var in []docxbuild.DocxParagraph
	for i, line := range strings.Split(string(tenMB(b)), "\n") {
		in = append(in, docxbuild.DocxParagraph{Text: line, Numbering: i%3 + 1})
	}
	data := docxbuild.BuildDocx(in)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("r.docx", data); err != nil {
			b.Fatal(err)
		}
	}
}
