package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// importer holds the state of one import.
type importer struct {
	dir      string // the summary's folder as given
	real     string // its absolute path with symbolic links resolved
	base     string // the folder nothing is read from outside of (readFile)
	display  string // the summary's path in messages
	summary  string // its file name
	readme   string // the introduction the configuration names, relative to dir; "" for README.md
	notFound string // mdBook's page for missing pages, relative to dir; "" when not an mdBook book
	// templates: a GitBook or HonKit book, whose chapters' templates the
	// build expands (markdown.templates).
	templates bool
	// includeRoot: the folder of book.toml, above the summary's, that
	// mdBook's {{#include}} may read from (markdown.include_root).
	includeRoot string
	diags       *diag.List
	seen        map[string]diag.Pos // chapter files listed so far
	files       int
}

// shown is how messages name rel, a file of the book.
func (im *importer) shown(rel string) string {
	return filepath.ToSlash(filepath.Join(im.dir, filepath.FromSlash(rel)))
}

// entry is an entry of the manifest being made.
type entry struct {
	part     bool
	title    string
	file     string   // relative to the summary's folder; "" for a part without introduction
	children []*entry // sections of a chapter, chapters of a part
	notes    []string // comments written above the entry
	foot     []string // comments written after it
}

// seq builds a list of entries, with the notes about what was left out
// placed where it was in SUMMARY.md.
type seq struct {
	entries []*entry
	pending []string
}

func (s *seq) add(e *entry) {
	e.notes = append(s.pending, e.notes...)
	s.pending = nil
	s.entries = append(s.entries, e)
}

func (s *seq) note(notes ...string) { s.pending = append(s.pending, notes...) }

// close returns the entries, and the notes that are left when there is no
// entry to write them after.
func (s *seq) close() ([]*entry, []string) {
	if len(s.pending) == 0 {
		return s.entries, nil
	}
	if len(s.entries) == 0 {
		return nil, s.pending
	}
	last := s.entries[len(s.entries)-1]
	last.foot = append(last.foot, s.pending...)
	return s.entries, nil
}

// imported is the manifest being made.
type imported struct {
	meta       bookMeta
	root       string
	outputName string
	source     string
	front      []*entry
	chapters   []*entry
	back       []*entry
	notes      []string // notes with no entry to follow, written at the end
	variables  map[string]string
	templates  bool // markdown.templates
	// includeRoot is markdown.include_root ("" for none).
	includeRoot string
	// smartPunctuation is markdown.smart_punctuation.
	smartPunctuation bool
}

// convert turns the summary into manifest entries, checking every file.
func (im *importer) convert(sum *Summary) *imported {
	b := &imported{}
	var left []string
	b.front, left = im.flat(sum.Prefix, "front matter")
	b.notes = append(b.notes, left...)

	var chapters seq
	for _, g := range sum.Groups {
		if g.Title == "" {
			es, left := im.items(g.Items, true)
			for _, e := range es {
				chapters.add(e)
			}
			chapters.note(left...)
			continue
		}
		part := &entry{part: true, title: g.Title}
		if g.HasLink {
			part.file, _ = im.file(g.Link, g.Pos)
		}
		part.children, part.foot = im.items(g.Items, false)
		switch {
		case len(part.children) == 0 && part.file != "":
			// A part heading that links a page but has no chapters: a chapter.
			part.part, part.children = false, nil
			chapters.add(part)
		case len(part.children) == 0:
			im.diags.Warnf(g.Pos, "part %q has no chapters: left out", g.Title)
			chapters.note(fmt.Sprintf("Left out: part %q (%s) has no chapters.", g.Title, posString(g.Pos)))
			chapters.note(part.foot...)
		default:
			chapters.add(part)
		}
	}
	b.chapters, left = chapters.close()
	b.notes = append(b.notes, left...)
	b.back, left = im.flat(sum.Suffix, "back matter")
	b.notes = append(b.notes, left...)

	// GitBook's README.md (or the file book.json's structure.readme
	// names) is the book's introduction: when the first numbered entry
	// links it, it opens the front matter.
	if len(b.front) == 0 && len(b.chapters) > 0 {
		if first := b.chapters[0]; !first.part && len(first.children) == 0 && im.isIntro(first.file) {
			b.front = []*entry{first}
			b.chapters = b.chapters[1:]
		}
	}
	return b
}

// flat converts prefix or suffix chapters: links without nesting.
func (im *importer) flat(items []*Item, what string) ([]*entry, []string) {
	var s seq
	for _, it := range items {
		if !it.HasLink || it.Link == "" {
			im.diags.Warnf(it.Pos, "%q has no file (a draft): left out of the %s", it.Title, what)
			s.note(fmt.Sprintf("Left out: draft %q (%s) has no file.", it.Title, posString(it.Pos)))
			continue
		}
		f, missing := im.file(it.Link, it.Pos)
		switch {
		case f != "":
			s.add(&entry{title: it.Title, file: f})
		case missing:
			s.note(missingNote(it))
		}
	}
	return s.close()
}

// missingNote is book.yaml's note of an entry left out because its file
// does not exist.
func missingNote(it *Item) string {
	return fmt.Sprintf("Left out: %q (%s): its file %s does not exist.", it.Title, posString(it.Pos), it.Link)
}

// items converts numbered chapters and their nested sections. At the top
// of the chapters (top), an unlinked title over linked entries is a part.
// It returns the entries and the notes that follow the last one.
func (im *importer) items(items []*Item, top bool) ([]*entry, []string) {
	var s seq
	for _, it := range items {
		linked := it.HasLink && it.Link != ""
		f, missing := "", false
		if linked {
			f, missing = im.file(it.Link, it.Pos)
		}
		children, left := im.items(it.Children, false)
		switch {
		case f != "":
			s.add(&entry{title: it.Title, file: f, children: children, foot: left})
		case missing && len(children) == 0:
			s.note(missingNote(it))
			s.note(left...)
		case linked && len(children) == 0:
			// Not a chapter file: file reported why.
		case len(children) == 0:
			kind := "an unlinked title"
			if it.HasLink {
				kind = "a draft"
			}
			im.diags.Warnf(it.Pos, "%q has no file (%s): left out", it.Title, kind)
			s.note(fmt.Sprintf("Left out: %q (%s) has no file.", it.Title, posString(it.Pos)))
			s.note(left...)
		case top:
			// "- Chapter 1" over linked sections: a part.
			s.add(&entry{part: true, title: it.Title, children: children, foot: left})
		default:
			im.diags.Warnf(it.Pos, "%q has no file: its %d section(s) move up one level", it.Title, len(children))
			s.note(fmt.Sprintf("%q (%s) has no file; its sections follow.", it.Title, posString(it.Pos)))
			for _, c := range children {
				s.add(c)
			}
			s.note(left...)
		}
	}
	return s.close()
}

func posString(p diag.Pos) string {
	return fmt.Sprintf("%s:%d", path.Base(p.Path), p.Line)
}

// file checks the chapter file that link names, and returns its path
// relative to the summary's folder, or "" when it cannot be a chapter (the
// reason is reported). A file that does not exist is left out with a
// warning (missing), not refused: mdBook builds such a book, making each
// missing file an empty chapter of its title.
func (im *importer) file(link string, pos diag.Pos) (f string, missing bool) {
	switch sanitize.ClassifyURL(link) {
	case sanitize.Relative:
	case sanitize.Remote, sanitize.Contact:
		im.diags.Warnf(pos, "%s is a web address, not a chapter file: left out", link)
		return "", false
	default:
		im.diags.Errorf(pos, "link %q is not a chapter file", link)
		return "", false
	}
	p, frag, _ := strings.Cut(link, "#")
	p, _, _ = strings.Cut(p, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if p == "" {
		im.diags.Warnf(pos, "link %q points into this file, not at a chapter: left out", link)
		return "", false
	}
	// GitBook and HonKit read /docs/a.md from the book's root, as they
	// read docs/a.md (they drop the leading slash): books whose table of
	// contents is in a folder write their paths so.
	clean := path.Clean(strings.TrimLeft(p, "/"))
	switch {
	case strings.Contains(p, "\\"):
		im.diags.Errorf(pos, "chapter file %q: use forward slashes in paths", p)
		return "", false
	case len(p) > 1 && p[1] == ':':
		im.diags.Errorf(pos, "chapter file %q is an absolute path: paths are relative to the folder of %s", p, im.summary)
		return "", false
	case clean == ".." || strings.HasPrefix(clean, "../"):
		im.diags.Errorf(pos, "chapter file %q is outside the folder of %s", p, im.summary)
		return "", false
	}
	if first, dup := im.seen[clean]; dup {
		if frag != "" {
			im.diags.Warnf(pos, "link %q points at a heading of %s, already listed at line %d: left out (the table of contents lists each chapter's headings itself)", link, clean, first.Line)
			return "", false
		}
		im.diags.Errorf(pos, "chapter file %q is listed twice (first at line %d)", p, first.Line)
		return "", false
	}
	if ext := strings.ToLower(path.Ext(clean)); ext != ".md" && ext != ".markdown" {
		im.diags.Errorf(pos, "chapter file %q is not a Markdown file (.md)", p)
		return "", false
	}
	if err := im.checkFile(clean); errors.Is(err, fs.ErrNotExist) {
		im.diags.Warnf(pos, "chapter file %q not found: left out", p)
		return "", true
	} else if err != nil {
		im.diags.Errorf(pos, "chapter file %q %v", p, err)
		return "", false
	}
	if frag != "" {
		im.diags.Warnf(pos, "link %q points at a heading: the whole of %s is imported", link, clean)
	}
	im.seen[clean] = pos
	im.files++
	return clean, false
}

// checkFile checks that rel is a regular file whose real location is inside
// the summary's folder.
func (im *importer) checkFile(rel string) error {
	full := filepath.Join(im.real, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fs.ErrNotExist
		}
		return fmt.Errorf("cannot be read: %v", unwrapPathError(err))
	}
	if !strings.HasPrefix(real, im.real+string(filepath.Separator)) {
		return fmt.Errorf("is outside the folder of %s (a symbolic link leads to %s)", im.summary, real)
	}
	info, err := os.Stat(real)
	if err != nil {
		return fmt.Errorf("cannot be read: %v", unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return errors.New("is not a regular file")
	}
	return nil
}
