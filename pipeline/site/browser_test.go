package site

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// The browser tests open the sites in Chromium (internal/testenv.Chromium),
// served from 127.0.0.1 under a sub-path, as GitHub Pages serves a project's
// site, with 404.html for a missing page as GitHub Pages does.

const sitePrefix = "/some/book/"

// builtSite is a site written to a folder and served.
type builtSite struct {
	book  *book.Book
	files map[string][]byte
	pages []string // the HTML pages, 404.html aside
	url   string   // of the site's root, ending in /
}

func loadBook(t *testing.T, manifest string) *book.Book {
	t.Helper()
	var diags diag.List
	b := book.Load(manifest, book.Options{}, &diags)
	if b == nil || diags.HasErrors() {
		t.Fatalf("loading %s: %v", manifest, diags.Items())
	}
	return b
}

func serveSite(t *testing.T, b *book.Book) *builtSite {
	t.Helper()
	files := Write(b, Options{})
	dir := t.TempDir()
	s := &builtSite{book: b, files: map[string][]byte{}}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := f.Content()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s.files[f.Path] = data
		if strings.HasSuffix(f.Path, ".html") && f.Path != "404.html" {
			s.pages = append(s.pages, f.Path)
		}
	}
	files404 := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(sitePrefix, http.StripPrefix(strings.TrimSuffix(sitePrefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		if _, ok := s.files[p]; !ok && p != "." {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(s.files["404.html"])
			return
		}
		files404.ServeHTTP(w, r)
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.url = srv.URL + sitePrefix
	return s
}

// pageFacts is what a page tells of itself once loaded.
type pageFacts struct {
	IDs   []string   `json:"ids"`
	Links []linkFact `json:"links"`
	Width float64    `json:"width"` // document.documentElement.scrollWidth
	Inner float64    `json:"inner"` // innerWidth
	// Bytes is the size of the page and its resources but images, as
	// sent by a server that does not compress (decoded: a resource from
	// the cache counts too), and Resources their
	// URLs.
	Bytes     float64  `json:"bytes"`
	Resources []string `json:"resources"`
}

type linkFact struct {
	Origin string `json:"origin"`
	Path   string `json:"path"` // decoded
	Hash   string `json:"hash"` // decoded, without '#'
	Href   string `json:"href"` // as written
}

const factsJS = `(() => {
  const dec = s => { try { return decodeURIComponent(s) } catch (e) { return s } };
  return {
    ids: Array.from(document.querySelectorAll("[id]"), e => e.id),
    links: Array.from(document.querySelectorAll("a[href]"), a => ({origin: a.origin, path: dec(a.pathname), hash: dec(a.hash.slice(1)), href: a.getAttribute("href")})),
    width: document.documentElement.scrollWidth,
    inner: innerWidth,
    bytes: performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).filter(e => e.initiatorType !== "img").reduce((n, e) => n + e.decodedBodySize, 0),
    resources: performance.getEntriesByType("resource").map(e => e.name),
  };
})()`

const widthJS = `[document.documentElement.scrollWidth, innerWidth]`

func visit(t *testing.T, br *testenv.Browser, url string) pageFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(br.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return facts
}

func browserBooks(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"content": func(t *testing.T) string { return filepath.Join(testenv.Root(t), "book.yaml") },
		"feature": func(t *testing.T) string {
			return filepath.Join(testenv.Root(t), "testdata", "featurebook", "book.yaml")
		},
		"gopl-zh": func(t *testing.T) string { return testenv.CorpusManifest(t) },
	}
}

// TestBrowserPages opens every page of the content book, the feature book
// and gopl-zh: none may log an error on the console or have a request
// fail; every link into the site must reach a file of it and every anchor
// an id of its page (as the browser resolved and parsed them); at 390 and
// 1280 px wide no page may be wider than the window. It then opens a
// missing page at the top and at a depth: the 404 page's links must reach
// the site's pages too.
func TestBrowserPages(t *testing.T) {
	books := browserBooks(t)
	for _, name := range []string{"content", "feature", "gopl-zh"} {
		t.Run(name, func(t *testing.T) {
			manifest := books[name](t)
			br := testenv.Chromium(t)
			// Every page loads its style and script anew, as a first
			// visit does: their sizes count in each page's budget.
			if err := chromedp.Do(br.Ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			s := serveSite(t, loadBook(t, manifest))
			ids := map[string]map[string]bool{}
			links := map[string][]linkFact{}
			largest := 0.0
			for _, p := range s.pages {
				facts := visit(t, br, s.url+escapePath(p))
				for _, pr := range br.Problems() {
					t.Errorf("%s: %s", p, pr)
				}
				ids[p] = map[string]bool{}
				for _, id := range facts.IDs {
					ids[p][id] = true
				}
				links[p] = facts.Links
				// The budget of a page: 300 KB with its style and
				// script, images aside; the search index only on a
				// search.
				if facts.Bytes > 300<<10 {
					t.Errorf("%s: %.0f bytes with its assets, more than 300 KB", p, facts.Bytes)
				}
				largest = max(largest, facts.Bytes)
				for _, r := range facts.Resources {
					if strings.HasSuffix(r, "search-index.js") {
						t.Errorf("%s: loads the search index before a search", p)
					}
				}
				if facts.Width > facts.Inner {
					t.Errorf("%s: %v px wide at a width of %v px", p, facts.Width, facts.Inner)
				}
				if err := chromedp.Do(br.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
					t.Fatal(err)
				}
				narrow, err := chromedp.Run(br.Ctx, chromedp.Evaluate[[]float64](widthJS))
				if err != nil {
					t.Fatal(err)
				}
				if narrow[0] > narrow[1] {
					t.Errorf("%s: %v px wide at a width of %v px", p, narrow[0], narrow[1])
				}
				if err := chromedp.Do(br.Ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
					t.Fatal(err)
				}
			}
			checked := checkLinks(t, s, ids, links)
			t.Logf("%d pages, %d links into the site checked; the largest page with its assets: %.0f bytes", len(s.pages), checked, largest)

			// Missing pages, as a first visit finds them (no root
			// recorded by a page of the site): at the top, under
			// folders the site does not have at a depth, and under a
			// folder of the site at a depth.
			if _, err := chromedp.Run(br.Ctx, chromedp.Evaluate[bool](`localStorage.clear(); true`)); err != nil {
				t.Fatal(err)
			}
			missing := []string{"no-such-page.html", "a/b/no-such-page.html"}
			for _, p := range s.pages {
				if i := strings.IndexByte(p, '/'); i > 0 {
					missing = append(missing, p[:i]+"/gone/deeper/no-such-page.html")
					break
				}
			}
			for _, m := range missing {
				visit(t, br, s.url+escapePath(m))
				// The page's root is known when its script loads from
				// it, after the server was asked where it is.
				var loaded bool
				var err error
				for i := 0; i < 100 && !loaded; i++ {
					if loaded, err = chromedp.Run(br.Ctx, chromedp.Evaluate[bool](
						`!!document.querySelector('script[src$="assets/site.js"]') && document.readyState === "complete"`)); err != nil {
						t.Fatal(err)
					}
					if !loaded {
						time.Sleep(50 * time.Millisecond)
					}
				}
				if !loaded {
					t.Fatalf("404 page at %s: the site's script is not loaded after 5 s", m)
				}
				facts, err := chromedp.Run(br.Ctx, chromedp.Evaluate[pageFacts](factsJS))
				if err != nil {
					t.Fatal(err)
				}
				for _, pr := range br.Problems() {
					// The missing page itself, and only it, is a 404,
					// with the folders asked for the site's script
					// that are not the root.
					if !(strings.Contains(pr, "/no-such-page.html") || strings.Contains(pr, "/a/b/assets/site.js") || strings.Contains(pr, "/a/assets/site.js")) || !strings.Contains(pr, "404") {
						t.Errorf("404 page at %s: %s", m, pr)
					}
				}
				skip, err := chromedp.Run(br.Ctx, chromedp.Evaluate[string](`document.querySelector("a.skip").href`))
				if err != nil {
					t.Fatal(err)
				}
				if want := s.url + escapePath(m) + "#main"; skip != want {
					t.Errorf("404 page at %s: the skip link goes to %s, want %s", m, skip, want)
				}
				// The others go into the site.
				var into []linkFact
				for _, l := range facts.Links {
					if l.Hash != "main" || !strings.HasSuffix(l.Path, "no-such-page.html") {
						into = append(into, l)
					}
				}
				n := checkLinks(t, s, ids, map[string][]linkFact{"404 page at " + m: into})
				if n < len(s.book.Chapters)/2 {
					t.Errorf("404 page at %s: %d links into the site, want one per chapter", m, n)
				}
			}
		})
	}
}

// checkLinks checks the links of pages into the site, and returns how many
// there were.
func checkLinks(t *testing.T, s *builtSite, ids map[string]map[string]bool, links map[string][]linkFact) int {
	t.Helper()
	origin := strings.TrimSuffix(strings.TrimSuffix(s.url, sitePrefix), "/")
	n := 0
	for from, ls := range links {
		for _, l := range ls {
			if l.Origin != origin {
				continue
			}
			n++
			if !strings.HasPrefix(l.Path, sitePrefix) {
				t.Errorf("%s: link %q leaves the site: %s", from, l.Href, l.Path)
				continue
			}
			target := strings.TrimPrefix(l.Path, sitePrefix)
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := s.files[target]; !ok {
				t.Errorf("%s: link %q: no file %s", from, l.Href, target)
				continue
			}
			if l.Hash != "" && strings.HasSuffix(target, ".html") && !ids[target][l.Hash] {
				t.Errorf("%s: link %q: no id %q in %s", from, l.Href, l.Hash, target)
			}
		}
	}
	return n
}

// TestBrowserSearch searches gopl-zh for Chinese words and a code word: the
// pages found must be those whose Markdown has the word, and the search,
// once the index is loaded, must take under 50 ms.
func TestBrowserSearch(t *testing.T) {
	manifest := testenv.CorpusManifest(t)
	b := loadBook(t, manifest)
	br := testenv.Chromium(t)
	s := serveSite(t, b)
	visit(t, br, s.url+"index.html")
	// Loading the index, with a search of its own.
	if _, err := chromedp.Run(br.Ctx, chromedp.Evaluate[int](`new Promise(r => ebookSearch("go", h => r(h.length)))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	type result struct {
		MS    float64  `json:"ms"`
		Pages []string `json:"pages"`
	}
	for _, q := range []string{"切片", "并发", "goroutine"} {
		res, err := chromedp.Run(br.Ctx, chromedp.Evaluate[result](fmt.Sprintf(`new Promise(r => {
  const t0 = performance.now();
  ebookSearch(%q, h => r({ms: performance.now() - t0, pages: Array.from(new Set(h.map(x => x.page)))}));
})`, q), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i, ch := range b.Chapters {
			if ch.Path == "" {
				continue
			}
			src, err := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(ch.Path)))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(strings.ToLower(string(src)), q) {
				want = append(want, pageNames(b.Chapters)[i])
			}
		}
		slices.Sort(want)
		slices.Sort(res.Pages)
		t.Logf("%q: %d pages in %.2f ms", q, len(res.Pages), res.MS)
		for _, p := range want {
			if !slices.Contains(res.Pages, p) {
				t.Errorf("%q: %s has it but was not found", q, p)
			}
		}
		for _, p := range res.Pages {
			if !slices.Contains(want, p) {
				t.Errorf("%q: %s was found but its Markdown does not have it", q, p)
			}
		}
		if len(want) == 0 {
			t.Errorf("%q: no chapter of the corpus has it", q)
		}
		if res.MS >= 50 {
			t.Errorf("%q: the search took %.1f ms, want under 50", q, res.MS)
		}
	}
}

// TestBrowserAxe runs axe-core on three pages, each in the light and the
// dark theme: the feature book's index and its richest chapter, and a
// chapter of the content book.
func TestBrowserAxe(t *testing.T) {
	axe, err := os.ReadFile(testenv.AxePath(t))
	if err != nil {
		t.Fatal(err)
	}
	br := testenv.Chromium(t)
	root := testenv.Root(t)
	feature := serveSite(t, loadBook(t, filepath.Join(root, "testdata", "featurebook", "book.yaml")))
	content := serveSite(t, loadBook(t, filepath.Join(root, "book.yaml")))
	richest := ""
	for _, p := range feature.pages {
		if p != "index.html" && (richest == "" || len(feature.files[p]) > len(feature.files[richest])) {
			richest = p
		}
	}
	pages := []string{feature.url + "index.html", feature.url + escapePath(richest), content.url + escapePath(content.pages[len(content.pages)/2])}
	type violation struct {
		ID    string   `json:"id"`
		Help  string   `json:"help"`
		Nodes []string `json:"nodes"`
	}
	for _, u := range pages {
		visit(t, br, u)
		if _, err := chromedp.Run(br.Ctx, chromedp.Evaluate[bool](string(axe)+"\n;true")); err != nil {
			t.Fatalf("injecting axe-core: %v", err)
		}
		for _, theme := range []string{"light", "dark"} {
			vs, err := chromedp.Run(br.Ctx, chromedp.Evaluate[[]violation](`document.documentElement.dataset.theme = "`+theme+`";
axe.run(document).then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe: %v", u, err)
			}
			for _, v := range vs {
				t.Errorf("%s (%s theme): %s: %s: %s", u, theme, v.ID, v.Help, strings.Join(v.Nodes, ", "))
			}
		}
		for _, pr := range br.Problems() {
			t.Errorf("%s: %s", u, pr)
		}
	}
}

// TestBrowserThemes takes screenshots of a chapter page in the light and
// the dark theme (kept in $EBOOK_SCREENSHOTS when set, to be looked at):
// the dark theme must be dark, with light text, the light one the reverse,
// and the toggle's icon whole inside its button.
func TestBrowserThemes(t *testing.T) {
	br := testenv.Chromium(t)
	s := serveSite(t, loadBook(t, filepath.Join(testenv.Root(t), "testdata", "featurebook", "book.yaml")))
	page := s.pages[0]
	for _, p := range s.pages {
		if strings.Contains(string(s.files[p]), `class="listing`) && p != "index.html" {
			page = p
			break
		}
	}
	visit(t, br, s.url+escapePath(page))
	type look struct {
		Back, Text []float64
		Icon, Btn  []float64
	}
	for _, theme := range []string{"light", "dark"} {
		if _, err := chromedp.Run(br.Ctx, chromedp.Evaluate[bool](`document.documentElement.dataset.theme = "`+theme+`"; true`)); err != nil {
			t.Fatal(err)
		}
		l, err := chromedp.Run(br.Ctx, chromedp.Evaluate[look](`(() => {
  const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const cs = getComputedStyle(document.body);
  const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  return {back: rgb(cs.backgroundColor), text: rgb(cs.color), icon: r(document.querySelector("#theme svg")), btn: r(document.querySelector("#theme"))};
})()`))
		if err != nil {
			t.Fatal(err)
		}
		back, text := luminance(l.Back), luminance(l.Text)
		t.Logf("%s: background %v (luminance %.2f), text %v (%.2f)", theme, l.Back, back, l.Text, text)
		if dark := theme == "dark"; dark != (back < text) || math.Abs(back-text) < 0.4 {
			t.Errorf("%s theme: background %v, text %v", theme, l.Back, l.Text)
		}
		if l.Icon[0] < l.Btn[0] || l.Icon[1] < l.Btn[1] || l.Icon[2] > l.Btn[2] || l.Icon[3] > l.Btn[3] || l.Icon[2]-l.Icon[0] < 10 {
			t.Errorf("%s theme: the toggle's icon %v is not whole inside its button %v", theme, l.Icon, l.Btn)
		}
		png, err := chromedp.Run(br.Ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if len(png) < 1000 {
			t.Errorf("%s theme: a screenshot of %d bytes", theme, len(png))
		}
		if dir := os.Getenv("EBOOK_SCREENSHOTS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "chapter-"+theme+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// luminance is the relative luminance of an sRGB colour (WCAG).
func luminance(c []float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}
