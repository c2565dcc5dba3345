package pdf

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
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
