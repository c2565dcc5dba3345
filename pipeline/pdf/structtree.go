package pdf

import (
	"bytes"
	"fmt"
	"regexp"
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
	objr int // an annotation's object number: an object reference
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
	root    *selem
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
	pictures := 0  // the pictures met in cur
	var fig *selem // the last picture's Figure in cur, for its drawing's text
	for _, r := range t.refs[n] {
		m := &t.tg.pages[r.page].marks[r.mcid]
		switch {
		case m.role == layout.RoleLabel:
			if cur == nil || cur.typ != "Lbl" {
				cur = t.add(e, "Lbl", nil)
			}
			t.mcr(cur, r)
		case m.inline != nil && fig != nil && fig.node == m.inline:
			// The text of a drawing in a link: in the drawing's Figure.
			t.mcr(fig, r)
		case m.inline != nil:
			if cur == nil || cur.node != m.inline {
				cur = t.add(e, inlineType(m.inline), m.inline)
				if m.inline.Kind == doc.Image {
					cur.alt = m.inline.Text
				}
				pictures = 0
			}
			if m.picture && m.inline.Kind != doc.Image {
				// A picture in a link: a Figure of its own in the
				// Link, with the alternative text of the link's
				// pictures in turn.
				img := nthImage(m.inline, pictures)
				pictures++
				fig = t.add(cur, "Figure", img)
				if img != nil {
					fig.alt = img.Text
				}
				t.mcr(fig, r)
				continue
			}
			t.mcr(cur, r)
		default:
			cur = nil
			t.mcr(e, r)
		}
	}
}

// nthImage returns the image node k (from 0) under inline node n, in
// reading order, or nil.
func nthImage(n *doc.Node, k int) *doc.Node {
	var found *doc.Node
	doc.Walk(n.Children, func(c *doc.Node) bool {
		if found == nil && c.Kind == doc.Image {
			if k == 0 {
				found = c
			}
			k--
		}
		return found == nil
	})
	return found
}

// listing gives e, a listing's Code element, its marked content: an
// element for each source line, so that the listing reads line for line
// (a reader of the structure joins an element's content without line
// ends) and a line wrapped over several rows reads as one.
func (t *treeBuilder) listing(e *selem, n *doc.Node) {
	var cur *selem
	line := int32(-2)
	for _, r := range t.refs[n] {
		m := &t.tg.pages[r.page].marks[r.mcid]
		if m.line < 0 {
			cur, line = nil, -2
			t.mcr(e, r)
			continue
		}
		if cur == nil || m.line != line {
			cur, line = t.add(e, "Span", nil), m.line
		}
		t.mcr(cur, r)
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
		t.listing(t.add(parent, "Code", n), n)
	case doc.BlockQuote, doc.Epigraph:
		t.blocks(t.add(parent, "BlockQuote", n), n.Children)
	case doc.Callout:
		// A Div, PDF's generic group, as the EPUB's div: Note is for
		// footnotes and endnotes (PDF/UA-1 wants an ID on each). Its
		// title, the layout's text of the callout itself, is a P.
		div := t.add(parent, "Div", n)
		if len(t.refs[n]) > 0 {
			t.content(t.add(div, "P", nil), n)
		}
		t.blocks(div, n.Children)
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
	t.root = root
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
// (0 when the document has no marked content). A book has some 10⁴
// elements: each is appended to the update's buffer as it is, with
// strconv, not fmt.
func (u *update) structTree(f *pdfFile, tg tagging) (int, error) {
	t := newTreeBuilder(tg)
	root, _ := t.build()
	if len(root.kids) == 0 {
		return 0, nil
	}
	links, err := t.links(f)
	if err != nil {
		return 0, fmt.Errorf("reading gopdf's output: %w", err)
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
	ref := func(b []byte, id int) []byte {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(id), 10)
		return append(b, " 0 R"...)
	}
	var write func(e *selem)
	write = func(e *selem) {
		b := u.begin(e.id)
		b = append(b, "<< /Type /StructElem /S /"...)
		b = append(b, e.typ...)
		parent := treeID
		if e.parent != nil {
			parent = e.parent.id
		}
		b = ref(append(b, " /P"...), parent)
		if e.pg >= 0 {
			b = ref(append(b, " /Pg"...), f.pages[e.pg])
		}
		if e.alt != "" || e.typ == "Figure" {
			b = appendText(append(b, " /Alt "...), e.alt)
		}
		if e.lang != "" {
			b = appendLiteral(append(b, " /Lang "...), e.lang)
		}
		if e.attrs != "" {
			b = append(b, " /A "...)
			b = append(b, e.attrs...)
		}
		b = append(b, " /K ["...)
		for _, k := range e.kids {
			switch {
			case k.e != nil:
				b = ref(b, k.e.id)
			case k.objr > 0:
				b = ref(append(b, " << /Type /OBJR /Obj"...), k.objr)
				b = ref(append(b, " /Pg"...), f.pages[k.page])
				b = append(b, " >>"...)
			case k.page == e.pg:
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(k.mcid), 10)
			default:
				b = ref(append(b, " << /Type /MCR /Pg"...), f.pages[k.page])
				b = append(b, " /MCID "...)
				b = strconv.AppendInt(b, int64(k.mcid), 10)
				b = append(b, " >>"...)
			}
		}
		u.end(append(b, " ] >>"...))
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
	b := u.begin(ptID)
	b = append(b, "<< /Nums ["...)
	for pi, ps := range t.parents {
		if len(ps) == 0 {
			continue
		}
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(pi), 10)
		b = append(b, " ["...)
		for _, e := range ps {
			b = ref(b, e.id)
		}
		b = append(b, " ]"...)
	}
	// Then each link annotation's key (its /StructParent), its element.
	for k, l := range links {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(len(tg.pages)+k), 10)
		b = ref(b, l.e.id)
	}
	u.end(append(b, " ] >>"...))
	u.object(treeID, fmt.Sprintf("<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>", root.id, ptID, len(tg.pages)+len(links)))
	// The annotations, redefined with their key and a description
	// (/Contents, which PDF/UA requires of a link).
	for k, l := range links {
		dict, err := f.objectDict(l.id)
		if err != nil {
			return 0, fmt.Errorf("reading gopdf's output: %w", err)
		}
		b := u.begin(l.id)
		b = append(b, dict[:len(dict)-2]...)
		b = append(b, " /StructParent "...)
		b = strconv.AppendInt(b, int64(len(tg.pages)+k), 10)
		b = appendText(append(b, " /Contents "...), l.contents)
		u.end(append(b, " >>"...))
	}
	return treeID, nil
}

// linkAnnot is a link annotation of gopdf's file and the Link element
// that holds it.
type linkAnnot struct {
	id       int
	e        *selem
	contents string
}

var reAnnots = regexp.MustCompile(`/Annots\s*\[([^\]]*)\]`)

// links ties each link annotation of the file to a Link element: that
// of the link's text (the element of the content under the link's area;
// a Link element made for it in that element when it is of another type,
// such as an entry of the contents), and gives the element a reference to
// the annotation. gopdf writes a page's annotations in the order of the
// page model's links.
func (t *treeBuilder) links(f *pdfFile) ([]linkAnnot, error) {
	var out []linkAnnot
	for pi := range t.tg.pages {
		lts := t.tg.pages[pi].links
		if len(lts) == 0 {
			continue
		}
		dict, err := f.objectDict(f.pages[pi])
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", pi+1, err)
		}
		m := reAnnots.FindSubmatch(dict)
		if m == nil {
			return nil, fmt.Errorf("page %d: %d links and no /Annots", pi+1, len(lts))
		}
		refs := reRef.FindAllSubmatch(m[1], -1)
		if len(refs) != len(lts) {
			return nil, fmt.Errorf("page %d: %d annotations for %d links", pi+1, len(refs), len(lts))
		}
		made := map[*selem]*selem{} // the Link element made in an element
		for k, lt := range lts {
			id, _ := strconv.Atoi(string(refs[k][1]))
			var e *selem
			if lt.mcid >= 0 {
				e = t.parents[pi][lt.mcid]
			}
			if e != nil && e.typ == "Figure" && e.parent != nil && e.parent.typ == "Link" {
				e = e.parent // a picture in a link: the link's own element
			}
			if e == nil {
				// Nothing tagged under the link: a Link element of
				// its own, at the end of the document.
				e = t.add(t.root, "Link", nil)
			} else if e.typ != "Link" {
				if made[e] == nil {
					made[e] = t.add(e, "Link", nil)
				}
				e = made[e]
			}
			e.kids = append(e.kids, skid{page: pi, objr: id})
			if e.pg < 0 {
				e.pg = pi
			}
			contents := lt.words
			if contents == "" {
				contents = lt.url
			}
			if contents == "" {
				contents = "link"
			}
			out = append(out, linkAnnot{id: id, e: e, contents: contents})
		}
	}
	return out, nil
}

// under reports whether item it is under link area l: its middle is.
func under(it *layout.Item, l layout.Link) bool {
	x, y := it.X+it.W/2, it.Y+it.H/2
	if it.Kind == layout.Glyphs {
		y = it.Y - 0.3*it.Size()
	}
	return x >= l.X && x <= l.X+l.W && y >= l.Y && y <= l.Y+l.H
}

// objectDict returns the dictionary of object id of the file gopdf wrote,
// which must be a dictionary without a stream (assemble keeps those: the
// file itself is not held, see pdfFile.dicts).
func (f *pdfFile) objectDict(id int) ([]byte, error) {
	body, ok := f.dicts[id]
	if !ok {
		return nil, fmt.Errorf("object %d does not exist or is a stream", id)
	}
	var head []byte
	head = strconv.AppendInt(head, int64(id), 10)
	head = append(head, " 0 obj"...)
	end := bytes.Index(body, []byte("endobj"))
	if end < 0 || !bytes.HasPrefix(body, head) {
		return nil, fmt.Errorf("object %d not found", id)
	}
	dict := bytes.TrimSpace(body[len(head):end])
	if !bytes.HasSuffix(dict, []byte(">>")) {
		return nil, fmt.Errorf("object %d is not a dictionary", id)
	}
	return dict, nil
}

// tagPages redefines the pages: each with its key in the parent tree
// (/StructParents) and the tab order of its annotations, the structure's
// (/Tabs /S).
func (u *update) tagPages(f *pdfFile, tg tagging) error {
	for pi, id := range f.pages {
		dict, err := f.objectDict(id)
		if err != nil {
			return fmt.Errorf("page %d: %w", pi+1, err)
		}
		var b strings.Builder
		b.Grow(len(dict) + 40)
		b.Write(dict[:len(dict)-2])
		b.WriteString(" /Tabs /S")
		if len(tg.pages[pi].marks) > 0 {
			b.WriteString(" /StructParents ")
			b.WriteString(strconv.Itoa(pi))
		}
		b.WriteString(" >>")
		u.object(id, b.String())
	}
	return nil
}
