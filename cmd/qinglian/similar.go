package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"qinglian"
	"qinglian/input"
	"qinglian/similar"
)

// similarSchema names the version of qinglian similar's JSON output.
const similarSchema = "qinglian.similar/1"

const similarHelp = `用法 usage: qinglian similar [选项 options] 文件或目录 FILE|DIR...

找出各文件之间相同或高度相似的段落（抄袭、套用范文、逐年照搬）：两处位置、相似度和来源文件。
目录按 .txt .md .docx 递归读取。无法读取的文件逐个报错，其余照常比对；有任何文件无法读取时退出状态为 2。
Finds the passages each file shares with the others (copied, template, repeated year after year): both
places as line:column, the 5-gram Jaccard similarity and the other file. Directories are read recursively
(.txt .md .docx). Unreadable files are reported one line each and left out; exit status 2 if any was.

选项 options:
`

// similarFile is one readable input of qinglian similar.
type similarFile struct {
	name string
	doc  *qinglian.Document
}

type similarPlace struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Text      string `json:"text"`
}

type similarPassage struct {
	similarPlace
	Source      similarPlace `json:"source"`
	Score       float64      `json:"score"`
	Containment float64      `json:"containment"`
}

type similarFileResult struct {
	File     string           `json:"file"`
	Passages []similarPassage `json:"passages"`
}

type similarError struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

type similarOutput struct {
	Schema string              `json:"schema"`
	Files  []similarFileResult `json:"files"`
	Errors []similarError      `json:"errors"`
}

func runSimilar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("similar", similarHelp, stderr)
	format := fs.String("format", "text", "输出格式 output format: text, json")
	minScore := fs.Float64("min-score", similar.DefaultMinScore, "最低相似度（5 字串 Jaccard） least 5-gram Jaccard similarity, 0–1")
	minContainment := fs.Float64("min-containment", similar.DefaultMinContainment, "较短段落被包含的比例达到此值也报告（整段套用） also report a pair when this share of the shorter paragraph is shared, 0–1 (0: off)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError("similar: 缺少文件 no file given")
	}
	if *format != "text" && *format != "json" {
		return usageError("similar: 未知输出格式 unknown format %q (text, json)", *format)
	}
	if *minScore <= 0 || *minScore > 1 {
		return usageError("similar: --min-score 应在 0 与 1 之间 must be above 0 and at most 1")
	}
	if *minContainment < 0 || *minContainment > 1 {
		return usageError("similar: --min-containment 应在 0 与 1 之间 must be between 0 and 1")
	}

	out := similarOutput{Schema: similarSchema, Files: []similarFileResult{}, Errors: []similarError{}}
	fail := func(name string, err error) {
		fmt.Fprintln(stderr, "qinglian: "+err.Error())
		out.Errors = append(out.Errors, similarError{File: name, Error: err.Error()})
	}
	names := similarInputs(fs.Args(), fail)
	// Files are read and indexed one by one: a file that fails to read is
	// never added, so the index holds whole documents only.
	var files []similarFile
	ix := similar.NewIndex()
	for _, name := range names {
		if ctx.Err() != nil {
			return &exitError{code: exitInput, msg: "interrupted"}
		}
		data, err := input.ReadFileBytes(name)
		if err != nil {
			fail(name, err)
			continue
		}
		d, err := input.Read(name, data)
		if err != nil {
			fail(name, err)
			continue
		}
		if err := ix.Add(similar.Meta{ID: name}, paragraphTexts(d)); err != nil {
			fail(name, err)
			continue
		}
		files = append(files, similarFile{name: name, doc: d})
	}
	byName := map[string]*qinglian.Document{}
	for _, f := range files {
		byName[f.name] = f.doc
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return &exitError{code: exitInput, msg: "interrupted"}
		}
		r := similarFileResult{File: f.name, Passages: []similarPassage{}}
		for _, m := range ix.Query(paragraphTexts(f.doc), similar.QueryOptions{Exclude: f.name, MinScore: *minScore, MinContainment: *minContainment}) {
			src := byName[m.Source.ID]
			for _, p := range m.Passages {
				sp := src.Paragraphs[p.SourceParagraph]
				ss, se := similar.SourceSpan(sp.Text, p)
				r.Passages = append(r.Passages, similarPassage{
					similarPlace: place(f.name, f.doc.Paragraphs[p.Paragraph], p.Start, p.End),
					Source:       place(m.Source.ID, sp, ss, se),
					Score:        p.Score, Containment: p.Containment,
				})
			}
		}
		slices.SortStableFunc(r.Passages, func(a, b similarPassage) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			if a.Score != b.Score {
				if a.Score > b.Score {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Source.File, b.Source.File)
		})
		out.Files = append(out.Files, r)
	}

	var err error
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	} else {
		err = writeSimilarText(stdout, out)
	}
	if err != nil {
		return usageError("similar: %v", err)
	}
	if len(out.Errors) > 0 {
		return &exitError{code: exitInput}
	}
	return nil
}

// similarInputs expands directories into their .txt, .md and .docx files,
// sorted, and drops a file named twice.
func similarInputs(args []string, fail func(string, error)) []string {
	seen := map[string]bool{}
	var names []string
	add := func(name string) {
		if c := filepath.Clean(name); !seen[c] {
			seen[c] = true
			names = append(names, name)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			add(arg) // reading it reports what is wrong
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fail(path, err)
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".txt", ".md", ".docx":
				if d.Type().IsRegular() {
					found = append(found, path)
				}
			}
			return nil
		})
		if err != nil {
			fail(arg, err)
		}
		slices.Sort(found)
		for _, f := range found {
			add(f)
		}
	}
	return names
}

func paragraphTexts(d *qinglian.Document) []string {
	ps := make([]string, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		ps[i] = p.Text
	}
	return ps
}

// place turns rune offsets within a paragraph into line:column positions;
// a paragraph is one line of the source (for .docx, Line is the paragraph
// number).
func place(file string, p qinglian.Paragraph, start, end int) similarPlace {
	rs := []rune(p.Text)
	start, end = min(start, len(rs)), min(end, len(rs))
	return similarPlace{
		File: file, Line: p.Line, Column: p.Column + start,
		EndLine: p.Line, EndColumn: p.Column + end - 1,
		Text: string(rs[start:end]),
	}
}

func writeSimilarText(w io.Writer, out similarOutput) error {
	ew := &errWriter{w: w}
	for _, f := range out.Files {
		if len(f.Passages) == 0 {
			continue
		}
		fmt.Fprintf(ew, "%s：%d 处相似段落 similar passages\n", f.File, len(f.Passages))
		for _, p := range f.Passages {
			fmt.Fprintf(ew, "  %d:%d–%d:%d ↔ %s:%d:%d–%d:%d  相似度 score %.2f\n", p.Line, p.Column, p.EndLine, p.EndColumn,
				p.Source.File, p.Source.Line, p.Source.Column, p.Source.EndLine, p.Source.EndColumn, p.Score)
			fmt.Fprintf(ew, "    本文 this: %s\n    来源 from: %s\n", excerpt(p.Text), excerpt(p.Source.Text))
		}
	}
	if ew.err == nil && len(out.Files) > 0 {
		n := 0
		for _, f := range out.Files {
			if len(f.Passages) > 0 {
				n++
			}
		}
		fmt.Fprintf(ew, "%d 个文件中 %d 个有相似段落 of %d files, %d share passages\n", len(out.Files), n, len(out.Files), n)
	}
	return ew.err
}

// excerpt shortens a passage for the text output.
func excerpt(s string) string {
	rs := []rune(s)
	if len(rs) <= 60 {
		return s
	}
	return string(rs[:28]) + "……" + string(rs[len(rs)-28:])
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
