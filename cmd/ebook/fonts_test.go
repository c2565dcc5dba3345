package main

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
)

// TestFontsFlagsAnywhere: as for the other commands, flags may come
// before or after the manifest.
func TestFontsFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	testenv.WriteTree(t, dir, map[string]string{
		"book.yaml":            "title: T\nlanguage: en\nchapters: [a.md]\nfont_paths: [fonts]\n",
		"fonts/Go-Regular.ttf": string(goregular.TTF),
	})
	manifest := filepath.Join(dir, "book.yaml")
	file := filepath.Join(dir, "fonts", "Go-Regular.ttf")
	for _, args := range [][]string{
		{"fonts", "-v", manifest},
		{"fonts", manifest, "-v"},
	} {
		code, stdout, stderr := ebook(t, nil, args...)
		if code != exitOK || !strings.Contains(stdout, "Go: Regular\n    "+file+"\n") {
			t.Errorf("ebook %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	if code, _, stderr := ebook(t, nil, "fonts", manifest, manifest); code != exitUsage || !strings.Contains(stderr, "one manifest at a time") {
		t.Errorf("two manifests: exit %d\n%s", code, stderr)
	}
}
