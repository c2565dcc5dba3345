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

// TestFontsQuiet: ebook fonts takes -q as every command does: the list
// without the summary line.
func TestFontsQuiet(t *testing.T) {
	dir := t.TempDir()
	testenv.WriteTree(t, dir, map[string]string{
		"book.yaml":            "title: T\nlanguage: en\nchapters: [a.md]\nfont_paths: [fonts]\n",
		"fonts/Go-Regular.ttf": string(goregular.TTF),
	})
	manifest := filepath.Join(dir, "book.yaml")
	if code, _, stderr := ebook(t, nil, "fonts", manifest); code != exitOK || !strings.Contains(stderr, "families in") {
		t.Fatalf("ebook fonts: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := ebook(t, nil, "fonts", "-q", manifest)
	if code != exitOK || stderr != "" || !strings.Contains(stdout, "Go: Regular\n") {
		t.Errorf("ebook fonts -q: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
