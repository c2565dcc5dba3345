package book

import (
	"strings"

	"github.com/gobook/ebook/pipeline/doc"
)

// TOCEntry is one entry of the table of contents. Its children are the
// headings of its chapter (Children) followed by the chapters or sections the
// manifest nests under it (Sections); Entries returns both.
type TOCEntry struct {
	Title    string
	Kind     TOCKind
	Chapter  int    // index of the chapter the entry opens; for a part without introduction, its first chapter
	Anchor   string // heading id; "" for the start of the chapter
	Linked   bool   // false for a part without an introduction file: a heading over its chapters
	Children []*TOCEntry
	Sections []*TOCEntry
}

// Entries returns the entries nested under e, in reading order.
func (e *TOCEntry) Entries() []*TOCEntry {
	if len(e.Sections) == 0 {
		return e.Children
	}
	return append(append([]*TOCEntry(nil), e.Children...), e.Sections...)
}

// TOCKind says what an entry stands for.
type TOCKind uint8

// Kinds of TOC entries.
const (
	TOCPart TOCKind = iota
	TOCChapter
	TOCHeading
)

// toc completes the table of contents with chapter titles and, under each
// chapter, its headings down to the TOC depth.
func (l *loader) toc() {
	depth := l.book.Manifest.TOCDepth()
	for _, ch := range l.book.Chapters {
		t := l.tocOf[ch.Index]
		if t.Kind == TOCChapter {
			t.Title = ch.Title
		}
		t.Children = headingEntries(ch, depth)
	}
}

// headingEntries lists a chapter's headings of level at most depth, nested
// by level, leaving out the first heading: it is the chapter's own entry.
func headingEntries(ch *Chapter, depth int) []*TOCEntry {
	var heads []*doc.Node
	doc.Walk(ch.Blocks, func(n *doc.Node) bool {
		if n.Kind == doc.Heading {
			heads = append(heads, n)
			return false
		}
		// Headings inside lists, quotes or tables are not sections.
		return n.Kind == doc.Div
	})
	if len(heads) == 0 {
		return nil
	}
	type open struct {
		level int
		entry *TOCEntry
	}
	var root TOCEntry
	stack := []open{{level: heads[0].Level, entry: &root}}
	for _, h := range heads[1:] {
		if h.Level > depth {
			continue
		}
		title := strings.TrimSpace(doc.InlineText(h.Children))
		if title == "" {
			continue
		}
		e := &TOCEntry{Title: title, Kind: TOCHeading, Chapter: ch.Index, Anchor: h.ID, Linked: true}
		for len(stack) > 1 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].entry
		parent.Children = append(parent.Children, e)
		stack = append(stack, open{level: h.Level, entry: e})
	}
	return root.Children
}
