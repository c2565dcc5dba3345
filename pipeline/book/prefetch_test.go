package book

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Images load while chapters parse, each file once: the cover and every
// chapter that shows a picture share one asset, and a damaged picture is an
// error at each place that shows it, whichever chapter asked first.
func TestImagesLoadOnce(t *testing.T) {
	files := map[string]string{
		"cover.png": pngBytes(t, 6, 8),
		"bad.png":   "\x89PNG\r\n\x1a\nbroken",
	}
	var list []string
	for i := range 20 {
		name := fmt.Sprintf("c%02d.md", i)
		list = append(list, name)
		files[name] = fmt.Sprintf("# C%d\n\n![c](cover.png)\n", i)
	}
	files["c03.md"] += "\n![b](bad.png)\n"
	files["c17.md"] += "\n![b](bad.png)\n"
	files["book.yaml"] = "title: T\nauthors: [A]\nlanguage: en\ncover: cover.png\nchapters: [" + strings.Join(list, ", ") + "]\n"
	manifest := testenv.WriteBook(t, files)

	var d diag.List
	b := Load(manifest, Options{KeepGoing: true}, &d)
	if b == nil {
		t.Fatal(d.Items())
	}
	var errs []string
	for _, it := range d.Items() {
		errs = append(errs, it.String())
	}
	want := []string{
		`c03.md:5:1: error: image "bad.png" is damaged`,
		`c17.md:5:1: error: image "bad.png" is damaged`,
	}
	if len(errs) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant %d", strings.Join(errs, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.Contains(errs[i], "/"+w) {
			t.Errorf("diagnostic %q, want one with %q", errs[i], w)
		}
	}
	if b.Cover == nil || b.Cover.Width != 6 {
		t.Fatalf("cover %+v", b.Cover)
	}
	for _, ch := range b.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Image && n.URL == "cover.png" && n.Image != b.Cover {
				t.Errorf("%s: the cover picture loaded again", ch.Path)
			}
			return true
		})
	}
	if len(b.Images) != 1 {
		t.Errorf("%d images, want the one that loads", len(b.Images))
	}
}
