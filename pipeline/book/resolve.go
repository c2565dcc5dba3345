package book

import (
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
				if err := picture.CheckSVG([]byte(n.Text)); err != nil {
					l.diags.Warnf(ch.File.Pos(n.Pos), "inline SVG cannot be drawn in the PDF: %v; the PDF shows a frame in its place, the EPUB the drawing", err)
				}
			}
			return true
		}
		doc.Walk(ch.Blocks, visit)
		for _, fn := range ch.Footnotes {
			doc.Walk(fn.Blocks, visit)
		}
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
			for _, pos := range f.where {
				l.diags.Errorf(pos, "%v", f.err)
			}
			continue
		}
		l.book.Images = append(l.book.Images, f.asset)
		for _, d := range f.asset.Dropped {
			l.diags.Warnf(f.where[0], "image %q: %s dropped", f.rel, d)
		}
		for i, n := range f.uses {
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
// warning or an error, when the image is not a local file of the book
// (remote images are not fetched: the reader sees the alt text).
func (l *loader) imagePath(ch *Chapter, n *doc.Node) (string, bool) {
	rel, problem := imageTarget(ch, n)
	if problem == nil {
		return rel, true
	}
	if problem.warn {
		l.diags.Warnf(ch.File.Pos(n.Pos), "%s", problem.msg)
	} else {
		l.diags.Errorf(ch.File.Pos(n.Pos), "%s", problem.msg)
	}
	return "", false
}

// imageProblem is why an image is not loaded.
type imageProblem struct {
	warn bool // else an error
	msg  string
}

// imageTarget returns the book-relative path of image n of ch, or why it
// has none.
func imageTarget(ch *Chapter, n *doc.Node) (string, *imageProblem) {
	switch sanitize.ClassifyURL(n.URL) {
	case sanitize.Remote:
		return "", &imageProblem{true, fmt.Sprintf("remote image %s is not fetched at build time; its alt text is shown instead", n.URL)}
	case sanitize.Relative:
	default:
		return "", &imageProblem{true, fmt.Sprintf("image URL %q is not allowed; its alt text is shown instead", shorten(n.URL))}
	}
	// GitHub habits: images/a.png?raw=true, a fragment, percent-encoding.
	p, _, _ := strings.Cut(n.URL, "#")
	p, _, _ = strings.Cut(p, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if p == "" {
		return "", &imageProblem{false, "image has no file"}
	}
	rel := path.Clean(path.Join(path.Dir(ch.Path), p))
	if strings.HasPrefix(p, "/") || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", &imageProblem{false, fmt.Sprintf("image %q is outside the book's folder", n.URL)}
	}
	return rel, nil
}

// resolveLink sets n.Link, or turns n into a span when the link cannot be
// kept.
func (l *loader) resolveLink(ch *Chapter, n *doc.Node) {
	pos := ch.File.Pos(n.Pos)
	switch sanitize.ClassifyURL(n.URL) {
	case sanitize.Remote, sanitize.Contact:
		u, fixed := sanitize.FixEscapes(n.URL)
		if fixed {
			l.diags.Warnf(pos, "link to %q: a %% not followed by two hexadecimal digits is not a valid URL; it is written as %%25", shorten(n.URL))
		}
		n.Link = &doc.Target{URL: u}
		return
	case sanitize.Unsafe:
		l.diags.Warnf(pos, "link to %q removed: only http(s), mailto and relative links are allowed", shorten(n.URL))
		n.Kind = doc.Span
		return
	}
	p, frag, hasFrag := strings.Cut(n.URL, "#")
	p, _, _ = strings.Cut(p, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if dec, err := url.PathUnescape(frag); err == nil {
		frag = dec
	}
	target := ch
	if p != "" {
		rel := path.Clean(path.Join(path.Dir(ch.Path), p))
		if strings.HasPrefix(p, "/") || rel == ".." || strings.HasPrefix(rel, "../") {
			l.diags.Errorf(pos, "link to %q points outside the book's folder", n.URL)
			return
		}
		idx, ok := l.byPath[rel]
		if !ok {
			ext := strings.ToLower(path.Ext(rel))
			exists, outside := l.folder.locate(rel)
			switch {
			case outside:
				l.diags.Errorf(pos, "link to %q points outside the book's folder (through a symbolic link)", n.URL)
			case !exists:
				l.diags.Errorf(pos, "link to missing file %q", p)
			case ext == ".md" || ext == ".markdown":
				l.diags.Errorf(pos, "link to %q, which is not a chapter of the book: add it to the manifest or remove the link", p)
			default:
				l.diags.Warnf(pos, "link to %q, a file that is not part of the book: the link was removed, its text kept", p)
				n.Kind = doc.Span
			}
			return
		}
		target = l.book.Chapters[idx]
	}
	if hasFrag && frag != "" && !target.IDs[frag] && !target.Failed {
		l.diags.Errorf(pos, "link to %q: %s has no heading or anchor %q%s", n.URL, target.Path, frag, suggestAnchor(frag, target.IDs))
		return
	}
	n.Link = &doc.Target{Chapter: target.Index, Anchor: frag}
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
