package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"qinglian"
	"qinglian/check/privacy"
	"qinglian/check/structure"
	"qinglian/input"
	"qinglian/lexicon"
	"qinglian/render"
	"qinglian/review"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// Exit statuses, as documented in the help.
const (
	exitOK       = 0 // no error-level finding
	exitFindings = 1 // error-level findings
	exitInput    = 2 // bad usage or unreadable input
)

// checkMemoryLimit is the soft heap limit of qinglian check (see
// runtime/debug.SetMemoryLimit).
const checkMemoryLimit = 140 << 20

// exitError carries an exit status and a one-line message for standard error.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &exitError{code: exitInput, msg: fmt.Sprintf(format, args...)}
}

const mainHelp = `qinglian — 述责述廉报告智能审读 / duty-and-integrity report review

用法 usage:
  qinglian check [选项 options] 文件 FILE...   审读报告 review reports (.txt .md .docx, - 为标准输入 stdin)
  qinglian redact [-o 输出 OUT] 文件 FILE      遮盖个人信息后另存 write a copy with personal data masked
  qinglian similar [--format json] 文件或目录 FILE|DIR...  找出文件间相似段落 passages files share
  qinglian serve [--addr 地址] [--data 目录 | --db URL] [--demo]
                                               启动平台网站 start the web platform
  qinglian backup [--data 目录 | --db URL] 文件 FILE
                                               在线备份 SQLite 数据库 online copy of the SQLite database
  qinglian audit verify [--data 目录 | --db URL]
                                               校验审计哈希链 check the audit hash chain
  qinglian appraisal verify 选票清单 FILE        核验民主测评的选票和计票 verify an appraisal's ballots and tally
  qinglian version                             版本 version
  qinglian help [子命令 command]               帮助 help

退出状态 exit status: 0 无错误级问题 no error-level finding; 1 有错误 errors found; 2 输入无法读取或用法错误 unreadable input or bad usage.
`

const checkHelp = `用法 usage: qinglian check [选项 options] 文件 FILE...

审读述责述廉报告：结构与必备内容、实绩与空话套话、错别字、规范提法、标点、数字、模板残留、个人信息。
Reviews a report: structure and required content, facts, spelling, formulations, punctuation, numerals,
left-over placeholders, personal data. Text files may be UTF-8 (with or without BOM), UTF-16 with BOM or
GB18030/GBK; also .md and .docx. "-" reads standard input.

类别 categories (--only): structure, facts, spelling, formulation, punctuation, numeral, placeholder, privacy

选项 options:
`

const redactHelp = `用法 usage: qinglian redact [-o 输出文件 OUT] 文件 FILE

遮盖身份证号、手机号、银行卡号、电子邮箱后输出文本副本（默认写到标准输出）；原文件不变。
Writes a plain-text copy with resident ID, mobile, bank card numbers and e-mail addresses masked
(to standard output unless -o is given). The original file is never changed.

选项 options:
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "qinglian: "+ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "qinglian: "+err.Error())
	return exitInput
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainHelp)
		return &exitError{code: exitInput}
	}
	switch args[0] {
	case "check":
		return runCheck(ctx, args[1:], stdin, stdout, stderr)
	case "redact":
		return runRedact(args[1:], stdin, stdout, stderr)
	case "similar":
		return runSimilar(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "audit":
		return runAudit(ctx, args[1:], stdout, stderr)
	case "appraisal":
		return runAppraisal(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "qinglian %s (review schema %s)\n", Version, review.Schema)
		return nil
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return dispatch(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, mainHelp)
		return nil
	}
	fmt.Fprint(stderr, mainHelp)
	return usageError("未知子命令 unknown command %q", args[0])
}

// newFlagSet returns a flag set that prints its help in Chinese and English
// and reports errors instead of exiting.
func newFlagSet(name, help string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprint(out, help)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, treating -h as a successful request for help.
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, &exitError{code: exitInput}
	}
	return false, nil
}

type checkConfig struct {
	format   string
	only     []qinglian.Category
	lines    bool
	color    bool
	output   string
	engine   *review.Engine
	template string
}

func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", checkHelp, stderr)
	format := fs.String("format", "text", "输出格式 output format: text, json, jsonl, html")
	only := fs.String("only", "", "只检查这些类别，逗号分隔 only these categories, comma-separated")
	lines := fs.Bool("lines", false, "逐行独立审读（批量校对，不做结构和实绩检查） check every line as an independent text")
	template := fs.String("template", "", "必备内容模板文件 required-content template file (default: embedded, per 党内监督条例第二十一条)")
	lexDir := fs.String("lexicon", "", "词表目录，同名文件替换内置词表 directory whose files replace the embedded word lists")
	color := fs.String("color", "auto", "颜色 colour: auto, always, never")
	output := fs.String("o", "", "输出到文件 write to this file instead of standard output")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError("check: 缺少文件 no file given")
	}
	cfg := checkConfig{format: *format, lines: *lines, output: *output, template: *template}
	switch cfg.format {
	case "text", "json", "jsonl", "html":
	default:
		return usageError("check: 未知输出格式 unknown format %q (text, json, jsonl, html)", cfg.format)
	}
	if *only != "" {
		cats, err := qinglian.ParseCategories(*only)
		if err != nil {
			return usageError("check: --only: %v", err)
		}
		cfg.only = cats
	}
	if cfg.lines && cfg.format == "html" {
		return usageError("check: --lines 不支持 html 格式 --lines works with text, json and jsonl")
	}

	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit keeps a check of a whole organisation's reports
		// (tens of megabytes) near the dictionaries' footprint plus the
		// findings, instead of letting the heap double before each
		// collection; GOMEMLIMIT in the environment overrides it.
		debug.SetMemoryLimit(checkMemoryLimit)
	}
	lex, err := lexicon.Open(*lexDir)
	if err != nil {
		return usageError("check: %v", err)
	}
	ecfg := review.Config{Lexicon: lex}
	if cfg.template != "" {
		t, err := loadTemplate(cfg.template)
		if err != nil {
			return usageError("check: %v", err)
		}
		ecfg.Template = t
	}
	cfg.engine, err = review.New(ecfg)
	if err != nil {
		return usageError("check: %v", err)
	}

	out := stdout
	var buf *bytes.Buffer
	if cfg.output != "" {
		// Written to a buffer and then atomically to the file, so an
		// interrupted run never leaves half a report behind.
		buf = &bytes.Buffer{}
		out = buf
	}
	switch *color {
	case "always":
		cfg.color = true
	case "never":
	case "auto":
		cfg.color = cfg.output == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	default:
		return usageError("check: --color: auto, always or never, not %q", *color)
	}

	code := exitOK
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return &exitError{code: exitInput, msg: "interrupted"}
		}
		c, err := checkOne(cfg, name, stdin, out)
		if err != nil {
			fmt.Fprintln(stderr, "qinglian: "+err.Error())
			code = exitInput
			continue
		}
		if code != exitInput {
			code = max(code, c)
		}
	}
	if buf != nil {
		if err := writeFileAtomic(cfg.output, buf.Bytes()); err != nil {
			return usageError("check: %v", err)
		}
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

func loadTemplate(path string) (*structure.Template, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("模板文件无法打开 template: %w", err)
	}
	defer f.Close()
	t, err := structure.ParseTemplate(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// checkOne reviews one file and writes its report; it returns exitFindings
// when the file has error-level findings.
func checkOne(cfg checkConfig, name string, stdin io.Reader, out io.Writer) (int, error) {
	opt := review.Options{Only: cfg.only}
	if cfg.lines {
		return checkLines(cfg, name, stdin, out, opt)
	}
	d, err := readDocument(name, stdin)
	if err != nil {
		return 0, err
	}
	r := cfg.engine.Review(d, opt)
	switch cfg.format {
	case "json":
		err = render.JSON(out, r)
	case "jsonl":
		err = render.JSONLine(out, r)
	case "html":
		err = render.HTML(out, d, r)
	default:
		err = render.Text(out, d, r, render.TextOptions{Color: cfg.color})
	}
	if err != nil {
		return 0, err
	}
	if r.HasErrors() {
		return exitFindings, nil
	}
	return exitOK, nil
}

// checkLines checks every line of a text file as an independent text. With
// jsonl it writes exactly one object per input line, blank lines included.
func checkLines(cfg checkConfig, name string, stdin io.Reader, out io.Writer, opt review.Options) (int, error) {
	data, err := readInput(name, stdin)
	if err != nil {
		return 0, err
	}
	text, _, err := input.DecodeText(name, data)
	if err != nil {
		return 0, err
	}
	lines := splitLines(text)
	code := exitOK
	enc := render.NewLinesEncoder(out)
	var all []qinglian.Finding
	for i, line := range lines {
		fs := cfg.engine.ReviewLine(line, opt)
		for j := range fs {
			fs[j].Line = i + 1
			fs[j].Paragraph = i + 1
			if fs[j].Severity == qinglian.Error {
				code = exitFindings
			}
		}
		switch cfg.format {
		case "jsonl":
			if err := enc.Encode(i+1, fs); err != nil {
				return 0, err
			}
		default:
			all = append(all, fs...)
		}
	}
	switch cfg.format {
	case "json":
		if err := render.JSONFindings(out, name, all); err != nil {
			return 0, err
		}
	case "text":
		if err := render.TextLines(out, name, lines, all, render.TextOptions{Color: cfg.color}); err != nil {
			return 0, err
		}
	}
	return code, nil
}

// splitLines splits decoded text into lines without their endings; a final
// line ending does not start another line.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return input.ReadAllLimited("-", stdin)
	}
	return input.ReadFileBytes(name)
}

func readDocument(name string, stdin io.Reader) (*qinglian.Document, error) {
	data, err := readInput(name, stdin)
	if err != nil {
		return nil, err
	}
	return input.Read(name, data)
}

func runRedact(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("redact", redactHelp, stderr)
	output := fs.String("o", "", "输出文件 output file (default: standard output)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError("redact: 需要一个文件 exactly one file")
	}
	name := fs.Arg(0)
	data, err := readInput(name, stdin)
	if err != nil {
		return &exitError{code: exitInput, msg: err.Error()}
	}
	d, err := input.Read(name, data)
	if err != nil {
		return &exitError{code: exitInput, msg: err.Error()}
	}
	var lines []string
	if d.Format == "docx" {
		// A .docx becomes plain text, a paragraph a line.
		for _, p := range d.Paragraphs {
			lines = append(lines, p.Text)
		}
	} else {
		// Text keeps its layout: blank lines, indentation, line endings.
		text, _, err := input.DecodeText(name, data)
		if err != nil {
			return &exitError{code: exitInput, msg: err.Error()}
		}
		lines = strings.SplitAfter(text, "\n")
	}
	var b strings.Builder
	total := 0
	for _, line := range lines {
		masked, n := privacy.Redact(line)
		b.WriteString(masked)
		if d.Format == "docx" {
			b.WriteString("\n")
		}
		total += n
	}
	if *output == "" {
		_, err = io.WriteString(stdout, b.String())
	} else {
		if abs, aerr := filepath.Abs(*output); aerr == nil {
			if src, serr := filepath.Abs(name); serr == nil && src == abs {
				return usageError("redact: 输出文件不能覆盖原文件 output would overwrite the input")
			}
		}
		err = writeFileAtomic(*output, []byte(b.String()))
	}
	if err != nil {
		return usageError("redact: %v", err)
	}
	fmt.Fprintf(stderr, "qinglian: 已遮盖 %d 处个人信息 masked %d item(s)\n", total, total)
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so readers see the old file or the whole new one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
