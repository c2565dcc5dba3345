// Package testenv gives tests what they need from outside the repository:
// the gopl-zh corpus and the validators (epubcheck, ...). What is missing is
// skipped with a message locally and fails the test under CI (CI=true), so
// that a check never passes by not running.
package testenv

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// InCI reports whether the tests run under CI, where every tool must be
// present.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing skips the test, or fails it under CI, because something it needs
// is not there.
func Missing(t testing.TB, what string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing (CI=true: every validator must be installed; see .ci/run)", what)
	}
	t.Skipf("%s is missing; skipped (install it, or run .ci/run)", what)
}

// SkipShort skips the test under go test -short (make test-short), saying
// why: the corpus, the validators, child processes and whole fuzz seed
// sets are for the full run (make test, CI). A test that has checked
// things before it calls SkipShort is reported as skipped all the same.
func SkipShort(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: " + why)
	}
}

// Corpus returns the folder of the gopl-zh book: $EBOOK_CORPUS, or
// shared/corpus/gopl-zh found in a parent folder of the working directory
// (the corpus sits next to the checkout, ../shared/corpus/gopl-zh). It is
// not part of the repository, so a checkout elsewhere skips the corpus
// tests, even under CI; naming a corpus in $EBOOK_CORPUS that is not there
// fails them.
func Corpus(t testing.TB) string {
	t.Helper()
	SkipShort(t, "the gopl-zh corpus is built only in the full run")
	if dir := os.Getenv("EBOOK_CORPUS"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "SUMMARY.md")); err != nil {
			t.Fatalf("EBOOK_CORPUS=%s: %v", dir, err)
		}
		return dir
	}
	return CorpusBook(t, "gopl-zh")
}

// CorpusBooks are the real books of ../shared/corpus besides gopl-zh,
// written for GitBook, HonKit and mdBook, that tests import and build as a
// new user would (see the corpus's README).
var CorpusBooks = []string{"bwag-zh", "learn-go-with-tests", "mdbook-guide"}

// CorpusBook returns the folder of the real book name of the corpus:
// shared/corpus/NAME in a parent folder of the working directory, or beside
// $EBOOK_CORPUS when that is set. Where it is absent the test is skipped,
// even under CI, as for Corpus.
func CorpusBook(t testing.TB, name string) string {
	t.Helper()
	SkipShort(t, "the corpus books are built only in the full run")
	if dir := os.Getenv("EBOOK_CORPUS"); dir != "" {
		p := filepath.Join(filepath.Dir(dir), name)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("EBOOK_CORPUS=%s: %s is not beside it: %v", dir, name, err)
		}
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "corpus", name)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	t.Skipf("the corpus book %s is not next to this checkout (../shared/corpus/%s); set EBOOK_CORPUS to run this test", name, name)
	return ""
}

var summaryLine = regexp.MustCompile(`^(\s*)(?:\* )?\[([^\]]*)\]\(([^)]+)\)`)

// CorpusManifest writes a book.yaml for the gopl-zh corpus into a temporary
// folder and returns its path: the chapters of SUMMARY.md, in its order,
// with its nesting, and root pointing at the corpus.
func CorpusManifest(t testing.TB) string {
	t.Helper()
	corpus := Corpus(t)
	f, err := os.Open(filepath.Join(corpus, "SUMMARY.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "title: Go语言圣经\nauthors: [Alan A. A. Donovan, Brian W. Kernighan]\nlanguage: zh-CN\nroot: %q\noutput: {name: gopl-zh}\nfront:\n", corpus)
	inChapters := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := summaryLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		indent, file := m[1], m[3]
		isItem := strings.Contains(sc.Text(), "* [")
		switch {
		case !isItem:
			fmt.Fprintf(&b, "  - %q\n", file)
		case indent == "":
			if !inChapters {
				b.WriteString("chapters:\n")
				inChapters = true
			}
			fmt.Fprintf(&b, "  - file: %q\n    sections:\n", file)
		default:
			fmt.Fprintf(&b, "      - %q\n", file)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "book.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// EPUBCheck runs epubcheck on the EPUB at path and returns its report.
func EPUBCheck(t testing.TB, path string) (string, error) {
	t.Helper()
	SkipShort(t, "epubcheck is run only in the full run (the checks before it ran)")
	jar := os.Getenv("EPUBCHECK_JAR")
	if jar == "" {
		jar = "/usr/share/java/epubcheck.jar"
	}
	java, err := exec.LookPath("java")
	if err != nil {
		Missing(t, "java (for epubcheck)")
	}
	if _, err := os.Stat(jar); err != nil {
		Missing(t, "epubcheck ("+jar+")")
	}
	out, err := exec.Command(java, "-jar", jar, path).CombinedOutput()
	return string(out), err
}

// EPUBCheckClean reports whether an epubcheck report has no message of
// any kind: fatal, error, warning or info.
func EPUBCheckClean(report string) bool {
	return strings.Contains(report, "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos")
}

// CleanEPUBCheck fails the test unless epubcheck reports no message at all
// for the EPUB at path.
func CleanEPUBCheck(t testing.TB, path string) {
	t.Helper()
	out, err := EPUBCheck(t, path)
	if err != nil || !EPUBCheckClean(out) {
		t.Errorf("epubcheck %s: %v\n%s", filepath.Base(path), err, out)
	}
}
