package main

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/build"
)

// TestMain lets the bad-input catalogue run the command in a child
// process, where its memory can be measured and a hang killed: with
// EBOOK_TEST_MAIN=1 the test binary is the ebook command.
func TestMain(m *testing.M) {
	if os.Getenv("EBOOK_TEST_MAIN") == "1" {
		code := command()
		if p := os.Getenv("EBOOK_TEST_PEAK"); p != "" {
			// The peak resident size of this program alone: the
			// child's rusage counts the memory of the test process
			// it was forked from.
			if status, err := os.ReadFile("/proc/self/status"); err == nil {
				os.WriteFile(p, status, 0o644)
			}
		}
		os.Exit(code)
	}
	// The commands keep the PDF's pictures in the user's cache folder
	// (filecache.Default): the tests, and the commands they start, keep
	// them in one of their own.
	cache, err := os.MkdirTemp("", "ebook-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// peakMemory returns the VmHWM (peak resident size) of a /proc status
// file, in bytes, or -1.
func peakMemory(status []byte) int64 {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err == nil {
				return kb << 10
			}
		}
	}
	return -1
}

// Limits every case of the catalogue must stay within. The time limit
// catches a hang, not slowness (the slowest case takes a few seconds; the
// issue's target of 10 s per case is measured by the figures this test
// logs, see README); the memory is the child's peak resident size.
const (
	hangAfter = 60 * time.Second
	maxMemory = 1 << 30
)

// badCase is one entry of the catalogue: the good book (goodBook, with its
// two images) changed in one way, built over a previous good build.
type badCase struct {
	name string
	// files replaced or added in the book's folder ("" content and a name
	// ending in "/" makes a folder).
	files map[string]string
	// setup makes what files cannot say: links, FIFOs, permissions.
	setup func(t *testing.T, c *caseEnv)
	// args go before the manifest; out replaces the output folder
	// (OUT/ is the real one, a file in it or a path below).
	args []string
	out  string
	// exit is the expected exit status.
	exit int
	// want are the expected messages, each the start of a line of the
	// command's error output, with BOOK/ for the book's folder, OUT/ for
	// the output folder and ELSE/ for a folder outside the book: the
	// position (where one exists), the severity and a stable part of the
	// message. A failed build must give exactly its errors, no others.
	want []string
	// check, for a build that succeeds, looks at what was written.
	check func(t *testing.T, c *caseEnv)
}

// runChild runs the command with args in a child process, and checks its
// time and memory.
func runChild(t *testing.T, dir string, args []string, stdout, stderr *bytes.Buffer) (code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangAfter)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	peakFile := filepath.Join(dir, "peak")
	cmd.Env = append(os.Environ(), "EBOOK_TEST_MAIN=1", "EBOOK_TEST_PEAK="+peakFile, "SOURCE_DATE_EPOCH=1700000000", "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("the build hung: killed after %v", hangAfter)
	}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	rss := int64(-1)
	if status, err := os.ReadFile(peakFile); err == nil {
		rss = peakMemory(status)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && rss < 0 {
		rss = ru.Maxrss << 10 // kilobytes on Linux; counts the test process's memory too
	}
	t.Logf("%.2fs, %d MB peak memory, exit %d", took.Seconds(), rss>>20, code)
	if rss > maxMemory {
		t.Errorf("the build took %d MB of memory, more than %d MB", rss>>20, maxMemory>>20)
	}
	return code
}

// caseEnv is where a case runs.
type caseEnv struct {
	book, out, elsewhere string
	epub, pdf            []byte // what the build wrote, when it succeeded
}

const head = "title: T\nlanguage: en\n"

// manifestCase is a case whose book.yaml is src.
func manifestCase(name, src, want string) badCase {
	return badCase{name: "manifest: " + name, files: map[string]string{"book.yaml": src}, exit: exitBuild, want: []string{want}}
}

// chapterCase is a case whose chapter a.md is src.
func chapterCase(name, src string, exit int, want ...string) badCase {
	return badCase{name: name, files: map[string]string{"a.md": src}, exit: exit, want: want}
}

// TestBadInputCatalogue builds the good book changed in one bad way per
// case, over the outputs of a good build, in a child process. Each case
// must give its one clear message (position, severity, text) and its exit
// status; a failed build must leave the previous EPUB and PDF byte for
// byte as they were, with no temporary file beside them; a build that
// succeeds despite the input (with warnings, or none) must write valid
// outputs. No case may hang or take more than a gigabyte of memory. Each
// case's time and memory are logged (go test -v -run Catalogue).
func TestBadInputCatalogue(t *testing.T) {
	var fetched atomic.Int32
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		w.Write([]byte(png1))
	}))
	defer remote.Close()

	var deepSpans strings.Builder
	for range 10_000 {
		deepSpans.WriteString("<span>")
	}
	deepSpans.WriteString("deep")
	footnotes := testenv.Footnotes(50_000)
	var listing strings.Builder
	listing.WriteString("# Code\n\n```go\n")
	for i := range 100_000 {
		fmt.Fprintf(&listing, "\tv%d := %d\n", i, i)
	}
	listing.WriteString("```\n")
	rawHTML := "<h1>Raw</h1>\n<script>alert('x')</script>\n<iframe src=\"https://example.com/\"></iframe>\n" +
		"<p onclick=\"steal()\">Click <a href=\"javascript:alert(1)\">here</a> <img src=\"img/p.png\" onerror=\"x()\" alt=\"p\"></p>\n" +
		"<div onmouseover=\"y()\"><object data=\"x.swf\"></object>kept text</div>\n"
	sanitized := func(t *testing.T, c *caseEnv) {
		doc := epubFile(t, c.epub, "EPUB/xhtml/c0001.xhtml")
		for _, bad := range []string{"<script", "alert", "<iframe", "onclick", "onerror", "onmouseover", "javascript:", "<object", "steal"} {
			if strings.Contains(doc, bad) {
				t.Errorf("the chapter still holds %q:\n%s", bad, doc)
			}
		}
		for _, kept := range []string{"Click", "here", "kept text", `alt="p"`} {
			if !strings.Contains(doc, kept) {
				t.Errorf("the chapter lost %q:\n%s", kept, doc)
			}
		}
	}

	cases := []badCase{
		// Every mistake book.yaml can hold (pipeline/manifest), each
		// with its position in book.yaml.
		manifestCase("empty file", "", "BOOK/book.yaml: error: the manifest is empty"),
		manifestCase("only comments", "# nothing\n", "BOOK/book.yaml: error: the manifest is empty"),
		manifestCase("invalid YAML", "title: T\n  language: en\n", "BOOK/book.yaml:2: error: invalid YAML: mapping values are not allowed"),
		manifestCase("tab indentation", "title: T\nlanguage: en\nchapters:\n\t- a.md\n", "BOOK/book.yaml:4: error: invalid YAML: found character that cannot start any token"),
		manifestCase("unknown key", head+"titel: x\nchapters: [a.md]\n", `BOOK/book.yaml:3:1: error: unknown key "titel" in the manifest (did you mean "title"?)`),
		manifestCase("unknown nested key", head+"chapters:\n  - file: a.md\n    sectons: [b.md]\n", `BOOK/book.yaml:5:5: error: unknown key "sectons" in "chapters[0]" (did you mean "sections"?)`),
		manifestCase("list expected", head+"authors: chai2010\nchapters: [a.md]\n", `BOOK/book.yaml:3:10: error: "authors" must be a list, not the text "chai2010"`),
		manifestCase("text expected", "title: [a, b]\nlanguage: en\nchapters: [a.md]\n", `BOOK/book.yaml:1:8: error: "title" must be a text value, not a list`),
		manifestCase("whole number expected", head+"chapters: [a.md]\noutput: {toc_depth: deep}\n", `BOOK/book.yaml:4:21: error: "output.toc_depth" must be a whole number, not the text "deep"`),
		manifestCase("whole number too large", head+"chapters: [a.md]\noutput: {toc_depth: 99999999999999999999}\n", `BOOK/book.yaml:4:21: error: "output.toc_depth" must be a whole number, not the number 99999999999999999999`),
		manifestCase("number expected", head+"chapters: [a.md]\npdf: {font_size: big}\n", `BOOK/book.yaml:4:18: error: "pdf.font_size" must be a number, not the text "big"`),
		manifestCase("boolean expected", head+"chapters: [a.md]\ncode: {line_numbers: maybe}\n", `BOOK/book.yaml:4:22: error: "code.line_numbers" must be true or false, not the text "maybe"`),
		manifestCase("mapping expected", head+"chapters: [a.md]\noutput: [good]\n", `BOOK/book.yaml:4:9: error: "output" must be a mapping of keys to values, not a list`),
		manifestCase("duplicate key", head+"title: U\nchapters: [a.md]\n", `BOOK/book.yaml:3:1: error: key "title" appears twice in the manifest (first at line 1)`),
		manifestCase("no title", "language: en\nchapters: [a.md]\n", "BOOK/book.yaml: error: the book has no title"),
		manifestCase("no language", "title: T\nchapters: [a.md]\n", "BOOK/book.yaml: error: the book has no language"),
		manifestCase("bad language", "title: T\nlanguage: chinese simplified\nchapters: [a.md]\n", `BOOK/book.yaml:2:11: error: language "chinese simplified" is not a BCP 47 language tag`),
		manifestCase("underscore language", "title: T\nlanguage: zh_CN\nchapters: [a.md]\n", `BOOK/book.yaml:2:11: error: language "zh_CN" is not a BCP 47 language tag`),
		manifestCase("empty author", head+"authors: [A, '']\nchapters: [a.md]\n", "BOOK/book.yaml:3:14: error: author name is empty"),
		manifestCase("bad date", head+"date: 18/08/2018\nchapters: [a.md]\n", `BOOK/book.yaml:3:7: error: date "18/08/2018" must be YYYY`),
		manifestCase("impossible date", head+"date: 2016-13\nchapters: [a.md]\n", `BOOK/book.yaml:3:7: error: date "2016-13" must be YYYY`),
		manifestCase("bad output name", head+"chapters: [a.md]\noutput: {name: ../x}\n", `BOOK/book.yaml:4:16: error: output name "../x" may hold only letters`),
		manifestCase("toc depth", head+"chapters: [a.md]\noutput: {toc_depth: 9}\n", "BOOK/book.yaml:4:21: error: toc_depth 9 must be between 0"),
		manifestCase("empty book", head+"chapters: []\n", "BOOK/book.yaml: error: the book has no chapters"),
		manifestCase("no chapter key", head, "BOOK/book.yaml: error: the book has no chapters"),
		manifestCase("same chapter twice", head+"chapters: [a.md, b.md, a.md]\n", `BOOK/book.yaml:3:24: error: chapter file "a.md" is listed twice (first at line 3)`),
		manifestCase("same chapter spelt twice", head+"chapters:\n  - a.md\n  - file: b.md\n    sections: [./a.md]\n", `BOOK/book.yaml:6:16: error: chapter file "./a.md" is listed twice (first at line 4)`),
		manifestCase("parent path", head+"chapters: [../a.md]\n", `BOOK/book.yaml:3:12: error: chapter file "../a.md" is outside the book's folder`),
		manifestCase("parent path inside", head+"chapters: [img/../../a.md]\n", `BOOK/book.yaml:3:12: error: chapter file "img/../../a.md" is outside the book's folder`),
		manifestCase("absolute path", head+"chapters: [/etc/passwd.md]\n", `BOOK/book.yaml:3:12: error: chapter file "/etc/passwd.md" is an absolute path`),
		manifestCase("drive path", head+"chapters: ['C:/book/a.md']\n", `BOOK/book.yaml:3:12: error: chapter file "C:/book/a.md" is an absolute path`),
		manifestCase("backslash path", head+"chapters: ['ch1\\a.md']\n", `BOOK/book.yaml:3:12: error: chapter file "ch1\\a.md": use forward slashes`),
		manifestCase("blank path", head+"chapters: [' ']\n", "BOOK/book.yaml:3:12: error: chapter file path is empty"),
		manifestCase("not Markdown", head+"chapters: [a.txt]\n", `BOOK/book.yaml:3:12: error: chapter file "a.txt" is not a Markdown file`),
		manifestCase("entry without file", head+"chapters:\n  - title: T\n", "BOOK/book.yaml:4:5: error: entry has no file"),
		manifestCase("empty entry", head+"chapters:\n  - \n", "BOOK/book.yaml:4:4: error: entry has no file"),
		manifestCase("part nested", head+"chapters:\n  - file: a.md\n    sections:\n      - part: P\n        chapters: [b.md]\n", "BOOK/book.yaml:6:15: error: a part may appear only in the top level of chapters:"),
		manifestCase("part in front", head+"front:\n  - part: P\n    chapters: [b.md]\n", "BOOK/book.yaml:4:11: error: a part may appear only in the top level of chapters:"),
		manifestCase("part without chapters", head+"chapters:\n  - part: P\n", `BOOK/book.yaml:4:11: error: part "P" has no chapters`),
		manifestCase("part with sections", head+"chapters:\n  - part: P\n    chapters: [a.md]\n    sections: [b.md]\n", `BOOK/book.yaml:6:15: error: part "P" lists its chapters under chapters:, not sections:`),
		manifestCase("part with title", head+"chapters:\n  - part: P\n    title: Q\n    chapters: [a.md]\n", "BOOK/book.yaml:5:12: error: a part's title is its part: value; remove title:"),
		manifestCase("chapter with chapters", head+"chapters:\n  - file: a.md\n    chapters: [b.md]\n", "BOOK/book.yaml:5:15: error: a chapter lists its children under sections:"),
		manifestCase("cover outside", head+"cover: ../c.png\nchapters: [a.md]\n", `BOOK/book.yaml:3:8: error: cover image "../c.png" is outside the book's folder`),
		manifestCase("cover absolute", head+"cover: /etc/c.png\nchapters: [a.md]\n", `BOOK/book.yaml:3:8: error: cover image "/etc/c.png" is an absolute path`),
		manifestCase("root backslash", head+"root: 'a\\b'\nchapters: [a.md]\n", `BOOK/book.yaml:3:7: error: root "a\\b": use forward slashes`),
		manifestCase("page size", head+"chapters: [a.md]\npdf: {page_size: A3}\n", `BOOK/book.yaml:4:18: error: page_size "A3" must be A4, A5, B5, Letter, 16K or WIDTHxHEIGHT`),
		manifestCase("page size range", head+"chapters: [a.md]\npdf: {page_size: 20x3000}\n", `BOOK/book.yaml:4:18: error: page_size "20x3000": width and height must be between 50 and 1000 mm`),
		manifestCase("negative margin", head+"chapters: [a.md]\npdf: {margins: {inner: -5}}\n", "BOOK/book.yaml:4:24: error: margin inner must not be negative"),
		manifestCase("margins too wide", head+"chapters: [a.md]\npdf: {page_size: A5, margins: {inner: 60, outer: 60}}\n", "BOOK/book.yaml:4:31: error: the margins leave a text block of 28×168 mm"),
		manifestCase("font size", head+"chapters: [a.md]\npdf: {font_size: 50}\n", "BOOK/book.yaml:4:18: error: font_size 50 must be between 5 and 30 points"),
		manifestCase("line height", head+"chapters: [a.md]\npdf: {line_height: 5}\n", "BOOK/book.yaml:4:20: error: line_height 5 must be between 1 and 3"),
		manifestCase("numbering", head+"chapters: [a.md]\npdf: {numbering: roman}\n", `BOOK/book.yaml:4:18: error: numbering "roman" must be none or chapters`),
		manifestCase("chapter start", head+"chapters: [a.md]\npdf: {chapter_start: left}\n", `BOOK/book.yaml:4:22: error: chapter_start "left" must be any or right`),
		manifestCase("tab width", head+"chapters: [a.md]\ncode: {tab_width: 0}\n", "BOOK/book.yaml:4:19: error: tab_width 0 must be between 1 and 16"),
		manifestCase("fonts: empty chain", head+"chapters: [a.md]\nfonts:\n  body: []\n", "BOOK/book.yaml:5:9: error: fonts.body lists no fonts"),
		manifestCase("fonts: default twice", head+"chapters: [a.md]\nfonts:\n  code: [default, a.ttf, default]\n", "BOOK/book.yaml:5:26: error: default appears twice in fonts.code"),
		manifestCase("fonts: default as a style", head+"chapters: [a.md]\nfonts:\n  body:\n    - file: a.ttf\n      bold: default\n", "BOOK/book.yaml:7:13: error: default stands for a whole chain, not for one face"),
		manifestCase("fonts: no file", head+"chapters: [a.md]\nfonts:\n  body:\n    - bold: b.ttf\n", "BOOK/book.yaml:6:7: error: font entry has no file"),
		manifestCase("fonts: outside", head+"chapters: [a.md]\nfonts:\n  heading: [../fonts/a.ttf]\n", `BOOK/book.yaml:5:13: error: font file "../fonts/a.ttf" is outside the book's folder`),
		manifestCase("fonts: absolute", head+"chapters: [a.md]\nfonts:\n  body: [/usr/share/fonts/a.ttf]\n", `BOOK/book.yaml:5:10: error: font file "/usr/share/fonts/a.ttf" is an absolute path`),
		manifestCase("fonts: negative index", head+"chapters: [a.md]\nfonts:\n  body:\n    - file: a.ttc\n      index: -1\n", "BOOK/book.yaml:7:14: error: index -1: faces of a collection are numbered from 0"),
		manifestCase("fonts: index and name", head+"chapters: [a.md]\nfonts:\n  body:\n    - file: a.ttc\n      index: 1\n      name: A\n", "BOOK/book.yaml:8:13: error: give the face of the collection by index or by name, not both"),
		manifestCase("fonts: unknown role", head+"chapters: [a.md]\nfonts:\n  bdy: [a.ttf]\n", `BOOK/book.yaml:5:3: error: unknown key "bdy" in "fonts" (did you mean "body"?)`),
		manifestCase("alias bomb", aliasBomb(30), "BOOK/book.yaml:9:50: error: the manifest's aliases (*name) stand for too many values"),
		manifestCase("YAML 100,000 deep", head+"chapters: "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n", "BOOK/book.yaml:3: error: invalid YAML: exceeded max depth of 10000"),
		{name: "manifest missing", setup: func(t *testing.T, c *caseEnv) { os.Remove(filepath.Join(c.book, "book.yaml")) },
			exit: exitBuild, want: []string{"BOOK/book.yaml: error: cannot read the manifest: no such file or directory"}},
		{name: "manifest is a folder", setup: func(t *testing.T, c *caseEnv) {
			os.Remove(filepath.Join(c.book, "book.yaml"))
			os.Mkdir(filepath.Join(c.book, "book.yaml"), 0o755)
		}, exit: exitBuild, want: []string{"BOOK/book.yaml: error: cannot read the manifest: not a regular file"}},
		{name: "manifest is a FIFO", setup: fifo("book.yaml"), exit: exitBuild,
			want: []string{"BOOK/book.yaml: error: cannot read the manifest: not a regular file"}},

		// Files outside the book's folder, by every way there is.
		{name: "root folder missing", files: map[string]string{"book.yaml": head + "root: nowhere\nchapters: [a.md]\n"},
			exit: exitBuild, want: []string{"BOOK/book.yaml:3:7: error: cannot open the book's folder BOOK/nowhere: no such file or directory"}},
		{name: "root is a file", files: map[string]string{"book.yaml": head + "root: a.md\nchapters: [b.md]\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:4:12: error: chapter file "b.md" not found (a folder on its path is a file)`}},
		chapterCase("image outside by ..", "# A\n\n![x](../../x.png)\n", exitOK, `BOOK/a.md:3:1: warning: image "../../x.png" is outside the book's folder: it is not read; its alt text is shown in its place`),
		// A leading / is the book's root, as in GitBook and mdBook.
		chapterCase("image absolute", "# A\n\n![x](/etc/x.png)\n", exitOK, `BOOK/a.md:3:1: warning: image "etc/x.png" not found`),
		{name: "chapter symlink out", files: map[string]string{"book.yaml": head + "chapters: [s.md]\n"},
			setup: symlink("s.md", "ELSE/secret.md"), exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:12: error: chapter file "s.md" is outside the book's folder (a symbolic link leads to ELSE/secret.md)`}},
		{name: "image symlink out", files: map[string]string{"a.md": "# A\n\n![x](img/s.png)\n"},
			setup: symlink("img/s.png", "ELSE/secret.png"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:1: error: image "img/s.png" is outside the book's folder (a symbolic link leads to ELSE/secret.png)`}},
		{name: "folder symlink out", files: map[string]string{"a.md": "# A\n\n![x](pics/secret.png)\n"},
			setup: symlink("pics", "ELSE"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:1: error: image "pics/secret.png" is outside the book's folder (a symbolic link leads to ELSE/secret.png)`}},
		{name: "font symlink out", files: map[string]string{"book.yaml": head + "chapters: [a.md]\nfonts:\n  body: [f.ttf, default]\n"},
			setup: symlink("f.ttf", "ELSE/secret.png"), exit: exitBuild,
			want: []string{`BOOK/book.yaml:5:10: error: font file "f.ttf" is outside the book's folder (a symbolic link leads to ELSE/secret.png)`}},
		{name: "symlink loop", files: map[string]string{"book.yaml": head + "chapters: [loop.md]\n"},
			setup: func(t *testing.T, c *caseEnv) {
				symlink("loop.md", "BOOK/loop2.md")(t, c)
				symlink("loop2.md", "BOOK/loop.md")(t, c)
			}, exit: exitBuild, want: []string{`BOOK/book.yaml:3:12: error: chapter file "loop.md" is a loop of symbolic links`}},
		{name: "image symlink loop", files: map[string]string{"a.md": "# A\n\n![x](img/l.png)\n"},
			setup: symlink("img/l.png", "BOOK/img/l.png"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:1: error: image "img/l.png" is a loop of symbolic links`}},
		{name: "chapter symlink to nothing", files: map[string]string{"book.yaml": head + "chapters: [s.md]\n"},
			setup: symlink("s.md", "BOOK/gone.md"), exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:12: error: chapter file "s.md" is a symbolic link to "BOOK/gone.md", which does not exist`}},
		{name: "image symlink to nothing", files: map[string]string{"a.md": "# A\n\n![x](img/s.png)\n"},
			setup: symlink("img/s.png", "BOOK/img/gone.png"), exit: exitOK,
			want: []string{`BOOK/a.md:3:1: warning: image "img/s.png" is a symbolic link to "BOOK/img/gone.png", which does not exist: its alt text is shown in its place`}},
		{name: "image symlink to nothing outside", files: map[string]string{"a.md": "# A\n\n![x](img/s.png)\n"},
			setup: symlink("img/s.png", "ELSE/gone.png"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:1: error: image "img/s.png" is outside the book's folder (a symbolic link leads to ELSE/gone.png)`}},

		// Files that cannot be read. Permissions do not stop root, which
		// CI runs as: a FIFO (reading one would block for ever) and a
		// folder or file where the other is expected are unreadable to
		// everyone; the permission cases run when the tests do not run
		// as root.
		{name: "chapter is a FIFO", setup: fifo("b.md"), exit: exitBuild,
			want: []string{`BOOK/book.yaml:6:11: error: chapter file "b.md" is not a regular file`}},
		{name: "image is a FIFO", setup: fifo("img/p.png"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is not a regular file`}},
		{name: "chapter is a folder", files: map[string]string{"book.yaml": head + "chapters: [img.md]\n", "img.md/": ""},
			exit: exitBuild, want: []string{`BOOK/book.yaml:3:12: error: chapter file "img.md" is not a regular file`}},
		{name: "folder is a file", files: map[string]string{"book.yaml": head + "chapters: [a.md/x.md]\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:3:12: error: chapter file "a.md/x.md" not found (a folder on its path is a file)`}},
		{name: "chapter missing", files: map[string]string{"book.yaml": head + "chapters: [a.md, gone.md]\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:3:18: error: chapter file "gone.md" not found`}},
		{name: "chapter unreadable (permissions)", setup: chmod("b.md", 0), exit: exitBuild,
			want: []string{`BOOK/book.yaml:6:11: error: chapter file "b.md" cannot be read: permission denied`}},
		{name: "folder unreadable (permissions)", files: map[string]string{"book.yaml": head + "chapters: [a.md, sub/c.md]\n", "sub/c.md": "# C\n"},
			setup: chmod("sub", 0), exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:18: error: chapter file "sub/c.md" cannot be read: permission denied`}},

		// Outputs that cannot be written: nothing is replaced. (A
		// read-only folder does not stop root; a file where the folder
		// should be, or a folder where the output should be, does.)
		{name: "output folder is a file", files: map[string]string{"b.md": "# B\n\nChanged.\n"}, out: "OUT/good.epub", exit: exitBuild,
			want: []string{"ebook build: OUT/good.epub: mkdir OUT/good.epub: not a directory"}},
		{name: "output folder under a file", files: map[string]string{"b.md": "# B\n\nChanged.\n"}, out: "OUT/good.pdf/sub", exit: exitBuild,
			want: []string{"ebook build: OUT/good.pdf/sub: mkdir OUT/good.pdf: not a directory"}},
		{name: "output name is a folder", files: map[string]string{"b.md": "# B\n\nChanged.\n"},
			setup: func(t *testing.T, c *caseEnv) {
				os.Remove(filepath.Join(c.out, "good.pdf"))
				mustWrite(t, filepath.Join(c.out, "good.pdf", "x"), "")
			}, exit: exitBuild, want: []string{"ebook build: OUT/good.pdf: a folder has the output's name"}},
		{name: "output folder read-only (permissions)", files: map[string]string{"b.md": "# B\n\nChanged.\n"},
			setup: chmod("OUT", 0o555), exit: exitBuild, want: []string{"ebook build: OUT: open OUT/.good.epub."}},

		// Encodings and line ends.
		chapterCase("invalid UTF-8", "# A\n\nCaf\xe9 au lait\n", exitBuild, "BOOK/a.md:3:4: error: invalid UTF-8 (byte 0xe9): save the file as UTF-8"),
		chapterCase("UTF-16", "\xff\xfe#\x00 \x00A\x00", exitBuild, "BOOK/a.md: error: the file is UTF-16; save it as UTF-8"),
		chapterCase("NUL bytes", "# A\n\nNUL\x00here\x00\n", exitOK, "BOOK/a.md:3:4: warning: NUL byte (U+0000) in the text: it is shown as U+FFFD"),
		chapterCase("control characters", "# A\n\nbell\x07 and escape\x1b[0m\n", exitOK, "BOOK/a.md:3:5: warning: control character U+0007 in the text"),
		{name: "byte order mark", files: map[string]string{"a.md": "\xef\xbb\xbf# A\n\nSee [b](b.md#b) and ![pic](img/p.png).\n"}, exit: exitOK,
			check: func(t *testing.T, c *caseEnv) {
				if doc := epubFile(t, c.epub, "EPUB/xhtml/c0001.xhtml"); !strings.Contains(doc, `<h1 id="a">A</h1>`) {
					t.Errorf("the byte order mark spoilt the heading:\n%s", doc)
				}
			}},
		// Positions count lines as editors do, whatever ends them.
		chapterCase("CRLF line ends", "# A\r\n\r\nsee [z](z.md)\r\n", exitOK, `BOOK/a.md:3:5: warning: link to missing file "z.md"`),
		chapterCase("lone CR line ends", "# A\r\rline two\rsee [z](z.md)\r", exitOK, `BOOK/a.md:4:5: warning: link to missing file "z.md"`),
		chapterCase("mixed line ends", "# A\n\r\n\rx\r\nsee [z](z.md)\n", exitOK, `BOOK/a.md:5:5: warning: link to missing file "z.md"`),

		// Links: what GitBook, HonKit and mdBook accept builds, with a
		// warning where the link is lost; --strict refuses it.
		{name: "link to missing anchor", files: map[string]string{"b.md": "# B\n\nsee [a](a.md#nowhere)\n"}, exit: exitOK,
			want: []string{`BOOK/b.md:3:5: warning: link to "a.md#nowhere": a.md has no heading or anchor "nowhere"; the link goes to the start of the chapter`}},
		{name: "link to missing anchor, strict", files: map[string]string{"b.md": "# B\n\nsee [a](a.md#nowhere)\n"}, args: []string{"--strict"}, exit: exitBuild,
			want: []string{`BOOK/b.md:3:5: error: link to "a.md#nowhere": a.md has no heading or anchor "nowhere"`}},
		{name: "link to a file not in the book", files: map[string]string{"book.yaml": head + "chapters: [a.md]\n"}, exit: exitOK,
			want: []string{`BOOK/a.md:3:5: warning: link to "b.md#b", which is not a chapter of the book`},
			check: func(t *testing.T, c *caseEnv) {
				doc := epubFile(t, c.epub, "EPUB/xhtml/c0001.xhtml")
				if !strings.Contains(doc, "<span>b</span>") || strings.Contains(doc, "b.md") {
					t.Errorf("the link's text is not kept as text:\n%s", doc)
				}
			}},
		{name: "link to a file not in the book, strict", files: map[string]string{"book.yaml": head + "chapters: [a.md]\n"}, args: []string{"--strict"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:5: error: link to "b.md#b", which is not a chapter of the book`}},
		chapterCase("link to a missing file", "# A\n\nsee [z](z.md)\n", exitOK, `BOOK/a.md:3:5: warning: link to missing file "z.md": the link was removed, its text kept`),
		chapterCase("link out of the book", "# A\n\nsee [std](../std/index.html)\n", exitOK, `BOOK/a.md:3:5: warning: link to "../std/index.html" leads outside the book's folder`),
		{name: "link out through a symlink", files: map[string]string{"a.md": "# A\n\nsee [s](s.md)\n"},
			setup: symlink("s.md", "ELSE/secret.md"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:5: error: link to "s.md" leads outside the book's folder (a symbolic link leads to ELSE/secret.md)`}},
		{name: "link out through a folder symlink", files: map[string]string{"a.md": "# A\n\nsee [s](pics/secret.md)\n"},
			setup: symlink("pics", "ELSE"), exit: exitBuild,
			want: []string{`BOOK/a.md:3:5: error: link to "pics/secret.md" leads outside the book's folder (a symbolic link leads to ELSE/secret.md)`}},
		{name: "link to a local file", files: map[string]string{"a.md": "# A\n\nsee [the code](main.go)\n", "main.go": "package main\n"}, exit: exitOK,
			want: []string{`BOOK/a.md:3:5: warning: link to "main.go"`}},

		// Sizes and depths.
		chapterCase("10 MB single-line paragraph", "# A\n\n"+strings.Repeat("word ", 2_000_000)+"\n", exitBuild,
			`BOOK/book.yaml:5:5: error: chapter file "a.md" is 10000006 bytes, more than the limit of 2097152`),
		chapterCase("one byte over the limit", strings.Repeat("x", 2<<20+1), exitBuild,
			`BOOK/book.yaml:5:5: error: chapter file "a.md" is 2097153 bytes, more than the limit of 2097152`),
		chapterCase("2 MB single-line paragraph", "# A\n\n"+strings.Repeat("word ", 400_000)+"\n", exitOK),
		chapterCase("2 MB single-line Chinese paragraph", "# A\n\n"+strings.Repeat("中文排版需要", 115_000)+"\n", exitOK),
		// The costliest chapter the limit allows: code, each line with a
		// run of Chinese.
		chapterCase("2 MiB listing with Chinese comments", chineseListing(2<<20), exitOK),
		chapterCase("100,000-line code block", listing.String(), exitOK),
		chapterCase("lists 10,000 deep", "# A\n\n"+strings.Repeat("- ", 10_000)+"x\n", exitBuild, "BOOK/a.md:3:201: error: lists and block quotes are nested more than 100 levels deep"),
		chapterCase("indented lists 1,400 deep", "# A\n\n"+indentedList(1_400), exitBuild, "BOOK/a.md:103:201: error: lists and block quotes are nested more than 100 levels deep"),
		chapterCase("quotes 10,000 deep", "# A\n\n"+strings.Repeat("> ", 10_000)+"x\n", exitBuild, "BOOK/a.md:3:201: error: lists and block quotes are nested more than 100 levels deep"),
		chapterCase("emphasis 10,000 deep", "# A\n\n"+strings.Repeat("*a ", 10_000)+"x"+strings.Repeat(" b*", 10_000)+"\n", exitBuild,
			"BOOK/a.md:3:763: error: lists, quotes, emphasis, links and HTML elements are nested more than 256 levels deep"),
		chapterCase("links 10,000 deep", "# A\n\n"+strings.Repeat("[a ", 10_000)+"x"+strings.Repeat("](#a)", 10_000)+"\n", exitOK),
		chapterCase("HTML elements 10,000 deep", "# A\n\n"+deepSpans.String()+"\n", exitBuild,
			"BOOK/a.md:3:1525: error: lists, quotes, emphasis, links and HTML elements are nested more than 256 levels deep"),
		chapterCase("50,000 footnotes", footnotes, exitOK),

		// Raw HTML that could run code or fetch content: dropped, each
		// with a warning; --strict makes them errors.
		{name: "raw HTML only", files: map[string]string{"a.md": rawHTML}, exit: exitOK, want: []string{
			"BOOK/a.md:2:1: warning: <script> dropped with its content",
			"BOOK/a.md:3:1: warning: <iframe> dropped with its content",
			"BOOK/a.md:4:1: warning: event handler attribute onclick on <p> dropped",
			`BOOK/a.md:4:28: warning: href="javascript:alert(1)" on <a> dropped`,
			"BOOK/a.md:4:67: warning: event handler attribute onerror on <img> dropped",
			"BOOK/a.md:5:1: warning: event handler attribute onmouseover on <div> dropped",
			"BOOK/a.md:5:24: warning: <object> dropped with its content",
		}, check: sanitized},
		{name: "raw HTML only, strict", files: map[string]string{"a.md": rawHTML}, args: []string{"--strict"}, exit: exitBuild, want: []string{
			"BOOK/a.md:2:1: error: <script> dropped with its content",
			"BOOK/a.md:3:1: error: <iframe> dropped with its content",
			"BOOK/a.md:4:1: error: event handler attribute onclick on <p> dropped",
			`BOOK/a.md:4:28: error: href="javascript:alert(1)" on <a> dropped`,
			"BOOK/a.md:4:67: error: event handler attribute onerror on <img> dropped",
			"BOOK/a.md:5:1: error: event handler attribute onmouseover on <div> dropped",
			"BOOK/a.md:5:24: error: <object> dropped with its content",
		}},
		// A warning's column was counted from the start of its line: 50,000
		// of them on one line took 10 s.
		chapterCase("50,000 event handlers on one line", "# A\n\n"+strings.Repeat(`<b onclick="x()">a</b> `, 50_000)+"\n", exitOK,
			"BOOK/a.md:3:1: warning: event handler attribute onclick on <b> dropped",
			"BOOK/a.md:3:1149978: warning: event handler attribute onclick on <b> dropped"),
		chapterCase("javascript: link in Markdown", "# A\n\n[x](javascript:alert(1))\n", exitOK, `BOOK/a.md:3:1: warning: link to "javascript:alert(1)" removed`),

		// Images.
		{name: "remote image", files: map[string]string{"a.md": "# A\n\n![the remote alt](" + remote.URL + "/x.png)\n"}, exit: exitOK,
			want: []string{"BOOK/a.md:3:1: warning: remote image " + remote.URL + "/x.png is not fetched"},
			check: func(t *testing.T, c *caseEnv) {
				if doc := epubFile(t, c.epub, "EPUB/xhtml/c0001.xhtml"); !strings.Contains(doc, "the remote alt") {
					t.Errorf("the alt text is not shown:\n%s", doc)
				}
				if n := fetched.Load(); n != 0 {
					t.Errorf("the image was fetched %d times", n)
				}
			}},
		{name: "image missing", files: map[string]string{"a.md": "# A\n\nText ![the alt](img/none.png)\n"}, exit: exitOK,
			want: []string{`BOOK/a.md:3:6: warning: image "img/none.png" not found: its alt text is shown in its place`},
			check: func(t *testing.T, c *caseEnv) {
				if doc := epubFile(t, c.epub, "EPUB/xhtml/c0001.xhtml"); !strings.Contains(doc, `<span class="image-missing">[the alt]</span>`) {
					t.Errorf("no placeholder with the alt text:\n%s", doc)
				}
			}},
		{name: "image missing, strict", files: map[string]string{"a.md": "# A\n\nText ![x](img/none.png)\n"}, args: []string{"--strict"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:6: error: image "img/none.png" not found`}},
		{name: "PNG bomb", files: map[string]string{"img/p.png": pngHeader(100_000, 100_000)}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is too large: it declares 100000×100000 pixels, more than the limit of 256 megapixels`}},
		{name: "JPEG bomb", files: map[string]string{"img/p.png": jpegBomb}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is too large: it declares 65535×65535 pixels, more than the limit of 256 megapixels`}},
		{name: "GIF bomb", files: map[string]string{"img/p.png": gifBomb}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is too large: it declares 65535×65535 pixels, more than the limit of 256 megapixels`}},
		{name: "cover bomb", files: map[string]string{"img/cover.png": pngHeader(30_000, 30_000)}, exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:8: error: cover "img/cover.png" is too large: it declares 30000×30000 pixels, more than the limit of 256 megapixels`}},
		{name: "image of 25 megapixels", files: map[string]string{"img/p.png": bigPNG(5000, 5000)}, exit: exitOK},
		{name: "PNG truncated", files: map[string]string{"img/p.png": png1[:40]}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: unexpected EOF`}},
		{name: "JPEG truncated", files: map[string]string{"img/p.png": smallJPEG[:len(smallJPEG)/2]}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: invalid JPEG format: short Huffman data`}},
		{name: "GIF truncated", files: map[string]string{"img/p.png": smallGIF[:len(smallGIF)-8]}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: gif: not enough image data`}},
		{name: "image of 0×0 pixels", files: map[string]string{"img/p.png": pngHeader(0, 0)}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: png: invalid format: non-positive dimension`}},
		{name: "image file empty", files: map[string]string{"img/p.png": ""}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is empty`}},
		{name: "not an image", files: map[string]string{"img/p.png": "<html>not an image</html>\n"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is not a PNG, JPEG, GIF or SVG image`}},
		{name: "WebP image", files: map[string]string{"img/p.png": "RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00abcd"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is WebP`}},

		// Fonts.
		{name: "font that is not a font", files: map[string]string{"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [fonts/fake.ttf, default]\n",
			"fonts/fake.ttf": "this is not a font, just text with a .ttf name\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:10: error: font file "fonts/fake.ttf" is not an OpenType or TrueType font file (.ttf, .otf, .ttc or .otc)`}},
		{name: "font file missing", files: map[string]string{"book.yaml": head + "chapters: [a.md]\nfonts:\n  code: [fonts/none.ttf]\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:10: error: font file "fonts/none.ttf" not found`}},
		{name: "font family not installed", files: map[string]string{"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [{family: Noto Serif CJK XX}, default]\n"},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:19: error: font family "Noto Serif CJK XX" is not installed (searched `}},
		{name: "font family without the style", files: map[string]string{"book.yaml": head + "chapters: [a.md, b.md]\nfont_paths: [fonts]\nfonts:\n  body: [{family: Go, style: Light}, default]\n",
			"fonts/Go-Regular.ttf": string(goregular.TTF)},
			exit: exitBuild, want: []string{`BOOK/book.yaml:6:19: error: font family "Go" has no Light face (its faces: Regular (weight 400))`}},
		{name: "CFF font that cannot be converted", files: map[string]string{"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [fonts/Serif.otf, default]\n",
			"fonts/Serif.otf": string(testenv.BadCFFFont(t))},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:10: error: font file "fonts/Serif.otf" has PostScript (CFF) outlines that cannot be read to convert them to TrueType outlines (sfnt: invalid CFF table): use the TrueType (.ttf) version of the font`}},

		// Empty content.
		chapterCase("empty chapter file", "", exitOK, `BOOK/a.md: warning: the chapter has no heading and no title in the manifest; its file name "a" is its title`),
		{name: "empty book of empty chapters", files: map[string]string{"book.yaml": head + "chapters: [e1.md, e2.md]\n", "e1.md": "", "e2.md": "\n\n"}, exit: exitOK,
			want: []string{`BOOK/e1.md: warning: the chapter has no heading`, `BOOK/e2.md: warning: the chapter has no heading`}},
	}
	cases = append(cases, hostileCases(t)...)
	if len(cases) < 40 {
		t.Fatalf("the catalogue has %d cases; the issue asks for at least 40", len(cases))
	}

	// The previous good outputs every case starts from.
	template := t.TempDir()
	testenv.WriteTree(t, template, goodBook)
	testenv.WriteTree(t, template, map[string]string{"img/cover.png": png1, "img/p.png": png1})
	goodOut := t.TempDir()
	if code, _, stderr := ebook(t, map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}, "build", "--out", goodOut, filepath.Join(template, "book.yaml")); code != 0 {
		t.Fatalf("the good book does not build: %s", stderr)
	}
	good := map[string][]byte{}
	for _, f := range build.Formats {
		data, err := os.ReadFile(filepath.Join(goodOut, "good."+f))
		if err != nil {
			t.Fatal(err)
		}
		good[f] = data
	}

	// -short: every fifth case, run in this process, so without the
	// child's memory measured or a hang killed.
	short := testing.Short()
	if short {
		t.Logf("-short: %d of the %d cases, in this process (no memory or hang check)", (len(cases)+4)/5, len(cases))
	}
	for i, tc := range cases {
		if short && i%5 != 0 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			runCase(t, tc, good, short)
		})
	}
}

// runCase runs one case of the catalogue, in a child process unless
// inProcess.
func runCase(t *testing.T, tc badCase, good map[string][]byte, inProcess bool) {
	dir := t.TempDir()
	c := &caseEnv{book: filepath.Join(dir, "book"), out: filepath.Join(dir, "dist"), elsewhere: filepath.Join(dir, "elsewhere")}
	testenv.WriteTree(t, c.book, goodBook)
	testenv.WriteTree(t, c.book, map[string]string{"img/cover.png": png1, "img/p.png": png1})
	testenv.WriteTree(t, c.elsewhere, map[string]string{"secret.md": "# secret\n", "secret.png": png1})
	for f, data := range good {
		mustWrite(t, filepath.Join(c.out, "good."+f), string(data))
	}
	for name, content := range tc.files {
		p := filepath.Join(c.book, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		mustWrite(t, p, content)
	}
	if tc.setup != nil {
		tc.setup(t, c)
	}
	// What the output folder holds before the build, which a failed
	// build must leave as it is.
	before := c.snapshot(t)
	out := c.out
	if tc.out != "" {
		out = c.expand(tc.out)
	}
	args := []string{"build", "--out", out}
	for _, a := range tc.args {
		args = append(args, c.expand(a))
	}
	args = append(args, filepath.Join(c.book, "book.yaml"))

	var stdout, stderr bytes.Buffer
	var code int
	if inProcess {
		env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
		code = run(args, &stdout, &stderr, func(k string) string { return env[k] })
	} else {
		code = runChild(t, dir, args, &stdout, &stderr)
	}

	msgs := c.shorten(stderr.String())
	if code != tc.exit {
		t.Errorf("exit %d, want %d\n%s", code, tc.exit, msgs)
	}
	lines := strings.Split(strings.TrimSpace(msgs), "\n")
	for _, w := range tc.want {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, w)
		}
		if !found {
			t.Errorf("no message\n  %s\nin\n%s", w, msgs)
		}
	}
	if code != exitOK {
		// Exactly the expected errors: one clear message each.
		var errs []string
		for _, l := range lines {
			if strings.Contains(l, ": error: ") || strings.HasPrefix(l, "error: ") {
				errs = append(errs, l)
			}
		}
		wantErrs := 0
		for _, w := range tc.want {
			if strings.Contains(w, ": error: ") {
				wantErrs++
			}
		}
		if len(errs) != wantErrs {
			t.Errorf("%d errors, want %d:\n%s", len(errs), wantErrs, msgs)
		}
		if stdout.Len() > 0 {
			t.Errorf("an output was reported written: %s", stdout.String())
		}
		after := c.snapshot(t)
		for name, data := range before {
			if !bytes.Equal(after[name], data) {
				t.Errorf("the previous %s was changed", name)
			}
		}
		for name := range after {
			if _, ok := before[name]; !ok {
				t.Errorf("the failed build left %s in the output folder", name)
			}
		}
		return
	}
	// A build that succeeded wrote valid outputs, and nothing else.
	name, files := "good", len(good)
	if _, replaced := tc.files["book.yaml"]; replaced {
		name, files = "t", 2*len(good) // named after the title, T
	}
	var err1, err2 error
	c.epub, err1 = os.ReadFile(filepath.Join(c.out, name+".epub"))
	c.pdf, err2 = os.ReadFile(filepath.Join(c.out, name+".pdf"))
	if err1 != nil || err2 != nil {
		t.Fatalf("outputs missing: %v %v", err1, err2)
	}
	c.onlyOutputs(t, files)
	testenv.VerifyEPUB(t, c.epub)
	if !bytes.HasPrefix(c.pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(c.pdf), []byte("%%EOF")) {
		t.Error("the PDF lacks its header (%PDF-) or its end-of-file marker")
	}
	if tc.check != nil {
		tc.check(t, c)
	}
}

// expand replaces the BOOK/, OUT/ and ELSE/ of a case by the real folders.
func (c *caseEnv) expand(s string) string {
	for _, r := range []struct{ from, to string }{{"BOOK", c.book}, {"OUT", c.out}, {"ELSE", c.elsewhere}} {
		if s == r.from || strings.HasPrefix(s, r.from+"/") {
			return filepath.Join(r.to, filepath.FromSlash(strings.TrimPrefix(s, r.from)))
		}
	}
	return s
}

// shorten replaces the real folders in messages by BOOK, OUT and ELSE.
func (c *caseEnv) shorten(s string) string {
	for _, r := range []struct{ from, to string }{{c.book, "BOOK"}, {c.out, "OUT"}, {c.elsewhere, "ELSE"}} {
		s = strings.ReplaceAll(s, r.from, r.to)
	}
	return s
}

// snapshot returns the regular files of the output folder and their
// content (nil for anything else).
func (c *caseEnv) snapshot(t *testing.T) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(c.out)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		out[e.Name()] = nil
		if e.Type().IsRegular() {
			if out[e.Name()], err = os.ReadFile(filepath.Join(c.out, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// onlyOutputs fails the test unless the output folder holds n files (no
// temporary file left behind).
func (c *caseEnv) onlyOutputs(t *testing.T, n int) {
	t.Helper()
	entries, err := os.ReadDir(c.out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(entries) != n {
		t.Errorf("the output folder holds %v, want the %d previous outputs only", names, n)
	}
}

// symlink returns a setup that makes BOOK/name a symbolic link to target
// (with BOOK/, ELSE/).
func symlink(name, target string) func(t *testing.T, c *caseEnv) {
	return func(t *testing.T, c *caseEnv) {
		p := filepath.Join(c.book, filepath.FromSlash(name))
		os.RemoveAll(p)
		if err := os.Symlink(c.expand(target), p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
}

// fifo returns a setup that replaces BOOK/name by a named pipe: no one can
// read it without a writer, so the build must not try.
func fifo(name string) func(t *testing.T, c *caseEnv) {
	return func(t *testing.T, c *caseEnv) {
		p := filepath.Join(c.book, filepath.FromSlash(name))
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
}

// chmod returns a setup that takes permissions away from BOOK/name (or
// the output folder, OUT): skipped as root, whom permissions do not stop.
func chmod(name string, mode os.FileMode) func(t *testing.T, c *caseEnv) {
	return func(t *testing.T, c *caseEnv) {
		if os.Geteuid() == 0 {
			t.Skip("running as root, whom permissions do not stop; the FIFO, folder and file cases test what root cannot read or write")
		}
		p := c.expand(name)
		if p == name {
			p = filepath.Join(c.book, filepath.FromSlash(name))
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}
}

func mustWrite(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// epubFile returns the file name of the EPUB data.
func epubFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	files := testenv.VerifyEPUB(t, data)
	f, ok := files[name]
	if !ok {
		t.Fatalf("the EPUB has no %s", name)
	}
	return string(f)
}

// aliasBomb is a manifest whose aliases, nested levels deep, stand for
// 2^levels chapters ("billion laughs").
func aliasBomb(levels int) string {
	s := head + "chapters:\n  - file: a0.md\n    sections: &l0 [x.md, y.md]\n"
	for i := 1; i < levels; i++ {
		s += fmt.Sprintf("  - file: a%d.md\n    sections: &l%d [{file: x%d.md, sections: *l%d}, {file: y%d.md, sections: *l%d}]\n", i, i, i, i-1, i, i-1)
	}
	return s
}

// chineseListing is a chapter of one Go listing whose lines end in a
// Chinese comment, of at most size bytes.
func chineseListing(size int) string {
	var b strings.Builder
	b.WriteString("# Code\n\n```go\n")
	for i := 0; ; i++ {
		line := fmt.Sprintf("\tx := compute(%d) // 第%d行\n", i, i)
		if b.Len()+len(line)+4 > size {
			break
		}
		b.WriteString(line)
	}
	b.WriteString("```\n")
	return b.String()
}

func indentedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// pngHeader is a PNG that declares w×h RGBA pixels and holds almost none:
// what a decompression bomb looks like to a decoder's first look.
func pngHeader(w, h int) string {
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	zw.Write(make([]byte, 1024))
	zw.Close()
	return string(testenv.PNG(testenv.PNGHeader(w, h, 8, 6), idat.Bytes())) // 8 bits, RGBA
}

// bigPNG is a valid w×h RGBA PNG of a few hundred kilobytes that decodes
// to 4·w·h bytes: a bomb within the limits.
func bigPNG(w, h int) string {
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+4*w)
	for i := 1; i < len(row); i++ {
		row[i] = byte(i)
	}
	for range h {
		zw.Write(row)
	}
	zw.Close()
	return string(testenv.PNG(testenv.PNGHeader(w, h, 8, 6), idat.Bytes()))
}

// jpegBomb is the start of a JPEG (JFIF) that declares 65535×65535 pixels.
const jpegBomb = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9"

// gifBomb is a GIF whose screen is 65535×65535 pixels.
const gifBomb = "GIF89a\xff\xff\xff\xff\x00\x00\x00;"

var smallJPEG = func() string {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	if err := jpeg.Encode(&b, img, nil); err != nil {
		panic(err)
	}
	return b.String()
}()

var smallGIF = func() string {
	var b bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, 64, 64), color.Palette{color.Black, color.White})
	for i := range img.Pix {
		img.Pix[i] = byte(i % 3 % 2)
	}
	if err := gif.Encode(&b, img, nil); err != nil {
		panic(err)
	}
	return b.String()
}()
