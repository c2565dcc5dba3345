package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// PageStart is where a page of the document starts in the book's document
// model: what an EPUB made from the same book marks as the start of the
// printed page (its page list).
type PageStart struct {
	// Label is the page's number as the PDF shows it (iii, 12; empty on
	// the cover).
	Label string
	// Chapter is the index of the chapter the page starts in.
	Chapter int
	// Node is the block the page starts with: a paragraph, heading,
	// caption, listing, figure; nil for the start of Chapter.
	Node *doc.Node
	// Offset is where in Node the page starts, in bytes: of the plain
	// text of its inlines (doc.InlineText) for a block of text, at the
	// first character the page shows; of its Text, at the start of the
	// page's first line, for a listing. 0 for a page that starts at the
	// node's start.
	Offset int
}

// PageStarts returns where each page of d, laid out from b, starts in
// b's chapters, from the first item on the page that shows a node of
// them (not an artifact, nor the title page or the printed contents,
// whose nodes the layout made). A page that shows none (a blank page,
// the cover, the title page, the contents) starts where the next page
// that does starts, as publishers' page lists put a blank page's number
// with the next page's; pages after the last such page start at the end
// of the last one's start.
func PageStarts(d *Document, b *book.Book) []PageStart {
	// Every block of the chapters, with its chapter and its place in
	// reading order: -1 for the blocks of footnotes, which are read
	// where they are referred to and start a page only when nothing else
	// does.
	chapterOf := map[*doc.Node]int{}
	order := map[*doc.Node]int{}
	for _, ch := range b.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind.IsBlock() {
				chapterOf[n] = ch.Index
				order[n] = len(order)
			}
			return true
		})
		for _, fn := range ch.Footnotes {
			doc.Walk(fn.Blocks, func(n *doc.Node) bool {
				if n.Kind.IsBlock() {
					chapterOf[n] = ch.Index
					order[n] = -1
				}
				return true
			})
		}
	}
	out := make([]PageStart, len(d.Pages))
	found := make([]bool, len(d.Pages))
	// seen counts the characters (not white space) of each block of
	// text drawn on the pages before: where a page that starts inside a
	// paragraph starts in its text.
	seen := map[*doc.Node]int{}
	// begun marks the blocks shown on the pages before; lineSeen counts
	// the characters of each listing's line shown there (a wrapped line
	// a page break cuts).
	begun := map[*doc.Node]bool{}
	shown := -1 // the last block in reading order the pages before show
	lineSeen := map[codeLine]int{}
	for i, p := range d.Pages {
		out[i].Label = p.Label
		if !p.Blank {
			if n := firstNode(p, order, begun, shown); n != nil {
				found[i] = true
				out[i].Chapter, out[i].Node = chapterOf[n], n
				switch {
				case n.Kind == doc.CodeBlock:
					out[i].Offset = listingOffset(p, n, lineSeen)
				case n.Kind.HoldsInlines():
					out[i].Offset = textOffset(doc.InlineText(n.Children), seen[n])
				}
			}
		}
		rows := map[codeRowKey]int{}
		for _, r := range p.Code {
			rows[codeRowKey{r.Listing, r.Y}] = r.Line
		}
		for _, it := range p.Items {
			if it.Node == nil || it.Role != RoleText {
				continue
			}
			begun[it.Node] = true
			if k, ok := order[it.Node]; ok {
				shown = max(shown, k)
			}
			if it.Node.Kind == doc.CodeBlock && it.Kind == Glyphs {
				if line, ok := rows[codeRowKey{it.Node, it.Y}]; ok {
					lineSeen[codeLine{it.Node, line}] += visible(it.Text)
				}
				continue
			}
			if !it.Node.Kind.HoldsInlines() {
				continue
			}
			switch {
			case it.Inline != nil && it.Inline.Kind == doc.FootnoteRef:
				// A reference's number, not in the paragraph's text.
			case it.Kind == Glyphs:
				seen[it.Node] += visible(it.Text)
			case it.Kind == Picture && it.Inline != nil && it.Inline.Kind == doc.Image:
				seen[it.Node] += visible(it.Inline.Text)
			}
		}
	}
	// Pages that show nothing of the chapters take the next page's start;
	// those after the last that shows anything (none in a laid-out book,
	// which ends with its text) the last one's.
	from := -1
	for i := len(out) - 1; i >= 0; i-- {
		if found[i] {
			from = i
		} else if from >= 0 {
			out[i].Chapter, out[i].Node, out[i].Offset = out[from].Chapter, out[from].Node, out[from].Offset
		}
	}
	from = -1
	for i := range out {
		if found[i] {
			from = i
		} else if i > from && from >= 0 && !laterFound(found, i) {
			out[i].Chapter, out[i].Node, out[i].Offset = out[from].Chapter, out[from].Node, out[from].Offset
		}
	}
	return out
}

// laterFound reports whether a page after i shows something.
func laterFound(found []bool, i int) bool {
	for _, f := range found[i+1:] {
		if f {
			return true
		}
	}
	return false
}

// codeLine is a line of a listing; codeRowKey a row of one on a page.
type codeLine struct {
	listing *doc.Node
	line    int
}

type codeRowKey struct {
	listing *doc.Node
	y       float64
}

// firstNode returns the block of the chapters page p starts with, in
// reading order: a block begun on a page before that goes on here, or
// the first block after those the pages before show (shown), or the
// first block shown, or a footnote. Items are drawn top to bottom (the text block's
// boxes before the footnotes, a list item's text before its marker), but
// a figure that waited for this page is drawn at its top while the text
// that filled the gap it left comes before it in reading order.
func firstNode(p *Page, order map[*doc.Node]int, begun map[*doc.Node]bool, shown int) *doc.Node {
	var first, next, note *doc.Node
	for _, it := range p.Items {
		if it.Node == nil || it.Furniture || it.Role != RoleText || (it.Kind != Glyphs && it.Kind != Picture) {
			continue
		}
		if it.Kind == Glyphs && strings.TrimSpace(it.Text) == "" {
			continue
		}
		k, ok := order[it.Node]
		if !ok {
			continue
		}
		if k < 0 {
			if note == nil {
				note = it.Node
			}
			continue
		}
		if begun[it.Node] {
			return it.Node
		}
		if first == nil {
			first = it.Node
		}
		if next == nil && k > shown {
			next = it.Node
		}
	}
	if next != nil {
		return next
	}
	if first != nil {
		return first
	}
	return note
}

// listingOffset is the byte offset, in listing n's text, of the first
// character page p shows of it: the start of a line, or inside a line
// wrapped over a page break, after the characters the pages before show
// (seen).
func listingOffset(p *Page, n *doc.Node, seen map[codeLine]int) int {
	line := -1
	for _, r := range p.Code {
		if r.Listing == n {
			line = r.Line
			break
		}
	}
	off := 0
	for k := 0; k < line; k++ {
		i := strings.IndexByte(n.Text[off:], '\n')
		if i < 0 {
			return off
		}
		off += i + 1
	}
	if line >= 0 {
		text := n.Text[off:]
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			text = text[:i]
		}
		off += textOffset(text, seen[codeLine{n, line}])
	}
	return off
}

// textOffset is the byte offset in text of the character after the first
// chars characters that are not white space (the page's first character),
// or len(text).
func textOffset(text string, chars int) int {
	if chars <= 0 {
		return 0
	}
	for i, r := range text {
		if countable(r) {
			if chars == 0 {
				return i
			}
			chars--
		}
	}
	return len(text)
}

// visible counts the characters of s that are not white space.
func visible(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if countable(r) {
			n++
		}
		s = s[size:]
	}
	return n
}

// countable reports whether r is counted to locate a page's start in its
// paragraph: white space and the soft hyphen (drawn as a hyphen at a line
// end, as nothing elsewhere) differ between the text and the lines.
func countable(r rune) bool {
	return !unicode.IsSpace(r) && r != '\u00ad' && r != '\u200b'
}
