package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a buffer the command writes to while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls until cond holds, for a generous time: a rebuild takes
// about 200 ms here.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	begin := time.Now()
	for time.Since(begin) < 10*time.Second {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestWatchCommand runs ebook watch: an edit rebuilds, a broken build
// prints its error and keeps the previous output byte for byte, a fix
// rebuilds, and Ctrl-C (SIGINT) ends the command cleanly.
func TestWatchCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("book.yaml", "title: Watched\nlanguage: en\nchapters:\n  - content/one.md\noutput:\n  name: w\n")
	write("content/one.md", "# One\n\nFirst.\n")
	epub := filepath.Join(dir, "dist", "w.epub")

	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	go func() {
		done <- run([]string{"watch", "--out", filepath.Join(dir, "dist"), filepath.Join(dir, "book.yaml")},
			&stdout, &stderr, func(k string) string { return env[k] })
	}()
	builds := func() int { return strings.Count(stdout.String(), "w.epub") }
	waitFor(t, "the first build", func() bool { return builds() == 1 })
	v1, err := os.ReadFile(epub)
	if err != nil {
		t.Fatal(err)
	}

	write("content/one.md", "# One\n\nSecond.\n")
	waitFor(t, "a rebuild after an edit", func() bool { return builds() == 2 })
	v2, _ := os.ReadFile(epub)
	if bytes.Equal(v1, v2) {
		t.Error("the edit did not change the output")
	}

	write("content/one.md", "# One\n\nBroken \xff.\n") // not UTF-8 (a broken link is only a warning)
	waitFor(t, "the error", func() bool { return strings.Contains(stderr.String(), "build failed") })
	if want := `content/one.md:3:8: error: invalid UTF-8 (byte 0xff)`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not hold %q:\n%s", want, stderr.String())
	}
	if v, _ := os.ReadFile(epub); !bytes.Equal(v, v2) {
		t.Error("a failed build changed the output")
	}

	write("content/one.md", "# One\n\nFixed.\n")
	waitFor(t, "a rebuild after the fix", func() bool { return builds() == 3 })

	// Ctrl-C: the command registered for SIGINT, so the signal ends the
	// watch rather than the test.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(stderr.String(), "ebook watch: stopped") {
			t.Errorf("exit %d after SIGINT\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ebook watch did not stop on SIGINT")
	}
}

// TestWatchHelpFormats: watch builds every format build does, html too,
// and its help says so as build's does.
func TestWatchHelpFormats(t *testing.T) {
	for _, cmd := range []string{"build", "watch"} {
		_, stdout, stderr := ebook(t, nil, cmd, "-h")
		if help := stdout + stderr; !strings.Contains(help, "output formats: epub, pdf, html") {
			t.Errorf("ebook %s -h does not list html:\n%s", cmd, help)
		}
	}
}
