package manifest

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// FuzzParse decodes arbitrary manifests. Whatever the input: no panic, a
// manifest exactly when there is no error, every message on one line and
// at a position inside the file, the same result twice, and a returned
// manifest whose chapter paths stay inside the book's folder, each listed
// once. Seeds: the strings of this package's tests and the repository's
// manifests.
func FuzzParse(f *testing.F) {
	for _, s := range testenv.TestStrings(f, "pipeline/manifest") {
		f.Add(s)
	}
	root := testenv.Root(f)
	for _, p := range []string{"book.yaml", "testdata/featurebook/book.yaml", "pipeline/build/testdata/coverage/book.yaml", "pipeline/check/testdata/problems/book.yaml"} {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, src string) {
		defer testenv.Watchdog(5*time.Second, fmt.Sprintf("parsing a manifest of %d bytes", len(src)))()
		var d diag.List
		m := Parse("book.yaml", []byte(src), &d)
		if (m == nil) != d.HasErrors() {
			t.Fatalf("manifest %v with errors %v", m != nil, d.Items())
		}
		// Lines end as YAML (and diag.File) end them: \n, \r\n or \r.
		lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
		for _, it := range d.Items() {
			p := it.Pos
			if p.Path != "book.yaml" || strings.ContainsAny(it.Message, "\n\r") || it.Message == "" {
				t.Errorf("malformed message %q", it.String())
			}
			if p.Line < 0 || p.Line > len(lines) || p.Col < 0 || p.Col > 0 && p.Line == 0 {
				t.Errorf("position outside the file (%d lines): %s", len(lines), it)
			} else if p.Line > 0 && p.Col > utf8.RuneCountInString(lines[p.Line-1])+1 {
				t.Errorf("column past the end of line %d (%q): %s", p.Line, lines[p.Line-1], it)
			}
		}
		var d2 diag.List
		if m2 := Parse("book.yaml", []byte(src), &d2); !reflect.DeepEqual(m, m2) || !reflect.DeepEqual(d.Items(), d2.Items()) {
			t.Fatal("two parses of the same manifest differ")
		}
		if m == nil {
			return
		}
		if strings.TrimSpace(m.Title) == "" || m.Language == "" || m.BookID() == "" || m.TOCDepth() < 0 || m.TOCDepth() > 6 {
			t.Errorf("accepted an incomplete manifest: %+v", m)
		}
		seen := map[string]bool{}
		var walk func(es []Entry)
		walk = func(es []Entry) {
			for _, e := range es {
				if e.File != "" {
					clean := path.Clean(e.File)
					if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(e.File, "\\") {
						t.Errorf("accepted chapter path %q outside the book", e.File)
					}
					if seen[clean] {
						t.Errorf("accepted chapter %q twice", e.File)
					}
					seen[clean] = true
				} else if e.Part == "" {
					t.Errorf("accepted an entry with neither file nor part: %+v", e)
				}
				walk(e.Sections)
				walk(e.Chapters)
			}
		}
		for _, s := range m.Sections() {
			walk(s.Entries)
		}
		if len(seen) == 0 {
			t.Error("accepted a book without chapters")
		}
	})
}
