package picture

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gobook/ebook/pipeline/sanitize"
)

// The drawing is read whole before oksvg sees it, for what oksvg does not
// do: it draws no markers and no clip paths (and draws the shapes inside a
// <clipPath> or <marker> outside <defs> as if they were shapes of the
// drawing), ignores fill-rule, and expands <use> only for some shapes of
// <defs>. expand writes the drawing oksvg reads with each <use> replaced
// by a group holding what it refers to; markers, clip paths, symbols,
// masks and patterns taken out of the drawing; and the children of the
// markers and clip paths referred to written after it. Before each shape
// it writes a sentinel path whose first point holds the shape's index in
// elems: oksvg's paths carry no reference to their element, and this is
// how VectorSVG finds what oksvg does not keep.

// sentinelY is the y of a sentinel path's only point; its x is the index.
const sentinelY = -29411

// A drawing that refers to itself or multiplies its elements (a few
// levels of ten uses each) is refused with the limits and the errors of
// the SVG cleaner (sanitize.MaxSVGElements, sanitize.MaxSVGDepth), counted
// as it counts them: every element of the drawing, with every <use>
// expanded, once. A drawing the cleaner has passed is within them; one
// that is not is refused whole, never drawn in part.

type elemKind int

const (
	kindShape       elemKind = iota // a shape of the drawing
	kindGroup                       // a group with a clip path
	kindClipChild                   // a shape of a clip path
	kindMarkerChild                 // a shape of a marker
)

// elemInfo is what VectorSVG needs to know of an element that oksvg
// does not keep.
type elemInfo struct {
	kind elemKind
	// evenodd is fill-rule (clip-rule for a clip path's shape).
	evenodd bool
	// clips are the clip paths that apply, the outermost first.
	clips []clipRef
	// markers are the ids of marker-start, marker-mid and marker-end.
	markers [3]string
	// owner is the id of the clip path or marker a shape belongs to.
	owner string
}

// clipRef is a clip-path property: the clip path's id and the element
// (an index in elems) in whose user space it is given.
type clipRef struct {
	id   string
	elem int
}

// clipDef is a <clipPath>.
type clipDef struct {
	bbox bool // clipPathUnits="objectBoundingBox"
}

// markerDef is a <marker>.
type markerDef struct {
	viewBox          *[4]float64
	refX, refY       float64
	width, height    float64
	userSpace        bool // markerUnits="userSpaceOnUse"
	orient           string
	stretch, visible bool // preserveAspectRatio="none", overflow visible
}

// node is an element read whole.
type node struct {
	start xml.StartElement
	kids  []any // *node, xml.CharData
	// made marks the group expand writes in place of a <use>, which is
	// not counted against the limits: the <use> is.
	made bool
}

func parseTree(markup []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(markup))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the SVG is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{start: t.Copy()}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, t.Copy())
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("the SVG is not well-formed: no element")
	}
	return root, nil
}

// expanded is a drawing as expand writes it.
type expanded struct {
	tokens  []xml.Token
	elems   []elemInfo
	clips   map[string]clipDef
	markers map[string]markerDef
}

type expander struct {
	expanded
	ids map[string]*node
	// the clip paths and markers referred to, in order.
	usedClips, usedMarkers []string
	used                   map[string]bool
	count                  int
	// err is why the drawing is refused; the walk stops at it.
	err error
}

// context is what an element inherits.
type context struct {
	evenodd, clipEvenodd bool
	markers              [3]string
	clips                []clipRef
	inDefs               bool
	owner                string
	ownerKind            elemKind // kindClipChild or kindMarkerChild when owner is set
	uses                 []string // the ids of the <use>s being expanded
	depth                int      // of the element, the root's children 1
}

func expand(markup []byte) (*expanded, error) {
	root, err := parseTree(markup)
	if err != nil {
		return nil, err
	}
	e := &expander{ids: map[string]*node{}, used: map[string]bool{}}
	e.clips = map[string]clipDef{}
	e.markers = map[string]markerDef{}
	var index func(n *node)
	index = func(n *node) {
		if id := attr(n, "id"); id != "" {
			if _, dup := e.ids[id]; !dup {
				e.ids[id] = n
			}
		}
		for _, k := range n.kids {
			if c, ok := k.(*node); ok {
				index(c)
			}
		}
	}
	index(root)
	ctx := e.inherit(root, context{})
	e.tokens = append(e.tokens, root.start)
	e.kids(root, ctx)
	// The set-aside children, in the drawing's own user space: VectorSVG
	// places them where they are used.
	for i := 0; i < len(e.usedClips); i++ {
		id := e.usedClips[i]
		n := e.ids[id]
		g := xml.StartElement{Name: xml.Name{Local: "g"}}
		if t := attr(n, "transform"); t != "" {
			g.Attr = append(g.Attr, xml.Attr{Name: xml.Name{Local: "transform"}, Value: t})
		}
		e.tokens = append(e.tokens, g)
		e.kids(n, context{owner: id, ownerKind: kindClipChild, clipEvenodd: e.inherit(n, context{}).clipEvenodd})
		e.tokens = append(e.tokens, g.End())
	}
	for i := 0; i < len(e.usedMarkers); i++ {
		id := e.usedMarkers[i]
		n := e.ids[id]
		g := xml.StartElement{Name: xml.Name{Local: "g"}}
		for _, a := range n.start.Attr {
			switch a.Name.Local {
			case "id", "viewBox", "refX", "refY", "markerWidth", "markerHeight", "markerUnits",
				"orient", "preserveAspectRatio", "transform":
			default:
				g.Attr = append(g.Attr, a)
			}
		}
		e.tokens = append(e.tokens, g)
		e.kids(n, e.inherit(n, context{owner: id, ownerKind: kindMarkerChild}))
		e.tokens = append(e.tokens, g.End())
	}
	if e.err != nil {
		return nil, e.err
	}
	e.tokens = append(e.tokens, root.start.End())
	return &e.expanded, nil
}

func (e *expander) kids(n *node, ctx context) {
	for _, k := range n.kids {
		switch k := k.(type) {
		case *node:
			e.walk(k, ctx)
		case xml.CharData:
			e.tokens = append(e.tokens, k)
		}
	}
}

var shapes = map[string]bool{"path": true, "line": true, "polyline": true, "polygon": true,
	"rect": true, "circle": true, "ellipse": true}

func (e *expander) walk(n *node, ctx context) {
	if e.err != nil {
		return
	}
	if !n.made {
		e.count++
		ctx.depth++
		switch {
		case e.count > sanitize.MaxSVGElements:
			e.err = sanitize.ErrSVGElements
			return
		case ctx.depth > sanitize.MaxSVGDepth:
			e.err = sanitize.ErrSVGDepth
			return
		}
	}
	name := n.start.Name.Local
	switch name {
	case "marker", "clipPath", "symbol", "mask", "pattern":
		return
	case "use":
		e.use(n, ctx)
		return
	case "defs":
		ctx.inDefs = true
	}
	ctx = e.inherit(n, ctx)
	start := n.start
	if ctx.owner != "" && ctx.ownerKind == kindClipChild {
		// A clip path's shapes are geometry only.
		start.Attr = nil
		for _, a := range n.start.Attr {
			switch a.Name.Local {
			case "style", "class", "fill", "stroke", "opacity", "fill-opacity", "stroke-opacity":
			default:
				start.Attr = append(start.Attr, a)
			}
		}
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "fill"}, Value: "none"},
			xml.Attr{Name: xml.Name{Local: "stroke"}, Value: "none"})
	}
	start = e.withoutPatterns(start)
	clip := ""
	if ctx.owner == "" && !ctx.inDefs {
		clip = e.clipPath(n)
	}
	if shapes[name] && !ctx.inDefs {
		info := elemInfo{kind: kindShape, evenodd: ctx.evenodd, clips: ctx.clips, markers: ctx.markers}
		switch {
		case ctx.owner != "":
			info = elemInfo{kind: ctx.ownerKind, evenodd: ctx.evenodd, owner: ctx.owner}
			if ctx.ownerKind == kindClipChild {
				info.evenodd = ctx.clipEvenodd
			}
		case clip != "":
			info.clips = append(append([]clipRef(nil), ctx.clips...), clipRef{clip, len(e.elems)})
		}
		if name != "path" && name != "line" && name != "polyline" && name != "polygon" {
			info.markers = [3]string{}
		}
		for _, m := range info.markers {
			if m != "" {
				e.use1(m, &e.usedMarkers)
			}
		}
		e.sentinel(info)
		e.tokens = append(e.tokens, start)
		e.kids(n, ctx)
		e.tokens = append(e.tokens, start.End())
		return
	}
	e.tokens = append(e.tokens, start)
	if clip != "" {
		ctx.clips = append(append([]clipRef(nil), ctx.clips...), clipRef{clip, len(e.elems)})
		e.sentinel(elemInfo{kind: kindGroup})
	}
	e.kids(n, ctx)
	e.tokens = append(e.tokens, start.End())
}

// withoutPatterns returns start with its fill and stroke painted by a
// <pattern> painted with their fallback colour instead, or not painted
// (none): a pattern is not drawn (the book's loader warns, see
// SVGUndrawn), and oksvg would paint black what refers to one. Its
// attributes are copied, not changed: a <use> walks the same element
// again.
func (e *expander) withoutPatterns(start xml.StartElement) xml.StartElement {
	replace := func(v string) (string, bool) {
		id, fallback := paintURL(v)
		if t := e.ids[id]; id == "" || t == nil || t.start.Name.Local != "pattern" {
			return v, false
		}
		if fallback == "" {
			fallback = "none"
		}
		return fallback, true
	}
	var attrs []xml.Attr
	for i, a := range start.Attr {
		if a.Name.Space != "" {
			continue
		}
		v := a.Value
		changed := false
		switch a.Name.Local {
		case "fill", "stroke":
			v, changed = replace(v)
		case "style":
			decls := strings.Split(v, ";")
			for j, d := range decls {
				k, dv, ok := strings.Cut(d, ":")
				if k = strings.ToLower(strings.TrimSpace(k)); ok && (k == "fill" || k == "stroke") {
					if r, ok := replace(dv); ok {
						decls[j], changed = k+":"+r, true
					}
				}
			}
			v = strings.Join(decls, ";")
		}
		if changed {
			if attrs == nil {
				attrs = append([]xml.Attr(nil), start.Attr...)
			}
			attrs[i].Value = v
		}
	}
	if attrs != nil {
		start.Attr = attrs
	}
	return start
}

// paintURL reads a paint that refers to a paint server, "url(#id)" with
// an optional fallback colour after it, and returns the id and the
// fallback; id is "" for any other paint.
func paintURL(v string) (id, fallback string) {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "url(") {
		return "", ""
	}
	end := strings.IndexByte(v, ')')
	if end < 0 {
		return "", ""
	}
	return urlID(v[:end+1]), strings.TrimSpace(v[end+1:])
}

// use1 records that the clip path or marker id is used.
func (e *expander) use1(id string, list *[]string) {
	if !e.used[id] {
		e.used[id] = true
		*list = append(*list, id)
	}
}

// clipPath returns the id of the <clipPath> n's clip-path refers to.
func (e *expander) clipPath(n *node) string {
	v, ok := prop(n, "clip-path")
	if !ok {
		return ""
	}
	id := urlID(v)
	t := e.ids[id]
	if t == nil || t.start.Name.Local != "clipPath" {
		return ""
	}
	if _, seen := e.clips[id]; !seen {
		e.clips[id] = clipDef{bbox: attr(t, "clipPathUnits") == "objectBoundingBox"}
	}
	e.use1(id, &e.usedClips)
	return id
}

func (e *expander) sentinel(info elemInfo) {
	k := len(e.elems)
	e.elems = append(e.elems, info)
	y := strconv.Itoa(sentinelY)
	s := xml.StartElement{Name: xml.Name{Local: "path"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "d"}, Value: "M" + strconv.Itoa(k) + " " + y},
		{Name: xml.Name{Local: "fill"}, Value: "none"},
		{Name: xml.Name{Local: "stroke"}, Value: "none"},
	}}
	e.tokens = append(e.tokens, s, s.End())
}

// use writes a <use> as a group holding a copy of what it refers to,
// moved by its x and y; a <symbol> is a group fitted to the use's width
// and height by its viewBox.
func (e *expander) use(n *node, ctx context) {
	id := urlID(attr(n, "href"))
	t := e.ids[id]
	if t == nil {
		return // a reference to nothing draws nothing
	}
	for _, u := range ctx.uses {
		if u == id {
			e.err = fmt.Errorf("the reference to #%s makes a cycle (the element refers to itself, or to an element that contains it): the drawing would never end", id)
			return
		}
	}
	ctx.uses = append(ctx.uses[:len(ctx.uses):len(ctx.uses)], id)
	x, y := number(attr(n, "x"), 0), number(attr(n, "y"), 0)
	g := xml.StartElement{Name: xml.Name{Local: "g"}}
	tr := attr(n, "transform")
	for _, a := range n.start.Attr {
		switch a.Name.Local {
		case "x", "y", "width", "height", "href", "id", "transform":
		default:
			g.Attr = append(g.Attr, a)
		}
	}
	if x != 0 || y != 0 {
		tr += " translate(" + fmtNum(x) + " " + fmtNum(y) + ")"
	}
	if t.start.Name.Local == "symbol" {
		if vb, ok := viewBox(attr(t, "viewBox")); ok {
			w, h := number(attr(n, "width"), vb[2]), number(attr(n, "height"), vb[3])
			sx, sy := w/vb[2], h/vb[3]
			dx, dy := 0.0, 0.0
			if strings.TrimSpace(attr(t, "preserveAspectRatio")) != "none" {
				s := min(sx, sy)
				dx, dy = (w-vb[2]*s)/2, (h-vb[3]*s)/2
				sx, sy = s, s
			}
			tr += " translate(" + fmtNum(dx-vb[0]*sx) + " " + fmtNum(dy-vb[1]*sy) + ") scale(" + fmtNum(sx) + " " + fmtNum(sy) + ")"
		}
	}
	if tr = strings.TrimSpace(tr); tr != "" {
		g.Attr = append(g.Attr, xml.Attr{Name: xml.Name{Local: "transform"}, Value: tr})
	}
	// The use is the group in whose place the copy stands: it is what
	// the copy inherits from, and what its clip-path clips.
	un := &node{start: g, made: true}
	if t.start.Name.Local == "symbol" {
		sym := &node{start: xml.StartElement{Name: xml.Name{Local: "g"}}, kids: t.kids}
		for _, a := range t.start.Attr {
			switch a.Name.Local {
			case "id", "viewBox", "preserveAspectRatio", "x", "y", "width", "height", "refX", "refY":
			default:
				sym.start.Attr = append(sym.start.Attr, a)
			}
		}
		un.kids = []any{sym}
	} else {
		un.kids = []any{t}
	}
	ctx.inDefs = false
	e.walk(un, ctx)
}

// inherit returns the context of n's children.
func (e *expander) inherit(n *node, ctx context) context {
	if v, ok := prop(n, "fill-rule"); ok {
		ctx.evenodd = v == "evenodd"
	}
	if v, ok := prop(n, "clip-rule"); ok {
		ctx.clipEvenodd = v == "evenodd"
	}
	if ctx.owner != "" && ctx.ownerKind == kindMarkerChild {
		return ctx // markers are not drawn on a marker's shapes
	}
	if v, ok := prop(n, "marker"); ok {
		id := urlID(v)
		ctx.markers = [3]string{id, id, id}
	}
	for i, k := range [3]string{"marker-start", "marker-mid", "marker-end"} {
		if v, ok := prop(n, k); ok {
			ctx.markers[i] = urlID(v)
		}
	}
	for i, id := range ctx.markers {
		if id == "" {
			continue
		}
		t := e.ids[id]
		if t == nil || t.start.Name.Local != "marker" {
			ctx.markers[i] = ""
			continue
		}
		if _, seen := e.markers[id]; !seen {
			e.markers[id] = readMarker(t)
		}
	}
	return ctx
}

func readMarker(n *node) markerDef {
	m := markerDef{
		refX: number(attr(n, "refX"), 0), refY: number(attr(n, "refY"), 0),
		width: number(attr(n, "markerWidth"), 3), height: number(attr(n, "markerHeight"), 3),
		userSpace: attr(n, "markerUnits") == "userSpaceOnUse",
		orient:    strings.TrimSpace(attr(n, "orient")),
		stretch:   strings.TrimSpace(attr(n, "preserveAspectRatio")) == "none",
	}
	if vb, ok := viewBox(attr(n, "viewBox")); ok {
		m.viewBox = &vb
	}
	if v, ok := prop(n, "overflow"); ok {
		m.visible = v == "visible" || v == "auto"
	}
	return m
}

// attr returns n's attribute named local (in no namespace, or xlink's).
func attr(n *node, local string) string {
	for _, a := range n.start.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == "http://www.w3.org/1999/xlink") {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// prop returns n's property k, from its style attribute or, failing
// that, its presentation attribute.
func prop(n *node, k string) (string, bool) {
	for _, d := range strings.Split(attr(n, "style"), ";") {
		dk, dv, ok := strings.Cut(d, ":")
		if ok && strings.EqualFold(strings.TrimSpace(dk), k) {
			return strings.TrimSpace(dv), true
		}
	}
	for _, a := range n.start.Attr {
		if a.Name.Space == "" && a.Name.Local == k {
			return strings.TrimSpace(a.Value), true
		}
	}
	return "", false
}

// urlID returns the id of a reference: url(#id), url('#id') or #id.
func urlID(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "url(") && strings.HasSuffix(v, ")") {
		v = strings.Trim(strings.TrimSpace(v[4:len(v)-1]), `'"`)
	}
	if !strings.HasPrefix(v, "#") {
		return ""
	}
	return v[1:]
}

// number reads a length in user units ("px" allowed), or returns def.
func number(s string, def float64) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return def
	}
	return f
}

func viewBox(s string) ([4]float64, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	var vb [4]float64
	if len(f) != 4 {
		return vb, false
	}
	for i := range f {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return vb, false
		}
		vb[i] = v
	}
	return vb, vb[2] > 0 && vb[3] > 0
}

func fmtNum(f float64) string { return strings.TrimSpace(string(appendNums(nil, f))) }
