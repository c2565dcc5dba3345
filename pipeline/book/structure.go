package book

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// altText warns at every image of ch that has no alternative text, which a
// reader who cannot see it would miss: neither its own (![text](x.png))
// nor a caption that describes it (see markdown.Captions). Under PDF/UA-1
// pdf.CheckUA puts an error in place of the warning (diag.KindAltText).
func (l *loader) altText(ch *Chapter) {
	visit := func(n *doc.Node) bool {
		if n.Kind == doc.Image && strings.TrimSpace(n.Text) == "" {
			l.diags.Add(diag.Diagnostic{Pos: ch.File.Pos(n.Pos), Severity: diag.Warning, Kind: diag.KindAltText,
				Message: fmt.Sprintf("image %s has no alternative text: describe it in ![...], or give it a caption (图 1-1 …) on the line under it", n.URL)})
		}
		return true
	}
	ch.Walk(visit)
}

// structure makes each chapter's headings follow the book's structure and
// marks its epigraph: the first heading of a chapter file is at the level
// of its place in the manifest (1 for a chapter, 2 for a section, 3 for a
// subsection...), whatever number of # it was written with, and the
// file's other headings move with it. GitBook books write sections with #
// as often as with ##; printed at the level written, a section would look
// like a chapter.
func (l *loader) structure() {
	for _, ch := range l.book.Chapters {
		first := firstHeading(ch.Blocks)
		if first == nil {
			continue
		}
		ch.HeadingShift = ch.Depth + 1 - first.Level
		if ch.HeadingShift != 0 {
			doc.Walk(ch.Blocks, func(n *doc.Node) bool {
				if n.Kind == doc.Heading {
					// The written level is kept for ebook check: where the
					// level is capped, it cannot be computed back.
					n.WrittenLevel = uint8(n.Level)
					n.Level = min(max(n.Level+ch.HeadingShift, 1), 6)
				}
				return true
			})
		}
		if ch.Depth == 0 {
			ch.Blocks = epigraph(ch.Blocks, ch.titles)
		}
	}
}

// epigraph returns blocks with the epigraph of a chapter marked: the
// paragraphs right after the chapter's title that are wholly emphasised
// ("*道可道，非常道。*" and "*——老子*"), before any other text. They go
// into an Epigraph node, without the emphasis, which writers set as an
// epigraph rather than as emphasised text. A paragraph at one of the
// offsets titles is a title GitBook's templates wrote, never an epigraph.
func epigraph(blocks []*doc.Node, titles []int) []*doc.Node {
	i := 0
	for i < len(blocks) && blocks[i].Kind != doc.Heading {
		if blocks[i].Kind == doc.Paragraph || blocks[i].Kind == doc.Heading {
			return blocks // text before the title: no epigraph
		}
		i++
	}
	if i == len(blocks) {
		return blocks
	}
	start := i + 1
	end := start
	var paras []*doc.Node
	for end < len(blocks) {
		inner := emphasised(blocks[end])
		if inner == nil || slices.Contains(titles, blocks[end].Pos) {
			break
		}
		paras = append(paras, &doc.Node{Kind: doc.Paragraph, Pos: blocks[end].Pos, ID: blocks[end].ID, Lang: blocks[end].Lang, Children: inner})
		end++
	}
	if len(paras) == 0 {
		return blocks
	}
	ep := &doc.Node{Kind: doc.Epigraph, Pos: paras[0].Pos, Children: paras}
	out := append(append(append([]*doc.Node(nil), blocks[:start]...), ep), blocks[end:]...)
	return out
}

// emphasised returns the content of paragraph p when all of it is one
// emphasis (or strong emphasis), or nil.
func emphasised(p *doc.Node) []*doc.Node {
	if p.Kind != doc.Paragraph {
		return nil
	}
	var em *doc.Node
	for _, c := range p.Children {
		switch {
		case c.Kind == doc.Text && strings.TrimSpace(c.Text) == "":
		case (c.Kind == doc.Emph || c.Kind == doc.Strong) && em == nil:
			em = c
		default:
			return nil
		}
	}
	if em == nil || strings.TrimSpace(doc.InlineText(em.Children)) == "" {
		return nil
	}
	return em.Children
}
