package sanitize

import (
	"encoding/xml"
	"fmt"
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
			dropped: []string{"onload attribute", "<script>", "onclick attribute"},
			w:       20, h: 10,
		},
		{
			name:    "drops outside references and foreign content",
			in:      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="2in" inkscape:version="1"><defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><image href="http://evil.example/x.png"/><foreignObject><div>html</div></foreignObject><a href="https://x"><rect/></a></svg>`,
			want:    `<svg xmlns="http://www.w3.org/2000/svg" width="2in"` + ` xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0"></path></defs><use xlink:href="#p"></use><rect></rect></svg>`,
			dropped: []string{"<image>", "<foreignObject>", "link <a>"},
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
			dropped: []string{`"@import url(http://x/y.css)" in the style sheet`, `"fill:url(http://x)" in the style attribute`},
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
			var what []string
			for _, d := range got.Dropped {
				what = append(what, d.What)
			}
			if strings.Join(what, "|") != strings.Join(tt.dropped, "|") {
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

// TestCleanSVGReferences checks that references that never end or
// multiply past the budget are refused, with the position of the one
// that closes a cycle.
func TestCleanSVGReferences(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	laughs := svg + `<defs><rect id="l0"/>`
	for i := 1; i <= 8; i++ {
		laughs += fmt.Sprintf(`<g id="l%d">`, i) + strings.Repeat(fmt.Sprintf(`<use href="#l%d"/>`, i-1), 10) + `</g>`
	}
	laughs += `</defs><use href="#l8"/></svg>`
	tests := []struct{ name, in, err string }{
		{"use of itself", svg + "\n" + `<use id="u" href="#u"/></svg>`, "line 2, column 1: the reference to #u makes a cycle"},
		{"use of its group", svg + `<g id="g"><rect/><use xlink:href="#g"/></g></svg>`, "the reference to #g makes a cycle"},
		{"use through uses", svg + `<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>`, "makes a cycle"},
		{"gradient cycle", svg + `<linearGradient id="p" href="#q"/><linearGradient id="q" href="#p"/></svg>`, "makes a cycle"},
		{"pattern fill of itself", svg + `<pattern id="p"><rect fill="url(#p)"/></pattern></svg>`, "makes a cycle"},
		{"billion laughs", laughs, "more than 100000 elements with every <use> expanded"},
		{"too many elements", svg + strings.Repeat("<rect/>", MaxSVGElements) + "</svg>", "more than 100000 elements, the limit"},
		{"deep through uses", svg + deepUses(300) + "</svg>", "nested too deeply with every <use> expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CleanSVG([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one saying %q", err, tt.err)
			}
		})
	}
	// Uses of shared shapes are fine, however many the drawing has.
	ok := svg + `<defs><circle id="c" r="1"/></defs>` + strings.Repeat(`<use href="#c"/>`, 1000) + `</svg>`
	if _, err := CleanSVG([]byte(ok)); err != nil {
		t.Errorf("1000 uses of one circle: %v", err)
	}
}

// deepUses is n groups, each using the one before it inside a group of
// its own: 2n deep once expanded, n in the source.
func deepUses(n int) string {
	s := `<defs><g id="d0"><rect/></g>`
	for i := 1; i < n; i++ {
		s += fmt.Sprintf(`<g id="d%d"><g><use href="#d%d"/></g></g>`, i, i-1)
	}
	return s + fmt.Sprintf(`</defs><use href="#d%d"/>`, n-1)
}

// TestCleanSVGStyle checks the spellings that name a remote resource
// without looking like one to a search of the raw text.
func TestCleanSVGStyle(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg">`
	tests := []struct{ name, in string }{
		{"import split by an XML comment", svg + `<style>@imp<!-- -->ort "http://evil.example/x.css";</style></svg>`},
		{"import split by CDATA", svg + `<style>@imp<![CDATA[ort "http://evil.example/x.css";]]></style></svg>`},
		{"import split by a CSS comment", svg + `<style>@imp/* */ort "http://evil.example/x.css";</style></svg>`},
		{"escaped url", svg + `<style>rect{fill:\75 rl(http://evil.example/a)}</style></svg>`},
		{"escaped url in an attribute", svg + `<rect style="fill:\000075rl(http://evil.example/a)"/></svg>`},
		{"image-set", svg + `<style>rect{background:image-set("http://evil.example/a" 1x)}</style></svg>`},
		{"fill", svg + `<rect fill="url(http://evil.example/a)"/></svg>`},
		{"stroke", svg + `<rect stroke="url('//evil.example/a')"/></svg>`},
		{"filter", svg + `<rect filter="url(https://evil.example/f#x)"/></svg>`},
		{"mask", svg + `<rect mask="url(http://evil.example/m)"/></svg>`},
		{"clip-path", svg + `<rect clip-path="url(http://evil.example/c)"/></svg>`},
		{"marker", svg + `<path marker-end="url(http://evil.example/m)"/></svg>`},
		{"font-face", svg + `<style>@font-face{font-family:x;src:url(http://evil.example/f.woff)}</style></svg>`},
		{"relative file", svg + `<rect fill="url(other.svg#g)"/></svg>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanSVG([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.ToLower(string(got.Markup)); strings.Contains(s, "evil") || strings.Contains(s, "other.svg") {
				t.Errorf("the remote reference survived: %s", got.Markup)
			}
			if len(got.Dropped) == 0 {
				t.Error("no warning")
			}
		})
	}
	// What stays: fragments, and the rest of a style sheet.
	in := svg + `<style>rect{fill:url(#g);stroke:url(http://x/);stroke-width:2}</style><rect fill="url(#g)" style="opacity:.5;filter:url(http://x/)"/></svg>`
	got, err := CleanSVG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := svg + `<style>rect{fill:url(#g);stroke-width:2}</style><rect fill="url(#g)" style="opacity:.5;"></rect></svg>`
	if string(got.Markup) != want {
		t.Errorf("got  %s\nwant %s", got.Markup, want)
	}
}
