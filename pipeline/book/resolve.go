package book

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/markdown"
	"github.com/gobook/ebook/pipeline/picture"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// resolve points every link at its target and every image at its file.
// Links between chapters are written as GitHub shows them: relative paths to
// .md files, with an optional #fragment, plain or percent-encoded.
func (l *loader) resolve() {
	type imageUse struct {
		node *doc.Node
		ch   *Chapter
	}
	var uses []imageUse
	for _, ch := range l.book.Chapters {
		visit := func(n *doc.Node) bool {
			switch n.Kind {
			case doc.Link:
				l.resolveLink(ch, n)
			case doc.Image:
				uses = append(uses, imageUse{n, ch})
			case doc.SVG, doc.InlineSVG:
				// Checked once, here: the layout draws the asset, or
				// its placeholder.
				n.Image = picture.InlineSVG(n.Text)
				if n.Image == nil {
					break
				}
				if n.Image.NoPDF != "" {
					l.diags.Warnf(ch.File.Pos(n.Pos), "inline SVG cannot be drawn in the PDF: %s; the PDF shows a frame in its place, the EPUB the drawing", n.Image.NoPDF)
				} else if what, it := undrawn(n.Image.Data); what != "" {
					l.diags.Warnf(ch.File.Pos(n.Pos), "inline SVG uses a %s, which the PDF cannot draw: the PDF draws its shapes without %s, the EPUB the drawing", what, it)
				}
			}
			return true
		}
		ch.Walk(visit)
	}

	// Load each image file once, several at a time, then hand them out in
	// order of first use.
	paths := map[string]*imageFile{}
	var order []*imageFile
	for _, u := range uses {
		rel, ok := l.imagePath(u.ch, u.node)
		if !ok {
			continue
		}
		f := paths[rel]
		if f == nil {
			f = &imageFile{rel: rel}
			paths[rel] = f
			order = append(order, f)
			l.book.ImagePaths = append(l.book.ImagePaths, rel)
		}
		f.uses = append(f.uses, u.node)
		f.where = append(f.where, u.ch.File.Pos(u.node.Pos))
	}
	// Most are loading already (see imageLoads).
	for _, f := range order {
		f.asset, f.err = l.images.get(f.rel)
	}
	for _, f := range order {
		if f.err != nil {
			// A missing picture is a hole in the book, not a danger:
			// GitBook and mdBook show a broken image; the writers show
			// a placeholder with the alt text (an Image node without
			// its Asset).
			var fe *fileError
			missing := errors.As(f.err, &fe) && fe.missing
			for _, pos := range f.where {
				if missing {
					l.diags.Warnf(pos, "%v: its alt text is shown in its place", f.err)
				} else {
					l.diags.Errorf(pos, "%v", f.err)
				}
			}
			continue
		}
		l.book.Images = append(l.book.Images, f.asset)
		for _, d := range f.asset.Dropped {
			l.diags.Warnf(f.where[0], "image %q: %s dropped", f.rel, d)
		}
		var what, it string
		if f.asset.NoPDF == "" && f.asset.MediaType == "image/svg+xml" {
			what, it = undrawn(f.asset.Data)
		}
		for i, n := range f.uses {
			if what != "" {
				l.diags.Warnf(f.where[i], "image %q uses an SVG %s, which the PDF cannot draw: the PDF draws its shapes without %s, the EPUB the drawing", f.rel, what, it)
			}
			n.Image = f.asset
			if f.asset.NoPDF != "" {
				l.diags.Warnf(f.where[i], "image %q cannot be drawn in the PDF: %s; the PDF shows its alt text in a frame instead, the EPUB the image", f.rel, f.asset.NoPDF)
			}
		}
	}
}

type imageFile struct {
	rel   string
	uses  []*doc.Node
	where []diag.Pos
	asset *doc.Asset
	err   error
}

// imagePath returns the book-relative path of image n, or false, with a
// warning, when the image is not a local file of the book (remote images
// are not fetched: the reader sees the alt text).
func (l *loader) imagePath(ch *Chapter, n *doc.Node) (string, bool) {
	rel, problem := imageTarget(ch, n)
	if problem != "" {
		l.diags.Warnf(ch.File.Pos(n.Pos), "%s", problem)
		return "", false
	}
	return rel, true
}

// imageTarget returns the book-relative path of image n of ch, or why it
// has none. Each reason is a hole in the book, not a danger, as a missing
// image is: nothing is read.
func imageTarget(ch *Chapter, n *doc.Node) (rel, problem string) {
	switch sanitize.ClassifyURL(n.URL) {
	case sanitize.Remote:
		return "", fmt.Sprintf("remote image %s is not fetched at build time; its alt text is shown instead", n.URL)
	case sanitize.Relative:
	default:
		return "", fmt.Sprintf("image URL %q is not allowed; its alt text is shown instead", shorten(n.URL))
	}
	// GitHub habits: images/a.png?raw=true, a fragment, percent-encoding.
	p, _, _ := strings.Cut(n.URL, "#")
	p, _, _ = strings.Cut(p, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if p == "" {
		return "", "image has no file: its alt text is shown in its place"
	}
	rel, inside := bookPath(ch, p)
	if !inside {
		// GitBook, HonKit and mdBook leave it broken; it is not read.
		return "", fmt.Sprintf("image %q is outside the book's folder: it is not read; its alt text is shown in its place", n.URL)
	}
	return rel, ""
}

// bookPath returns the book-relative path that p, a decoded path written
// in chapter ch, names, and whether it is inside the book's folder. As
// in GitBook, HonKit and mdBook, a path that starts with / starts at the
// book's root (the folder of SUMMARY.md, the manifest's root:), not at
// the root of the machine.
func bookPath(ch *Chapter, p string) (string, bool) {
	var rel string
	if strings.HasPrefix(p, "/") {
		rel = path.Clean(strings.TrimLeft(p, "/"))
		if rel == "" {
			rel = "."
		}
	} else {
		rel = path.Clean(path.Join(path.Dir(ch.Path), p))
	}
	return rel, rel != ".." && !strings.HasPrefix(rel, "../")
}

// resolveLink sets n.Link, or turns n into a span when the link cannot be
// kept. Links are accepted as GitBook, HonKit and mdBook accept them: to a
// chapter's Markdown file or to the HTML page it becomes (two.html,
// dir/index.html for dir/README.md), to a folder whose README.md or
// index.md is a chapter, from the book's root when they start with /. A
// link that cannot be followed in the book (a missing file, a Markdown
// file that is not a chapter, a page outside the book's folder) loses its
// link and keeps its text, with a warning; only a link that leaves the
// book through a symbolic link is an error.
func (l *loader) resolveLink(ch *Chapter, n *doc.Node) {
	pos := ch.File.Pos(n.Pos)
	switch sanitize.ClassifyURL(n.URL) {
	case sanitize.Remote, sanitize.Contact:
		if sanitize.BadEscape(n.URL) {
			l.diags.Warnf(pos, "link to %q: a %% not followed by two hexadecimal digits is not a valid URL; it is written as %%25", shorten(n.URL))
		}
		n.Link = &doc.Target{URL: sanitize.URI(n.URL)}
		return
	case sanitize.Unsafe:
		l.diags.Warnf(pos, "link to %q removed: only http(s), mailto and relative links are allowed", shorten(n.URL))
		n.Kind = doc.Span
		return
	}
	raw, frag, hasFrag := strings.Cut(strings.TrimSpace(n.URL), "#")
	p, _, _ := strings.Cut(raw, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if dec, err := url.PathUnescape(frag); err == nil {
		frag = dec
	}
	drop := func(format string, args ...any) {
		l.diags.Warnf(pos, format+": the link was removed, its text kept", args...)
		n.Kind = doc.Span
	}
	target := ch
	if p != "" {
		shown := shorten(n.URL)
		rel, inside := bookPath(ch, p)
		if !inside {
			drop("link to %q leads outside the book's folder", shorten(n.URL))
			return
		}
		idx, kind, real := l.chapterAt(rel, strings.HasSuffix(p, "/"))
		if kind == file && real != "" {
			rel = real // two.html for two.md, which is not a chapter
		}
		switch {
		case kind == outside:
			l.diags.Errorf(pos, "link to %q leads outside the book's folder (a symbolic link leads to %s)", shown, real)
			return
		case idx >= 0:
		case kind == missing && strings.HasPrefix(strings.ToLower(p), "www."):
			// [Ohloh](www.ohloh.net): a web address without its scheme,
			// which every tool takes for a file.
			drop("link to missing file %q (a web address is written with https://)", shown)
			return
		case kind == missing:
			drop("link to missing file %q", shown)
			return
		case kind == dangling:
			drop("link to %q: %s", shown, real)
			return
		case kind == dir:
			drop("link to folder %q, which has no README.md or index.md that is a chapter of the book", shown)
			return
		case isMarkdown(rel):
			drop("link to %q, which is not a chapter of the book (add it to book.yaml to keep the link)", shown)
			return
		default:
			drop("link to %q, a file that is not part of the book", shown)
			return
		}
		target = l.book.Chapters[idx]
	}
	if hasFrag && frag != "" && !target.IDs[frag] && !target.Failed {
		if id := sameAnchor(frag, target.IDs); id != "" {
			// #SQL客户端 for #sql客户端: browsers are lenient, GitHub's
			// anchors are lower case; the link goes where it was meant.
			l.diags.Warnf(pos, "link to %q: %s has no heading or anchor %q; did you mean #%s? The link goes there", shorten(n.URL), target.Path, frag, id)
			frag = id
		} else if target == ch {
			drop("link to %q: %s has no heading or anchor %q%s", shorten(n.URL), target.Path, frag, suggestAnchor(frag, target.IDs))
			return
		} else {
			l.diags.Warnf(pos, "link to %q: %s has no heading or anchor %q%s; the link goes to the start of the chapter", shorten(n.URL), target.Path, frag, suggestAnchor(frag, target.IDs))
			frag = ""
		}
	}
	n.Link = &doc.Target{Chapter: target.Index, Anchor: frag}
}

// chapterAt returns the index of the chapter that rel, a book-relative
// path, names, or -1, with what rel is in the book's folder: for a
// symbolic link that leads out, where it leads; for an HTML page whose
// Markdown file is no chapter, that file (kind file). Beside the
// chapter's own file, it may be named as the page mdBook makes of it
// (two.html for two.md, dir/index.html for dir/README.md or dir/index.md)
// or as its folder (dir, dir/ for dir/README.md or dir/index.md).
func (l *loader) chapterAt(rel string, slash bool) (int, entry, string) {
	// Chapter files were read under the folder's rule already: a link
	// that names one needs no look at the file system.
	var candidates []string
	if !slash {
		candidates = append(candidates, rel)
		if ext := strings.ToLower(path.Ext(rel)); ext == ".html" || ext == ".htm" {
			stem := strings.TrimSuffix(rel, path.Ext(rel))
			candidates = append(candidates, stem+".md", stem+".markdown")
			if path.Base(stem) == "index" {
				candidates = append(candidates, path.Join(path.Dir(stem), "README.md"))
			}
		}
	}
	candidates = append(candidates, path.Join(rel, "README.md"), path.Join(rel, "index.md"), path.Join(rel, "readme.md"))
	for _, c := range candidates {
		if idx, ok := l.byPath[c]; ok {
			return idx, file, ""
		}
	}
	kind, real := l.folder.locate(rel)
	if kind == missing && !slash {
		// two.html for a two.md that is no chapter: name that file.
		for _, c := range candidates[1:] {
			if k, r := l.folder.locate(c); k != missing {
				if k == file {
					r = c
				}
				return -1, k, r
			}
		}
	}
	return -1, kind, real
}

func isMarkdown(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".md" || ext == ".markdown"
}

// sameAnchor returns the id of ids that frag was meant to be when they
// differ only in case or frag is the heading's text rather than its
// anchor, or "".
func sameAnchor(frag string, ids map[string]bool) string {
	if s := markdown.Slug(frag); ids[s] {
		return s
	}
	var found string
	for id := range ids {
		if strings.EqualFold(id, frag) && (found == "" || id < found) {
			found = id
		}
	}
	return found
}

// suggestAnchor proposes the anchor a broken fragment was probably meant to
// be: the GitHub anchor of the fragment taken as heading text.
func suggestAnchor(frag string, ids map[string]bool) string {
	if s := markdown.Slug(frag); s != frag && ids[s] {
		return " (did you mean #" + s + "?)"
	}
	var close []string
	for id := range ids {
		if strings.HasPrefix(id, frag) || strings.HasPrefix(frag, id) && id != "" {
			close = append(close, id)
		}
	}
	sort.Strings(close)
	if len(close) > 0 {
		return " (did you mean #" + close[0] + "?)"
	}
	return ""
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

// undrawn says what SVG markup uses that the PDF does not draw
// (picture.SVGUndrawn), "filter and mask", and the pronoun for it; what
// is "" when there is nothing.
func undrawn(markup []byte) (what, it string) {
	list := picture.SVGUndrawn(markup)
	switch len(list) {
	case 0:
		return "", ""
	case 1:
		return list[0], "it"
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1], "them"
}
