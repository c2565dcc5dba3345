package site

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
)

// TestJapanesePagesHaveNoEnglish builds the site of a book written wholly
// in Japanese and checks that no page's text, nor its title, placeholder or
// ARIA label, has a Latin letter: every word the site adds (skip link,
// search, theme, previous, next, edit, the 404 page) is Japanese.
func TestJapanesePagesHaveNoEnglish(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: 日本語の本\nauthors: [山田太郎]\nlanguage: ja\n" +
			"html:\n  edit_url: https://example.org/edit/\nchapters: [a.md, b.md, c.md]\n",
		"a.md": "# はじめに\n\n本文です。\n\n## 節\n\n続きです。\n",
		"b.md": "# 第二章\n\n本文です。\n",
		"c.md": "# 終わりに\n\n本文です。\n",
	})
	var diags diag.List
	b := book.Load(m, book.Options{}, &diags)
	if b == nil || diags.HasErrors() {
		t.Fatalf("loading the book: %v", diags.Items())
	}
	pages := 0
	for _, f := range Write(b, Options{}) {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		doc, err := html.Parse(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
				return
			}
			if n.Type == html.TextNode && hasLatin(n.Data) {
				t.Errorf("%s: text %q", f.Path, strings.TrimSpace(n.Data))
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "placeholder", "aria-label", "alt":
					if hasLatin(a.Val) {
						t.Errorf("%s: %s=%q", f.Path, a.Key, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	// index, three chapters, 404: the pager, the edit link and the 404
	// page's words were all met.
	if pages != 5 {
		t.Errorf("%d pages, want 5", pages)
	}
}

func hasLatin(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' })
}

// TestLabelsOfVarieties checks that every variety lang.LabelsFor has words
// for has site words of its own: a missing case would fall back to English
// beside a contents title in the book's language.
func TestLabelsOfVarieties(t *testing.T) {
	en := labelsFor("en")
	for _, v := range lang.Varieties() {
		l := labelsOf(v)
		if l.Contents != v.Labels().Contents {
			t.Errorf("%v: contents %q, lang's %q", v, l.Contents, v.Labels().Contents)
		}
		for _, w := range []string{l.Skip, l.Search, l.Dark, l.Prev, l.Next, l.Pager, l.Edit, l.NotFound, l.NotFoundText} {
			if w == "" {
				t.Errorf("%v: a word is missing: %+v", v, l)
			}
			if v != lang.English && (w == en.Skip || w == en.Search || w == en.Edit || w == en.NotFoundText) {
				t.Errorf("%v: %q is English", v, w)
			}
		}
	}
}
