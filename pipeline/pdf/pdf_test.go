package pdf

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/manifest"
)

// TestDrawChecksLinks: gopdf silently drops an internal link whose anchor
// it does not know; Draw refuses such a document instead.
func TestDrawChecksLinks(t *testing.T) {
	b := &book.Book{Manifest: &manifest.Manifest{Title: "T"}}
	tests := []struct {
		name  string
		link  layout.Link
		dests map[string]layout.Dest
		err   string
	}{
		{"unknown", layout.Link{W: 10, H: 10, Dest: "c0/nowhere"}, map[string]layout.Dest{"c0": {}}, `link to "c0/nowhere"`},
		{"nowhere", layout.Link{W: 10, H: 10}, nil, "a link to nowhere"},
		{"off the document", layout.Link{W: 10, H: 10, Dest: "c0"}, map[string]layout.Dest{"c0": {Page: 3}}, "on page 4 of 1"},
		{"good", layout.Link{W: 10, H: 10, Dest: "c0"}, map[string]layout.Dest{"c0": {Y: 20}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &layout.Document{Width: 200, Height: 200, Dests: tt.dests,
				Pages: []*layout.Page{{Label: "1", Links: []layout.Link{tt.link}}}}
			_, err := Draw(d, b, Options{})
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one saying %q", err, tt.err)
			}
		})
	}
}

func TestASCIIURI(t *testing.T) {
	tests := map[string]string{
		"https://go.dev/doc/":                 "https://go.dev/doc/",
		"https://zh.wikipedia.org/wiki/并发":    "https://zh.wikipedia.org/wiki/%E5%B9%B6%E5%8F%91",
		"https://example.com/a b\tc":          "https://example.com/a%20b%09c",
		"https://example.com/%E5%B9%B6?q=(x)": "https://example.com/%E5%B9%B6?q=(x)",
	}
	for in, want := range tests {
		if got := asciiURI(in); got != want {
			t.Errorf("asciiURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDrawSameOnAnyCores: the text is drawn in as many documents as keep
// the cores busy (textDocs); the file must not depend on how many.
func TestDrawSameOnAnyCores(t *testing.T) {
	var dl diag.List
	bk := book.Load("../../cmd/ebook/testdata/featurebook/book.yaml", book.Options{}, &dl)
	set := fonts.LoadBook(bk, &dl)
	if bk == nil || set == nil {
		t.Fatal(dl.Items())
	}
	d, err := layout.Typeset(bk, set)
	if err != nil {
		t.Fatal(err)
	}
	draw := func(procs, wantDocs int) []byte {
		runtime.GOMAXPROCS(procs)
		if n := textDocs(len(d.Pages)); n < wantDocs || (wantDocs == 1 && n != 1) {
			t.Fatalf("%d pages drawn in %d text documents on %d cores: want %d", len(d.Pages), n, procs, wantDocs)
		}
		out, err := Draw(d, bk, Options{Modified: epoch})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := draw(1, 1)
	if four := draw(4, 3); !bytes.Equal(one, four) {
		t.Errorf("the PDF drawn on 4 cores differs from the one drawn on 1 (%d and %d bytes)", len(four), len(one))
	}
}
