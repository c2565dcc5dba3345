// Package site writes a book as a static website: a page per chapter whose
// body is rendered by pipeline/render, as the EPUB's is (same content, ids
// and links), in a frame of our own (sidebar with the table of contents,
// previous and next links, theme toggle, search), an index page, a 404
// page, a search index (search.go) and, when html.base_url is set, a
// sitemap. Every URL in the site is relative, so it works from file://
// and from any sub-path, and nothing is requested from another host.
package site

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/internal/unique"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/render"
)

//go:embed assets/site.css
var baseCSS string

//go:embed assets/site.js
var siteJS string

// Options tune the site.
type Options struct {
	// Version is the book's version, shown in the footer; empty for none.
	Version string
	// Downloads are the other outputs built with the site, by format
	// ("epub", "pdf"), as paths relative to the site's folder
	// ("../gopl-zh.epub"): the index page and the sidebar link to them.
	Downloads map[string]string
	// LiveReload adds the script of `ebook serve` that reloads the page
	// when the book is built again (pipeline/serve).
	LiveReload bool
}

// themeIcon is the theme toggle's picture, a disc half dark: a drawing,
// since the glyph ◐ is missing from many fonts and drawn clipped by others.
const themeIcon = `<svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 16 16">` +
	`<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>` +
	`<path d="M8 1.5a6.5 6.5 0 0 0 0 13z" fill="currentColor"/></svg>`

// writer holds the state of writing one site.
type writer struct {
	book   *book.Book
	opts   Options
	labels labels
	pages  []string // the page of each chapter ("ch1/ch1-01.html")
	index  string   // the page the book title links to
}

// Write returns the files of b's website, in a fixed order, each path
// inside the site's folder with forward slashes (for output.StageDir).
func Write(b *book.Book, opts Options) []output.File {
	// Images keep their paths in the book's folder (Asset.Path).
	w := &writer{book: b, opts: opts, labels: labelsFor(b.Manifest.Language)}
	w.pages = pageNames(b.Chapters)
	w.index = "index.html"

	// Each chapter gives its page and its part of the search index on
	// one core; the parts are merged in the chapters' order, each as soon
	// as it and the ones before it are made. A chapter's panic reaches
	// the caller (the build reports it), and stop ends the workers.
	var tables sync.Pool
	type made struct {
		body []byte
		part *chapterIndex
	}
	next, stop := parallel.Stream(len(b.Chapters), 0, func(i int) made {
		return made{w.chapterPage(i), indexChapter(b.Chapters[i], i, &tables)}
	})
	defer stop()
	bodies := make([][]byte, len(b.Chapters))
	m := newMerger()
	for i := range b.Chapters {
		r := next()
		bodies[i] = r.body
		m.add(r.part)
	}
	index := m.index(w.pages)

	var files []output.File
	hasIndex := false
	for i, p := range w.pages {
		files = append(files, output.File{Path: p, Data: bodies[i]})
		hasIndex = hasIndex || p == "index.html"
	}
	if !hasIndex {
		files = append(files, output.File{Path: "index.html", Data: w.indexPage()})
	}
	files = append(files, output.File{Path: "404.html", Data: w.notFoundPage()})
	for _, a := range b.Images {
		files = append(files, assetFile(a))
	}
	if c := b.Cover; c != nil && !slices.ContainsFunc(b.Images, func(a *doc.Asset) bool { return a.Path == c.Path }) {
		files = append(files, assetFile(c))
	}
	files = append(files,
		output.File{Path: "assets/site.css", Data: []byte(w.css())},
		output.File{Path: "assets/site.js", Data: []byte(siteJS)},
		output.File{Path: "search-index.js", Data: index},
	)
	if base := b.Manifest.HTML.BaseURL; base != "" {
		files = append(files, output.File{Path: "sitemap.xml", Data: w.sitemap(base)})
	}
	return files
}

// pageNames gives each chapter its page: its Markdown path with .html for
// the extension (README.md becomes index.html, as GitBook has it), so that
// links into a book published by GitBook, HonKit or mdBook keep working.
func pageNames(chs []*book.Chapter) []string {
	used := unique.New(true) // case-folded: case-insensitive file systems
	for _, p := range []string{"404.html", "search-index.js", "sitemap.xml"} {
		used.Reserve(p)
	}
	out := make([]string, len(chs))
	for i, ch := range chs {
		p := ch.Path
		if ch.Colophon || p == "" {
			p = "colophon.md"
		}
		stem := strings.TrimSuffix(p, path.Ext(p))
		if strings.EqualFold(path.Base(stem), "README") {
			stem = path.Join(path.Dir(stem), "index")
		}
		if strings.HasPrefix(stem, "assets/") {
			stem = "_" + stem
		}
		out[i] = used.Unique(stem+".html", 2, func(n int) string { return fmt.Sprintf("%s-%d.html", stem, n) })
	}
	return out
}

// up is the relative path from page p's folder to the site's root.
func up(p string) string {
	return strings.Repeat("../", strings.Count(p, "/"))
}

// root is the URL of the site's root from page p: relative, except from
// the 404 page, which is served at any path (base_url, when set).
func (w *writer) root(p string) string {
	if p == "404.html" && w.book.Manifest.HTML.BaseURL != "" {
		return strings.TrimSuffix(w.book.Manifest.HTML.BaseURL, "/") + "/"
	}
	return up(p)
}

// escapePath percent-encodes each segment of a path for use in a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// href is the link from chapter from to anchor in chapter to.
func (w *writer) href(from, to int, anchor string) string {
	h := ""
	if from != to || anchor == "" {
		h = up(w.pages[from]) + escapePath(w.pages[to])
	}
	if anchor != "" {
		h += "#" + render.Fragment(anchor)
	}
	return h
}

func (w *writer) css() string {
	var b strings.Builder
	b.WriteString(baseCSS)
	b.WriteString(render.ListingCSS(w.book.Manifest.Code.Tabs()))
	// The listings' colours in each scheme, set with their background as
	// in the EPUB (highlight.Theme): the light scheme by default, the
	// dark one when the reader's system asks for it and the toggle has
	// not chosen light, or when the toggle chose dark.
	th := highlight.DefaultTheme()
	_ = th.WriteScheme(&b, "pre.listing", false, "")
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	_ = th.WriteScheme(&b, ":root:not([data-theme=light]) pre.listing", true, "  ")
	b.WriteString("}\n")
	_ = th.WriteScheme(&b, ":root[data-theme=dark] pre.listing", true, "")
	return b.String()
}

// page holds what the frame of a page needs.
type page struct {
	path, title, body string
	chapter           int // -1 for pages that are not chapters
	prev, next        int // chapters, -1 for none
	canonical         string
	edit              string
}

// chapterPage renders chapter i in the site's frame.
func (w *writer) chapterPage(i int) []byte {
	ch := w.book.Chapters[i]
	body, _ := render.Body(ch, render.Options{
		Href:  w.href,
		Image: func(p string) string { return up(w.pages[i]) + escapePath(p) },
		HTML:  true,

		Language: w.book.Manifest.Language,
	})
	pg := page{path: w.pages[i], title: ch.Title, body: body, chapter: i, prev: i - 1, next: i + 1}
	if pg.next >= len(w.book.Chapters) {
		pg.next = -1
	}
	h := w.book.Manifest.HTML
	if h.BaseURL != "" {
		pg.canonical = strings.TrimSuffix(h.BaseURL, "/") + "/" + escapePath(pg.path)
	}
	if h.EditURL != "" && !ch.Colophon && ch.Path != "" {
		src := ch.Path
		if r := w.book.Manifest.Root; r != "" && r != "." {
			src = path.Join(r, src)
		}
		if strings.Contains(h.EditURL, "{path}") {
			pg.edit = strings.ReplaceAll(h.EditURL, "{path}", escapePath(src))
		} else {
			pg.edit = strings.TrimSuffix(h.EditURL, "/") + "/" + escapePath(src)
		}
	}
	return w.frame(pg)
}

// indexPage is the book's front page when no chapter is: title, authors,
// cover, downloads and the whole table of contents.
func (w *writer) indexPage() []byte {
	m := w.book.Manifest
	var b bytes.Buffer
	b.WriteString(`<section class="titlepage">` + "\n")
	if c := w.book.Cover; c != nil {
		b.WriteString(`<img class="cover" src="` + escapePath(c.Path) + `" alt=""`)
		if c.Width > 0 && c.Height > 0 {
			fmt.Fprintf(&b, ` width="%d" height="%d"`, c.Width, c.Height)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("<h1>")
	render.Escape(&b, m.Title, false)
	b.WriteString("</h1>\n")
	if m.Subtitle != "" {
		b.WriteString(`<p class="subtitle">`)
		render.Escape(&b, m.Subtitle, false)
		b.WriteString("</p>\n")
	}
	if len(m.Authors) > 0 {
		b.WriteString(`<p class="authors">`)
		render.Escape(&b, strings.Join(m.Authors, ", "), false)
		b.WriteString("</p>\n")
	}
	if m.Description != "" {
		b.WriteString(`<p class="description">`)
		render.Escape(&b, m.Description, false)
		b.WriteString("</p>\n")
	}
	w.downloads(&b, "")
	// A region, not a second navigation landmark named like the
	// sidebar: landmarks must differ by role or name.
	b.WriteString(`<section class="contents" aria-labelledby="contents-title"><h2 id="contents-title">`)
	render.Escape(&b, w.labels.Contents, false)
	b.WriteString("</h2>\n")
	w.tocList(&b, w.book.TOC, "index.html", -1, true)
	b.WriteString("</section>\n</section>")
	next := -1
	if len(w.book.Chapters) > 0 {
		next = 0
	}
	pg := page{path: "index.html", title: m.Title, body: b.String(), chapter: -1, prev: -1, next: next}
	if m.HTML.BaseURL != "" {
		pg.canonical = strings.TrimSuffix(m.HTML.BaseURL, "/") + "/"
	}
	return w.frame(pg)
}

// notFoundPage is shown by servers for a missing page. Servers send it for
// any path, so its links cannot be relative to its own place: they go to
// base_url when there is one, and are relative to the site's root
// otherwise, which rootScript finds.
func (w *writer) notFoundPage() []byte {
	var b bytes.Buffer
	b.WriteString(`<section class="notfound"><h1>`)
	render.Escape(&b, w.labels.NotFound, false)
	b.WriteString("</h1>\n<p>")
	render.Escape(&b, w.labels.NotFoundText, false)
	b.WriteString("</p>\n")
	b.WriteString(`<div class="contents">` + "\n")
	w.tocList(&b, w.book.TOC, "404.html", -1, false)
	b.WriteString("</div>\n</section>")
	return w.frame(page{path: "404.html", title: w.labels.NotFound, body: b.String(), chapter: -1, prev: -1, next: -1})
}

// downloads writes the links to the other outputs built with the site.
func (w *writer) downloads(b *bytes.Buffer, prefix string) {
	if len(w.opts.Downloads) == 0 {
		return
	}
	formats := make([]string, 0, len(w.opts.Downloads))
	for f := range w.opts.Downloads {
		formats = append(formats, f)
	}
	sort.Strings(formats)
	b.WriteString(`<ul class="downloads">`)
	for _, f := range formats {
		b.WriteString(`<li><a href="` + prefix + escapePath(w.opts.Downloads[f]) + `" download>`)
		render.Escape(b, strings.ToUpper(f), false)
		b.WriteString("</a></li>")
	}
	b.WriteString("</ul>\n")
}

// tocList writes the table of contents as nested lists: parts, chapters
// and sections, and the headings of the current chapter (all headings on
// the index page, all set).
func (w *writer) tocList(b *bytes.Buffer, entries []*book.TOCEntry, from string, current int, headings bool) {
	if len(entries) == 0 {
		return
	}
	b.WriteString("<ol>")
	for _, e := range entries {
		cls := ""
		switch e.Kind {
		case book.TOCPart:
			cls = "part"
		case book.TOCHeading:
			cls = "heading"
		}
		if cls != "" {
			b.WriteString(`<li class="` + cls + `">`)
		} else {
			b.WriteString("<li>")
		}
		if e.Linked {
			href := w.root(from) + escapePath(w.pages[e.Chapter])
			if e.Anchor != "" {
				href += "#" + render.Fragment(e.Anchor)
			}
			b.WriteString(`<a href="`)
			render.Escape(b, href, true)
			b.WriteString(`"`)
			if e.Chapter == current && e.Anchor == "" {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteString(">")
			render.Escape(b, e.Title, false)
			b.WriteString("</a>")
		} else {
			b.WriteString("<span>")
			render.Escape(b, e.Title, false)
			b.WriteString("</span>")
		}
		// A chapter's headings are listed on its own page only: every
		// page carries the sidebar.
		var sub []*book.TOCEntry
		if e.Linked && (headings || e.Chapter == current) {
			sub = e.Children
		}
		sub = append(append([]*book.TOCEntry(nil), sub...), e.Sections...)
		w.tocList(b, sub, from, current, headings)
		b.WriteString("</li>")
	}
	b.WriteString("</ol>\n")
}

// frame writes a whole page around its body.
func (w *writer) frame(pg page) []byte {
	m := w.book.Manifest
	l := w.labels
	root := w.root(pg.path)
	var b bytes.Buffer
	b.Grow(len(pg.body) + 16<<10)
	b.WriteString("<!DOCTYPE html>\n<html")
	if m.Language != "" {
		b.WriteString(` lang="`)
		render.Escape(&b, m.Language, true)
		b.WriteString(`"`)
	}
	b.WriteString(` data-root="` + root + `"`)
	b.WriteString(">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	// No icon: browsers would ask the server's root for /favicon.ico.
	b.WriteString(`<link rel="icon" href="data:,">` + "\n")
	b.WriteString("<title>")
	t := pg.title
	if t != m.Title {
		t += " - " + m.Title
	}
	render.Escape(&b, t, false)
	b.WriteString("</title>\n")
	if pg.canonical != "" {
		b.WriteString(`<link rel="canonical" href="`)
		render.Escape(&b, pg.canonical, true)
		b.WriteString("\">\n")
	}
	// The theme is set before the first paint, from the reader's last
	// choice: no flash of the other theme.
	b.WriteString(`<script>try{var t=localStorage.getItem("ebook-theme");if(t==="dark"||t==="light")document.documentElement.dataset.theme=t}catch(e){}</script>` + "\n")
	if pg.path == "404.html" {
		// A 404 page is served at any path, where no relative URL is
		// sure to reach the assets: its style is inline, and its links
		// go to base_url when there is one. Without one, a script finds
		// the site's root (rootScript) and makes it the page's base URL,
		// against which its links (written from the root) resolve.
		b.WriteString("<style>\n" + w.css() + "</style>\n")
		if m.HTML.BaseURL == "" {
			b.WriteString("<script>" + w.rootScript() + "</script>\n")
		}
	} else {
		b.WriteString(`<link rel="stylesheet" href="` + root + `assets/site.css">` + "\n")
		b.WriteString(`<script src="` + root + `assets/site.js" defer></script>` + "\n")
	}
	if w.opts.LiveReload {
		b.WriteString(`<script src="/_ebook/live.js" defer></script>` + "\n")
	}
	b.WriteString("</head>\n<body>\n")
	b.WriteString(`<a class="skip" href="#main">`)
	render.Escape(&b, l.Skip, false)
	b.WriteString("</a>\n")

	// The top bar: menu, title, search, theme.
	b.WriteString(`<header class="bar">` + "\n")
	b.WriteString(`<button type="button" id="menu" aria-controls="sidebar" aria-expanded="false" title="`)
	render.Escape(&b, l.Contents, true)
	b.WriteString(`"><span aria-hidden="true">☰</span><span class="sr">`)
	render.Escape(&b, l.Contents, false)
	b.WriteString("</span></button>\n")
	b.WriteString(`<a class="book-title" href="` + root + `index.html">`)
	render.Escape(&b, m.Title, false)
	b.WriteString("</a>\n")
	b.WriteString(`<div class="search" role="search"><label class="sr" for="search">`)
	render.Escape(&b, l.Search, false)
	b.WriteString(`</label><input type="search" id="search" autocomplete="off" placeholder="`)
	render.Escape(&b, l.Search, true)
	b.WriteString(`" aria-controls="results"></div>` + "\n")
	b.WriteString(`<button type="button" id="theme" aria-pressed="false" title="`)
	render.Escape(&b, l.Dark, true)
	b.WriteString(`">` + themeIcon + `<span class="sr">`)
	render.Escape(&b, l.Dark, false)
	b.WriteString("</span></button>\n</header>\n")

	// The sidebar.
	b.WriteString(`<nav id="sidebar" aria-label="`)
	render.Escape(&b, l.Contents, true)
	b.WriteString(`">` + "\n")
	w.tocList(&b, w.book.TOC, pg.path, pg.chapter, false)
	w.downloads(&b, root)
	b.WriteString("</nav>\n")

	b.WriteString(`<main id="main" tabindex="-1">` + "\n")
	b.WriteString(`<section id="results" aria-live="polite" hidden></section>` + "\n")
	b.WriteString(`<article id="content">` + "\n")
	b.WriteString(pg.body)
	b.WriteString("\n</article>\n")
	if pg.prev >= 0 || pg.next >= 0 {
		b.WriteString(`<nav class="pager" aria-label="`)
		render.Escape(&b, l.Pager, true)
		b.WriteString(`">`)
		if pg.prev >= 0 {
			b.WriteString(`<a rel="prev" href="` + root + escapePath(w.pages[pg.prev]) + `"><span class="dir">`)
			render.Escape(&b, l.Prev, false)
			b.WriteString("</span> ")
			render.Escape(&b, w.book.Chapters[pg.prev].Title, false)
			b.WriteString("</a>")
		} else if pg.chapter == 0 {
			b.WriteString(`<a rel="prev" href="` + root + `index.html"><span class="dir">`)
			render.Escape(&b, l.Prev, false)
			b.WriteString("</span> ")
			render.Escape(&b, m.Title, false)
			b.WriteString("</a>")
		}
		if pg.next >= 0 {
			b.WriteString(`<a rel="next" href="` + root + escapePath(w.pages[pg.next]) + `"><span class="dir">`)
			render.Escape(&b, l.Next, false)
			b.WriteString("</span> ")
			render.Escape(&b, w.book.Chapters[pg.next].Title, false)
			b.WriteString("</a>")
		}
		b.WriteString("</nav>\n")
	}
	b.WriteString("</main>\n<footer>")
	if pg.edit != "" {
		b.WriteString(`<a class="edit" href="`)
		render.Escape(&b, pg.edit, true)
		b.WriteString(`">`)
		render.Escape(&b, l.Edit, false)
		b.WriteString("</a> ")
	}
	b.WriteString("<span>")
	render.Escape(&b, m.Title, false)
	if w.opts.Version != "" {
		b.WriteString(" ")
		render.Escape(&b, w.opts.Version, false)
	}
	if m.Rights != "" {
		b.WriteString(" · ")
		render.Escape(&b, m.Rights, false)
	}
	b.WriteString("</span></footer>\n</body>\n</html>\n")
	return b.Bytes()
}

// rootScript is the 404 page's script, without base_url, that finds the
// site's root in the missing page's path and makes it the page's <base>.
// The path alone cannot say where a site published under a sub-path
// (https://USER.github.io/BOOK/) begins, so, in this order:
//   - the root a page of the same book recorded on an earlier visit
//     (site.js keeps it in localStorage), when the path is under it;
//   - the folder before the path's first segment that is a top-level
//     folder of the site (BOOK/ch1/gone.html: BOOK/), which covers old
//     links into the book's chapters at any depth;
//   - else the server is asked, from the missing page's own folder up,
//     for the site's script: the deepest folder that has it is the root
//     (BOOK/a/b/gone.html: BOOK/a/b/, BOOK/a/, then BOOK/, a few requests
//     for a page under folders the site does not have). Until it answers,
//     the page's own folder is the root, right for a page at the top.
//
// A root-relative URL ("/ch1/...") would be no better, being wrong under
// any sub-path. The site's script is loaded from the root once it is
// known.
func (w *writer) rootScript() string {
	dirs := map[string]bool{"assets": true}
	for _, p := range w.pages {
		if i := strings.IndexByte(p, '/'); i > 0 {
			dirs[p[:i]] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, url.PathEscape(d))
	}
	sort.Strings(list)
	dj, _ := json.Marshal(list)
	tj, _ := json.Marshal("ebook-root:" + w.book.Manifest.Title)
	// JSON in a script: "</" cannot end it, being escaped by Marshal's
	// HTML escaping of '<'.
	return `(function(){var p=location.pathname,s=p.split("/"),d=` + string(dj) + `,r=null,h=document.head;` +
		`try{r=localStorage.getItem(` + string(tj) + `)}catch(e){}` +
		`var sure=!!r&&p.indexOf(r)===0;` +
		`if(!sure){r=p.slice(0,p.lastIndexOf("/")+1);` +
		`for(var i=1;i<s.length-1;i++)if(d.indexOf(s[i])>=0){r=s.slice(0,i).join("/")+"/";sure=true;break}}` +
		`var b=document.createElement("base");b.href=r;h.appendChild(b);` +
		// The skip link goes to this page's main, not the root's.
		`document.addEventListener("DOMContentLoaded",function(){var k=document.querySelector("a.skip");if(k)k.href=location.href.split("#")[0]+"#main"});` +
		// The site's script is added here, not by a tag, which the
		// browser would fetch before this script runs, from the wrong
		// place.
		`function go(x){b.href=x;var j=document.createElement("script");j.src=x+"assets/site.js";j.defer=true;h.appendChild(j)}` +
		`if(sure||s.length<3||!window.fetch){go(r);return}` +
		`(function ask(n){if(n<1){go(r);return}var c=s.slice(0,n).join("/")+"/";` +
		`fetch(c+"assets/site.js",{method:"HEAD"}).then(function(x){x.ok?go(c):ask(n-1)},function(){go(r)})})(s.length-1)})()`
}

// sitemap lists every page under base.
func (w *writer) sitemap(base string) []byte {
	base = strings.TrimSuffix(base, "/") + "/"
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	pages := append([]string{""}, w.pages...)
	for _, p := range pages {
		if p == "index.html" {
			continue
		}
		b.WriteString("<url><loc>")
		render.Escape(&b, base+escapePath(p), false)
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// assetFile is the site's copy of a: read as it is written where the book
// does not hold it.
func assetFile(a *doc.Asset) output.File {
	if a.File != "" {
		return output.File{Path: a.Path, Read: a.Bytes, Size: a.Size}
	}
	return output.File{Path: a.Path, Data: a.Data}
}
