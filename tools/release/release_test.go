package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/build"
)

// ebookBin is the ebook command the tests release with, built once by
// TestMain with the tool version "vTOOL".
var ebookBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // the tests that need the command skip
	}
	dir, err := os.MkdirTemp("", "release-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ebookBin = filepath.Join(dir, "ebook")
	out, err := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=vTOOL", "-o", ebookBin, "github.com/gobook/ebook/cmd/ebook").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the ebook command: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// ebookCmd returns ebookBin; under -short, where it is not built, it
// skips the test.
func ebookCmd(t *testing.T) string {
	t.Helper()
	testenv.SkipShort(t, "releases with the ebook command, built and run as a child process")
	return ebookBin
}

// baseEnv is this process's environment without the settings the release
// tool reads, plus extra.
func baseEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "VERSION", "SOURCE_DATE_EPOCH", "CI", "EPUBCHECK_JAR":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

func release(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, env)
	return code, out.String(), errb.String()
}

// stub writes an executable shell script named name into dir.
func stub(t *testing.T, dir, name, script string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// stubValidators returns a folder with a java that passes (or fails) every
// file and logs its arguments to the file log, to put first in PATH.
func stubValidators(t *testing.T, pass bool, log string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "stubs")
	status := "0"
	if !pass {
		status = "1"
	}
	// The stub stands in for the jar too: validate checks it exists.
	if f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.Close()
	}
	stub(t, dir, "java", fmt.Sprintf("echo \"$*\" >> %q\necho \"ERROR(RSC-005): stub report for $4\"\nexit %s\n", log, status))
	return dir
}

// listDir returns the names in dir and their contents.
func listDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		files[e.Name()] = string(data)
	}
	return files
}

func names(files map[string]string) []string {
	var n []string
	for k := range files {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

// sha256sumCheck runs `sha256sum -c SHA256SUMS` in dir, as a reader of the
// release would.
func sha256sumCheck(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("sha256sum"); err != nil {
		testenv.Missing(t, "sha256sum")
	}
	cmd := exec.Command("sha256sum", "-c", "SHA256SUMS")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c SHA256SUMS: %v\n%s", err, out)
	}
}

// TestReleaseContentBook releases the repository's book as `make release
// VERSION=v0.0.0-test` does, with the real validators: the EPUB and
// SHA256SUMS, which sha256sum accepts; the book shows the version on its
// colophon and in its metadata; a second release is byte-identical.
func TestReleaseContentBook(t *testing.T) {
	if _, err := os.Stat("/usr/share/java/epubcheck.jar"); err != nil {
		testenv.Missing(t, "epubcheck (/usr/share/java/epubcheck.jar)")
	}
	if _, err := exec.LookPath("java"); err != nil {
		testenv.Missing(t, "java (for epubcheck)")
	}
	dist := filepath.Join(t.TempDir(), "dist")
	env := baseEnv("VERSION=v0.0.0-test", "SOURCE_DATE_EPOCH=1700000000")
	code, stdout, stderr := release(t, env, "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	epub := "advanced-go-programming-v0.0.0-test.epub"
	if !strings.Contains(stdout, epub+": epubcheck: No errors or warnings detected.") {
		t.Errorf("epubcheck was not reported passing:\n%s", stdout)
	}
	files := listDir(t, dist)
	// One file per format the pipeline builds (the PDF too, once it
	// exists), and the checksums.
	want := []string{"SHA256SUMS"}
	for _, f := range build.Formats {
		want = append(want, "advanced-go-programming-v0.0.0-test."+f)
	}
	slices.Sort(want)
	if got := names(files); !slices.Equal(got, want) {
		t.Fatalf("dist holds %v, want %v", got, want)
	}
	sha256sumCheck(t, dist)
	for _, name := range want[1:] {
		showsVersion(t, filepath.Join(dist, name), "v0.0.0-test", "2023-11-14")
	}

	// Again, with another validator run (stubbed: epubcheck passed
	// above): the same bytes, no leftovers.
	log := filepath.Join(t.TempDir(), "log")
	env = append(env, "PATH="+stubValidators(t, true, log)+string(os.PathListSeparator)+os.Getenv("PATH"))
	if code, stdout, stderr := release(t, env, "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml"); code != 0 {
		t.Fatalf("second release: exit %d\n%s%s", code, stdout, stderr)
	}
	if again := listDir(t, dist); !mapsEqual(again, files) {
		t.Errorf("a second release differs: %v", names(again))
	}
}

// showsVersion checks that the release file at p shows version and the
// build date on its colophon page and records the version in its metadata.
func showsVersion(t *testing.T, p, version, date string) {
	t.Helper()
	lines := []string{"Version: " + version, "Build date: " + date, "Built with ebook vTOOL."}
	switch filepath.Ext(p) {
	case ".epub":
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		colophon, opf := epubParts(t, data)
		for _, want := range lines {
			if !strings.Contains(colophon, want) {
				t.Errorf("%s: the colophon lacks %q:\n%s", p, want, colophon)
			}
		}
		if !strings.Contains(opf, `<meta property="schema:version">`+version+`</meta>`) {
			t.Errorf("%s: the metadata lack the version:\n%s", p, opf)
		}
	case ".pdf":
		if !pdfMetadataHas(t, p, version) {
			t.Errorf("%s records the version neither in its document information nor in its XMP metadata", p)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			testenv.Missing(t, "pdftotext (Debian package poppler-utils)")
		}
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", p, err)
		}
		for _, want := range lines {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s: the text lacks %q", p, want)
			}
		}
	default:
		t.Errorf("%s: no check for this format: add one here", p)
	}
}

// pdfMetadataHas reports whether the PDF at p holds s in its document
// information dictionary (qpdf --json decodes its strings, in either
// encoding) or in its XMP metadata (searched in the uncompressed file).
func pdfMetadataHas(t *testing.T, p, s string) bool {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		testenv.Missing(t, "qpdf")
	}
	js, err := exec.Command("qpdf", "--json", "--json-key=qpdf", p).Output()
	if err != nil {
		t.Fatalf("qpdf --json %s: %v", p, err)
	}
	if bytes.Contains(js, []byte(`"u:`+s+`"`)) {
		return true
	}
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", p, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --qdf %s: %v\n%s", p, err, out)
	}
	data, _ := os.ReadFile(qdf)
	return bytes.Contains(data, []byte("<x:xmpmeta")) && bytes.Contains(data, []byte(">"+s+"<"))
}

// epubParts returns the colophon (the last chapter) and the package
// document of an EPUB.
func epubParts(t *testing.T, data []byte) (colophon, opf string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var last string
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		switch {
		case f.Name == "EPUB/package.opf":
			opf = string(b)
		case strings.HasPrefix(f.Name, "EPUB/xhtml/c") && f.Name > last:
			last, colophon = f.Name, string(b)
		}
	}
	return colophon, opf
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// minimalPDF is a small valid PDF whose document information holds
// subject.
func minimalPDF(subject string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
		"<< /Title (Book) /Subject (" + subject + ") >>",
	}
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// fakeEbook returns an ebook command that writes the files of folder
// fixtures as its outputs: a stand-in for formats the pipeline does not
// build yet.
func fakeEbook(t *testing.T, fixtures string) string {
	t.Helper()
	return stub(t, t.TempDir(), "ebook", fmt.Sprintf(`out=
while [ $# -gt 0 ]; do
  if [ "$1" = --out ]; then out=$2; fi
  shift
done
mkdir -p "$out" && cp %q/* "$out"/
`, fixtures))
}

// TestReleasePDF: a PDF output flows through the release like the EPUB:
// qpdf --check validates it (the real qpdf), it is named and listed in
// SHA256SUMS; a damaged PDF fails the whole release and leaves dist as it
// was; when a later build of the same version has no PDF, the stale one
// goes.
func TestReleasePDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		testenv.Missing(t, "qpdf")
	}
	fixtures := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(fixtures, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("book.epub", []byte("an EPUB"))
	write("book.pdf", minimalPDF("v2.0.0"))
	ebook := fakeEbook(t, fixtures)
	log := filepath.Join(t.TempDir(), "log")
	stubs := stubValidators(t, true, log)
	dist := filepath.Join(t.TempDir(), "dist")
	env := baseEnv("VERSION=v2.0.0", "SOURCE_DATE_EPOCH=1700000000", "EPUBCHECK_JAR="+log, // any file will do for the stub
		"PATH="+stubs+string(os.PathListSeparator)+os.Getenv("PATH"))
	code, stdout, stderr := release(t, env, "build", "-ebook", ebook, "-dist", dist)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "book-v2.0.0.pdf: qpdf --check: ") {
		t.Errorf("qpdf was not reported:\n%s", stdout)
	}
	good := listDir(t, dist)
	if got := names(good); !slices.Equal(got, []string{"SHA256SUMS", "book-v2.0.0.epub", "book-v2.0.0.pdf"}) {
		t.Fatalf("dist holds %v", got)
	}
	sha256sumCheck(t, dist)
	if calls, _ := os.ReadFile(log); string(calls) != "-jar "+log+" --failonwarnings book-v2.0.0.epub\n" {
		t.Errorf("epubcheck was called as %q", calls)
	}
	// The check the content book's PDF will get finds the version in the
	// document information, and not where it is missing.
	if !pdfMetadataHas(t, filepath.Join(dist, "book-v2.0.0.pdf"), "v2.0.0") {
		t.Error("the version is not found in the PDF's document information")
	}
	other := filepath.Join(t.TempDir(), "other.pdf")
	os.WriteFile(other, minimalPDF("v1.0.0"), 0o644)
	if pdfMetadataHas(t, other, "v2.0.0") {
		t.Error("a version was found in a PDF that lacks it")
	}

	// A damaged PDF: nothing changes.
	write("book.pdf", minimalPDF("v2.0.0")[:200])
	code, stdout, stderr = release(t, env, "build", "-ebook", ebook, "-dist", dist)
	if code != exitFail || !strings.Contains(stderr, "release: book-v2.0.0.pdf: qpdf --check failed") ||
		!strings.Contains(stderr, "; "+dist+" was not changed") {
		t.Errorf("damaged PDF: exit %d\n%s%s", code, stdout, stderr)
	}
	if after := listDir(t, dist); !mapsEqual(after, good) {
		t.Errorf("a failed release changed dist: %v", names(after))
	}

	// The same version without a PDF: the old PDF goes.
	os.Remove(filepath.Join(fixtures, "book.pdf"))
	if code, stdout, stderr := release(t, env, "build", "-ebook", ebook, "-dist", dist); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	after := listDir(t, dist)
	if got := names(after); !slices.Equal(got, []string{"SHA256SUMS", "book-v2.0.0.epub"}) || strings.Contains(after["SHA256SUMS"], ".pdf") {
		t.Errorf("dist holds %v, SHA256SUMS:\n%s", got, after["SHA256SUMS"])
	}
}

// TestReleaseValidationFails: a validator that rejects a file fails the
// release, shows the validator's report, and leaves dist exactly as it was:
// the previous set of the same version, or no dist at all.
func TestReleaseValidationFails(t *testing.T) {
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	log := filepath.Join(dir, "log")
	env := func(pass bool) []string {
		return baseEnv("VERSION=v1.0.0", "SOURCE_DATE_EPOCH=1700000000", "EPUBCHECK_JAR="+log,
			"PATH="+stubValidators(t, pass, log)+string(os.PathListSeparator)+os.Getenv("PATH"))
	}

	// No dist yet: none afterwards.
	code, stdout, stderr := release(t, env(false), "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml")
	if code != exitFail {
		t.Errorf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "ERROR(RSC-005): stub report for advanced-go-programming-v1.0.0.epub") ||
		!strings.Contains(stderr, "release: advanced-go-programming-v1.0.0.epub: epubcheck failed (exit status 1); "+dist+" was not changed\n") {
		t.Errorf("the failure is not reported with the validator's report:\n%s", stderr)
	}
	if _, err := os.Stat(dist); !os.IsNotExist(err) {
		t.Errorf("a failed release left %s behind (%v)", dist, err)
	}

	// A good release, then a failing one of the same version (another
	// build date, so other bytes): the good set stays, and nothing else.
	if code, stdout, stderr := release(t, env(true), "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	good := listDir(t, dist)
	bad := append(env(false), "SOURCE_DATE_EPOCH=1800000000")
	if code, _, _ := release(t, bad, "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml"); code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	if after := listDir(t, dist); !mapsEqual(after, good) {
		t.Errorf("a failed release changed dist: %v, was %v", names(after), names(good))
	}

	// A book with errors: the build fails, dist stays.
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("title: T\nlanguage: en\nchapters: [missing.md]\n"), 0o644)
	code, _, stderr = release(t, env(true), "build", "-ebook", ebookCmd(t), "-dist", dist, broken)
	if code != exitFail || !strings.Contains(stderr, `chapter file "missing.md" not found`) || !strings.Contains(stderr, "release: the build failed") {
		t.Errorf("broken book: exit %d\n%s", code, stderr)
	}
	if after := listDir(t, dist); !mapsEqual(after, good) {
		t.Errorf("a failed build changed dist: %v", names(after))
	}
}

// TestReleaseMissingValidator: a validator that is not installed is
// skipped with a warning locally, and fails the release under CI=true.
func TestReleaseMissingValidator(t *testing.T) {
	empty := t.TempDir() // PATH: no java, no qpdf, no git
	for _, ci := range []bool{false, true} {
		dist := filepath.Join(t.TempDir(), "dist")
		env := baseEnv("VERSION=v1.0.0", "SOURCE_DATE_EPOCH=1700000000", "PATH="+empty)
		if ci {
			env = append(env, "CI=true")
		}
		code, _, stderr := release(t, env, "build", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml")
		_, statErr := os.Stat(filepath.Join(dist, "SHA256SUMS"))
		switch {
		case !ci && (code != 0 || !strings.Contains(stderr, "release: warning: epubcheck is not installed") || statErr != nil):
			t.Errorf("locally: exit %d, %v\n%s", code, statErr, stderr)
		case ci && (code != exitFail || !strings.Contains(stderr, "epubcheck is not installed") || !strings.Contains(stderr, "CI=true needs every validator") || statErr == nil):
			t.Errorf("under CI: exit %d, %v\n%s", code, statErr, stderr)
		}
	}
}

// TestReleaseBadVersion: a version unsafe in a file name, from VERSION or
// -version, is a usage error with one clear message, before anything is
// built.
func TestReleaseBadVersion(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	ebook := stub(t, t.TempDir(), "ebook", "touch "+marker+"\n")
	for _, v := range []string{"v1/2", "../v1", "-v1", ".v1", "v1 2", "v1;rm -rf", "v1\\2", "v1:2", "v1*", "版本", strings.Repeat("1", 101)} {
		for _, viaFlag := range []bool{false, true} {
			dist := filepath.Join(t.TempDir(), "dist")
			env := baseEnv("SOURCE_DATE_EPOCH=1700000000")
			args := []string{"build", "-ebook", ebook, "-dist", dist}
			if viaFlag {
				args = append(args, "-version", v)
			} else {
				env = append(env, "VERSION="+v)
			}
			code, stdout, stderr := release(t, env, args...)
			want := fmt.Sprintf("release: version %q ", v)
			if code != exitUsage || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Errorf("version %q: exit %d, stderr %q; want exit 2 and one line starting %q", v, code, stderr, want)
			}
			if _, err := os.Stat(dist); !os.IsNotExist(err) {
				t.Errorf("version %q: dist was created", v)
			}
		}
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Error("the build ran despite a bad version")
	}
}

// TestReleaseVersionFromGit: without VERSION and SOURCE_DATE_EPOCH the
// release is named by git describe (the tag, or the commit, with -dirty
// when there are uncommitted changes) and dated by the last commit.
func TestReleaseVersionFromGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		testenv.Missing(t, "git")
	}
	repo := t.TempDir()
	files := map[string]string{"book.yaml": "title: Tiny\nlanguage: en\nchapters: [a.md]\n", "a.md": "# A\n"}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitEnv := baseEnv("GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2020-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2020-01-02T03:04:05Z")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitPath, args...)
		cmd.Dir, cmd.Env = repo, gitEnv
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	hash := git("rev-parse", "--short", "HEAD")

	log := filepath.Join(t.TempDir(), "log")
	env := append(gitEnv, "EPUBCHECK_JAR="+log, "PATH="+stubValidators(t, true, log)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Chdir(repo)
	releaseAs := func(want string) {
		t.Helper()
		code, stdout, stderr := release(t, env, "build", "-ebook", ebookCmd(t))
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		data, err := os.ReadFile(filepath.Join("dist", "tiny-"+want+".epub"))
		if err != nil {
			t.Fatalf("want dist/tiny-%s.epub: %v\n%s", want, err, stdout)
		}
		_, opf := epubParts(t, data)
		if !strings.Contains(opf, `<meta property="dcterms:modified">2020-01-02T03:04:05Z</meta>`) ||
			!strings.Contains(opf, `<meta property="schema:version">`+want+`</meta>`) {
			t.Errorf("not dated by the commit or not versioned %s:\n%s", want, opf)
		}
	}
	releaseAs(hash)
	os.WriteFile("a.md", []byte("# A\n\nChanged.\n"), 0o644)
	releaseAs(hash + "-dirty")
	git("commit", "-q", "-am", "second")
	git("tag", "v9.9.9")
	releaseAs("v9.9.9")
}

// TestPublish: publish creates the GitHub release when it does not exist,
// and uploads the files SHA256SUMS lists with --clobber, so that a second
// run replaces them; files that do not match their checksums or belong to
// another version are never uploaded.
func TestPublish(t *testing.T) {
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	os.MkdirAll(dist, 0o755)
	for _, f := range []string{"book-v1.0.0.epub", "book-v1.0.0.pdf"} {
		os.WriteFile(filepath.Join(dist, f), []byte(f), 0o644)
	}
	sums, err := checksums(dist, []string{"book-v1.0.0.epub", "book-v1.0.0.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dist, "SHA256SUMS"), sums, 0o644)

	log, state := filepath.Join(dir, "gh.log"), filepath.Join(dir, "exists")
	gh := stub(t, filepath.Join(dir, "bin"), "gh", fmt.Sprintf(`echo "$1 $2 $3 $4" >> %q
case "$1 $2" in
"release view") [ -f %q ] || { echo "release not found" >&2; exit 1; } ;;
"release create") touch %q ;;
esac
`, log, state, state))
	env := baseEnv("VERSION=v1.0.0", "PATH="+filepath.Dir(gh)+string(os.PathListSeparator)+os.Getenv("PATH"))
	upload := "release upload v1.0.0 --clobber\n"
	for i, want := range []string{
		"release view v1.0.0 \nrelease create v1.0.0 --verify-tag\n" + upload, // first run
		"release view v1.0.0 \n" + upload,                                     // again: the release exists
	} {
		os.Remove(log)
		code, stdout, stderr := release(t, env, "publish", "-dist", dist)
		calls, _ := os.ReadFile(log)
		if code != 0 || string(calls) != want || !strings.Contains(stdout, "uploaded 3 files to the release v1.0.0") {
			t.Errorf("run %d: exit %d, gh calls:\n%s\nwant:\n%s\n%s%s", i+1, code, calls, want, stdout, stderr)
		}
	}

	for name, change := range map[string]func(){
		"a changed file": func() { os.WriteFile(filepath.Join(dist, "book-v1.0.0.pdf"), []byte("other"), 0o644) },
		"another version": func() {
			os.WriteFile(filepath.Join(dist, "SHA256SUMS"), bytes.ReplaceAll(sums, []byte("v1.0.0"), []byte("v0.9.0")), 0o644)
		},
	} {
		os.WriteFile(filepath.Join(dist, "book-v1.0.0.pdf"), []byte("book-v1.0.0.pdf"), 0o644)
		os.WriteFile(filepath.Join(dist, "SHA256SUMS"), sums, 0o644)
		change()
		os.Remove(log)
		code, _, stderr := release(t, env, "publish", "-dist", dist)
		if _, err := os.Stat(log); code != exitFail || err == nil {
			t.Errorf("%s: exit %d, gh called: %v\n%s", name, code, err == nil, stderr)
		}
	}
}

// TestReleaseSeveralBooks releases the repository's book and the user
// guide together, as make release does: the files of both, one SHA256SUMS
// listing them all; two books with one output name are refused, and dist
// stays as it was.
func TestReleaseSeveralBooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two books in subprocesses; skipped with -short")
	}
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	log := filepath.Join(dir, "log")
	env := baseEnv("VERSION=v1.0.0", "SOURCE_DATE_EPOCH=1700000000", "EPUBCHECK_JAR="+log,
		"PATH="+stubValidators(t, true, log)+string(os.PathListSeparator)+os.Getenv("PATH"))
	code, stdout, stderr := release(t, env, "build", "-ebook", ebookBin, "-dist", dist, "../../book.yaml", "../../docs/guide/book.yaml")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	want := []string{"SHA256SUMS"}
	for _, stem := range []string{"advanced-go-programming", "ebook-guide"} {
		for _, f := range build.Formats {
			want = append(want, stem+"-v1.0.0."+f)
		}
	}
	slices.Sort(want)
	files := listDir(t, dist)
	if got := names(files); !slices.Equal(got, want) {
		t.Fatalf("dist holds %v, want %v", got, want)
	}
	listed, err := verifySums(dist, "v1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	if !slices.Equal(listed, want[1:]) {
		t.Errorf("SHA256SUMS lists %v, want %v", listed, want[1:])
	}
	sha256sumCheck(t, dist)

	// The same book twice: the names collide; nothing changes.
	code, _, stderr = release(t, append(env, "SOURCE_DATE_EPOCH=1800000000"), "build", "-ebook", ebookBin, "-dist", dist, "../../book.yaml", "../../book.yaml")
	if code != exitFail || !strings.Contains(stderr, "another book of the release is named advanced-go-programming-v1.0.0 too") {
		t.Errorf("two books of one name: exit %d, want 1\n%s", code, stderr)
	}
	if after := listDir(t, dist); !mapsEqual(after, files) {
		t.Errorf("a refused release changed dist: %v", names(after))
	}
}

// TestReleaseSite: with -site the release has each book's website as a zip
// listed in SHA256SUMS, its entries sorted under <name>-<version>/ and
// dated SOURCE_DATE_EPOCH, holding the pages; a second release gives the
// same bytes.
func TestReleaseSite(t *testing.T) {
	testenv.SkipShort(t, "builds the content book twice with the ebook command")
	dist := filepath.Join(t.TempDir(), "dist")
	log := filepath.Join(t.TempDir(), "log")
	env := baseEnv("VERSION=v0.0.0-test", "SOURCE_DATE_EPOCH=1700000000", "EPUBCHECK_JAR="+log,
		"PATH="+stubValidators(t, true, log)+string(os.PathListSeparator)+os.Getenv("PATH"))
	code, stdout, stderr := release(t, env, "build", "-site", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	const name = "advanced-go-programming-v0.0.0-test-site.zip"
	files := listDir(t, dist)
	data, ok := files[name]
	if !ok {
		t.Fatalf("dist holds %v, no %s", names(files), name)
	}
	if !strings.Contains(files["SHA256SUMS"], name) {
		t.Errorf("SHA256SUMS does not list %s:\n%s", name, files["SHA256SUMS"])
	}
	sha256sumCheck(t, dist)
	zr, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var entries []string
	for _, f := range zr.File {
		entries = append(entries, f.Name)
		if !f.Modified.Equal(time.Unix(1700000000, 0)) {
			t.Errorf("%s is dated %v", f.Name, f.Modified)
		}
		if !strings.HasPrefix(f.Name, "advanced-go-programming-v0.0.0-test/") {
			t.Errorf("%s is not in the site's folder", f.Name)
		}
	}
	if !slices.IsSorted(entries) {
		t.Errorf("entries not sorted: %v", entries)
	}
	for _, want := range []string{"index.html", "404.html", "search-index.js", "assets/site.css", "assets/site.js"} {
		if !slices.Contains(entries, "advanced-go-programming-v0.0.0-test/"+want) {
			t.Errorf("the zip has no %s: %v", want, entries)
		}
	}
	if code, stdout, stderr := release(t, env, "build", "-site", "-ebook", ebookCmd(t), "-dist", dist, "../../book.yaml"); code != 0 {
		t.Fatalf("second release: exit %d\n%s%s", code, stdout, stderr)
	}
	if again := listDir(t, dist); again[name] != data {
		t.Error("a second release's site zip differs")
	}
}

// TestUsageNamesEveryFlag: the usage and the package's synopsis name every
// flag of both commands (the Makefile passes -site).
func TestUsageNamesEveryFlag(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"build", "publish"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{cmd, "-h"}, &stdout, &stderr, nil); code != exitOK {
			t.Fatalf("release %s -h: exit %d\n%s", cmd, code, stderr.String())
		}
		flags := regexp.MustCompile(`(?m)^  -(\w+)`).FindAllStringSubmatch(stderr.String(), -1)
		if len(flags) == 0 {
			t.Fatalf("release %s -h lists no flags:\n%s", cmd, stderr.String())
		}
		synopsis := regexp.MustCompile(`(?m)^\s*(?://\t)?release ` + cmd + ` .*$`)
		for _, f := range flags {
			for _, where := range []struct{ name, text string }{{"usage", usage}, {"package doc", string(src)}} {
				lines := synopsis.FindAllString(where.text, -1)
				if len(lines) == 0 {
					t.Fatalf("no synopsis of release %s in the %s", cmd, where.name)
				}
				for _, line := range lines {
					if !strings.Contains(line, "[-"+f[1]) {
						t.Errorf("the %s's synopsis %q does not name -%s", where.name, strings.TrimSpace(line), f[1])
					}
				}
			}
		}
	}
}
