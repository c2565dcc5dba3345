package serve

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/watch"
)

// TestServeReloads starts ebook serve on a free port and opens a chapter in
// Chromium: a change to the chapter's file must show in the page within
// 2 s; a syntax error in book.yaml must show the overlay with the error's
// place, and fixing it must take the overlay away.
func TestServeReloads(t *testing.T) {
	br := testenv.Chromium(t)
	dir := t.TempDir()
	const manifest = "title: Served\nlanguage: en\nchapters:\n  - one.md\n"
	testenv.WriteTree(t, dir, map[string]string{
		"book.yaml": manifest,
		"one.md":    "# One\n\nThe first text.\n",
	})
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Watch: watch.Options{Build: build.Options{Manifest: filepath.Join(dir, "book.yaml"), OutDir: filepath.Join(dir, "out"), Formats: []string{"html"}}},
			Ready: func(a string) { addr <- a },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	var a string
	select {
	case a = <-addr:
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}
	// The first build is done when the site's page is there.
	page := "http://" + a + "/served/one.html"
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "out", "served", "one.html")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first build wrote no page")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := chromedp.Do(br.Ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	// waitFor polls the page until expr is true, and says how long it took.
	waitFor := func(what, expr string, limit time.Duration) {
		t.Helper()
		// Evaluated again and again from here: a reload ends any
		// polling inside the page.
		start := time.Now()
		var err error
		for time.Since(start) < limit {
			var ok bool
			ectx, cancel := context.WithTimeout(br.Ctx, time.Second)
			ok, err = chromedp.Run(ectx, chromedp.Evaluate[bool](expr))
			cancel()
			if err == nil && ok {
				t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: not within %v (last error: %v)", what, limit, err)
	}
	waitFor("the page", `document.body.innerText.includes("The first text.")`, 5*time.Second)
	// The page has its event stream once the server said "ok".
	time.Sleep(200 * time.Millisecond)

	if err := os.WriteFile(filepath.Join(dir, "one.md"), []byte("# One\n\nThe second text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the change shown", `document.body.innerText.includes("The second text.")`, 2*time.Second)

	if err := os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: [Served\nchapters:\n  - one.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the overlay", `(o => !!o && o.innerText.includes("book.yaml:"))(document.getElementById("ebook-overlay"))`, 5*time.Second)
	if err := os.WriteFile(filepath.Join(dir, "book.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the overlay gone", `!document.getElementById("ebook-overlay") && document.body.innerText.includes("The second text.")`, 5*time.Second)
	for _, p := range br.Problems() {
		t.Errorf("the page: %s", p)
	}
}
