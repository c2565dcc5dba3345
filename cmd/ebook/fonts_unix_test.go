//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs ebook with args and fails the test when it has not
// returned within limit (a read of a named pipe blocks for ever).
func runWithin(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		c, o, e := ebook(t, nil, args...)
		done <- result{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(limit):
		t.Fatalf("ebook %s did not return within %v", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

// TestFontsManifestNotAFile: a book.yaml that is a named pipe or a folder
// is an error with a message, not a hang, whether named or found in the
// current folder.
func TestFontsManifestNotAFile(t *testing.T) {
	cases := []struct {
		name string
		make func(p string) error
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"folder", func(p string) error { return os.Mkdir(p, 0o755) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			manifest := filepath.Join(dir, "book.yaml")
			if err := c.make(manifest); err != nil {
				t.Skipf("cannot make a %s: %v", c.name, err)
			}
			code, _, stderr := runWithin(t, 30*time.Second, "fonts", manifest)
			if code != exitBuild || !strings.Contains(stderr, manifest+": cannot read the manifest: not a regular file") {
				t.Errorf("ebook fonts %s: exit %d\n%s", manifest, code, stderr)
			}
			t.Chdir(dir)
			code, _, stderr = runWithin(t, 30*time.Second, "fonts")
			if code != exitBuild || !strings.Contains(stderr, "book.yaml: cannot read the manifest: not a regular file") {
				t.Errorf("ebook fonts in a folder whose book.yaml is a %s: exit %d\n%s", c.name, code, stderr)
			}
		})
	}
}
