package lexicon

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOverlay: a file in the organisation's directory replaces the embedded
// one of the same name; the others stay embedded.
func TestOverlay(t *testing.T) {
	entries, err := fs.ReadDir(Default(), ".")
	if err != nil || len(entries) < 2 {
		t.Fatalf("embedded lexicon: %v, %d files", err, len(entries))
	}
	replaced, kept := entries[0].Name(), entries[1].Name()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, replaced), []byte("# ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(fsys, replaced)
	if err != nil || string(got) != "# ours\n" {
		t.Errorf("%s = %q, %v; want the organisation's file", replaced, got, err)
	}
	want, _ := fs.ReadFile(Default(), kept)
	got, err = fs.ReadFile(fsys, kept)
	if err != nil || string(got) != string(want) {
		t.Errorf("%s not served from the embedded lexicon: %v", kept, err)
	}
	if _, err := fs.ReadFile(fsys, "no-such-file.tsv"); err == nil {
		t.Error("a missing file was found")
	}
}

func TestOpenRefusesBadDirectory(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing directory accepted")
	}
	file := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a file accepted as directory: %v", err)
	}
	if fsys, err := Open(""); err != nil || fsys == nil {
		t.Errorf("empty dir: %v", err)
	}
}

// TestEverySourcedFileNamesSources: each tab-separated data row carries a
// non-empty last column, its source.
func TestEverySourcedFileNamesSources(t *testing.T) {
	entries, _ := fs.ReadDir(Default(), ".")
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tsv") {
			continue
		}
		data, err := fs.ReadFile(Default(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 2 || strings.TrimSpace(cols[len(cols)-1]) == "" {
				t.Errorf("%s:%d: no source column: %q", e.Name(), i+1, line)
			}
		}
	}
}
