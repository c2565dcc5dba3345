package site

import (
	"bytes"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

func loadFeatureBook(t *testing.T) *book.Book {
	t.Helper()
	var diags diag.List
	b := book.Load(filepath.Join(testenv.Root(t), "testdata", "featurebook", "book.yaml"), book.Options{}, &diags)
	if b == nil || diags.HasErrors() {
		t.Fatalf("loading the feature book: %v", diags.Items())
	}
	return b
}

// TestLinksResolve checks that every relative link and image of every page
// points at a file of the site and, with a fragment, at an id of that page,
// and that no page refers to another host.
func TestLinksResolve(t *testing.T) {
	b := loadFeatureBook(t)
	b.Manifest.HTML.BaseURL = "https://example.org/book/"
	files := Write(b, Options{Downloads: map[string]string{"epub": "../x.epub"}})
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	ids := map[string]map[string]bool{}
	type ref struct{ page, attr, url string }
	var refs []ref
	for p, data := range byPath {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ids[p] = map[string]bool{}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if ids[p][a.Val] {
						t.Errorf("%s: id %q twice", p, a.Val)
					}
					ids[p][a.Val] = true
				case a.Key == "href" || a.Key == "src":
					if !(n.Data == "link" && a.Val == "https://example.org/book/"+p) && !(n.Data == "link" && strings.HasPrefix(a.Val, "https://example.org/book/")) {
						refs = append(refs, ref{p, n.Data + " " + a.Key, a.Val})
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	checked := 0
	for _, r := range refs {
		u, err := url.Parse(r.url)
		if err != nil {
			t.Errorf("%s: %s %q: %v", r.page, r.attr, r.url, err)
			continue
		}
		if u.Scheme == "http" || u.Scheme == "https" {
			if r.attr == "a href" {
				continue // an author's external link, followed by the reader only
			}
			t.Errorf("%s: %s %q requests another host", r.page, r.attr, r.url)
			continue
		}
		if u.Scheme != "" || r.page == "404.html" || strings.HasPrefix(r.url, "/_ebook/") {
			continue
		}
		target := r.page
		if u.Path != "" {
			target = path.Join(path.Dir(r.page), u.Path)
		}
		if target == "../x.epub" {
			continue
		}
		if _, ok := byPath[target]; !ok {
			t.Errorf("%s: %s %q: no file %s in the site", r.page, r.attr, r.url, target)
			continue
		}
		if u.Fragment != "" && !ids[target][u.Fragment] {
			t.Errorf("%s: %s %q: no id %q in %s", r.page, r.attr, r.url, u.Fragment, target)
		}
		checked++
	}
	if checked < 500 {
		t.Errorf("only %d links checked: the test no longer sees the pages' links", checked)
	}
	for _, want := range []string{"index.html", "404.html", "sitemap.xml", "search-index.js", "assets/site.css", "assets/site.js"} {
		if _, ok := byPath[want]; !ok {
			t.Errorf("the site has no %s", want)
		}
	}
}

// TestSameBodyAsEPUB: a chapter page holds the body the shared renderer
// gives, so the EPUB and the site cannot drift.
func TestReproducible(t *testing.T) {
	b := loadFeatureBook(t)
	a := Write(b, Options{})
	c := Write(loadFeatureBook(t), Options{})
	if len(a) != len(c) {
		t.Fatalf("%d files, then %d", len(a), len(c))
	}
	for i := range a {
		ad, aerr := a[i].Content()
		cd, cerr := c[i].Content()
		if aerr != nil || cerr != nil {
			t.Fatal(aerr, cerr)
		}
		if a[i].Path != c[i].Path || !bytes.Equal(ad, cd) {
			t.Errorf("file %d differs between two writes: %s, %s", i, a[i].Path, c[i].Path)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"切片", []string{"切", "片", "切片"}},
		{"Go的并发", []string{"go", "的", "并", "的并", "发", "并发"}},
		{"strings.Builder max_len", []string{"strings.builder", "strings", "builder", "max_len", "max", "len"}},
		{"end. Next", []string{"end", "next"}},
	} {
		var got []string
		tokens(tc.in, func(s string) { got = append(got, s) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
