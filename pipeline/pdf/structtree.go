package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// tagging is what the structure tree is built from: the book's document
// model, in reading order, and the marked content of each page, which
// says which node each sequence shows (planTags).
type tagging struct {
	book  *book.Book
	pages []pageTags
}

// selem is an element of the structure tree.
type selem struct {
	typ    string
	parent *selem
	kids   []skid
	alt    string
	lang   string
	attrs  string // an attribute dictionary, written as it is
	node   *doc.Node
	id     int
	pg     int // the page of its first marked content, -1 for none
}

// skid is an element's child: an element, or marked content of a page.
type skid struct {
	e    *selem
	page int
	mcid int32
}

// ref is a marked-content sequence: its page and MCID.
type ref struct {
	page int
	mcid int32
}

// treeBuilder builds the structure tree from the document model: the
// elements follow the book's reading order; each takes the marked content
// of its node, in the order the pages show it, whatever order it was
// drawn in.
type treeBuilder struct {
	tg      tagging
	refs    map[*doc.Node][]ref
	title   []*doc.Node // the nodes of the title page and the contents, in order
	toc     []*doc.Node
	parents [][]*selem // by page and MCID: the element that holds it
	count   int
}

func newTreeBuilder(tg tagging) *treeBuilder {
	t := &treeBuilder{tg: tg, refs: map[*doc.Node][]ref{}, parents: make([][]*selem, len(tg.pages))}
	for pi, p := range tg.pages {
		t.parents[pi] = make([]*selem, len(p.marks))
		for mi, m := range p.marks {
			if _, seen := t.refs[m.node]; !seen {
				switch m.role {
				case layout.RoleTitle:
					t.title = append(t.title, m.node)
				case layout.RoleContents:
					t.toc = append(t.toc, m.node)
				}
			}
			t.refs[m.node] = append(t.refs[m.node], ref{pi, int32(mi)})
		}
	}
	return t
}

func (t *treeBuilder) add(parent *selem, typ string, n *doc.Node) *selem {
	e := &selem{typ: typ, parent: parent, node: n, pg: -1}
	if n != nil && n.Lang != "" && n.Kind != doc.CodeBlock {
		e.lang = n.Lang
	}
	if parent != nil {
		parent.kids = append(parent.kids, skid{e: e})
	}
	t.count++
	return e
}

// mcr gives e the marked content r.
func (t *treeBuilder) mcr(e *selem, r ref) {
	if t.parents[r.page][r.mcid] != nil {
		return // already in the tree
	}
	if e.pg < 0 {
		e.pg = r.page
	}
	e.kids = append(e.kids, skid{page: r.page, mcid: r.mcid})
	t.parents[r.page][r.mcid] = e
}

// inlineType is the structure type of an inline node's element.
func inlineType(n *doc.Node) string {
	switch n.Kind {
	case doc.Link:
		return "Link"
	case doc.Code, doc.Kbd:
		return "Code"
	case doc.FootnoteRef:
		return "Reference"
	case doc.Image:
		return "Figure"
	}
	return "Span"
}

// content gives e the marked content of node n: its text, a label (Lbl)
// and inline elements (links, code, references) in the order they read.
func (t *treeBuilder) content(e *selem, n *doc.Node) {
	var cur *selem // the inline or label element being filled
	for _, r := range t.refs[n] {
		m := &t.tg.pages[r.page].marks[r.mcid]
		switch {
		case m.role == layout.RoleLabel:
			if cur == nil || cur.typ != "Lbl" {
				cur = t.add(e, "Lbl", nil)
			}
			t.mcr(cur, r)
		case m.inline != nil:
			if cur == nil || cur.node != m.inline {
				cur = t.add(e, inlineType(m.inline), m.inline)
				if m.inline.Kind == doc.Image {
					cur.alt = m.inline.Text
				}
			}
			t.mcr(cur, r)
		default:
			cur = nil
			t.mcr(e, r)
		}
	}
}

func (t *treeBuilder) blocks(parent *selem, nodes []*doc.Node) {
	for _, n := range nodes {
		t.block(parent, n)
	}
}

func (t *treeBuilder) block(parent *selem, n *doc.Node) {
	switch n.Kind {
	case doc.Paragraph, doc.Plain, doc.DefinitionTerm:
		t.content(t.add(parent, "P", n), n)
	case doc.Heading:
		t.content(t.add(parent, "H"+strconv.Itoa(min(max(n.Level, 1), 6)), n), n)
	case doc.Caption:
		t.content(t.add(parent, "Caption", n), n)
	case doc.CodeBlock:
		t.content(t.add(parent, "Code", n), n)
	case doc.BlockQuote, doc.Epigraph:
		t.blocks(t.add(parent, "BlockQuote", n), n.Children)
	case doc.List:
		t.blocks(t.add(parent, "L", n), n.Children)
	case doc.ListItem:
		li := t.add(parent, "LI", n)
		t.content(li, n) // the marker
		t.blocks(t.add(li, "LBody", nil), n.Children)
	case doc.Table:
		tab := t.add(parent, "Table", n)
		var head, body *selem
		for _, r := range n.Children {
			switch {
			case r.Kind != doc.TableRow:
				t.block(tab, r) // the caption
			case r.Header:
				if head == nil {
					head = t.add(tab, "THead", nil)
				}
				t.block(head, r)
			default:
				if body == nil {
					body = t.add(tab, "TBody", nil)
				}
				t.block(body, r)
			}
		}
	case doc.TableRow:
		tr := t.add(parent, "TR", n)
		for _, c := range n.Children {
			cell := t.add(tr, "TD", c)
			if c.Header || n.Header {
				cell.typ = "TH"
				cell.attrs = "<< /O /Table /Scope /Column >>"
			}
			if c.ColSpan > 1 || c.RowSpan > 1 {
				cell.attrs = fmt.Sprintf("<< /O /Table /ColSpan %d /RowSpan %d%s >>", max(c.ColSpan, 1), max(c.RowSpan, 1),
					map[bool]string{true: " /Scope /Column"}[cell.typ == "TH"])
			}
			t.blocks(cell, c.Children)
		}
	case doc.Figure:
		var img *doc.Node
		for _, c := range n.Children {
			if c.Kind == doc.Image {
				img = c
			}
		}
		if img == nil {
			t.blocks(t.add(parent, "Div", n), n.Children)
			return
		}
		fig := t.add(parent, "Figure", n)
		fig.alt = img.Text
		t.content(fig, n)
		for _, c := range n.Children {
			if c.Kind == doc.Caption {
				t.block(fig, c)
			}
		}
	case doc.SVG:
		t.content(t.add(parent, "Figure", n), n)
	case doc.ThematicBreak:
	default:
		e := t.add(parent, "Div", n)
		if n.Kind.HoldsInlines() {
			t.content(e, n)
		} else {
			t.blocks(e, n.Children)
		}
	}
}

// build returns the tree's root, the Document element, and how many
// marked-content sequences no node of the book claimed (kept in a Div at
// the end, so that every one is in the tree).
func (t *treeBuilder) build() (*selem, int) {
	root := t.add(nil, "Document", nil)
	for _, n := range t.title {
		t.content(t.add(root, "P", n), n)
	}
	if len(t.toc) > 0 {
		toc := t.add(root, "TOC", nil)
		for _, n := range t.toc {
			t.content(t.add(t.add(toc, "TOCI", nil), "P", n), n)
		}
	}
	for _, ch := range t.tg.book.Chapters {
		sect := t.add(root, "Sect", nil)
		t.blocks(sect, ch.Blocks)
		for _, fn := range ch.Footnotes {
			t.blocks(t.add(sect, "Note", nil), fn.Blocks)
		}
	}
	stray := 0
	var rest *selem
	for pi, p := range t.tg.pages {
		for mi := range p.marks {
			if t.parents[pi][mi] == nil {
				if rest == nil {
					rest = t.add(root, "Div", nil)
				}
				stray++
				t.mcr(rest, ref{pi, int32(mi)})
			}
		}
	}
	prune(root)
	return root, stray
}

// prune drops the elements without content below them, but for table
// cells: an empty cell keeps the table's rows regular.
func prune(e *selem) bool {
	kids := e.kids[:0]
	for _, k := range e.kids {
		if k.e == nil || prune(k.e) {
			kids = append(kids, k)
		}
	}
	e.kids = kids
	return len(kids) > 0 || e.typ == "TD" || e.typ == "TH"
}

// structTree writes the structure tree and returns the number of its root
// (0 when the document has no marked content).
func (u *update) structTree(f *pdfFile, tg tagging) (int, error) {
	t := newTreeBuilder(tg)
	root, _ := t.build()
	if len(root.kids) == 0 {
		return 0, nil
	}
	treeID := u.reserve()
	var number func(e *selem)
	number = func(e *selem) {
		e.id = u.reserve()
		for _, k := range e.kids {
			if k.e != nil {
				number(k.e)
			}
		}
	}
	number(root)
	var b strings.Builder
	var write func(e *selem)
	write = func(e *selem) {
		b.Reset()
		b.WriteString("<< /Type /StructElem /S /")
		b.WriteString(e.typ)
		parent := treeID
		if e.parent != nil {
			parent = e.parent.id
		}
		fmt.Fprintf(&b, " /P %d 0 R", parent)
		if e.pg >= 0 {
			fmt.Fprintf(&b, " /Pg %d 0 R", f.pages[e.pg])
		}
		if e.alt != "" || e.typ == "Figure" {
			b.WriteString(" /Alt ")
			b.WriteString(text(e.alt))
		}
		if e.lang != "" {
			b.WriteString(" /Lang ")
			b.WriteString(literal(e.lang))
		}
		if e.attrs != "" {
			b.WriteString(" /A ")
			b.WriteString(e.attrs)
		}
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch {
			case k.e != nil:
				fmt.Fprintf(&b, " %d 0 R", k.e.id)
			case k.page == e.pg:
				fmt.Fprintf(&b, " %d", k.mcid)
			default:
				fmt.Fprintf(&b, " << /Type /MCR /Pg %d 0 R /MCID %d >>", f.pages[k.page], k.mcid)
			}
		}
		b.WriteString(" ] >>")
		u.object(e.id, b.String())
		for _, k := range e.kids {
			if k.e != nil {
				write(k.e)
			}
		}
	}
	write(root)
	// The parent tree: for each page (its key is its index), the element
	// of each of its MCIDs.
	ptID := u.reserve()
	b.Reset()
	b.WriteString("<< /Nums [")
	for pi, ps := range t.parents {
		if len(ps) == 0 {
			continue
		}
		fmt.Fprintf(&b, " %d [", pi)
		for _, e := range ps {
			fmt.Fprintf(&b, " %d 0 R", e.id)
		}
		b.WriteString(" ]")
	}
	b.WriteString(" ] >>")
	u.object(ptID, b.String())
	u.object(treeID, fmt.Sprintf("<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>", root.id, ptID, len(tg.pages)))
	return treeID, nil
}

// tagPages redefines the pages: each with its key in the parent tree
// (/StructParents) and the tab order of its annotations, the structure's
// (/Tabs /S).
func (u *update) tagPages(src []byte, f *pdfFile, tg tagging) error {
	x, err := scanXref(src)
	if err != nil {
		return err
	}
	for pi, id := range f.pages {
		if id < 1 || id > len(x.offsets) {
			return fmt.Errorf("page %d is object %d, which does not exist", pi+1, id)
		}
		body := src[x.offsets[id-1]:]
		// Not string(body): that copied the rest of the file for each
		// page (0.13 s for gopl-zh's 600 pages).
		end := bytes.Index(body[:min(len(body), 1<<16)], []byte("endobj"))
		head := fmt.Sprintf("%d 0 obj", id)
		if end < 0 || !bytes.HasPrefix(body, []byte(head)) {
			return fmt.Errorf("page %d: object %d not found", pi+1, id)
		}
		dict := strings.TrimSpace(string(body[len(head):end]))
		if !strings.HasSuffix(dict, ">>") || strings.Contains(dict, "stream") {
			return fmt.Errorf("page %d: object %d is not a dictionary", pi+1, id)
		}
		extra := " /Tabs /S"
		if len(tg.pages[pi].marks) > 0 {
			extra += " /StructParents " + strconv.Itoa(pi)
		}
		u.object(id, dict[:len(dict)-2]+extra+" >>")
	}
	return nil
}
