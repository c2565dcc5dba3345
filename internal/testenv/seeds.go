package testenv

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Root returns the repository's root folder, found from this file's
// location (tests run in their package's folder, which differs per
// package).
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// WriteTree writes files (slash-separated names relative to dir, and
// their content) into dir, making folders as needed.
func WriteTree(t testing.TB, dir string, files map[string]string) {
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

// WriteBook writes files (slash-separated names relative to the book's
// folder, and their content) into a new temporary folder and returns the
// path of its book.yaml.
func WriteBook(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteTree(t, dir, files)
	return filepath.Join(dir, "book.yaml")
}

// Footnotes is a chapter of n paragraphs, each with a footnote, the notes
// after them all.
func Footnotes(n int) string {
	var b strings.Builder
	b.WriteString("# Notes\n\n")
	for i := range n {
		fmt.Fprintf(&b, "Text %d[^%d].\n", i, i)
	}
	b.WriteString("\n")
	for i := range n {
		fmt.Fprintf(&b, "[^%d]: Note %d.\n", i, i)
	}
	return b.String()
}

// MarkdownSeeds returns Markdown to seed fuzzing with: every chapter of the
// feature book, the content book and the check command's problem book, and
// the sources the Markdown package's tests convert (TestStrings, so that a
// case added there seeds the fuzzers too). Under -short it returns every
// tenth of them: the targets still run on a spread of inputs.
func MarkdownSeeds(t testing.TB) []string {
	t.Helper()
	root := Root(t)
	var seeds []string
	for _, dir := range []string{"testdata/featurebook", "content", "pipeline/check/testdata/problems"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
				return err
			}
			data, err := os.ReadFile(p)
			seeds = append(seeds, string(data))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seeds = append(seeds, TestStrings(t, "pipeline/markdown")...)
	if testing.Short() {
		t.Logf("-short: %d of the %d seeds", (len(seeds)+9)/10, len(seeds))
		var some []string
		for i := 0; i < len(seeds); i += 10 {
			some = append(some, seeds[i])
		}
		seeds = some
	}
	return seeds
}

// TestStrings returns every string literal of more than two bytes in the
// test files of the package in folder pkg (relative to the repository's
// root), except expected messages ("t.md:1:2: ..."): the inputs of its
// table-driven tests, to seed fuzzing with.
func TestStrings(t testing.TB, pkg string) []string {
	t.Helper()
	tests, err := filepath.Glob(filepath.Join(Root(t), filepath.FromSlash(pkg), "*_test.go"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no tests in %s: %v", pkg, err)
	}
	sort.Strings(tests)
	var out []string
	fset := token.NewFileSet()
	for _, p := range tests {
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && len(s) > 2 && !strings.HasPrefix(s, "t.md:") && !strings.HasPrefix(s, "book.yaml:") {
				out = append(out, s)
			}
			return true
		})
	}
	return out
}

// Watchdog makes a hang a crash, for fuzz targets (the fuzzing engine
// waits for ever on an input that hangs, and records nothing): unless stop
// is called within limit, it prints every goroutine's stack and panics,
// which fails the target and makes the engine save the input.
func Watchdog(limit time.Duration, what string) (stop func()) {
	timer := time.AfterFunc(limit, func() {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "%s took more than %v; goroutines:\n%s\n", what, limit, buf)
		panic(fmt.Sprintf("%s took more than %v", what, limit))
	})
	return func() { timer.Stop() }
}
