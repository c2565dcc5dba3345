package epub

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// uriRef matches what RFC 3986 allows in a URI reference: unreserved and
// reserved characters, percent escapes, one '#' (square brackets, which
// only an IPv6 host may hold, are left out).
var uriRef = regexp.MustCompile(`^([A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*(#([A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)?$`)

// TestHrefsAreURIs: the links authors write as Markdown and raw HTML are
// written into the EPUB as valid URIs (epubcheck's RSC-020 otherwise):
// CommonMark's escapes and references decoded, then what a URI may not
// hold percent-encoded.
func TestHrefsAreURIs(t *testing.T) {
	links := []struct{ src, href string }{
		{`[a](https://github.com/x/y/blob/main/views.go#L170-#L195)`, `https://github.com/x/y/blob/main/views.go#L170-%23L195`},
		{`[b](https://en.wikipedia.org/wiki/Go_\(programming_language\))`, `https://en.wikipedia.org/wiki/Go_(programming_language)`},
		{`<a href="https://example.com/a)&quot;">c</a>`, `https://example.com/a)%22`},
		{`<https://example.com/files/>`, `https://example.com/files/`},
		{`[d](<https://example.com/100% sure>)`, `https://example.com/100%25%20sure`},
		{`[e](https://example.com/?q=%ZZ&amp;x=a|b)`, `https://example.com/?q=%25ZZ&amp;x=a%7Cb`},
	}
	var src strings.Builder
	src.WriteString("# A\n\n")
	for _, l := range links {
		src.WriteString(l.src + "\n\n")
	}
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      src.String(),
	})
	data, err := Write(loadBook(t, m), Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	doc := string(files["EPUB/xhtml/c0001.xhtml"])
	for _, l := range links {
		if !strings.Contains(doc, `href="`+l.href+`"`) {
			t.Errorf("%s: no href %q in\n%s", l.src, l.href, doc)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(doc, -1) {
		if h := strings.ReplaceAll(m[1], "&amp;", "&"); !uriRef.MatchString(h) {
			t.Errorf("href %q is not a URI", h)
		}
	}
	if testing.Short() {
		return
	}
	p := filepath.Join(t.TempDir(), "uri.epub")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testenv.CleanEPUBCheck(t, p)
}
