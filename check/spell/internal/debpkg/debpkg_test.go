package debpkg

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		f, err := os.Create(filepath.Join(dir, "changelog.Debian.gz"))
		if err != nil {
			t.Fatal(err)
		}
		z := gzip.NewWriter(f)
		z.Write([]byte(s))
		z.Close()
		f.Close()
	}
	write("libcangjie (1.3-4) unstable; urgency=medium\n\n  * x\n")
	if v, err := Version(dir, "libcangjie2-data"); err != nil || v != "1.3-4" {
		t.Errorf("got %q, %v", v, err)
	}
	write("no version here\n")
	if _, err := Version(dir, "x"); err == nil || !strings.Contains(err.Error(), "no version") {
		t.Errorf("want an error naming the missing version, got %v", err)
	}
	if _, err := Version(t.TempDir(), "sunpinyin-data"); err == nil || !strings.Contains(err.Error(), "install the Debian package sunpinyin-data") {
		t.Errorf("want an error naming the package, got %v", err)
	}
}
