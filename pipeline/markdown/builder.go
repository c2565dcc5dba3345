package markdown

import (
	"strings"

	"github.com/gobook/ebook/pipeline/doc"
)

// builder assembles a chapter's tree from two interleaved sources: the
// Markdown AST, whose nodes always nest properly, and raw HTML tags, which
// arrive one at a time and may be unclosed, stray or misplaced. It keeps a
// stack of open nodes and repairs the content model as it goes, the way an
// HTML parser does, so that the result is always a valid tree: blocks never
// inside inlines, list items only in lists, cells only in rows, no link
// inside a link. Raw HTML can close only what raw HTML opened: a Markdown
// container is a boundary an end tag never crosses.
type builder struct {
	stack []frame
	// soft is a line break inside a paragraph waiting for the next character
	// to decide whether it is a space (Latin text) or nothing (between East
	// Asian characters); lastRune is the last character added, the one
	// before such a break.
	soft     pendingBreak
	lastRune rune
	// cjk is set for Chinese and Japanese books, where punctuation of
	// ambiguous width (“ ” … —) is set full width and so joins lines like
	// Han characters do.
	cjk bool
}

// pendingBreak is where a soft line break's space goes if it is one: at
// index in parent's children, which is before any element opened since (a
// space before a link belongs outside it).
type pendingBreak struct {
	active bool
	before rune
	parent *doc.Node
	index  int
}

type frame struct {
	node     *doc.Node
	tag      string // the HTML element that opened the frame; "" for Markdown and implicit nodes
	boundary bool   // a Markdown container
	implicit bool   // opened by the builder to hold misplaced content
	capture  bool   // collects the text of its content into node.Text (pre, code, kbd)
	headRows bool   // rows opened in this frame belong to the table head (thead)
}

func newBuilder(root *doc.Node, cjk bool) *builder {
	return &builder{stack: []frame{{node: root, boundary: true}}, cjk: cjk}
}

func (b *builder) top() *frame { return &b.stack[len(b.stack)-1] }

func (b *builder) pop() {
	f := b.top()
	if f.node.Kind.IsBlock() {
		b.soft.active = false // a soft break at the end of a paragraph is nothing
	}
	if f.implicit && f.node.Kind == doc.Plain {
		trimSpace(f.node, len(b.stack) > 1, b.stack[len(b.stack)-2].node)
	}
	b.stack = b.stack[:len(b.stack)-1]
}

// trimSpace removes the white space that raw HTML leaves at the edges of an
// implicit paragraph (the line breaks around an <img> in an HTML block), and
// the paragraph itself when nothing else is left.
func trimSpace(n *doc.Node, hasParent bool, parent *doc.Node) {
	if c := n.Children; len(c) > 0 && c[0].Kind == doc.Text {
		c[0].Text = strings.TrimLeft(c[0].Text, " ")
	}
	if c := n.Children; len(c) > 0 && c[len(c)-1].Kind == doc.Text {
		c[len(c)-1].Text = strings.TrimRight(c[len(c)-1].Text, " ")
	}
	kept := n.Children[:0]
	for _, c := range n.Children {
		if c.Kind != doc.Text || c.Text != "" {
			kept = append(kept, c)
		}
	}
	n.Children = kept
	if len(kept) == 0 && hasParent {
		if pc := parent.Children; len(pc) > 0 && pc[len(pc)-1] == n {
			parent.Children = pc[:len(pc)-1]
		}
	}
}

// parentKind is the kind a node of kind k must be placed in, or 0 when any
// container of the right category will do.
func parentKind(k doc.Kind) doc.Kind {
	switch k {
	case doc.ListItem:
		return doc.List
	case doc.TableRow, doc.Caption:
		return doc.Table
	case doc.TableCell:
		return doc.TableRow
	case doc.DefinitionTerm, doc.DefinitionDesc:
		return doc.DefinitionList
	}
	return 0
}

// parentOf is parentKind for the open nodes: a caption goes in the
// innermost open table (<caption>) or figure (<figcaption>).
func (b *builder) parentOf(k doc.Kind) doc.Kind {
	if k == doc.Caption && b.findOpen(doc.Figure) > b.findOpen(doc.Table) {
		return doc.Figure
	}
	return parentKind(k)
}

// findOpen returns the index of the innermost open frame of kind k at or
// above the innermost boundary, or -1. Frames above a boundary are the ones
// raw HTML may close.
func (b *builder) findOpen(k doc.Kind) int {
	for i := len(b.stack) - 1; i >= 0; i-- {
		f := &b.stack[i]
		if f.node.Kind == k {
			return i
		}
		if f.boundary {
			return -1
		}
	}
	return -1
}

// inTableHead reports whether rows opened now belong to a table's head: a
// <thead> is open in the innermost open table.
func (b *builder) inTableHead() bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		f := &b.stack[i]
		if f.headRows {
			return true
		}
		if f.node.Kind == doc.Table {
			return false
		}
	}
	return false
}

// findOpenAny returns the index of the innermost open frame of kind k,
// across boundaries, or -1.
func (b *builder) findOpenAny(k doc.Kind) int {
	for i := len(b.stack) - 1; i >= 0; i-- {
		if b.stack[i].node.Kind == k {
			return i
		}
	}
	return -1
}

// inlineContext reports whether a block opened now would have to go inside
// an inline container that cannot be closed (a Markdown paragraph, heading or
// emphasis): such HTML blocks are turned into spans by the caller.
func (b *builder) inlineContext() bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		f := &b.stack[i]
		if !f.node.Kind.HoldsInlines() {
			return false
		}
		if f.boundary {
			return true
		}
	}
	return false
}

// inLink reports whether a link is open anywhere: links never nest.
func (b *builder) inLink() bool {
	return b.findOpenAny(doc.Link) >= 0
}

// canPlace reports whether a node of kind k has a place: a node that needs a
// particular parent (a list item, row, cell, term) needs it open, or, for a
// cell, an open table to hold an implicit row.
func (b *builder) canPlace(k doc.Kind) bool {
	p := b.parentOf(k)
	if p == 0 {
		return !k.IsBlock() || !b.inlineContext()
	}
	if b.findOpen(p) >= 0 {
		return true
	}
	return k == doc.TableCell && b.findOpen(doc.Table) >= 0
}

// place appends n to the innermost open node that may hold it, closing
// HTML-opened and implicit nodes and opening implicit ones as needed. The
// caller has checked canPlace.
func (b *builder) place(n *doc.Node) {
	k := n.Kind
	for b.top().capture {
		b.pop() // an element inside <pre> or <code> ends it: they hold text only
	}
	if p := b.parentOf(k); p != 0 {
		if i := b.findOpen(p); i >= 0 {
			b.stack = b.stack[:i+1]
		} else if k == doc.TableCell {
			b.stack = b.stack[:b.findOpen(doc.Table)+1]
			b.openImplicit(doc.TableRow)
		}
		b.appendChild(n)
		return
	}
	if k.IsBlock() {
		for b.top().node.Kind.HoldsInlines() && !b.top().boundary {
			b.pop()
		}
	}
	b.fitContainer(k)
	if !k.IsBlock() && !b.top().node.Kind.HoldsInlines() {
		b.openImplicit(doc.Plain)
	}
	b.appendChild(n)
}

// fitContainer opens implicit nodes so that the top of the stack is a
// container that accepts ordinary content: text in a list goes into an
// implicit item, text in a table into an implicit cell.
func (b *builder) fitContainer(k doc.Kind) {
	for {
		switch b.top().node.Kind {
		case doc.List:
			b.openImplicit(doc.ListItem)
		case doc.Table:
			b.openImplicit(doc.TableRow)
		case doc.TableRow:
			b.openImplicit(doc.TableCell)
		case doc.DefinitionList:
			b.openImplicit(doc.DefinitionDesc)
		default:
			return
		}
	}
}

func (b *builder) openImplicit(k doc.Kind) {
	n := &doc.Node{Kind: k, Pos: -1}
	if k == doc.TableRow && b.top().headRows {
		n.Header = true
	}
	b.appendChild(n)
	b.stack = append(b.stack, frame{node: n, implicit: true})
}

func (b *builder) appendChild(n *doc.Node) {
	t := b.top().node
	t.Children = append(t.Children, n)
}

// firstRuneOf is the first character a reader sees of inline n, for the soft
// line break rule.
func firstRuneOf(n *doc.Node) rune {
	switch n.Kind {
	case doc.Text, doc.Code, doc.Kbd:
		return firstRune(n.Text)
	}
	if len(n.Children) > 0 {
		return firstRuneOf(n.Children[0])
	}
	return 'x' // an image or break: a Latin-like neighbour keeps the space
}

// open places n and makes it the innermost open node. tag is the HTML element
// that opened it, or "" for a Markdown container.
func (b *builder) open(n *doc.Node, tag string) *frame {
	// A pending soft break stays pending: the element's first character,
	// not known yet, decides it.
	b.place(n)
	b.stack = append(b.stack, frame{node: n, tag: tag, boundary: tag == ""})
	return b.top()
}

// closeNode closes Markdown container n and everything opened inside it.
func (b *builder) closeNode(n *doc.Node) {
	for len(b.stack) > 1 {
		f := b.top()
		b.pop()
		if f.node == n {
			return
		}
	}
}

// finish closes every open node.
func (b *builder) finish() {
	for len(b.stack) > 1 {
		b.pop()
	}
	b.soft.active = false
}

// closeTag closes the innermost element opened by HTML tag, and everything
// opened inside it, provided no Markdown container lies in between. It
// reports whether there was such an element.
func (b *builder) closeTag(tag string) bool {
	for i := len(b.stack) - 1; i > 0; i-- {
		f := &b.stack[i]
		if f.tag == tag {
			for len(b.stack) > i {
				b.pop()
			}
			return true
		}
		if f.boundary {
			return false
		}
	}
	return false
}

// leaf places a node without children (or with children already built).
func (b *builder) leaf(n *doc.Node) {
	if !n.Kind.IsBlock() {
		b.flushSoft(firstRuneOf(n))
		switch n.Kind {
		case doc.Code, doc.Kbd:
			b.lastRune = lastRune(n.Text)
		default:
			b.lastRune = 'x' // an image or note: a Latin-like neighbour
		}
	}
	b.place(n)
}

// text appends text, merging it with a preceding text node.
func (b *builder) text(s string, pos int) {
	if s == "" {
		return
	}
	b.flushSoft(firstRune(s))
	b.lastRune = lastRune(s)
	if f := b.top(); f.capture {
		f.node.Text += s
		return
	}
	if b.top().node.Kind.HoldsInlines() {
		if t := b.top().node; len(t.Children) > 0 {
			if last := t.Children[len(t.Children)-1]; last.Kind == doc.Text {
				last.Text += s
				return
			}
		}
	} else if strings.TrimSpace(s) == "" {
		return // white space between blocks is not content
	}
	b.place(&doc.Node{Kind: doc.Text, Text: s, Pos: pos})
}

// softBreak records a soft line break after the last character added; the
// next character decides whether it becomes a space.
func (b *builder) softBreak() {
	top := b.top().node
	b.soft = pendingBreak{active: true, before: b.lastRune, parent: top, index: len(top.Children)}
}

// flushSoft settles a pending soft break now that the character after it is
// known, putting its space where the break was.
func (b *builder) flushSoft(after rune) {
	if !b.soft.active {
		return
	}
	p, i := b.soft.parent, b.soft.index
	b.soft.active = false
	if removesSoftBreak(b.soft.before, after, b.cjk) {
		return
	}
	if i > 0 && p.Children[i-1].Kind == doc.Text {
		p.Children[i-1].Text += " "
		return
	}
	space := &doc.Node{Kind: doc.Text, Text: " ", Pos: -1}
	p.Children = append(p.Children[:i], append([]*doc.Node{space}, p.Children[i:]...)...)
}
