package book_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/epub"
)

// writeBook writes a small book that uses what the cache must get right:
// links resolved in place, images, footnotes, repeated headings, raw HTML
// with a warning.
func writeBook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"book.yaml": "title: Cache\nlanguage: en\nchapters:\n  - a.md\n  - file: b.md\n    sections:\n      - c.md\n",
		"a.md":      "# A\n\nSee [b](b.md#usage) and ![pic](img/p.png).[^1]\n\n## Usage\n\n## Usage\n\n<b onclick=\"x()\">bold</b>\n\n[^1]: A note with [a link](c.md).\n",
		"b.md":      "# B\n\n## Usage\n\nText ![again](./img/p.png \"title\")\n",
		"c.md":      "No heading, [back](a.md#usage-1).\n",
		"img/p.png": img.String(),
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// snapshot is everything a load produced, as text: the diagnostics, and an
// EPUB written from the book, which renders every node, link target and
// image.
func snapshot(t *testing.T, manifest string, opts book.Options) string {
	t.Helper()
	var d diag.List
	b := book.Load(manifest, opts, &d)
	var s strings.Builder
	for _, x := range d.Items() {
		fmt.Fprintln(&s, x)
	}
	if b == nil {
		return s.String() + "(no book)"
	}
	for _, ch := range b.Chapters {
		ids := make([]string, 0, len(ch.IDs))
		for id := range ch.IDs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		fmt.Fprintf(&s, "%s %q %v %v\n%s\n", ch.Path, ch.Title, ids, ch.Renamed, doc.Dump(ch.Blocks))
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Link != nil {
				fmt.Fprintf(&s, "link %+v\n", *n.Link)
			}
			if n.Image != nil {
				fmt.Fprintf(&s, "image %s %p\n", n.Image.Path, n.Image)
			}
			return true
		})
	}
	data, err := epub.Write(b, epub.Options{Modified: time.Unix(1700000000, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&s, "epub %x\n", data)
	return s.String()
}

// TestCacheSameBook loads a book with and without a cache, and after a
// change to one chapter: the cached loads must give the same book, and
// parse only the chapter that changed.
func TestCacheSameBook(t *testing.T) {
	dir := writeBook(t)
	manifest := filepath.Join(dir, "book.yaml")
	fresh := snapshot(t, manifest, book.Options{})
	if !strings.Contains(fresh, "warning") || !strings.Contains(fresh, "epub ") {
		t.Fatalf("the test book should load with a warning:\n%.2000s", fresh)
	}
	// Images are shared by the cache, so compare without pointers.
	strip := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "image ") {
				l = l[:strings.LastIndex(l, " ")]
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n")
	}

	cache := book.NewCache()
	if got := snapshot(t, manifest, book.Options{Cache: cache}); strip(got) != strip(fresh) {
		t.Fatalf("first load with a cache differs:\n%s\nwant:\n%s", got, fresh)
	}
	if st := cache.Stats(); st.Parsed != 3 || st.Reused != 0 || st.Decoded != 1 {
		t.Errorf("first load: %+v", st)
	}
	if got := snapshot(t, manifest, book.Options{Cache: cache}); strip(got) != strip(fresh) {
		t.Fatalf("second load with a cache differs:\n%s\nwant:\n%s", got, fresh)
	}
	if st := cache.Stats(); st.Parsed != 0 || st.Reused != 3 || st.Kept != 1 || st.Decoded != 0 {
		t.Errorf("second load: %+v", st)
	}

	// Loads do not share nodes: a writer may change its book's nodes
	// without changing another load's.
	var d1, d2 diag.List
	b1 := book.Load(manifest, book.Options{Cache: cache}, &d1)
	b2 := book.Load(manifest, book.Options{Cache: cache}, &d2)
	if b1 == nil || b2 == nil {
		t.Fatal("the book did not load")
	}
	for i := range b1.Chapters {
		n1, n2 := b1.Chapters[i].Blocks, b2.Chapters[i].Blocks
		if &n1[0] == &n2[0] || n1[len(n1)-1] == n2[len(n2)-1] {
			t.Errorf("chapter %d: two loads share nodes", i)
		}
	}

	// Change one chapter: only it is parsed again.
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("# B changed\n\n## Usage\n"), 0o644)
	fresh = snapshot(t, manifest, book.Options{})
	if got := snapshot(t, manifest, book.Options{Cache: cache}); strip(got) != strip(fresh) {
		t.Fatalf("load after a change differs:\n%s\nwant:\n%s", got, fresh)
	}
	if st := cache.Stats(); st.Parsed != 1 || st.Reused != 2 || st.ChaptersInCache != 3 {
		t.Errorf("after a change: %+v", st)
	}
}

// TestCacheGoplZH checks the cache on the real book: a cached reload gives
// a byte-identical EPUB and parses nothing.
func TestCacheGoplZH(t *testing.T) {
	manifest := testenv.CorpusManifest(t)
	fresh := snapshot(t, manifest, book.Options{})
	cache := book.NewCache()
	snapshot(t, manifest, book.Options{Cache: cache})
	second := snapshot(t, manifest, book.Options{Cache: cache})
	epubOf := func(s string) string { return s[strings.LastIndex(s, "epub "):] }
	if epubOf(second) != epubOf(fresh) {
		t.Errorf("the EPUB of a cached load differs from a fresh one")
	}
	if st := cache.Stats(); st.Parsed != 0 || st.Reused != 124 || st.Decoded != 0 {
		t.Errorf("second load: %+v", st)
	}
}

// TestKeepGoing checks that a load that keeps going reports the problems
// of every stage at once, and that a normal load is unchanged.
func TestKeepGoing(t *testing.T) {
	dir := writeBook(t)
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: K\nlanguage: en\nchapters:\n  - a.md\n  - gone.md\n  - b.md\n  - c.md\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.md"), []byte("# C\n\n[x](gone.md#top) [y](b.md#nowhere) \xff\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\n[b](b.md#nowhere) ![p](img/missing.png)\n"), 0o644)
	manifest := filepath.Join(dir, "book.yaml")

	var d diag.List
	if b := book.Load(manifest, book.Options{}, &d); b != nil {
		t.Fatal("a book with errors loaded")
	}
	normal := d.Items()

	var k diag.List
	b := book.Load(manifest, book.Options{KeepGoing: true}, &k)
	if b == nil {
		t.Fatalf("KeepGoing returned no book: %v", k.Err())
	}
	var got []string
	for _, x := range k.Items() {
		got = append(got, strings.TrimPrefix(x.String(), dir+"/"))
	}
	want := []string{
		`a.md:3:1: warning: link to "b.md#nowhere": b.md has no heading or anchor "nowhere"; the link goes to the start of the chapter`,
		`a.md:3:19: warning: image "img/missing.png" not found: its alt text is shown in its place`,
		`book.yaml:5:5: error: chapter file "gone.md" not found`,
		`c.md:3:36: error: invalid UTF-8 (byte 0xff): save the file as UTF-8`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("KeepGoing reported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(normal) != 2 {
		t.Errorf("a normal load stops after reading the chapters: %v", normal)
	}
	if !b.Chapters[1].Failed || !b.Chapters[3].Failed || b.Chapters[0].Failed {
		t.Errorf("Failed marks the chapters that could not be read")
	}
	if strings.Join(b.ImagePaths, " ") != "img/missing.png img/p.png" {
		t.Errorf("ImagePaths = %q", b.ImagePaths)
	}
}

// TestCacheImageMoved: a picture cached from one file is not handed out
// for the same bytes at another path, whose asset would read the first
// file again: after the book's folder moved, the old one gone, every
// picture of a load with the same cache is read from where it is now.
func TestCacheImageMoved(t *testing.T) {
	dir := writeBook(t)
	cache := book.NewCache()
	var d diag.List
	if b := book.Load(filepath.Join(dir, "book.yaml"), book.Options{Cache: cache}, &d); b == nil {
		t.Fatalf("the book did not load: %v", d.Items())
	}
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	b := book.Load(filepath.Join(moved, "book.yaml"), book.Options{Cache: cache}, &d)
	if b == nil {
		t.Fatalf("the moved book did not load: %v", d.Items())
	}
	if len(b.Images) == 0 {
		t.Fatal("the book has no images")
	}
	for _, a := range b.Images {
		if _, err := a.Bytes(); err != nil {
			t.Errorf("%s: %v", a.Path, err)
		}
	}
	if st := cache.Stats(); st.Decoded != 1 || st.Kept != 0 {
		t.Errorf("after the move: %+v, want the picture decoded again", st)
	}
}

// TestCacheParserOptions: a chapter parsed with other options (book.yaml's
// markdown.headings_without_space or smart_punctuation changed while
// watch runs) is parsed again, not taken from the cache.
func TestCacheParserOptions(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\nOne -- two.\n\n##B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := book.NewCache()
	for _, tt := range []struct {
		yaml, want string
	}{
		{"title: T\nlanguage: en\nchapters: [a.md]\n", "One -- two."},
		{"title: T\nlanguage: en\nchapters: [a.md]\nmarkdown: {headings_without_space: true}\n", `(h level=2 id=b "B")`},
		{"title: T\nlanguage: en\nchapters: [a.md]\nmarkdown: {smart_punctuation: true}\n", "One \u2013 two."},
	} {
		if err := os.WriteFile(manifest, []byte(tt.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		b := book.Load(manifest, book.Options{Cache: cache}, &d)
		if b == nil {
			t.Fatal(d.Items())
		}
		if got := doc.Dump(b.Chapters[0].Blocks); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s, want %q", tt.yaml, got, tt.want)
		}
	}
}
