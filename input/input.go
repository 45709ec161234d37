// Package input turns a report file into a *qinglian.Document: plain text in
// UTF-8, UTF-16 or GB18030, Markdown, or a Word .docx. Every failure is an
// *Error that names the file and says in Chinese what is wrong with it, so
// the command line can print it as one line and exit.
//
// Memory is bounded. ReadFile holds at most MaxSize+1 bytes of input (a
// pipe is read into a doubling buffer, about 2×MaxSize allocated in all).
// Text is then decoded once: the same size for UTF-8, at most 1.5× for
// UTF-16 and GBK, 3× in the worst case of GB18030's one-byte €; paragraphs
// share that text and add at most MaxParagraphs headers of 64 bytes. A
// .docx is streamed, never inflated into memory: at most MaxXMLSize bytes
// of document.xml and 8 MiB of each other part are read, whatever sizes
// the archive declares.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"qinglian"
)

const (
	// MaxSize is the largest file, in bytes, that Read and ReadFile accept.
	// Reports are tens of kilobytes; a .docx with pasted photographs can
	// reach tens of megabytes, and those must still open.
	MaxSize = 64 << 20
	// MaxXMLSize is the most uncompressed bytes read from word/document.xml.
	MaxXMLSize = 32 << 20
	// MaxParagraphs is the most paragraphs one document may yield.
	MaxParagraphs = 1_000_000
	// MaxDepth is the deepest XML element nesting accepted in a .docx.
	MaxDepth = 256
)

// Sentinel causes carried in Error.Err, for errors.Is. Their text is the
// English gloss printed after the Chinese reason.
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary data, not text")
	ErrUnsupported = errors.New("unsupported file format")
	ErrEncoding    = errors.New("bad text encoding")
	ErrTooLarge    = errors.New("file too large")
	ErrCorruptDocx = errors.New("corrupt .docx")
	ErrZipBomb     = errors.New("suspicious compression (zip bomb)")
	ErrTooDeep     = errors.New("XML nested too deeply")
	ErrTooMany     = errors.New("too many paragraphs")
	ErrUnreadable  = errors.New("cannot read file")
)

// Error says why a file cannot be read. Error() is one line: the file name,
// the Chinese reason and, after " / ", the English gloss from Err.
type Error struct {
	Name   string // file name as given, "-" for standard input
	Reason string // what is wrong, in Chinese
	Err    error  // the cause; wraps one of the Err* sentinels
}

func (e *Error) Error() string {
	name := e.Name
	if name == "-" {
		name = "标准输入"
	}
	s := name + ": " + e.Reason
	if e.Err != nil {
		s += " / " + e.Err.Error()
	}
	// Causes such as XML syntax errors quote the input; a file name may hold
	// anything. Either must not break the one-line contract.
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// Unwrap returns the cause, so errors.Is(err, input.ErrBinary) works.
func (e *Error) Unwrap() error { return e.Err }

// failg gives a sentinel a more precise English gloss: "bad text encoding: invalid UTF-8 at line 3".
func failg(name string, sentinel error, reason, gloss string, args ...any) *Error {
	return &Error{Name: name, Reason: reason, Err: fmt.Errorf("%w: "+gloss, append([]any{sentinel}, args...)...)}
}

func fail(name string, sentinel error, reason string) *Error {
	return &Error{Name: name, Reason: reason, Err: sentinel}
}

// failf wraps a lower-level cause under a sentinel: "corrupt .docx: zip: not a valid zip file".
func failf(name string, sentinel error, reason string, cause error) *Error {
	return &Error{Name: name, Reason: reason, Err: fmt.Errorf("%w: %w", sentinel, cause)}
}

func tooLarge(name string) *Error {
	return failg(name, ErrTooLarge, fmt.Sprintf("文件过大（上限 %d MiB）", MaxSize>>20), "limit %d MiB", MaxSize>>20)
}

func tooMany(name string) *Error {
	return failg(name, ErrTooMany, fmt.Sprintf("段落过多（上限 %d 段）", MaxParagraphs), "limit %d", MaxParagraphs)
}

// Read builds a Document from the bytes of a file. The format comes from the
// name's extension: .docx (also .docm, .dotx, .dotm) is Word, .md and
// .markdown are Markdown, anything else, including "-", is plain text. A
// ZIP archive is read as .docx whatever its name, so a renamed .docx or one
// piped to standard input still opens. The error is always an *Error.
func Read(name string, data []byte) (*qinglian.Document, error) {
	if len(data) > MaxSize {
		return nil, tooLarge(name)
	}
	if len(data) == 0 {
		return nil, fail(name, ErrEmpty, "文件为空")
	}
	var (
		doc *qinglian.Document
		err *Error
	)
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".docx" || ext == ".docm" || ext == ".dotx" || ext == ".dotm" || isZip(data):
		doc, err = readDocx(name, data)
	case ext == ".md" || ext == ".markdown":
		doc, err = readText(name, data, true)
	default:
		doc, err = readText(name, data, false)
	}
	if err != nil {
		return nil, err // a typed nil *Error must not become a non-nil error
	}
	return doc, nil
}

func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
}

// ReadFile reads the named file, or standard input for "-", and calls Read.
// It never holds more than MaxSize+1 bytes of input: see ReadFileBytes.
func ReadFile(path string) (*qinglian.Document, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = ReadAllLimited(path, os.Stdin)
	} else {
		data, err = ReadFileBytes(path)
	}
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// ReadFileBytes returns the bytes of the named file, refusing a regular
// file larger than MaxSize by its size before reading any of it, and
// reading any other file (a pipe, a device) through ReadAllLimited. The
// error is always an *Error.
func ReadFileBytes(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, openError(path, err)
	}
	if fi.IsDir() {
		return nil, fail(path, ErrUnreadable, "这是目录，不是文件")
	}
	var hint int64
	if fi.Mode().IsRegular() {
		if fi.Size() > MaxSize {
			return nil, tooLarge(path)
		}
		hint = fi.Size()
	}
	data, rerr := readAll(path, f, hint)
	if rerr != nil {
		return nil, rerr
	}
	return data, nil
}

// ReadAllLimited reads r, such as standard input, to the end through an
// io.LimitReader of MaxSize+1 bytes, and refuses more than MaxSize. It
// allocates about 2×MaxSize in all at worst. name is only for the error,
// which is always an *Error.
func ReadAllLimited(name string, r io.Reader) ([]byte, error) {
	data, err := readAll(name, r, 0)
	if err != nil {
		return nil, err
	}
	return data, nil
}

func openError(path string, err error) *Error {
	reason := "无法读取文件"
	switch {
	case errors.Is(err, os.ErrNotExist):
		reason = "文件不存在"
	case errors.Is(err, os.ErrPermission):
		reason = "没有读取权限"
	}
	// The *PathError repeats the path; its inner error is the useful gloss.
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return failf(path, ErrUnreadable, reason, err)
}

// readAll reads r to the end, or to one byte past MaxSize. hint, the size
// of a regular file, lets the buffer be allocated once.
func readAll(name string, r io.Reader, hint int64) ([]byte, *Error) {
	buf := make([]byte, 0, max(hint+1, 512))
	lr := io.LimitReader(r, MaxSize+1)
	for len(buf) <= MaxSize {
		if len(buf) == cap(buf) {
			// Doubling keeps the total allocated for a pipe near twice
			// what it holds; append's gentler growth would copy more.
			c := 2 * cap(buf)
			if c >= MaxSize {
				c = MaxSize + 1 // the last byte only tells "too large"
			}
			grown := make([]byte, len(buf), c)
			copy(grown, buf)
			buf = grown
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, failf(name, ErrUnreadable, "读取文件失败", err)
		}
	}
	if len(buf) > MaxSize {
		return nil, tooLarge(name)
	}
	return buf, nil
}
