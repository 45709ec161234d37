// Package lexicon holds the domain knowledge the review engine reads: word
// lists, confusion pairs, standard formulations, stock phrases and section
// templates. Every file is embedded in the binary and every entry names its
// source. An organisation overrides a file by putting a file of the same name
// in a directory of its own (qinglian check --lexicon DIR).
package lexicon

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

//go:embed data
var embedded embed.FS

// Default returns the embedded files, rooted so that names are "confusion.tsv"
// and the like.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	return sub
}

// Open returns the embedded files overlaid with those in dir: a file in dir
// replaces the embedded file of the same name. An empty dir gives Default().
func Open(dir string) (fs.FS, error) {
	if dir == "" {
		return Default(), nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("lexicon directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("lexicon directory: %s is not a directory", dir)
	}
	return overlay{top: os.DirFS(dir), base: Default()}, nil
}

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}
