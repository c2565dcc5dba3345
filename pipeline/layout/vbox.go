package layout

// vbox is one unit of a chapter's vertical flow: a line of text, the space
// between blocks, an image, a table row. The page builder stacks vboxes on
// pages; a vbox never splits. Its items and links are relative to the text
// block's left edge and the vbox's top.
//
// The raw pages of a whole book are held until they are placed, a vbox a
// line: what few boxes have is in boxMore, behind one pointer, so that a
// line costs 96 bytes beside its items.
type vbox struct {
	h      float64
	items  []Item
	frames []*frame // decorations drawn behind the boxes they hold, per page
	// code locates the rows of a code listing in the box (relative, like
	// items): the page model reports them.
	code []CodeRow
	more *boxMore // nil for most boxes: see rare and extra

	// role says what the box is, for the tests of page breaking.
	role boxRole
	// glue is discardable space: dropped at the top of a page; sink marks
	// the space above a chapter's title, which justify leaves as it is.
	glue, sink bool
	// keep forbids a page break between this box and the next: a heading
	// and what follows it, the first and last two lines of a paragraph.
	keep bool
	// newPage starts a page before the box (a chapter), a right-hand page
	// when more.recto is set too.
	newPage bool
	// repeat marks a table's header repeated after a page break inside
	// the table: not content of its own, so a page holding only it and a
	// row too tall for it still takes the row.
	repeat bool
	// float lets the box move to the top of the next page when it does
	// not fit the rest of this one, the boxes after it filling the gap: a
	// figure with its caption.
	float bool
}

// boxMore is what few boxes have: links, destinations, footnotes, what a
// chapter's first box says of the running heads, a table row's header.
type boxMore struct {
	links []Link
	dests []string // destinations at the top of the box
	// notes are footnotes referenced on this line: they go at the foot of
	// its page.
	notes []*note
	// head is the running head from this box's page on: the chapter's
	// title; noHead leaves the box's page without a running head (a
	// chapter opening).
	head    string
	subhead string // the running head of right-hand pages: the section's title
	noHead  bool
	recto   bool // with newPage: the page is a right-hand one
	// header is the header row of the table this row belongs to: after a
	// page break inside the table, it is repeated above the row.
	header *vbox
}

// rare returns what few boxes have, for reading: the zero value when b
// has none of it.
func (b *vbox) rare() boxMore {
	if b.more == nil {
		return boxMore{}
	}
	return *b.more
}

// extra returns what few boxes have, for writing, made on first use.
func (b *vbox) extra() *boxMore {
	if b.more == nil {
		b.more = &boxMore{}
	}
	return b.more
}

// tighten copies the items of pages' boxes that have room to spare (those
// added to after they were set: a list's marker, a heading's label, a table
// row) to an array of their exact size, as setLine and code make theirs:
// the raw pages of the whole book are held until they are placed.
func tighten(pages []*rawPage) {
	for _, p := range pages {
		for _, boxes := range [][]*vbox{p.boxes, p.notes} {
			for _, b := range boxes {
				if len(b.items) < cap(b.items) {
					b.items = exactItems(b.items)
				}
			}
		}
	}
}

// exactItems returns a copy of items in an array of their exact size, nil
// for none.
func exactItems(items ...[]Item) []Item {
	n := 0
	for _, s := range items {
		n += len(s)
	}
	if n == 0 {
		return nil
	}
	out := make([]Item, 0, n)
	for _, s := range items {
		out = append(out, s...)
	}
	return out
}

// boxRole marks lines whose place at a page break matters.
type boxRole uint8

const (
	roleHeading   boxRole = 1 << iota // a line of a heading
	roleFirstLine                     // the first line of a paragraph of two lines or more
	roleLastLine                      // the last line of a paragraph of two lines or more
	roleLeadIn                        // the last line of a paragraph that introduces a listing
)

// frame is a decoration behind a run of consecutive boxes: the ground of a
// code listing, the rule beside a block quote. On each page, a frame is
// drawn from the top of its first box there to the bottom of its last.
type frame struct {
	kind      frameKind
	x, w      float64 // horizontal extent, from the text block's left edge
	padTop    float64 // extra height above the first box and below the last
	padBottom float64
	color     RGB
	lineColor RGB
	lineWidth float64
	// first and last are the frame's first and last boxes: where a page
	// break cuts the frame, its edge there is left open (engine.add sets
	// them).
	first, last *vbox
}

type frameKind uint8

const (
	frameGround frameKind = iota // a filled box, with an outline if lineWidth > 0
	frameRule                    // a vertical rule at x
)

// note is a footnote to place at the foot of the page that references it.
type note struct {
	boxes []*vbox // its lines, already set
	h     float64
}

// space returns discardable vertical space.
func space(h float64) *vbox {
	return &vbox{h: h, glue: true}
}
