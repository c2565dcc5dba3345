package check

import (
	"fmt"
	"strings"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// headings returns a chapter's section headings: those at the top level of
// the chapter or in generic containers, not the ones inside lists, quotes
// or tables, as the table of contents reads them. Headings the loader made
// from the manifest's title are left out.
func headings(ch *book.Chapter) []*doc.Node {
	var hs []*doc.Node
	doc.Walk(ch.Blocks, func(n *doc.Node) bool {
		if n.Kind == doc.Heading {
			if !n.Generated {
				hs = append(hs, n)
			}
			return false
		}
		return n.Kind == doc.Div
	})
	return hs
}

// HeadingLevels reports a heading more than one level below the heading
// before it (a level 3 heading after a level 1): readers and tables of
// contents show a missing level. A chapter may start at any level:
// sections are often written from "##".
func HeadingLevels(b *Book, diags *diag.List) {
	for _, ch := range b.Chapters {
		if ch.Failed {
			continue
		}
		prev := 0
		for _, h := range headings(ch) {
			// Levels as written: the loader moved the file's
			// headings to its place in the book, capping them at 1
			// and 6, so subtracting its shift would not give them back.
			level := h.Level
			if h.WrittenLevel != 0 {
				level = int(h.WrittenLevel)
			}
			if prev > 0 && level > prev+1 {
				diags.Add(diag.Diagnostic{Pos: ch.File.Pos(h.Pos), Severity: diag.Warning, Kind: diag.KindHeadingLevel,
					Message: fmt.Sprintf("heading level %d follows level %d: level %d is skipped (write %s)",
						level, prev, prev+1, strings.Repeat("#", prev+1))})
			}
			prev = level
		}
	}
}

// EmptyChapters reports chapters with nothing but headings: an empty file,
// or a title and nothing else. A chapter with sections under it in the
// manifest, or a part's introduction, is a title page and is not reported.
func EmptyChapters(b *Book, diags *diag.List) {
	for i, ch := range b.Chapters {
		if ch.Failed || ch.PartIntro {
			continue
		}
		if i+1 < len(b.Chapters) && b.Chapters[i+1].Depth > ch.Depth && b.Chapters[i+1].Role == ch.Role {
			continue // it has sections
		}
		content := len(ch.Footnotes) > 0
		for _, n := range ch.Blocks {
			if n.Kind != doc.Heading {
				content = true
				break
			}
		}
		if content {
			continue
		}
		if len(headings(ch)) == 0 {
			diags.Warnf(ch.File.Pos(0), "the chapter is empty")
		} else {
			diags.Warnf(ch.File.Pos(0), "the chapter is empty: it has headings and nothing else")
		}
	}
}

// RenamedAnchors reports headings whose anchor repeats an earlier one of
// the same chapter and so got a number ("usage" then "usage-1", as GitHub
// does), where a link in the book is written to that anchor: it reaches
// the first one only, which may not be the one meant. A repeated heading
// nothing links to loses nothing (GitHub, mdBook and HonKit number it
// silently; a book with a "Write the test first" in every chapter's
// every section had hundreds of warnings).
func RenamedAnchors(b *Book, diags *diag.List) {
	type target struct {
		chapter int
		anchor  string
	}
	linked := map[target]diag.Pos{} // the first link to each anchor
	for _, ch := range b.Chapters {
		if ch.Failed {
			continue
		}
		ch.Walk(func(n *doc.Node) bool {
			if n.Kind == doc.Link && n.Link != nil && n.Link.IsInternal() && n.Link.Anchor != "" {
				k := target{n.Link.Chapter, n.Link.Anchor}
				if _, ok := linked[k]; !ok {
					linked[k] = ch.File.Pos(n.Pos)
				}
			}
			return true
		})
	}
	for i, ch := range b.Chapters {
		for _, r := range ch.Renamed {
			if at, ok := linked[target{i, r.From}]; ok {
				diags.Warnf(ch.File.Pos(r.Pos), "heading anchor #%s is already used in this chapter: this heading's anchor is #%s, and the link at %s reaches the first; give this one its own with {#id} if it is meant", r.From, r.To, at)
			}
		}
	}
}
