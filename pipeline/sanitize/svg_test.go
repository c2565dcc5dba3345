package sanitize

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestCleanSVG(t *testing.T) {
	tests := []struct {
		name, in, want string
		dropped        []string
		w, h           float64
	}{
		{
			name: "keeps drawing",
			in:   `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect x="1" width="10" height="5" fill="red"/><text x="2">中文 &amp; text</text></svg>`,
			want: `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect x="1" width="10" height="5" fill="red"></rect><text x="2">中文 &amp; text</text></svg>`,
			w:    100, h: 50,
		},
		{
			name:    "drops scripts and handlers",
			in:      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10" onload="alert(1)"><script>alert(2)</script><g onclick="x()"><circle r="3"/></g></svg>`,
			want:    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><g><circle r="3"></circle></g></svg>`,
			dropped: []string{"<script>", "onclick attribute", "onload attribute"},
			w:       20, h: 10,
		},
		{
			name:    "drops outside references and foreign content",
			in:      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="2in" inkscape:version="1"><defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><image href="http://evil.example/x.png"/><foreignObject><div>html</div></foreignObject><a href="https://x"><rect/></a></svg>`,
			want:    `<svg xmlns="http://www.w3.org/2000/svg" width="2in"` + ` xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0"></path></defs><use xlink:href="#p"></use><rect></rect></svg>`,
			dropped: []string{"<foreignObject>", "<image>", "link <a>"},
			w:       192,
		},
		{
			name: "bare svg as written in HTML",
			in:   `<svg viewBox="0 0 4 3" width="40"><polygon points="0,0 1,1"/></svg>`,
			want: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3" width="40"><polygon points="0,0 1,1"></polygon></svg>`,
			w:    40, h: 30,
		},
		{
			name:    "style sheets that fetch",
			in:      `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/y.css);</style><rect style="fill:url(http://x)"/><rect style="fill:url(#g)"/></svg>`,
			want:    `<svg xmlns="http://www.w3.org/2000/svg"><style></style><rect></rect><rect style="fill:url(#g)"></rect></svg>`,
			dropped: []string{"style referring to outside resources", "style sheet referring to outside resources"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanSVG([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Markup) != tt.want {
				t.Errorf("markup\n got %s\nwant %s", got.Markup, tt.want)
			}
			if strings.Join(got.Dropped, "|") != strings.Join(tt.dropped, "|") {
				t.Errorf("dropped %q, want %q", got.Dropped, tt.dropped)
			}
			if got.Width != tt.w || got.Height != tt.h {
				t.Errorf("size %gx%g, want %gx%g", got.Width, got.Height, tt.w, tt.h)
			}
			wellFormed(t, got.Markup)
		})
	}
}

func TestCleanSVGRejects(t *testing.T) {
	for _, in := range []string{
		``,
		`not xml`,
		`<html><body/></html>`,
		`<svg><rect></svg>`,
		`<?xml version="1.0"?><!-- only a comment -->`,
		strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300),
	} {
		if _, err := CleanSVG([]byte(in)); err == nil {
			t.Errorf("CleanSVG(%.40q) accepted it", in)
		}
	}
	deep := `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300) + `</svg>`
	if _, err := CleanSVG([]byte(deep)); err == nil {
		t.Error("nesting beyond the limit accepted")
	}
}

func wellFormed(t *testing.T, data []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("output is not well-formed: %v\n%s", err, data)
		}
	}
}
