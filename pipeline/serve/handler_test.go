package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestOutputHandler: a missing page under the website is answered with the
// site's own 404 page and status 404; where there is no site page (outside
// the site, before the first build, a site without 404.html) the answer is
// the plain one.
func TestOutputHandler(t *testing.T) {
	const notFound = "<!DOCTYPE html>\n<title>Page not found</title>\n"
	dir := t.TempDir()
	testenv.WriteTree(t, dir, map[string]string{
		"book/index.html":   "<p>index</p>",
		"book/one.html":     "<p>one</p>",
		"book/404.html":     notFound,
		"book.epub":         "epub",
		"bare/one.html":     "<p>bare</p>", // a site without a 404 page
		"book/assets/a.css": "p{}",
	})
	const plain = "404 page not found\n"
	tests := []struct {
		site, path string
		code       int
		body       string // "" for any
	}{
		{"book", "/book/one.html", 200, "<p>one</p>"},
		{"book", "/book/", 200, "<p>index</p>"},
		{"book", "/book.epub", 200, "epub"},
		{"book", "/", 302, ""},
		{"book", "/book/missing.html", 404, notFound},
		{"book", "/book/a/b/missing.html", 404, notFound},
		{"book", "/book/one.html/x", 404, notFound},
		{"book", "/book/assets/missing.css", 404, notFound},
		{"book", "/missing.pdf", 404, plain},   // outside the site
		{"", "/book/missing.html", 404, plain}, // before the first build
		{"bare", "/bare/missing.html", 404, plain},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		outputHandler(dir, func() string { return tt.site }).ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != tt.code || tt.body != "" && rec.Body.String() != tt.body {
			t.Errorf("site %q, GET %s: %d %q, want %d %q", tt.site, tt.path, rec.Code, rec.Body.String(), tt.code, tt.body)
		}
		if tt.body == notFound {
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: Content-Type %q", tt.path, ct)
			}
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" && (rec.Code == http.StatusOK || tt.body == notFound) {
			t.Errorf("GET %s: Cache-Control %q", tt.path, got)
		}
	}
}
