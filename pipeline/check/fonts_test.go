package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
)

// TestFontCoverageWithFonts is the check with the book's real fonts: the
// built-in chains have ✓ and é, and no font has U+1FAE8; a font file that
// is not a font is reported where book.yaml names it.
func TestFontCoverageWithFonts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: F\nlanguage: en\nchapters:\n  - a.md\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# Fonts\n\nText with ✓ and 🫨, café, 🫨.\n\n```go\nx := \"é\" // ✓\n```\n"), 0o644)
	var d diag.List
	Run(filepath.Join(dir, "book.yaml"), Options{Checks: []Check{{"fonts", Fonts}}}, &d)
	var got []string
	for _, x := range d.Items() {
		got = append(got, strings.TrimPrefix(x.String(), dir+"/"))
	}
	want := []string{
		`a.md:3:17: warning: U+1FAE8 SHAKING FACE "🫨" is in no font of its chain (body: Go, LXGW WenKai, DejaVu Sans); 2 occurrences, the first here. Add a font that has it to fonts: in book.yaml`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: F\nlanguage: en\nchapters:\n  - a.md\nfonts:\n  body: [notes.ttf, default]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.ttf"), []byte("this is not a font, only text\n"), 0o644)
	d = diag.List{}
	Run(filepath.Join(dir, "book.yaml"), Options{Checks: []Check{{"fonts", Fonts}}}, &d)
	items := d.Items()
	if len(items) != 1 || !strings.HasSuffix(items[0].String(), `book.yaml:6:10: error: font file "notes.ttf" is not an OpenType or TrueType font file (.ttf, .otf, .ttc or .otc)`) {
		t.Errorf("messages: %v", items)
	}
}
