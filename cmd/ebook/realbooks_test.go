package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// problemLine is one problem as the command prints it: a position
// (path:line:col, or a path alone for a whole file), the severity and the
// message.
var problemLine = regexp.MustCompile(`^(.+?)(?::(\d+):(\d+))?: (warning|error): (.+)$`)

// epubcheckCounts reads epubcheck's summary line.
var epubcheckCounts = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?`)

// TestRealBooks imports the real GitBook and mdBook books of the corpus as
// a new user would (ebook init --from the book's folder), builds them and
// validates the outputs: exit 0, every problem a positioned warning,
// epubcheck without errors or warnings, qpdf clean. The same build with
// --strict fails with the same problems as errors and writes nothing.
// Glyphs within the text block are checked by pipeline/pdf's
// TestCorpusBooks.
func TestRealBooks(t *testing.T) {
	testenv.SkipShort(t, "builds three real books")
	for _, name := range testenv.CorpusBooks {
		t.Run(name, func(t *testing.T) {
			from := testenv.CorpusBook(t, name)
			dir := t.TempDir()
			code, out, errs := execCLI("init", "--from", from, dir)
			if code != 0 {
				t.Fatalf("init --from %s: exit %d\n%s%s", name, code, out, errs)
			}
			manifest := filepath.Join(dir, "book.yaml")
			dist := filepath.Join(dir, "dist")
			code, out, errs = execCLI("build", "--allow-outside", from, "--out", dist, manifest)
			if code != 0 {
				t.Fatalf("build: exit %d\n%s%s", code, out, errs)
			}
			warnings := problems(t, errs, "warning")
			t.Logf("%s: %d warnings", name, len(warnings))

			epubs, _ := filepath.Glob(filepath.Join(dist, "*.epub"))
			pdfs, _ := filepath.Glob(filepath.Join(dist, "*.pdf"))
			if len(epubs) != 1 || len(pdfs) != 1 {
				t.Fatalf("build wrote %v and %v, want one EPUB and one PDF", epubs, pdfs)
			}
			report, _ := testenv.EPUBCheck(t, epubs[0])
			m := epubcheckCounts.FindStringSubmatch(report)
			if m == nil || m[1] != "0" || m[2] != "0" || m[3] != "0" {
				t.Errorf("epubcheck %s: want no fatal, error or warning:\n%s", filepath.Base(epubs[0]), report)
			}
			qpdf, err := exec.LookPath("qpdf")
			if err != nil {
				testenv.Missing(t, "qpdf")
			}
			if out, err := exec.Command(qpdf, "--check", pdfs[0]).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
				t.Errorf("qpdf --check %s: %v\n%s", filepath.Base(pdfs[0]), err, out)
			}

			// --strict: the same problems, as errors, and nothing written.
			strictOut := filepath.Join(dir, "strict")
			code, out, errs = execCLI("build", "--strict", "--allow-outside", from, "--out", strictOut, manifest)
			if len(warnings) == 0 {
				if code != 0 {
					t.Errorf("build --strict of a book without warnings: exit %d\n%s%s", code, out, errs)
				}
				return
			}
			if code != 1 {
				t.Errorf("build --strict: exit %d, want 1\n%s%s", code, out, errs)
			}
			if got := problems(t, errs, "error"); strings.Join(got, "\n") != strings.Join(warnings, "\n") {
				t.Errorf("build --strict reports other problems than the warnings of build:\nstrict:\n%s\nwarnings:\n%s",
					strings.Join(got, "\n"), strings.Join(warnings, "\n"))
			}
			if entries, _ := os.ReadDir(strictOut); len(entries) != 0 {
				t.Errorf("build --strict failed but wrote %d files into %s", len(entries), strictOut)
			}
		})
	}
}

// problems returns the problems of severity sev that stderr lists, as
// "position: message" sorted, and fails the test for any line of stderr
// that is not a problem or the summary, and for a problem of another
// severity.
func problems(t *testing.T, stderr, sev string) []string {
	t.Helper()
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "ebook build: ") {
			continue // the summary line
		}
		m := problemLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a positioned problem: %q", line)
			continue
		}
		if m[4] != sev {
			t.Errorf("%s, want only %ss", line, sev)
			continue
		}
		got = append(got, m[1]+":"+m[2]+":"+m[3]+": "+m[5])
	}
	sort.Strings(got)
	return got
}
