package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
)

// TestReproducibleAcrossEnvironments builds the feature book, with its
// colophon, with the ebook command run as a separate process, changing one
// thing at a time that differs between machines: the time zone, the locale,
// the number of CPUs Go uses, the working directory, the book's folder and
// the order its files were written in. Every build must give the bytes of
// the first.
func TestReproducibleAcrossEnvironments(t *testing.T) {
	testenv.SkipShort(t, "builds the command and runs it as a child process")
	if _, err := time.LoadLocation("Asia/Shanghai"); err != nil {
		// Without the zone database a TZ setting would silently be UTC.
		testenv.Missing(t, "the time zone database (Debian package tzdata)")
	}
	bin := buildCommand(t)
	root := t.TempDir()
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "featurebook"))
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(root, "book")
	copyTree(t, src, book, false)
	// The same book in a longer path, its files written in reverse order,
	// so that a directory listing would come out differently.
	moved := filepath.Join(root, "elsewhere", "a", "much", "longer", "path", "book")
	copyTree(t, src, moved, true)

	base := map[string]string{
		"SOURCE_DATE_EPOCH": "1700000000", // 22:13 UTC: another day in Shanghai
		"TZ":                "UTC",
		"LANG":              "C",
		"LC_ALL":            "C",
		"GOMAXPROCS":        "1",
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for key, val := range base {
			m[key] = val
		}
		m[k] = v
		return m
	}
	type build struct {
		name     string
		env      map[string]string
		dir      string // working directory
		manifest string
	}
	want := runBuild(t, bin, base, book, "book.yaml")
	for _, b := range []build{
		{"time zone Asia/Shanghai", with("TZ", "Asia/Shanghai"), book, "book.yaml"},
		{"time zone Pacific/Kiritimati (UTC+14)", with("TZ", "Pacific/Kiritimati"), book, "book.yaml"},
		{"time zone Etc/GMT+12 (UTC-12)", with("TZ", "Etc/GMT+12"), book, "book.yaml"},
		{"locale zh_CN.UTF-8", with("LC_ALL", "zh_CN.UTF-8"), book, "book.yaml"},
		{"locale de_DE.UTF-8", with("LANG", "de_DE.UTF-8"), book, "book.yaml"},
		{"GOMAXPROCS=8", with("GOMAXPROCS", "8"), book, "book.yaml"},
		{"working directory /", base, "/", filepath.Join(book, "book.yaml")},
		{"working directory above the book", base, root, filepath.Join("book", "book.yaml")},
		{"another folder, files written in reverse order", base, moved, "book.yaml"},
	} {
		if got := runBuild(t, bin, b.env, b.dir, b.manifest); !bytes.Equal(got, want) {
			t.Errorf("%s: the EPUB differs from the base build", b.name)
		}
	}
}

// buildCommand compiles the ebook command, as the Makefile does.
func buildCommand(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		testenv.Missing(t, "the go command")
	}
	bin := filepath.Join(t.TempDir(), "ebook")
	cmd := exec.Command(goCmd, "build", "-trimpath", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBuild runs the command with exactly the environment env, in dir, and
// returns the EPUB it wrote.
func runBuild(t *testing.T, bin string, env map[string]string, dir, manifest string) []byte {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(bin, "build", "-q", "--book-version", "v1.2.3", "--out", out, manifest)
	cmd.Dir = dir
	cmd.Env = []string{}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v in %s: %v\n%s", env, dir, err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, "feature-book.epub"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// copyTree copies the files under src to dst, in lexical order or in
// reverse.
func copyTree(t *testing.T, src, dst string, reverse bool) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if reverse {
		slices.Reverse(files)
	}
	for _, p := range files {
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
