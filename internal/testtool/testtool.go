// Package testtool finds what the tests need outside the repository: the
// shared corpus of real books and the validators (epubcheck). A test skips
// with a clear message when one is missing on a developer's machine, and
// fails when it is missing under CI (CI=true), where .ci/run installs them.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Missing skips the test, or fails it under CI, because what is missing.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing, and CI must run this test", what)
	}
	t.Skipf("skipped: %s is missing", what)
}

// Corpus returns the folder of the shared corpus book name (such as
// "gopl-zh"): $EBOOK_CORPUS/name when EBOOK_CORPUS is set, otherwise the
// first shared/corpus/name found walking up from the test's folder.
func Corpus(t testing.TB, name string) string {
	t.Helper()
	if root := os.Getenv("EBOOK_CORPUS"); root != "" {
		dir := filepath.Join(root, name)
		if _, err := os.Stat(filepath.Join(dir, "SUMMARY.md")); err != nil {
			t.Fatalf("EBOOK_CORPUS=%s: %v", root, err)
		}
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "corpus", name)
		if _, err := os.Stat(filepath.Join(cand, "SUMMARY.md")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			Missing(t, "the corpus book "+name+" (shared/corpus/"+name+" above the repository, or $EBOOK_CORPUS)")
			return ""
		}
		dir = parent
	}
}

// EpubcheckJar is where Debian's epubcheck package installs the validator.
const EpubcheckJar = "/usr/share/java/epubcheck.jar"

// Epubcheck validates the EPUB at path and returns epubcheck's report and
// whether it found no message of any kind (fatal, error, warning or info).
func Epubcheck(t testing.TB, path string) (string, bool) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		Missing(t, "java (apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(EpubcheckJar); err != nil {
		Missing(t, "epubcheck (apt-get install epubcheck)")
	}
	out, err := exec.Command(java, "-jar", EpubcheckJar, path).CombinedOutput()
	report := string(out)
	clean := err == nil && strings.Contains(report, "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos")
	return report, clean
}
