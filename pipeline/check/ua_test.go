package check

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestPDFUA checks what the default checks report for a book claiming
// PDF/UA-1: the build's errors, each alone at its position (not beside
// the warning the loader or HeadingLevels gives there), nothing of it for
// a book that does not claim it, and no error made up from a chapter that
// could not be read.
func TestPDFUA(t *testing.T) {
	const ua = "pdf:\n  standard: ua-1\n"
	tests := []struct {
		name     string
		pdf      string // the pdf: key of book.yaml
		chapters string
		files    map[string]string
		want     []string
	}{
		{
			name: "image without alt text", pdf: ua, chapters: "[a.md]",
			files: map[string]string{"a.md": "# A\n\nText ![](p.svg).\n"},
			want:  []string{"a.md:3:6: error: image p.svg has no alternative text, which PDF/UA-1 (pdf.standard: ua-1) requires: describe it in ![...]"},
		},
		{
			name: "skipped level", pdf: ua, chapters: "[a.md]",
			files: map[string]string{"a.md": "# A\n\nText.\n\n### C\n\nText.\n"},
			want:  []string{"a.md:5:1: error: heading level 3 follows level 1: PDF/UA-1 (pdf.standard: ua-1) forbids skipping a level (write ##)"},
		},
		{
			name: "no claim", chapters: "[a.md]",
			files: map[string]string{"a.md": "# A\n\nText ![](p.svg).\n\n### C\n\nText.\n"},
			want: []string{
				"a.md:3:6: warning: image p.svg has no alternative text: describe it in ![...], or give it a caption (图 1-1 …) on the line under it",
				"a.md:5:1: warning: heading level 3 follows level 1: level 2 is skipped (write ##)",
			},
		},
		{
			// The missing chapter's heading would have been the first.
			name: "chapter missing", pdf: ua, chapters: "\n  - file: a.md\n    sections: [b.md]",
			files: map[string]string{"b.md": "## B\n\nText.\n"},
			want:  []string{`book.yaml:6:11: error: chapter file "a.md" not found`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"book.yaml": "title: T\nlanguage: en\nmarkdown:\n  captions: false\nchapters: " + tt.chapters + "\n" + tt.pdf,
				"p.svg":     `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`,
			}
			for k, v := range tt.files {
				files[k] = v
			}
			m := testenv.WriteBook(t, files)
			var d diag.List
			Run(m, Options{Checks: []Check{{"heading levels", HeadingLevels}, {"PDF/UA-1", PDFUA}}}, &d)
			var got []string
			for _, l := range lines(&d) {
				got = append(got, strings.TrimPrefix(l, filepath.Dir(m)+"/"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
