// Package debpkg reads what the spelling detector's generators need to know
// about the Debian packages they take data from.
package debpkg

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Version reads the version of package pkg from the first line of its
// changelog.Debian.gz in doc ("open-gram (0.1.22+20170109-2) unstable; ...").
func Version(doc, pkg string) (string, error) {
	name := filepath.Join(doc, "changelog.Debian.gz")
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("%w (install the Debian package %s)", err, pkg)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	line, _ := bufio.NewReader(z).ReadString('\n')
	a, b := strings.IndexByte(line, '('), strings.IndexByte(line, ')')
	if a < 0 || b < a {
		return "", fmt.Errorf("%s: no version in %q", name, line)
	}
	return line[a+1 : b], nil
}
