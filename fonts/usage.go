package fonts

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Usage records which characters a book sets in which face, role and
// style, which is what the EPUB's subsets hold, and every character that no
// face of its chain has, for the coverage report. It is not safe for
// concurrent use; scan parts of a book into separate Usages and Merge them.
type Usage struct {
	set     *Set
	used    map[usageKey]*RuneSet
	missing map[rune]*Missing
	// svg holds the characters of SVG drawings' text (Piece.SVG).
	svg RuneSet
	// The set the last character went to, as most text stays in one.
	lastKey usageKey
	lastSet *RuneSet
}

type usageKey struct {
	face  int
	role  Role
	style Style
}

// Missing is a character that no face of its chain has.
type Missing struct {
	Rune  rune
	Count int      // occurrences
	First diag.Pos // where it first occurs
	// Roles lists the roles it occurs in without a glyph.
	Roles []Role
}

// NewUsage returns an empty Usage for the faces of s.
func NewUsage(s *Set) *Usage {
	return &Usage{set: s, used: map[usageKey]*RuneSet{}, missing: map[rune]*Missing{}}
}

// AddText records text set in ctx; a character no face has is reported at
// pos.
func (u *Usage) AddText(ctx Context, text string, pos diag.Pos) {
	u.add(ctx, text, where{fixed: pos, pos: -1}, true)
}

// AddBlocks records the text of a chapter's blocks (or of a footnote's),
// finding the position of missing characters in file, the chapter's
// source.
func (u *Usage) AddBlocks(blocks []*doc.Node, file *diag.File) {
	WalkText(blocks, u.set.Root(), func(p Piece) {
		w := where{file: file, pos: p.Pos}
		if file != nil {
			w.fixed = diag.Pos{Path: file.Path}
		}
		if p.SVG {
			for _, r := range p.Text {
				u.svg.Add(r)
			}
		}
		u.add(p.Context, p.Text, w, !p.File)
	})
}

// where tells where a text is: in file at byte offset pos, or (when file
// is nil or pos negative) at fixed.
type where struct {
	file  *diag.File
	pos   int
	fixed diag.Pos
}

// add records text, and with used false only the characters no face has:
// text no writer sets in the faces it records (an SVG file's, which the
// PDF sets in the faces of SVG text, and the EPUB not at all).
func (u *Usage) add(ctx Context, text string, at where, used bool) {
	s := u.set
	s.cluster(ctx.Role, ctx.Style, text, func(c clusterInfo) {
		if c.neutral {
			return
		}
		// The face was chosen because it has the first character.
		if c.face == nil {
			u.miss(c.base, ctx.Role, text, c.start, at)
		} else if used {
			u.record(c.face, ctx, c.base)
		}
		for i := c.baseEnd; i < c.end; {
			r, n := utf8.DecodeRuneInString(text[i:])
			switch {
			case !s.NeedsGlyph(r):
			case c.face != nil && c.face.Has(r):
				if used {
					u.record(c.face, ctx, r)
				}
			default:
				u.miss(r, ctx.Role, text, i, at)
			}
			i += n
		}
	})
}

func (u *Usage) record(f *Face, ctx Context, r rune) {
	key := usageKey{f.id, ctx.Role, ctx.Style & 3}
	if u.lastSet == nil || key != u.lastKey {
		u.lastKey, u.lastSet = key, u.used[key]
		if u.lastSet == nil {
			u.lastSet = &RuneSet{}
			u.used[key] = u.lastSet
		}
	}
	u.lastSet.Add(r)
}

func (u *Usage) miss(r rune, role Role, text string, i int, at where) {
	m := u.missing[r]
	if m == nil {
		m = &Missing{Rune: r, First: at.locate(text, i)}
		u.missing[r] = m
	}
	m.Count++
	for _, have := range m.Roles {
		if have == role {
			return
		}
	}
	m.Roles = append(m.Roles, role)
}

// locate finds the character at byte i of text in the source. Nodes know
// where they start, not where each character is: the n-th occurrence of a
// character in the text is taken to be its n-th occurrence in the source
// from the node's start on. A character the source writes as a numeric
// character reference (&#x13000; or &#77824;) is found as that; when
// neither is found near the node, the node's own position is given.
func (at where) locate(text string, i int) diag.Pos {
	if at.file == nil || at.pos < 0 {
		return at.fixed
	}
	src := at.file.Source()
	if at.pos > len(src) {
		return at.file.Pos(at.pos)
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	enc := []byte(text[i : i+n])
	window := src[at.pos:min(len(src), at.pos+4*len(text)+1024)]
	off := 0
	for k := bytes.Count([]byte(text[:i]), enc); ; k-- {
		j := bytes.Index(window[off:], enc)
		if j < 0 {
			break
		}
		if k == 0 {
			return at.file.Pos(at.pos + off + j)
		}
		off += j + len(enc)
	}
	lower := bytes.ToLower(window)
	for _, ref := range []string{fmt.Sprintf("&#x%x;", r), fmt.Sprintf("&#%d;", r)} {
		if j := bytes.Index(lower, []byte(ref)); j >= 0 {
			return at.file.Pos(at.pos + j)
		}
	}
	return at.file.Pos(at.pos)
}

// Merge adds everything other recorded (for the same Set). A missing
// character keeps the first position of u when both have one.
func (u *Usage) Merge(other *Usage) { u.merge(other, true) }

// merge is Merge; with counts false, a missing character u already has
// keeps its count and roles: other holds the same text again, shown
// elsewhere (the table of contents repeats the headings).
func (u *Usage) merge(other *Usage, counts bool) {
	for k, rs := range other.used {
		dst := u.used[k]
		if dst == nil {
			dst = &RuneSet{}
			u.used[k] = dst
		}
		dst.Union(rs)
	}
	for r, m := range other.missing {
		have := u.missing[r]
		if have == nil {
			c := *m
			c.Roles = append([]Role(nil), m.Roles...)
			u.missing[r] = &c
			continue
		}
		if !counts {
			continue
		}
		have.Count += m.Count
		for _, role := range m.Roles {
			found := false
			for _, h := range have.Roles {
				found = found || h == role
			}
			if !found {
				have.Roles = append(have.Roles, role)
			}
		}
	}
	u.svg.Union(&other.svg)
	u.lastSet = nil
}

// Clone returns a copy of u that can be added to without changing u.
func (u *Usage) Clone() *Usage {
	c := NewUsage(u.set)
	c.Merge(u)
	return c
}

// Faces returns the faces that draw at least one character, in Set order.
func (u *Usage) Faces() []*Face {
	var out []*Face
	for _, f := range u.set.faces {
		if len(u.Runes(f)) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// Runes returns, in ascending order, the characters face f draws in any
// role and style.
func (u *Usage) Runes(f *Face) []rune {
	all := &RuneSet{}
	for k, rs := range u.used {
		if k.face == f.id {
			all.Union(rs)
		}
	}
	return all.Runes()
}

// SVGRunes returns, in ascending order, the characters of the text of
// the SVG drawings the book shows, inline or as files: the PDF sets them
// in the faces of SVG text (Set.SVGRuns).
func (u *Usage) SVGRunes() []rune { return u.svg.Runes() }

// RunesIn returns, in ascending order, the characters face f draws in role
// and style.
func (u *Usage) RunesIn(f *Face, role Role, style Style) []rune {
	if rs := u.used[usageKey{f.id, role, style & 3}]; rs != nil {
		return rs.Runes()
	}
	return nil
}

// Missing returns the characters no face of their chain has, by code
// point.
func (u *Usage) Missing() []Missing {
	out := make([]Missing, 0, len(u.missing))
	for _, m := range u.missing {
		c := *m
		c.Roles = slices.Clone(m.Roles)
		slices.Sort(c.Roles)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rune < out[j].Rune })
	return out
}
