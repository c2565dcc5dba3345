package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
)

// marker is the content of a file beside the repository, which no output
// may hold a byte of.
const marker = "MARKER-6b1f0c-outside-the-repository"

// TestNothingFromOutside tries every way a book's files could bring a
// file from beside its repository into an output: root: (relative,
// absolute, through a link), links to files and folders, init --from
// following book.json's root and a README.md link, and an output folder
// that is a link out. Some builds fail, some succeed; no output and no
// imported book.yaml may hold the marker, and the marker's folder gets no
// file.
func TestNothingFromOutside(t *testing.T) {
	top := t.TempDir()
	outside := filepath.Join(top, "outside")
	repo := filepath.Join(top, "repo")
	testenv.WriteTree(t, outside, map[string]string{
		"secret.md":  "# " + marker + "\n\n" + marker + "\n",
		"README.md":  "# " + marker + "\n",
		"SUMMARY.md": "# Summary\n\n* [" + marker + "](secret.md)\n",
		"img.png":    png1 + marker,
	})
	testenv.WriteTree(t, repo, map[string]string{".git/HEAD": "ref: refs/heads/main\n"})
	link := func(name, target string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	book := func(name string, files map[string]string) string {
		dir := filepath.Join(repo, name)
		testenv.WriteTree(t, dir, files)
		return filepath.Join(dir, "book.yaml")
	}
	var manifests []string
	manifests = append(manifests,
		book("rel", map[string]string{"book.yaml": head + "root: ../../outside\nchapters: [secret.md]\n"}),
		book("abs", map[string]string{"book.yaml": head + "root: " + outside + "\nchapters: [secret.md]\n"}),
		book("viaroot", map[string]string{"book.yaml": head + "root: out\nchapters: [secret.md]\n"}),
		book("chapter", map[string]string{"book.yaml": head + "chapters: [a.md, s.md]\n", "a.md": "# A\n"}),
		book("image", map[string]string{"book.yaml": head + "chapters: [a.md]\n", "a.md": "# A\n\n![x](pics/img.png)\n"}),
		book("cover", map[string]string{"book.yaml": head + "cover: c.png\nchapters: [a.md]\n", "a.md": "# A\n"}),
	)
	link(filepath.Join(repo, "viaroot", "out"), outside)
	link(filepath.Join(repo, "chapter", "s.md"), filepath.Join(outside, "secret.md"))
	link(filepath.Join(repo, "image", "pics"), outside)
	link(filepath.Join(repo, "cover", "c.png"), filepath.Join(outside, "img.png"))

	// Imports whose book.json's root, or README.md, lead outside.
	byRoot := filepath.Join(repo, "byroot")
	testenv.WriteTree(t, byRoot, map[string]string{"book.json": `{"root": "../../outside"}`})
	byReadme := filepath.Join(repo, "byreadme")
	testenv.WriteTree(t, byReadme, map[string]string{"SUMMARY.md": "# Summary\n\n* [Intro](README.md)\n* [A](a.md)\n", "a.md": "# A\n"})
	link(filepath.Join(byReadme, "README.md"), filepath.Join(outside, "README.md"))
	for i, from := range []string{byRoot, byReadme} {
		initDir := filepath.Join(repo, "init", string(rune('a'+i)))
		code, _, errs := execCLI("init", "--from", from, initDir)
		t.Logf("init --from %s: exit %d\n%s", from, code, errs)
		if data, err := os.ReadFile(filepath.Join(initDir, "book.yaml")); err == nil {
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("init --from put the marker into book.yaml:\n%s", data)
			}
			manifests = append(manifests, filepath.Join(initDir, "book.yaml"))
		}
	}

	outs := []string{}
	for _, m := range manifests {
		out := filepath.Join(repo, "dist", filepath.Base(filepath.Dir(m)))
		code, _, errs := execCLI("build", "--out", out, m)
		t.Logf("%s: exit %d\n%s", m, code, errs)
		outs = append(outs, out)
	}
	// An output folder that is a link out of the repository.
	link(filepath.Join(repo, "chapter", "dist"), outside)
	execCLI("build", "--out", filepath.Join(repo, "chapter", "dist"), manifests[3])

	for _, out := range outs {
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, _ := os.ReadFile(p)
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("%s holds the marker", p)
			}
			return nil
		})
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder outside holds %v: a build wrote there", names)
	}
}

// TestInterruptRemovesStaged interrupts builds of a book with SIGINT and
// SIGTERM at several moments: whenever the signal comes, the output
// folder holds the previous outputs or whole new ones, never a staged
// temporary file or folder (the website is staged as a folder, the PDF
// streamed into its staged file), and the exit status says the build was
// stopped.
func TestInterruptRemovesStaged(t *testing.T) {
	testenv.SkipShort(t, "runs the command as a child process, several times")
	dir := t.TempDir()
	files := map[string]string{}
	var chapters strings.Builder
	for i := range 40 {
		name := "c" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".md"
		chapters.WriteString("  - " + name + "\n")
		files[name] = "# Chapter\n\n" + strings.Repeat("Some text to set and draw. ", 2000) + "\n"
	}
	files["book.yaml"] = head + "chapters:\n" + chapters.String()
	testenv.WriteTree(t, dir, files)
	manifest := filepath.Join(dir, "book.yaml")
	out := filepath.Join(dir, "dist")
	build := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "build", "-q", "--format", "html,epub,pdf", "--out", out, manifest)
		cmd.Env = append(os.Environ(), "EBOOK_TEST_MAIN=1", "SOURCE_DATE_EPOCH=1700000000")
		return cmd
	}
	start := time.Now()
	if err := build().Run(); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	for _, f := range []float64{0.3, 0.6, 0.8, 0.9, 0.95} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			cmd := build()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(f * float64(full)))
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			code := cmd.ProcessState.ExitCode()
			if err != nil && code != 128+int(sig) {
				t.Errorf("%v after %.0f%%: exit %d (%v), want %d", sig, 100*f, code, err, 128+int(sig))
			}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") { // .NAME.N.tmp, and .tmp.old for a website replaced
					t.Errorf("%v after %.0f%%: %s left in the output folder", sig, 100*f, e.Name())
				}
			}
		}
	}
}
