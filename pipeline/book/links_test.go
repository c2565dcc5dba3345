package book

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// linkOf describes where the link whose text is "see" in the first
// chapter of b goes: "path#anchor" for a place in the book, the URL for
// an external link, "text" when only its text is left.
func linkOf(t *testing.T, b *Book) string {
	t.Helper()
	got := ""
	doc.Walk(b.Chapters[0].Blocks, func(n *doc.Node) bool {
		if got != "" || doc.InlineText(n.Children) != "see" {
			return got == ""
		}
		switch {
		case n.Kind == doc.Link && n.Link != nil && n.Link.IsInternal():
			got = b.Chapters[n.Link.Chapter].Path + "#" + n.Link.Anchor
		case n.Kind == doc.Link && n.Link != nil:
			got = n.Link.URL
		case n.Kind == doc.Span:
			got = "text"
		default:
			return true
		}
		return false
	})
	if got == "" {
		t.Fatalf("no link with the text \"see\" in %s", b.Chapters[0].Path)
	}
	return got
}

// TestLinksAsOtherToolsAcceptThem: links that GitBook, HonKit and mdBook
// accept are resolved as they resolve them, or lose their link and keep
// their text with a warning at their position, but never stop the build
// (--strict makes the warnings errors, in pipeline/build).
func TestLinksAsOtherToolsAcceptThem(t *testing.T) {
	base := "title: T\nlanguage: en\nchapters: [a.md, two.md, sub/three.md, dir/README.md, idx/index.md, istio/README.md, basic/array.md]\n"
	common := map[string]string{
		"two.md":             "# Two\n\n## Sec\n\n## SQL客户端\n",
		"sub/three.md":       "# Three\n",
		"dir/README.md":      "# Dir\n",
		"idx/index.md":       "# Idx\n",
		"istio/README.md":    "# Istio\n",
		"basic/array.md":     "# Array\n\n## 数组切片\n",
		"preface.md":         "# Contents\n",
		"LICENSE.md":         "MIT\n",
		"demo/ssl/README.md": "# demo\n",
		"main.go":            "package main\n",
		"emptydir/x.txt":     "",
	}
	tests := []struct {
		name    string
		chapter string // a.md, or sub/three.md's text when it starts with "sub:"
		want    string // where the link goes
		warning string // the one warning, "" for none
	}{
		// 1. Markdown files that are not chapters.
		{"not a chapter", "[see](preface.md)", "text",
			`a.md:3:1: warning: link to "preface.md", which is not a chapter of the book (add it to book.yaml to keep the link): the link was removed, its text kept`},
		{"LICENSE.md", "[see](LICENSE.md)", "text", `a.md:3:1: warning: link to "LICENSE.md", which is not a chapter of the book`},
		{"README.md of a folder", "[see](demo/ssl/README.md)", "text", `a.md:3:1: warning: link to "demo/ssl/README.md", which is not a chapter of the book`},
		{"a file beside", "[see](main.go)", "text", `a.md:3:1: warning: link to "main.go", a file that is not part of the book: the link was removed, its text kept`},
		// 2. mdBook's links to the pages chapters become.
		{"page", "[see](two.html)", "two.md#", ""},
		{"page and anchor", "[see](two.html#sec)", "two.md#sec", ""},
		{"index page of README.md", "[see](dir/index.html)", "dir/README.md#", ""},
		{"index page of index.md", "[see](idx/index.html)", "idx/index.md#", ""},
		{"page from a section", "sub:[see](../two.html#sec)", "two.md#sec", ""},
		{"page of no chapter", "[see](preface.html)", "text", `a.md:3:1: warning: link to "preface.html", which is not a chapter of the book`},
		{"page of nothing", "[see](nothing.html)", "text", `a.md:3:1: warning: link to missing file "nothing.html": the link was removed, its text kept`},
		// 3. From the book's root.
		{"root-relative", "sub:[see](/two.md)", "two.md#", ""},
		{"root-relative page and anchor", "sub:[see](/basic/array.html#数组切片)", "basic/array.md#数组切片", ""},
		{"root-relative encoded", "[see](/basic/array.html#%E6%95%B0%E7%BB%84%E5%88%87%E7%89%87)", "basic/array.md#数组切片", ""},
		// 4. Out of the book: a sibling book on the same site.
		{"leaves the book", "[see](../std/index.html)", "text",
			`a.md:3:1: warning: link to "../std/index.html" leads outside the book's folder: the link was removed, its text kept`},
		{"root-relative cannot leave", "[see](/../x.md)", "text", `a.md:3:1: warning: link to "/../x.md" leads outside the book's folder`},
		// 5. Folders.
		{"folder with a slash", "[see](dir/)", "dir/README.md#", ""},
		{"folder without one", "[see](dir)", "dir/README.md#", ""},
		{"folder of index.md", "[see](idx/)", "idx/index.md#", ""},
		{"folder up", "sub:[see](../istio/)", "istio/README.md#", ""},
		{"folder with no chapter", "[see](emptydir/)", "text",
			`a.md:3:1: warning: link to folder "emptydir/", which has no README.md or index.md that is a chapter of the book: the link was removed, its text kept`},
		// 6. Broken links and anchors.
		{"missing file", "[see](nowhere.md)", "text", `a.md:3:1: warning: link to missing file "nowhere.md": the link was removed, its text kept`},
		{"web address without its scheme", "[see](www.ohloh.net)", "text", `a.md:3:1: warning: link to missing file "www.ohloh.net" (a web address is written with https://): the link was removed, its text kept`},
		{"anchor in another case", "[see](two.md#SQL客户端)", "two.md#sql客户端",
			`a.md:3:1: warning: link to "two.md#SQL客户端": two.md has no heading or anchor "SQL客户端"; did you mean #sql客户端? The link goes there`},
		{"missing anchor elsewhere", "[see](two.md#nope)", "two.md#",
			`a.md:3:1: warning: link to "two.md#nope": two.md has no heading or anchor "nope"; the link goes to the start of the chapter`},
		{"missing anchor here", "[see](#nope)", "text",
			`a.md:3:1: warning: link to "#nope": a.md has no heading or anchor "nope": the link was removed, its text kept`},
		{"anchor suggestion here", "# Hello World\n\n[see](#Hello-World)", "a.md#hello-world",
			`a.md:3:1: warning: link to "#Hello-World": a.md has no heading or anchor "Hello-World"; did you mean #hello-world? The link goes there`},
		// 12. CommonMark's escapes and references decoded, then made a URI.
		{"escaped parentheses", `[see](https://en.wikipedia.org/wiki/Go_\(programming_language\))`, "https://en.wikipedia.org/wiki/Go_(programming_language)", ""},
		{"entity", `[see](https://example.com/?a=1&amp;b=2)`, "https://example.com/?a=1&b=2", ""},
		{"second #", `[see](https://github.com/x/y/blob/main/views.go#L170-#L195)`, "https://github.com/x/y/blob/main/views.go#L170-%23L195", ""},
		{"per cent", `[see](<https://example.com/100% "x">)`, "https://example.com/100%25%20%22x%22",
			`a.md:3:1: warning: link to "https://example.com/100% \"x\"": a % not followed by two hexadecimal digits is not a valid URL; it is written as %25`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"book.yaml": base}
			for k, v := range common {
				files[k] = v
			}
			src := tt.chapter
			if !strings.HasPrefix(src, "#") {
				src = "# A\n\n" + src
			}
			first := "a.md"
			if s, ok := strings.CutPrefix(src, "# A\n\nsub:"); ok {
				// The link is written in a section, which comes first.
				first = "sub/three.md"
				files["book.yaml"] = strings.Replace(base, "[a.md, two.md, sub/three.md,", "[sub/three.md, a.md, two.md,", 1)
				files[first] = "# Three\n\n" + s + "\n"
			}
			files["a.md"] = src + "\n"
			if first == "sub/three.md" {
				files["a.md"] = "# A\n"
			}
			m := testenv.WriteBook(t, files)
			b, diags := load(t, m)
			if b == nil {
				t.Fatalf("load failed: %v", diags)
			}
			var warnings []string
			for _, d := range diags {
				if d.Severity == diag.Error {
					t.Errorf("error: %v", d)
				}
				warnings = append(warnings, relative(d.String(), filepath.Dir(m)))
			}
			if got := linkOf(t, b); got != tt.want {
				t.Errorf("the link goes to %q, want %q", got, tt.want)
			}
			switch {
			case tt.warning == "" && len(warnings) > 0:
				t.Errorf("warnings:\n%s\nwant none", strings.Join(warnings, "\n"))
			case tt.warning != "" && (len(warnings) != 1 || !strings.HasPrefix(warnings[0], tt.warning)):
				t.Errorf("warnings:\n%s\nwant one starting:\n%s", strings.Join(warnings, "\n"), tt.warning)
			}
		})
	}
}

// TestLinkOutThroughSymlink: a link that leaves the book through a
// symbolic link is refused, unlike one written with "..": the file it
// names is not the book's.
func TestLinkOutThroughSymlink(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("# secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      "# A\n\n[see](s.md) and [there](out/secret.md)\n",
	})
	dir := filepath.Dir(m)
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "s.md")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	b, diags := load(t, m)
	if b != nil {
		t.Error("Load returned a book despite a link out through a symbolic link")
	}
	var errs []string
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, relative(d.String(), dir))
		}
	}
	want := []string{
		`a.md:3:1: error: link to "s.md" leads outside the book's folder (a symbolic link leads to`,
		`a.md:3:17: error: link to "out/secret.md" leads outside the book's folder (a symbolic link leads to`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors:\n%s\nwant %d", strings.Join(errs, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(errs[i], want[i]) {
			t.Errorf("error %q, want it to start %q", errs[i], want[i])
		}
	}
}

// TestMissingImage: a missing picture, or one outside the book's folder
// (which GitBook, HonKit and mdBook leave broken, and which is not read),
// is a warning and a placeholder (the Image node without its asset, whose
// alt text both writers show); a file that is not a picture stays an
// error.
func TestMissingImage(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      "# A\n\ntext ![the alt](img/none.png) and ![root](/img/none2.png) ![empty]()\n\n![out](../x.png)\n",
	})
	b, diags := load(t, m)
	if b == nil {
		t.Fatalf("load failed: %v", diags)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, relative(d.String(), filepath.Dir(m)))
	}
	want := `a.md:3:6: warning: image "img/none.png" not found: its alt text is shown in its place` + "\n" +
		`a.md:3:35: warning: image "img/none2.png" not found: its alt text is shown in its place` + "\n" +
		`a.md:3:59: warning: image has no file: its alt text is shown in its place` + "\n" +
		`a.md:5:1: warning: image "../x.png" is outside the book's folder: it is not read; its alt text is shown in its place`
	if got := strings.Join(msgs, "\n"); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	var alts []string
	doc.Walk(b.Chapters[0].Blocks, func(n *doc.Node) bool {
		if n.Kind == doc.Image {
			if n.Image != nil {
				t.Errorf("image %q has an asset", n.URL)
			}
			alts = append(alts, n.Text)
		}
		return true
	})
	if strings.Join(alts, "|") != "the alt|root|empty|out" {
		t.Errorf("placeholders %q, want the alt texts", alts)
	}
}
