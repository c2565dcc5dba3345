package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// goodBook is a small valid book; bad-input cases change one thing in it.
var goodBook = map[string]string{
	"book.yaml": "title: Good Book\nlanguage: en\ncover: img/cover.png\nchapters:\n  - a.md\n  - file: b.md\n    sections: [b1.md]\noutput: {name: good}\n",
	"a.md":      "# A\n\nSee [b](b.md#b) and ![pic](img/p.png).\n",
	"b.md":      "# B\n\nText.\n",
	"b1.md":     "## B1\n\nBack to [a](a.md).\n",
}

// png1 is a valid 3×2 PNG.
var png1 = func() string {
	var b bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.Pix[0] = 200
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.String()
}()

func ebook(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestBuildGood(t *testing.T) {
	dir := t.TempDir()
	testenv.WriteTree(t, dir, goodBook)
	testenv.WriteTree(t, dir, map[string]string{"img/cover.png": png1, "img/p.png": png1})
	out := filepath.Join(dir, "dist")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	code, stdout, stderr := ebook(t, env, "build", "--out", out, filepath.Join(dir, "book.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("unexpected messages:\n%s", stderr)
	}
	epub := filepath.Join(out, "good.epub")
	if !strings.HasPrefix(stdout, epub+"  ") || !strings.Contains(stdout, "3 chapters") {
		t.Errorf("summary line = %q", stdout)
	}
	first, err := os.ReadFile(epub)
	if err != nil {
		t.Fatal(err)
	}
	// Flags after the manifest work too, -q prints nothing when all is
	// well, and the rebuild is identical.
	code, stdout, stderr = ebook(t, env, "build", filepath.Join(dir, "book.yaml"), "--out", out, "-q")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stdout != "" || stderr != "" {
		t.Errorf("-q printed %q and %q", stdout, stderr)
	}
	second, _ := os.ReadFile(epub)
	if !bytes.Equal(first, second) {
		t.Error("two builds with the same SOURCE_DATE_EPOCH differ")
	}
	testenv.CleanEPUBCheck(t, epub)
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, "Usage:"},
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"build", "--nope"}, nil, "flag provided but not defined: -nope"},
		{[]string{"build", "--format", "docx"}, nil, `unknown format "docx"`},
		{[]string{"build", "a.yaml", "b.yaml"}, nil, "one manifest at a time"},
		{[]string{"build"}, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, `SOURCE_DATE_EPOCH="yesterday" is not a number`},
	}
	for _, tt := range tests {
		code, _, stderr := ebook(t, tt.env, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("ebook %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	if code, stdout, _ := ebook(t, nil, "build", "--help"); code != 0 || !strings.Contains(stdout, "Usage: ebook build") || !strings.Contains(stdout, "-strict") {
		t.Errorf("build --help: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := ebook(t, nil, "version"); code != 0 || !strings.HasPrefix(stdout, "ebook ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// Bad input: see TestBadInputCatalogue (badinput_test.go).

func TestContentBook(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := ebook(t, map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}, "build", "--out", out, "../../book.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	testenv.CleanEPUBCheck(t, filepath.Join(out, "advanced-go-programming.epub"))
}

// TestFeatureBook builds the feature book, which uses every construct the
// pipeline supports: the warnings must be exactly the sanitising ones in
// testdata/featurebook.warnings (read by eye), the EPUB must be consistent,
// reproducible and clean under epubcheck.
func TestFeatureBook(t *testing.T) {
	out := t.TempDir()
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	manifest := filepath.Join("..", "..", "testdata", "featurebook", "book.yaml")
	code, _, stderr := ebook(t, env, "build", "--out", out, manifest)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "featurebook.warnings"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(stderr, filepath.Join("..", "..", "testdata", "featurebook")+string(filepath.Separator), ""); got != string(want) {
		t.Errorf("warnings differ from testdata/featurebook.warnings:\n%s", got)
	}
	p := filepath.Join(out, "feature-book.epub")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	testenv.VerifyEPUB(t, data)
	out2 := t.TempDir()
	if code, _, _ := ebook(t, env, "build", "-q", "--out", out2, manifest); code != 0 {
		t.Fatal("second build failed")
	}
	if again, _ := os.ReadFile(filepath.Join(out2, "feature-book.epub")); !bytes.Equal(again, data) {
		t.Error("two builds of the feature book differ")
	}
	testenv.CleanEPUBCheck(t, p)
}

// TestBuildCache: ebook build keeps what it makes of a PNG in the cache
// $EBOOK_CACHE names, or in ebook in the user's cache folder, and
// nowhere with EBOOK_CACHE=off; EBOOK_CACHE_SIZE caps it after the build.
func TestBuildCache(t *testing.T) {
	entries := func(dir string) int {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
		return len(files)
	}
	for _, tc := range []struct {
		name  string
		env   func(dir string) map[string]string
		where string // the folder of the cache under dir, "" for none
		empty bool   // the cache is left empty (trimmed to its cap)
		warn  string // in the messages
	}{
		{"EBOOK_CACHE", func(dir string) map[string]string { return map[string]string{"EBOOK_CACHE": filepath.Join(dir, "c")} }, "c", false, ""},
		{"the user's", func(dir string) map[string]string {
			return map[string]string{"XDG_CACHE_HOME": filepath.Join(dir, "xdg")}
		}, "xdg/ebook", false, ""},
		{"capped", func(dir string) map[string]string {
			return map[string]string{"EBOOK_CACHE": filepath.Join(dir, "c"), "EBOOK_CACHE_SIZE": "1B"}
		}, "c", true, ""},
		{"bad size", func(dir string) map[string]string {
			return map[string]string{"EBOOK_CACHE": filepath.Join(dir, "c"), "EBOOK_CACHE_SIZE": "lots"}
		}, "c", false, `ebook build: warning: EBOOK_CACHE_SIZE="lots": not a size (500MB, 2GiB); using 1GiB`},
		{"unusable", func(dir string) map[string]string {
			// A file where the folder would be: the build goes on
			// without a cache, with a warning.
			if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return map[string]string{"EBOOK_CACHE": filepath.Join(dir, "file", "c")}
		}, "", false, ""},
		{"off", func(dir string) map[string]string {
			return map[string]string{"EBOOK_CACHE": "off", "XDG_CACHE_HOME": filepath.Join(dir, "xdg")}
		}, "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			testenv.WriteTree(t, dir, goodBook)
			testenv.WriteTree(t, dir, map[string]string{"img/cover.png": png1, "img/p.png": png1})
			env := tc.env(dir)
			env["SOURCE_DATE_EPOCH"] = "1700000000"
			code, _, stderr := ebook(t, env, "build", "--out", filepath.Join(dir, "dist"), filepath.Join(dir, "book.yaml"))
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			if tc.name == "unusable" {
				if !strings.Contains(stderr, "warning: the cache folder: ") || !strings.Contains(stderr, "building without a cache") {
					t.Errorf("a cache that cannot be made: stderr %q, want one warning", stderr)
				}
				return
			}
			if tc.where == "" {
				if n := entries(filepath.Join(dir, "xdg", "ebook")); n != 0 {
					t.Errorf("EBOOK_CACHE=off: %d entries kept", n)
				}
				return
			}
			if !strings.Contains(stderr, tc.warn) || tc.warn == "" && strings.Contains(stderr, "warning") {
				t.Errorf("stderr %q, want %q", stderr, tc.warn)
			}
			if n := entries(filepath.Join(dir, filepath.FromSlash(tc.where))); (n == 0) != tc.empty {
				t.Errorf("%d entries kept in %s", n, tc.where)
			}
		})
	}
}

// TestBuildOneChapter: the summary line counts in English ("1 chapter").
func TestBuildOneChapter(t *testing.T) {
	dir := t.TempDir()
	testenv.WriteTree(t, dir, map[string]string{
		"book.yaml": "title: One\nlanguage: en\nchapters: [a.md]\noutput: {name: one}\n",
		"a.md":      "# A\n\nText.\n",
	})
	code, stdout, stderr := ebook(t, nil, "build", "--format", "epub", "--out", filepath.Join(dir, "dist"), filepath.Join(dir, "book.yaml"))
	if code != 0 || !strings.Contains(stdout, "  1 chapter  ") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
