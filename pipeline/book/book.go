// Package book loads a book: it reads the manifest, reads and parses every
// chapter (concurrently), gives headings their anchors, resolves links
// between chapters and the images they use, and builds the table of
// contents. The result is everything a writer needs; writers never read
// source files themselves.
package book

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/internal/fileread"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/manifest"
	"github.com/gobook/ebook/pipeline/markdown"
)

// MaxChapterBytes is the largest chapter file accepted: 2 MiB, 70 times
// the largest chapter of gopl-zh (whose 124 chapters make 0.8 MB). It
// bounds what one chapter can cost: the PDF writer holds about 100 bytes
// of memory per byte of prose and 180 per byte of code until the file is
// written, so a chapter at the limit builds in under a gigabyte (a 2 MiB
// listing with Chinese comments: 3 s, 800 MB) where one of 4 MiB took
// 1.1 GB.
const MaxChapterBytes = 2 << 20

// MaxManifestBytes is the largest book.yaml accepted: a manifest of 10,000
// chapters is some 200 kB, and one of 600 MB of comments took 2.5 GB.
const MaxManifestBytes = 1 << 20

// Role is the place of a chapter in the book.
type Role uint8

// Roles, in reading order.
const (
	Front    Role = iota // preface, foreword, acknowledgements
	Body                 // chapters, possibly grouped in parts
	Appendix             // appendices
	Back                 // afterword, glossary, colophon
)

// Book is a loaded book.
type Book struct {
	Manifest *manifest.Manifest
	// Dir is the folder the manifest's paths are relative to (its root:),
	// as the user named it.
	Dir string
	ID  string // the book's unique identifier
	// Chapters in reading order; sections follow the chapter they belong
	// to.
	Chapters []*Chapter
	// TOC is the table of contents: parts, chapters, their sections and
	// their headings down to the manifest's TOC depth.
	TOC []*TOCEntry
	// Images are the images the chapters use, each once, in order of first
	// use; Cover is the cover image, or nil.
	Images []*doc.Asset
	Cover  *doc.Asset
	// ImagePaths are the book-relative paths of every local image the
	// chapters reference, loaded or not, in order of first use.
	ImagePaths []string
	// IncludePaths are the book-relative paths of the files the chapters'
	// {{#include}} directives (and their kin) name, read or not, in order
	// of first use: ebook watch rebuilds when one changes.
	IncludePaths []string
	// FontFiles holds the font files book.yaml's fonts: key names, by
	// their cleaned path in the book (see fonts.go).
	FontFiles map[string][]byte
}

// Chapter is one Markdown file of the book.
type Chapter struct {
	Index     int
	Path      string     // relative to the book's folder, with forward slashes
	File      *diag.File // for positions in messages
	Title     string     // the title in tables of contents and running heads: its heading's (see titles)
	Role      Role
	Part      string // title of the part the chapter belongs to, if any
	PartIntro bool   // the chapter is its part's introduction page
	Depth     int    // 0 for a chapter, 1 for its sections, 2 for theirs...
	// HeadingShift is what was added to the level of each heading of the
	// file so that its first heading is at level Depth+1 (see structure).
	HeadingShift int
	Blocks       []*doc.Node
	Footnotes    []*doc.Footnote
	IDs          map[string]bool
	Renamed      []markdown.Renamed
	// Includes are the files the chapter's directives named, read or not
	// (see include.go); DirectiveTitle is the text of its {{#title}}.
	Includes       []string
	DirectiveTitle string
	// titles are the offsets in the parsed text of the code and tab
	// titles GitBook's blocks became (gitbook.go): never an epigraph.
	titles []int
	// Colophon marks the colophon page a build generates (pipeline/colophon):
	// it has no source file, File and Path name no file of the book.
	Colophon bool
	// Failed is set, with Options.KeepGoing only, on a chapter whose file
	// could not be read: it has no content.
	Failed bool
}

// Walk calls visit for every node of the chapter, as doc.Walk does: its
// blocks, then each footnote's blocks in order. When visit returns false
// the node's children are skipped.
func (ch *Chapter) Walk(visit func(n *doc.Node) bool) {
	doc.Walk(ch.Blocks, visit)
	for _, fn := range ch.Footnotes {
		doc.Walk(fn.Blocks, visit)
	}
}

// Options tune loading.
type Options struct {
	// Parser is the Markdown parser; nil means one for the book's language.
	Parser *markdown.Parser
	// Highlighter tokenises listings; nil means the Cache's when there is
	// one (its look-ups then last from load to load), else a new one.
	Highlighter *highlight.Highlighter
	// Cache, when set, keeps parsed chapters and decoded images for the
	// next load of the same book, which then parses only what changed.
	Cache *Cache
	// KeepGoing loads all it can and returns the book even when there
	// were errors, so that every problem of the book is reported at once
	// (ebook check): a chapter that cannot be read is kept empty and
	// marked Failed. A book loaded so with errors must not be published.
	KeepGoing bool
	// DeferImageData leaves the image data of each PNG the PDF draws
	// unchecked on load (its chunks and their checksums are checked):
	// set it when the build makes the PDF, whose writer inflates that
	// data anyway as it embeds it and reports data that is cut short or
	// damaged (picture.Raster, picture.ErrDamaged), so that it is
	// inflated once, not twice. The asset is marked DataUnchecked.
	DeferImageData bool
	// DiskCache, when set, records by content the PNGs whose image data
	// the load inflated and found whole, as the PDF's writer records
	// those it checks (picture.Options.Cache): a later build, with or
	// without a PDF, does not inflate them again.
	DiskCache *filecache.Cache
	// KeepDrawings reads each SVG drawing on load as the PDF draws it,
	// and keeps it (doc.Asset.Drawing): set it when the build makes the
	// PDF, so that a drawing is read once, not once to check it and
	// again to draw it.
	KeepDrawings bool
	// Confine refuses a book whose folder (root:) is outside the
	// repository of book.yaml (see Repository) or the folders of
	// AllowOutside (the command line's --allow-outside): the commands
	// set it, since books are built in CI from pull requests; tests that
	// load a corpus from elsewhere do not.
	Confine      bool
	AllowOutside []string
}

// ReadManifest reads the manifest at path as Load does: only a regular
// file (a named pipe would block the read for ever), of at most
// MaxManifestBytes. The error does not name the file; the caller does.
func ReadManifest(path string) ([]byte, error) {
	src, err := fileread.Read(path, MaxManifestBytes)
	if err != nil {
		return nil, trimPathError(err)
	}
	return src, nil
}

// Load reads the book whose manifest is at manifestPath. Problems are
// reported to diags; the book is nil when there were errors.
func Load(manifestPath string, opts Options, diags *diag.List) *Book {
	src, err := ReadManifest(manifestPath)
	if err != nil {
		diags.Errorf(diag.Pos{Path: manifestPath}, "cannot read the manifest: %v", err)
		return nil
	}
	m := manifest.Parse(manifestPath, src, diags)
	if m == nil {
		return nil
	}
	dir := filepath.Dir(manifestPath)
	switch {
	case filepath.IsAbs(m.Root):
		dir = m.Root
	case m.Root != "":
		dir = filepath.Join(dir, filepath.FromSlash(m.Root))
	}
	if opts.Confine {
		if err := confine(filepath.Dir(manifestPath), dir, opts.AllowOutside); err != nil {
			diags.Errorf(m.Pos("root"), "root %q: %v", m.Root, err)
			return nil
		}
		if ir := m.Markdown.IncludeRoot; ir != "" {
			if err := confine(filepath.Dir(manifestPath), filepath.Join(dir, filepath.FromSlash(ir)), opts.AllowOutside); err != nil {
				diags.Errorf(m.Pos("markdown.include_root"), "include_root %q: %v", ir, err)
				return nil
			}
		}
	}
	return FromManifest(m, dir, opts, diags)
}

// FromManifest loads the book that manifest m describes; dir is the folder
// the manifest's paths are relative to.
func FromManifest(m *manifest.Manifest, dir string, opts Options, diags *diag.List) *Book {
	f, err := openFolder(dir)
	if err != nil {
		diags.Errorf(m.Pos("root"), "cannot open the book's folder %s: %v", dir, trimPathError(err))
		return nil
	}
	if opts.Parser == nil {
		opts.Parser = markdown.New(markdown.Options{Language: m.Language, SmartPunctuation: m.Markdown.SmartPunctuation, HeadingsWithoutSpace: m.Markdown.HeadingsWithoutSpace})
	}
	if opts.Highlighter == nil && opts.Cache != nil {
		opts.Highlighter = opts.Cache.highlighter
	}
	if opts.Highlighter == nil {
		opts.Highlighter = highlight.New()
	}
	if opts.Cache != nil {
		opts.Cache.begin()
		defer opts.Cache.end()
	}
	var inc *includeFolder
	if ir := m.Markdown.IncludeRoot; ir != "" {
		if inc, err = openIncludeFolder(f, filepath.Join(dir, filepath.FromSlash(ir))); err != nil {
			diags.Errorf(m.Pos("markdown.include_root"), "cannot open the folder of include_root %q: %v", ir, trimPathError(err))
			return nil
		}
	}
	b := &Book{Manifest: m, ID: m.BookID(), Dir: dir}
	l := &loader{book: b, folder: f, includes: inc, diags: diags, parser: opts.Parser, highlighter: opts.Highlighter, cache: opts.Cache, images: newImageLoads(f, opts.Cache, dataChecks{deferPNG: opts.DeferImageData, disk: opts.DiskCache, keepDrawings: opts.KeepDrawings})}
	defer l.images.wait()
	l.collect()
	l.parse()
	l.readFonts()
	if diags.HasErrors() && !opts.KeepGoing {
		return nil
	}
	l.titles()
	l.structure()
	l.resolve()
	l.toc()
	if diags.HasErrors() && !opts.KeepGoing {
		return nil
	}
	return b
}

// loader holds the state of one Load.
type loader struct {
	book   *Book
	folder *folder
	// includes is the folder of markdown.include_root, from which
	// mdBook's directives may also read (nil: the book's folder only).
	includes *includeFolder
	diags    *diag.List
	parser   *markdown.Parser
	cache    *Cache
	images   *imageLoads

	highlighter *highlight.Highlighter

	entries []*manifest.Entry // the manifest entry of each chapter
	byPath  map[string]int    // chapter index by cleaned path
	tocOf   map[int]*TOCEntry // the TOC entry that opens each chapter

	// templatesOff is where each chapter first shows GitBook's template
	// syntax that markdown.templates, off, leaves as written (the zero
	// Pos for none), for one warning (noteTemplatesOff).
	templatesOff []diag.Pos
}

// collect lists the chapters in reading order and lays out the skeleton of
// the table of contents: parts, chapters and sections; headings are added
// once the chapters are parsed.
func (l *loader) collect() {
	l.byPath = map[string]int{}
	l.tocOf = map[int]*TOCEntry{}
	roles := map[string]Role{"front": Front, "chapters": Body, "appendices": Appendix, "back": Back}
	var add func(e *manifest.Entry, role Role, part string, depth int) *TOCEntry
	chapter := func(e *manifest.Entry, role Role, part string, depth int) *TOCEntry {
		ch := &Chapter{Index: len(l.book.Chapters), Path: path.Clean(e.File), Role: role, Part: part, Depth: depth}
		l.byPath[ch.Path] = ch.Index
		l.book.Chapters = append(l.book.Chapters, ch)
		l.entries = append(l.entries, e)
		t := &TOCEntry{Kind: TOCChapter, Chapter: ch.Index, Linked: true}
		l.tocOf[ch.Index] = t
		return t
	}
	add = func(e *manifest.Entry, role Role, part string, depth int) *TOCEntry {
		if e.IsPart() {
			t := &TOCEntry{Title: e.Part, Kind: TOCPart, Chapter: len(l.book.Chapters)}
			if e.File != "" {
				// The part's introduction: the part's entry opens it.
				intro := chapter(&manifest.Entry{File: e.File, Title: e.Part, Pos: e.Pos, Key: e.Key}, role, e.Part, depth)
				l.book.Chapters[intro.Chapter].PartIntro = true
				t.Linked = true
				l.tocOf[intro.Chapter] = t
			}
			for i := range e.Chapters {
				t.Sections = append(t.Sections, add(&e.Chapters[i], role, e.Part, depth))
			}
			return t
		}
		t := chapter(e, role, part, depth)
		for i := range e.Sections {
			t.Sections = append(t.Sections, add(&e.Sections[i], role, part, depth+1))
		}
		return t
	}
	for _, s := range l.book.Manifest.Sections() {
		for i := range s.Entries {
			l.book.TOC = append(l.book.TOC, add(&s.Entries[i], roles[s.Key], "", 0))
		}
	}
}

// parse reads and parses every chapter, several at a time.
func (l *loader) parse() {
	// The cover loads beside the chapters (a photograph takes as long
	// to check as several chapters to parse).
	var cover *imageLoad
	if m := l.book.Manifest; m.Cover != "" {
		cover = l.images.start(path.Clean(m.Cover))
	}
	l.templatesOff = make([]diag.Pos, len(l.book.Chapters))
	parallel.Each(len(l.book.Chapters), func(i int) { l.parseChapter(l.book.Chapters[i]) })
	l.noteTemplatesOff()
	seen := map[string]bool{}
	for _, ch := range l.book.Chapters {
		for _, p := range ch.Includes {
			if !seen[p] {
				seen[p] = true
				l.book.IncludePaths = append(l.book.IncludePaths, p)
			}
		}
	}
	if m := l.book.Manifest; cover != nil {
		<-cover.done
		a, err := cover.asset, cover.err
		if err != nil {
			l.diags.Errorf(m.Pos("cover"), "cover %v", strings.TrimPrefix(err.Error(), "image "))
		} else {
			l.book.Cover = a
			if a.NoPDF != "" {
				l.diags.Warnf(m.Pos("cover"), "cover %q cannot be drawn in the PDF: %s; the PDF has no cover page", a.Path, a.NoPDF)
			}
		}
	}
}

func (l *loader) parseChapter(ch *Chapter) {
	e := l.entries[ch.Index]
	entryPos := l.book.Manifest.Pos(e.Key + ".file")
	if entryPos.Line == 0 {
		entryPos = e.Pos
	}
	display := l.folder.display(ch.Path)
	src, err := l.folder.read(ch.Path, "chapter file", MaxChapterBytes)
	if err != nil {
		l.diags.Errorf(entryPos, "%v", err)
		l.fail(ch, display)
		return
	}
	src, ok := l.checkEncoding(display, src)
	if !ok {
		l.fail(ch, display)
		return
	}
	body := src
	if l.book.Manifest.TemplatesOn() {
		body = blankFrontMatter(src)
	}
	expanded, segs, included := l.expandDirectives(ch, display, body)
	// GitBook's and HonKit's templates, in what mdBook's directives left.
	file := diag.NewFile(display, src)
	if segs != nil {
		file = diag.NewMappedFile(display, expanded, src, segs)
	}
	if text, tsegs := l.expandTemplates(ch, file, expanded, included); tsegs != nil {
		segs = composeSegments(segs, tsegs, len(expanded), len(text))
		expanded = text
	}
	if segs != nil {
		ch.File = diag.NewMappedFile(display, expanded, src, segs)
	} else {
		ch.File = diag.NewFile(display, src)
	}
	var parsed *markdown.Chapter
	if l.cache != nil {
		parsed = l.cache.parse(l.parser, ch.File, src, expanded, l.diags)
	} else {
		parsed = l.parser.Parse(ch.File, expanded, l.diags)
	}
	ch.Blocks, ch.Footnotes, ch.IDs, ch.Renamed = parsed.Blocks, parsed.Footnotes, parsed.IDs, parsed.Renamed
	if l.book.Manifest.CaptionsOn() {
		ch.Blocks = markdown.Captions(ch.Blocks)
	}
	l.altText(ch)
	l.markLatin(ch)
	l.images.prefetch(ch)
	l.highlightCode(ch)
}

// highlightCode splits every listing of ch into highlighting tokens, once
// for all writers; it is the costliest step of loading, so it runs here, in
// parallel with the other chapters.
func (l *loader) highlightCode(ch *Chapter) {
	visit := func(n *doc.Node) bool {
		if n.Kind == doc.CodeBlock {
			n.Tokens = l.highlighter.Tokens(n.Lang, strings.TrimSuffix(n.Text, "\n"))
		}
		return true
	}
	ch.Walk(visit)
}

// fail marks a chapter whose file could not be read: empty, so that a load
// that keeps going can go on with the other chapters.
func (l *loader) fail(ch *Chapter, display string) {
	ch.Failed = true
	ch.File = diag.NewFile(display, nil)
	ch.IDs = map[string]bool{}
}

// checkEncoding accepts UTF-8 (dropping a byte order mark) and reports any
// other encoding at the first byte that is not UTF-8.
func (l *loader) checkEncoding(display string, src []byte) ([]byte, bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(src, []byte("\xff\xfe")) || bytes.HasPrefix(src, []byte("\xfe\xff")) {
		l.diags.Errorf(diag.Pos{Path: display}, "the file is UTF-16; save it as UTF-8")
		return nil, false
	}
	if utf8.Valid(src) {
		l.checkControls(display, src)
		// CommonMark ends lines at \r\n and a lone \r too; goldmark
		// only knows \n. Line and column numbers do not change.
		if bytes.IndexByte(src, '\r') >= 0 {
			src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
			src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
		}
		return src, true
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	f := diag.NewFile(display, src)
	l.diags.Errorf(f.Pos(off), "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[off])
	return nil, false
}

// checkControls warns about the first control character of src, a text
// file: NUL and the other C0 controls but tab, line feed, form feed and
// carriage return are not text (a binary file, or a converter's debris).
// CommonMark turns NUL into U+FFFD; no output can show the others (XML
// forbids them), so the writers drop them.
func (l *loader) checkControls(display string, src []byte) {
	i := bytes.IndexFunc(src, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\f' && r != '\r'
	})
	if i < 0 {
		return
	}
	f := diag.NewFile(display, src)
	if src[i] == 0 {
		l.diags.Warnf(f.Pos(i), "NUL byte (U+0000) in the text: it is shown as U+FFFD; is this a text file?")
		return
	}
	l.diags.Warnf(f.Pos(i), "control character U+%04X in the text: no output can show it, so it is dropped", src[i])
}

// titles gives each chapter its title, the one the contents, the
// navigation, the bookmarks and the running heads show: the text of the
// file's first heading, the chapter's own heading, so that they all say
// what the chapter's page says (GitBook's sidebar shows SUMMARY.md's title
// instead, which often differs: "前言" for a page headed "序言"). A file
// without a heading takes the manifest's title, else its {{#title}}
// (mdBook's page title). A chapter with neither gets its file name and a
// warning; a chapter with a title but no heading gets a heading made from
// the title, so that it does not start untitled.
func (l *loader) titles() {
	for _, ch := range l.book.Chapters {
		e := l.entries[ch.Index]
		first := firstHeading(ch.Blocks)
		if first != nil {
			ch.Title = strings.TrimSpace(doc.InlineText(first.Children))
		}
		switch {
		case ch.Title != "":
		case e.Title != "":
			ch.Title = e.Title
		case ch.DirectiveTitle != "":
			ch.Title = ch.DirectiveTitle
		}
		if ch.Title == "" {
			ch.Title = strings.TrimSuffix(path.Base(ch.Path), path.Ext(ch.Path))
			if ch.Failed {
				continue // its file is already reported
			}
			l.diags.Warnf(diag.Pos{Path: ch.File.Path}, "the chapter has no heading and no title in the manifest; its file name %q is its title", ch.Title)
		}
		if first == nil {
			h := &doc.Node{Kind: doc.Heading, Level: 1, Pos: -1, Generated: true,
				Children: []*doc.Node{{Kind: doc.Text, Text: ch.Title, Pos: -1}}}
			h.ID = uniqueID(ch.IDs, markdown.Slug(ch.Title))
			ch.Blocks = append([]*doc.Node{h}, ch.Blocks...)
		}
	}
}

// uniqueID returns base, or base-1, base-2... whichever is free in ids, and
// marks it used.
func uniqueID(ids map[string]bool, base string) string {
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	ids[id] = true
	return id
}

// firstHeading returns the first heading of a chapter, at any depth.
func firstHeading(blocks []*doc.Node) *doc.Node {
	var h *doc.Node
	doc.Walk(blocks, func(n *doc.Node) bool {
		if h != nil {
			return false
		}
		if n.Kind == doc.Heading {
			h = n
			return false
		}
		return n.Kind.IsBlock()
	})
	return h
}

func trimPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// HasCallouts reports whether a chapter of b, or a footnote, holds a
// GitHub-style alert: the writers then add the callouts' titles to the
// characters their fonts must have.
func (b *Book) HasCallouts() bool {
	found := false
	look := func(n *doc.Node) bool {
		found = found || n.Kind == doc.Callout
		return !found && n.Kind.IsBlock()
	}
	for _, ch := range b.Chapters {
		ch.Walk(look)
		if found {
			return true
		}
	}
	return false
}
