package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// checksums returns the SHA256SUMS of files in dir, in the format of
// sha256sum ("<hex>  <name>"), so that `sha256sum -c SHA256SUMS` checks
// them.
func checksums(dir string, files []string) ([]byte, error) {
	var b bytes.Buffer
	for _, f := range files {
		sum, err := sha256File(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, f)
	}
	return b.Bytes(), nil
}

func sha256File(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var sumLine = regexp.MustCompile(`^([0-9a-f]{64}) [ *]([^/\\]+)$`)

// verifySums checks the SHA256SUMS in dir: every file it lists is there
// with that checksum and belongs to version. It returns the files.
func verifySums(dir, version string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, sumsFile))
	if err != nil {
		return nil, fmt.Errorf("%v (run make release first)", err)
	}
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		m := sumLine.FindStringSubmatch(sc.Text())
		if m == nil {
			return nil, fmt.Errorf("%s:%d: not a line of sha256sum: %q", sumsFile, n, sc.Text())
		}
		name := m[2]
		if !strings.Contains(name, "-"+version+".") {
			return nil, fmt.Errorf("%s:%d: %s is not a file of version %s", sumsFile, n, name, version)
		}
		sum, err := sha256File(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if sum != m[1] {
			return nil, fmt.Errorf("%s:%d: %s has changed since its checksum was written", sumsFile, n, name)
		}
		files = append(files, name)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s lists no file", sumsFile)
	}
	return files, nil
}
