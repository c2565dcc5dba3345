package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestCheckCommand runs ebook check on the book seeded with every problem:
// its report is the golden report of pipeline/check, then a summary.
func TestCheckCommand(t *testing.T) {
	manifest := filepath.Join("..", "..", "pipeline", "check", "testdata", "problems", "book.yaml")
	golden, err := os.ReadFile(filepath.Join("..", "..", "pipeline", "check", "testdata", "problems.golden"))
	if err != nil {
		t.Fatal(err)
	}
	prefix := filepath.ToSlash(filepath.Join("..", "..", "pipeline", "check")) + "/"
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
		// Paths in messages too ("the link at testdata/...").
		want = append(want, prefix+strings.ReplaceAll(l, " testdata/", " "+prefix+"testdata/"))
	}

	code, out, errs := execCLI("check", manifest)
	wantOut := strings.Join(want, "\n") + "\n" + manifest + ": 1 error, 11 warnings in 4 chapters\n"
	if code != 1 || out != wantOut || errs != "" {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, out, wantOut, errs)
	}

	// --strict: every warning is an error.
	code, out, _ = execCLI("check", "--strict", manifest)
	if code != 1 || !strings.HasSuffix(out, ": 12 errors, 0 warnings in 4 chapters\n") || strings.Contains(out, "warning:") {
		t.Errorf("--strict: exit %d\n%s", code, out)
	}

	// -q: errors only.
	code, out, _ = execCLI("check", "-q", manifest)
	if code != 1 || strings.Count(out, "\n") != 2 || strings.Contains(out, "warning:") {
		t.Errorf("-q: exit %d\n%s", code, out)
	}
}

// TestCheckContentBook checks the repository's own book, as make test
// does: nothing to report, even with --strict.
func TestCheckContentBook(t *testing.T) {
	manifest := filepath.Join("..", "..", "book.yaml")
	code, out, errs := execCLI("check", "--strict", manifest)
	if code != 0 || out != manifest+": no problems in 2 chapters\n" || errs != "" {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := execCLI("check", "-q", manifest); code != 0 || out != "" {
		t.Errorf("-q on a clean book prints nothing: exit %d %q", code, out)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, errs := execCLI("check", "a.yaml", "b.yaml"); code != 2 || !strings.Contains(errs, "one manifest at a time") {
		t.Errorf("two manifests: exit %d %s", code, errs)
	}
	if code, _, _ := execCLI("check", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	code, out, _ := execCLI("check", filepath.Join(t.TempDir(), "book.yaml"))
	if code != 1 || !strings.Contains(out, "error: cannot read the manifest") {
		t.Errorf("missing manifest: exit %d %s", code, out)
	}
}

// TestHelp checks that every command explains itself with examples and
// takes -q and -v.
func TestHelp(t *testing.T) {
	for _, cmd := range []string{"build", "check", "watch", "serve", "init", "fonts", "version"} {
		code, out, errs := execCLI(cmd, "--help")
		help := out + errs
		if code != 0 || !strings.Contains(help, "Usage: ebook "+cmd) || !strings.Contains(help, "Examples:") ||
			!strings.Contains(help, "-q\t") || !strings.Contains(help, "-v\t") {
			t.Errorf("ebook %s --help: exit %d\n%s", cmd, code, help)
		}
	}
	code, out, _ := execCLI("help")
	for _, cmd := range []string{"build", "check", "watch", "serve", "init", "fonts", "version"} {
		if code != 0 || !strings.Contains(out, "ebook "+cmd) {
			t.Errorf("ebook help does not list %s:\n%s", cmd, out)
		}
	}
	if code, out, _ := execCLI("version"); code != 0 || out != "ebook devel\n" {
		t.Errorf("version: exit %d %q", code, out)
	}
	if code, out, _ := execCLI("version", "-q"); code != 0 || out != "devel\n" {
		t.Errorf("version -q: exit %d %q", code, out)
	}
}

// TestColor checks that a file or a buffer gets no colour, and what
// colour looks like.
func TestColor(t *testing.T) {
	env := func(vars ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(vars); i += 2 {
				if vars[i] == k {
					return vars[i+1]
				}
			}
			return ""
		}
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if useColor(f, env()) || useColor(&bytes.Buffer{}, env()) {
		t.Error("colour for a file or a buffer")
	}
	// A terminal: TestColorOnTerminal.

	var buf bytes.Buffer
	p := &printer{w: &buf, color: true}
	p.diag(diag.Diagnostic{Pos: diag.Pos{Path: "a.md", Line: 3, Col: 1}, Severity: diag.Error, Message: "broken"})
	p.diag(diag.Diagnostic{Pos: diag.Pos{Path: "b.md"}, Severity: diag.Warning, Message: "odd"})
	want := "\x1b[1ma.md:3:1:\x1b[0m \x1b[1;31merror\x1b[0m: broken\n\x1b[1mb.md:\x1b[0m \x1b[1;33mwarning\x1b[0m: odd\n"
	if buf.String() != want {
		t.Errorf("coloured output %q, want %q", buf.String(), want)
	}
}

// TestCheckAgreesWithBuildUA checks that ebook check reports the errors
// ebook build would for a book claiming PDF/UA-1 (pdf.standard: ua-1): the
// same messages at the same positions, the same exit status, and no
// warning of check's own beside an error at its position.
func TestCheckAgreesWithBuildUA(t *testing.T) {
	const manifest = "title: T\nlanguage: en\nmarkdown:\n  captions: false\nchapters: [a.md]\npdf:\n  standard: ua-1\n"
	tests := []struct {
		name string
		a    string // a.md
		want string // the start of the one error, with BOOK/ for the book's folder
	}{
		{"image without alt text", "# A\n\nText ![](p.png) and more.\n",
			"BOOK/a.md:3:6: error: image p.png has no alternative text, which PDF/UA-1"},
		{"skipped heading level", "# A\n\nText.\n\n### C\n\nMore.\n",
			"BOOK/a.md:5:1: error: heading level 3 follows level 1: PDF/UA-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testenv.WriteBook(t, map[string]string{"book.yaml": manifest, "a.md": tt.a, "p.png": png1})
			dir := filepath.Dir(m)
			bookDir := "BOOK"
			errorsOf := func(out string) (errs, warns []string) {
				for _, l := range strings.Split(strings.ReplaceAll(out, dir, bookDir), "\n") {
					switch {
					case strings.Contains(l, ": error: "):
						errs = append(errs, l)
					case strings.Contains(l, ": warning: "):
						warns = append(warns, l)
					}
				}
				return errs, warns
			}
			env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
			bcode, _, bstderr := ebook(t, env, "build", "--allow-outside", dir, "--out", filepath.Join(dir, "dist"), m)
			ccode, cstdout, _ := ebook(t, env, "check", "--allow-outside", dir, m)
			berrs, _ := errorsOf(bstderr)
			cerrs, cwarns := errorsOf(cstdout)
			if len(berrs) != 1 || !strings.HasPrefix(berrs[0], tt.want) {
				t.Fatalf("build: exit %d, want one error %q:\n%s", bcode, tt.want, bstderr)
			}
			if ccode != bcode || strings.Join(cerrs, "\n") != strings.Join(berrs, "\n") {
				t.Errorf("check: exit %d, errors\n%s\nwant exit %d, errors\n%s", ccode, strings.Join(cerrs, "\n"), bcode, strings.Join(berrs, "\n"))
			}
			pos := tt.want[:strings.Index(tt.want, " error: ")]
			for _, w := range cwarns {
				if strings.HasPrefix(w, pos+" ") {
					t.Errorf("check warns beside the error at %s: %s", pos, w)
				}
			}
		})
	}
}
