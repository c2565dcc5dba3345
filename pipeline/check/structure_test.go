package check

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestHeadingLevelsAsWritten checks that skipped levels are reported in
// the levels the author wrote, also where the loader, moving a file's
// headings to its place in the book, capped a level at 1 or 6: undoing
// the shift by subtraction names levels that were never written there.
func TestHeadingLevelsAsWritten(t *testing.T) {
	tests := []struct {
		name     string
		chapters string // the manifest's chapters: list
		files    map[string]string
		want     []string
	}{
		{
			name:     "no shift",
			chapters: "[a.md]",
			files:    map[string]string{"a.md": "# A\n\n### C\n"},
			want:     []string{"a.md:3:1: warning: heading level 3 follows level 1: level 2 is skipped (write ##)"},
		},
		{
			// Shifted up by one: "#" stays at 1 (capped), which
			// subtraction reads as a 2, so "####" seemed to follow a 2.
			name:     "capped at 1, wrong levels named",
			chapters: "[a.md]",
			files:    map[string]string{"a.md": "## A\n\n# B\n\n#### D\n"},
			want:     []string{"a.md:5:1: warning: heading level 4 follows level 1: level 2 is skipped (write ##)"},
		},
		{
			// Shifted up by two: "#" and "###" both land on 1, which
			// subtraction reads as 3 and 3: the skip was missed.
			name:     "capped at 1, skip missed",
			chapters: "[a.md]",
			files:    map[string]string{"a.md": "### A\n\n# B\n\n### C\n"},
			want:     []string{"a.md:5:1: warning: heading level 3 follows level 1: level 2 is skipped (write ##)"},
		},
		{
			// A subsection file written from "#", shifted down by two:
			// "#####" and "######" land on 6, read back as 4 and 4.
			name:     "capped at 6, skip missed",
			chapters: "\n  - file: a.md\n    sections:\n      - file: b.md\n        sections: [c.md]",
			files: map[string]string{
				"a.md": "# A\n\nText.\n",
				"b.md": "# B\n\nText.\n",
				"c.md": "# C\n\n## C1\n\n### C2\n\n#### C3\n\n###### C5\n\nText.\n",
			},
			want: []string{"c.md:9:1: warning: heading level 6 follows level 4: level 5 is skipped (write #####)"},
		},
		{
			name:     "capped, nothing skipped",
			chapters: "[a.md]",
			files:    map[string]string{"a.md": "### A\n\n# B\n\n## C\n\n### D\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: " + tt.chapters + "\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			m := testenv.WriteBook(t, files)
			var d diag.List
			Run(m, Options{Checks: []Check{{"heading levels", HeadingLevels}}}, &d)
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

// TestRenamedAnchors: a repeated heading is reported only where a link is
// written to its anchor, which then reaches the first of them.
func TestRenamedAnchors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"nothing links to it", map[string]string{
			"a.md": "# A\n\n## Refactor\n\n## Refactor\n", "b.md": "# B\n\n[a](a.md)\n"}, nil},
		{"a link in another chapter", map[string]string{
			"a.md": "# A\n\n## Refactor\n\n## Refactor\n", "b.md": "# B\n\nSee [it](a.md#refactor).\n"},
			[]string{"a.md:5:1: warning: heading anchor #refactor is already used in this chapter: this heading's anchor is #refactor-1, and the link at b.md:3:5 reaches the first; give this one its own with {#id} if it is meant"}},
		{"a link to the numbered one", map[string]string{
			"a.md": "# A\n\n## Refactor\n\n## Refactor\n", "b.md": "# B\n\nSee [it](a.md#refactor-1).\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, b.md]\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			m := testenv.WriteBook(t, files)
			var d diag.List
			Run(m, Options{Checks: []Check{{"renamed heading anchors", RenamedAnchors}}}, &d)
			var got []string
			for _, l := range lines(&d) {
				got = append(got, strings.ReplaceAll(l, filepath.Dir(m)+"/", ""))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
