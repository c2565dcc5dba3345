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
	"github.com/gobook/ebook/pipeline/build"
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

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ebook(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestBuildGood(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, goodBook)
	writeTree(t, dir, map[string]string{"img/cover.png": png1, "img/p.png": png1})
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

// TestBadInput builds a book with one thing wrong: each gives one error
// with its position, exit status 1, and leaves the previous output as it
// was.
func TestBadInput(t *testing.T) {
	outsideDir := t.TempDir()
	writeTree(t, outsideDir, map[string]string{"secret.md": "# secret\n", "secret.png": png1})
	tests := []struct {
		name   string
		change map[string]string // files replaced (content "" with key prefix "-" removes)
		link   map[string]string // symbolic links to make: name -> target
		want   string            // the error, with the book folder as "BOOK/"
	}{
		{"invalid YAML", map[string]string{"book.yaml": "title: [unclosed\nlanguage: en\n"}, nil,
			"BOOK/book.yaml:1: error: invalid YAML: did not find expected ',' or ']'"},
		{"unknown key", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapter: [a.md]\n"}, nil,
			`BOOK/book.yaml:3:1: error: unknown key "chapter" in the manifest (did you mean "chapters"?)`},
		{"wrong type", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: a.md\n"}, nil,
			`BOOK/book.yaml:3:11: error: "chapters" must be a list, not the text "a.md"`},
		{"chapter missing", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, gone.md]\n"}, nil,
			`BOOK/book.yaml:3:18: error: chapter file "gone.md" not found`},
		{"same file twice", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, b.md, a.md]\n"}, nil,
			`BOOK/book.yaml:3:24: error: chapter file "a.md" is listed twice (first at line 3)`},
		{"chapter outside", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [../a.md]\n"}, nil,
			`BOOK/book.yaml:3:12: error: chapter file "../a.md" is outside the book's folder`},
		{"chapter absolute", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [/tmp/a.md]\n"}, nil,
			`BOOK/book.yaml:3:12: error: chapter file "/tmp/a.md" is an absolute path`},
		{"chapter symlink out", map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [s.md]\n"}, map[string]string{"s.md": "OUT/secret.md"},
			`BOOK/book.yaml:3:12: error: chapter file "s.md" is outside the book's folder (a symbolic link leads to OUT/secret.md)`},
		{"image outside", map[string]string{"a.md": "# A\n\n![x](../../x.png)\n"}, nil,
			`BOOK/a.md:3:1: error: image "../../x.png" is outside the book's folder`},
		{"image symlink out", map[string]string{"a.md": "# A\n\n![x](img/s.png)\n"}, map[string]string{"img/s.png": "OUT/secret.png"},
			`BOOK/a.md:3:1: error: image "img/s.png" is outside the book's folder (a symbolic link leads to OUT/secret.png)`},
		{"cover outside", map[string]string{"book.yaml": "title: T\nlanguage: en\ncover: ../c.png\nchapters: [a.md]\n"}, nil,
			`BOOK/book.yaml:3:8: error: cover image "../c.png" is outside the book's folder`},
		{"cover absolute", map[string]string{"book.yaml": "title: T\nlanguage: en\ncover: /etc/c.png\nchapters: [b.md]\n"}, nil,
			`BOOK/book.yaml:3:8: error: cover image "/etc/c.png" is an absolute path`},
		{"image missing", map[string]string{"a.md": "# A\n\nText ![x](img/none.png)\n"}, nil,
			`BOOK/a.md:3:6: error: image "img/none.png" not found`},
		{"link to missing chapter", map[string]string{"b.md": "# B\n\nsee [z](z.md)\n"}, nil,
			`BOOK/b.md:3:5: error: link to missing file "z.md"`},
		{"link to missing anchor", map[string]string{"b.md": "# B\n\nsee [a](a.md#nowhere)\n"}, nil,
			`BOOK/b.md:3:5: error: link to "a.md#nowhere": a.md has no heading or anchor "nowhere"`},
		{"corrupt image", map[string]string{"img/p.png": png1[:40]}, nil,
			`BOOK/a.md:3:21: error: image "img/p.png" is damaged: unexpected EOF`},
		{"invalid UTF-8", map[string]string{"b1.md": "## B1\n\nCaf\xe9 au lait\n"}, nil,
			`BOOK/b1.md:3:4: error: invalid UTF-8 (byte 0xe9): save the file as UTF-8`},
		{"empty manifest", map[string]string{"book.yaml": "\n"}, nil,
			`BOOK/book.yaml: error: the manifest is empty: it needs at least a title, a language and one chapter`},
	}
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			book := filepath.Join(dir, "book")
			writeTree(t, book, goodBook)
			writeTree(t, book, map[string]string{"img/cover.png": png1, "img/p.png": png1})
			out := filepath.Join(dir, "dist")
			if code, _, stderr := ebook(t, env, "build", "--out", out, filepath.Join(book, "book.yaml")); code != 0 {
				t.Fatalf("the good book does not build: %s", stderr)
			}
			good := map[string][]byte{}
			for _, f := range build.Formats {
				data, err := os.ReadFile(filepath.Join(out, "good."+f))
				if err != nil {
					t.Fatal(err)
				}
				good[f] = data
			}
			writeTree(t, book, tt.change)
			for name, target := range tt.link {
				target = strings.Replace(target, "OUT", outsideDir, 1)
				p := filepath.Join(book, name)
				os.Remove(p)
				if err := os.Symlink(target, p); err != nil {
					t.Skipf("no symbolic links here: %v", err)
				}
			}
			code, stdout, stderr := ebook(t, env, "build", "--out", out, filepath.Join(book, "book.yaml"))
			if code != exitBuild {
				t.Errorf("exit %d, want 1", code)
			}
			if stdout != "" {
				t.Errorf("an output was reported written: %s", stdout)
			}
			msgs := strings.ReplaceAll(stderr, book+string(filepath.Separator), "BOOK/")
			msgs = strings.ReplaceAll(msgs, outsideDir, "OUT")
			var errs []string
			for _, line := range strings.Split(strings.TrimSpace(msgs), "\n") {
				if strings.Contains(line, ": error: ") {
					errs = append(errs, line)
				}
			}
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
				t.Errorf("errors:\n%s\nwant exactly one, starting\n%s", strings.Join(errs, "\n"), tt.want)
			}
			for f, data := range good {
				if after, err := os.ReadFile(filepath.Join(out, "good."+f)); err != nil || !bytes.Equal(after, data) {
					t.Errorf("the previous %s was changed (%v)", f, err)
				}
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != len(good) {
				t.Errorf("output folder holds %d files, want only the previous outputs", len(entries))
			}
		})
	}
}

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
	manifest := filepath.Join("testdata", "featurebook", "book.yaml")
	code, _, stderr := ebook(t, env, "build", "--out", out, manifest)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "featurebook.warnings"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(stderr, filepath.Join("testdata", "featurebook")+string(filepath.Separator), ""); got != string(want) {
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
