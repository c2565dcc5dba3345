package watch

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gobook/ebook/pipeline/build"
)

// deadline is how long a test waits for a rebuild. A rebuild of the test
// book takes the debounce delay (150 ms) and a few milliseconds more; the
// deadline is generous so that a busy machine does not fail the test.
const deadline = 10 * time.Second

type harness struct {
	t      *testing.T
	dir    string
	out    string // the EPUB
	events chan Event
	done   chan struct{} // closed when Run returned
	err    error         // what Run returned
	cancel context.CancelFunc
}

func start(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	h := &harness{t: t, dir: dir, out: filepath.Join(dir, "dist", "w.epub"), events: make(chan Event, 16), done: make(chan struct{})}
	h.write("book.yaml", "title: Watched\nlanguage: en\nchapters:\n  - content/one.md\n  - content/two.md\noutput:\n  name: w\n")
	h.write("content/one.md", "# One\n\nFirst version. See [two](two.md).\n")
	h.write("content/two.md", "# Two\n\nText.\n")
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	opts := Options{
		Build: build.Options{Manifest: filepath.Join(dir, "book.yaml"), OutDir: filepath.Join(dir, "dist"),
			Date: time.Unix(1700000000, 0).UTC()},
		Report: func(e Event) { h.events <- e },
	}
	go func() {
		h.err = Run(ctx, opts)
		close(h.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-h.done
	})
	return h
}

func (h *harness) write(name, content string) {
	h.t.Helper()
	p := filepath.Join(h.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// next waits for the next build.
func (h *harness) next() Event {
	h.t.Helper()
	select {
	case e := <-h.events:
		return e
	case <-time.After(deadline):
		h.t.Fatalf("no build within %v", deadline)
		return Event{}
	}
}

func (h *harness) output() []byte {
	h.t.Helper()
	data, err := os.ReadFile(h.out)
	if err != nil {
		h.t.Fatal(err)
	}
	return data
}

// waitOutput polls the output until it differs from old, and returns it
// with the time it took.
func (h *harness) waitOutput(old []byte) ([]byte, time.Duration) {
	h.t.Helper()
	begin := time.Now()
	for time.Since(begin) < deadline {
		if data, err := os.ReadFile(h.out); err == nil && !bytes.Equal(data, old) {
			return data, time.Since(begin)
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("the output did not change within %v", deadline)
	return nil, 0
}

// TestWatch edits a chapter and sees a new output; breaks the build and
// sees the error with the previous output untouched; fixes it and sees a
// new output again; then stops.
func TestWatch(t *testing.T) {
	h := start(t)
	first := h.next()
	if !first.OK() || len(first.Results) != len(build.Formats) || first.Cache.Parsed != 2 {
		t.Fatalf("first build: %+v", first)
	}
	v1 := h.output()

	h.write("content/one.md", "# One\n\nSecond version. See [two](two.md).\n")
	v2, took := h.waitOutput(v1)
	t.Logf("a new output %v after the edit", took)
	e := h.next()
	if !e.OK() || e.Cache.Parsed != 1 || e.Cache.Reused != 1 || len(e.Changed) != 1 || filepath.Base(e.Changed[0]) != "one.md" {
		t.Errorf("rebuild after an edit: changed %v, cache %+v, err %v", e.Changed, e.Cache, e.Err)
	}

	// Break it: a chapter that is not UTF-8 (a broken link is only a
	// warning).
	h.write("content/two.md", "# Two\n\nA \xff link.\n")
	e = h.next()
	if e.OK() {
		t.Fatal("a broken book built")
	}
	var msgs []string
	for _, d := range e.Diags {
		msgs = append(msgs, d.String())
	}
	if want := `content/two.md:3:3: error: invalid UTF-8 (byte 0xff): save the file as UTF-8`; len(msgs) != 1 || !strings.HasSuffix(msgs[0], want) {
		t.Errorf("diagnostics %q, want one ending %q", msgs, want)
	}
	if !bytes.Equal(h.output(), v2) {
		t.Error("a failed build changed the output")
	}

	// Fix it, saving as many editors do: a new file renamed over the old.
	h.write("content/.two.md.tmp", "# Two\n\nFixed.\n")
	if err := os.Rename(filepath.Join(h.dir, "content/.two.md.tmp"), filepath.Join(h.dir, "content/two.md")); err != nil {
		t.Fatal(err)
	}
	v3, _ := h.waitOutput(v2)
	if e := h.next(); !e.OK() {
		t.Errorf("the fixed book did not build: %v", e.Err)
	}
	if bytes.Equal(v3, v1) {
		t.Error("the output after the fix is the first one")
	}

	h.cancel()
	select {
	case <-h.done:
		if h.err != nil {
			t.Errorf("Run: %v", h.err)
		}
	case <-time.After(deadline):
		t.Fatal("Run did not end after its context was cancelled")
	}
}

// TestWatchNewFolderAndImage checks that files the book starts to use
// are watched after the build that brings them in, and that several
// changes close together make one build.
func TestWatchNewFolderAndImage(t *testing.T) {
	h := start(t)
	h.next()
	v1 := h.output()

	// A new chapter in a new folder, listed in the manifest, written
	// together: one build.
	h.write("extra/three.md", "# Three\n\n![dot](img/dot.svg)\n")
	h.write("extra/img/dot.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`)
	h.write("book.yaml", "title: Watched\nlanguage: en\nchapters:\n  - content/one.md\n  - content/two.md\n  - extra/three.md\noutput:\n  name: w\n")
	v2, _ := h.waitOutput(v1)
	e := h.next()
	if !e.OK() {
		t.Fatalf("build: %v", e.Err)
	}
	select {
	case extra := <-h.events:
		t.Errorf("one change made more than one build: %v", extra.Changed)
	case <-time.After(3 * DefaultDebounce):
	}

	// The image's folder is watched now: changing the image rebuilds.
	h.write("extra/img/dot.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>`)
	h.waitOutput(v2)
	if e := h.next(); !e.OK() || e.Cache.Decoded != 1 || e.Cache.Parsed != 0 {
		t.Errorf("rebuild after an image change: cache %+v, err %v", e.Cache, e.Err)
	}
}

// TestRelevant checks which file events start a build.
func TestRelevant(t *testing.T) {
	s := &session{manifest: "/b/book.yaml", outDir: "/b/dist", included: map[string]bool{"/b/listings/main.rs": true}}
	for name, want := range map[string]bool{
		"/b/book.yaml": true, "/b/content/a.md": true, "/b/img/x.PNG": true, "/b/fonts/f.otf": true,
		"/b/content/.a.md.swp": false, "/b/content/a.md~": false, "/b/content/4913": false,
		"/b/dist/w.epub": false, "/b/dist/x.md": false, "/b/notes.txt": false,
		"/b/listings/main.rs": true, "/b/listings/other.rs": false,
	} {
		if got := s.relevant(fsnotifyEvent(name)); got != want {
			t.Errorf("relevant(%s) = %v, want %v", name, got, want)
		}
	}
}

func fsnotifyEvent(name string) fsnotify.Event { return fsnotify.Event{Name: name, Op: fsnotify.Write} }

// TestWatchIncludedFile checks that a change to a file a chapter includes
// ({{#include}}, in a folder of its own, with an extension no chapter or
// image has) rebuilds the book with the new listing.
func TestWatchIncludedFile(t *testing.T) {
	h := start(t)
	h.next()
	v1 := h.output()

	h.write("listings/hello.rs", "fn main() {}\n")
	h.write("content/two.md", "# Two\n\n```rust\n{{#include ../listings/hello.rs}}\n```\n")
	v2, _ := h.waitOutput(v1)
	if e := h.next(); !e.OK() {
		t.Fatalf("build: %v", e.Err)
	}

	h.write("listings/hello.rs", "fn main() { println!(\"changed\"); }\n")
	h.waitOutput(v2)
	e := h.next()
	if !e.OK() || e.Cache.Parsed != 1 || len(e.Changed) != 1 || filepath.Base(e.Changed[0]) != "hello.rs" {
		t.Errorf("rebuild after a change to an included file: changed %v, cache %+v, err %v", e.Changed, e.Cache, e.Err)
	}
}
