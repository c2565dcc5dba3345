package pdf

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/fonts/sfnt"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/layout"
)

// pdfFace is a face as the PDF embeds it.
type pdfFace struct {
	face *fonts.Face
	// name is the family name gopdf knows it by, which it writes as the
	// font's name: see subsetTag.
	name string
	// text holds every character the document sets in the face, once.
	text string
	// runes are the characters the subset has glyphs for (at least
	// those of text: more in a guess).
	runes fonts.RuneSet
	// data is the face subset to those characters; empty is data with
	// no outlines, for the documents whose fonts are thrown away (see
	// Draw).
	data, empty []byte
}

// documentFaces returns the faces the glyph runs of d are set in, in the
// order of their IDs, each subset to the characters it sets, subset
// concurrently.
//
// gopdf subsets a font itself as it writes it, but given a whole face it
// parses all of it (9 ms for LXGW WenKai) and embeds its hmtx and loca
// tables whole (200 KB for WenKai, compressed at zlib's default level on
// one core). A subset made first keeps both small.
//
// guess, when not nil, holds subsets made while the book was being laid
// out (see guessFaces): a face whose characters its guess has is not
// subset again, as nothing else would run beside that after the layout.
func documentFaces(d *layout.Document, guess []*pdfFace) ([]*pdfFace, error) {
	faces, seen := usedRunes(d)
	guessed := map[*fonts.Face]*pdfFace{}
	for _, g := range guess {
		guessed[g.face] = g
	}
	out := make([]*pdfFace, len(faces))
	var redo []int
	for i, f := range faces {
		used := seen[f]
		if g := guessed[f]; g != nil && used.SubsetOf(&g.runes) {
			// The guess's subset, with the characters used: those
			// are the glyphs gopdf embeds (see drawFrame).
			out[i] = &pdfFace{face: f, name: g.name, text: string(used.Runes()), data: g.data, empty: g.empty}
			continue
		}
		redo = append(redo, i)
	}
	want := make([][]rune, len(redo))
	for k, i := range redo {
		want[k] = seen[faces[i]].Runes()
	}
	sub, err := subsetFaces(faces, redo, want)
	if err != nil {
		return nil, err
	}
	for k, i := range redo {
		out[i] = sub[k]
	}
	return out, nil
}

// usedRunes returns the faces the glyph runs of d are set in, in the order
// of their IDs, and the characters set in each.
func usedRunes(d *layout.Document) ([]*fonts.Face, map[*fonts.Face]*fonts.RuneSet) {
	seen := map[*fonts.Face]*fonts.RuneSet{}
	var faces []*fonts.Face
	for _, p := range d.Pages {
		for i := range p.Items {
			it := &p.Items[i]
			if it.Kind != layout.Glyphs || it.Face == nil || it.Text == "" {
				continue
			}
			set := seen[it.Face]
			if set == nil {
				set = &fonts.RuneSet{}
				seen[it.Face] = set
				faces = append(faces, it.Face)
			}
			for _, r := range it.Text {
				set.Add(r)
			}
			if spaceAfter(it) {
				set.Add(' ')
			}
		}
	}
	slices.SortFunc(faces, func(a, b *fonts.Face) int { return a.ID() - b.ID() })
	return faces, seen
}

// guessFaces subsets, before b is laid out, the faces its text uses
// (usage, from fonts.ScanBook) to the characters they set, with those of
// the text the layout adds: printable ASCII (page numbers), the title
// page, the table of contents' title and leaders, chapter numbers, list
// bullets, the mark of a wrapped code line. What the layout sets in the
// end, in all but odd cases: documentFaces sees to those.
func guessFaces(b *book.Book, set *fonts.Set, usage *fonts.Usage) ([]*pdfFace, error) {
	want := map[*fonts.Face]*fonts.RuneSet{}
	var faces []*fonts.Face
	add := func(f *fonts.Face, text string) {
		w := want[f]
		if w == nil {
			w = &fonts.RuneSet{}
			want[f] = w
			faces = append(faces, f)
		}
		for _, r := range text {
			w.Add(r)
		}
	}
	for _, f := range usage.Faces() {
		add(f, string(usage.Runes(f)))
	}
	var ascii strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		ascii.WriteRune(r)
	}
	m := b.Manifest
	// The numbering's label in the book's language ("제1장", "Capítulo 1").
	chapter, _ := lang.VarietyOf(m.Language).Chapter(0)
	added := []string{ascii.String(), m.Title, m.Subtitle, m.Publisher, strings.Join(m.Authors, "　"),
		lang.LabelsFor(m.Language).Contents, "第章", chapter, "•◦▪·…↪"}
	if b.HasCallouts() {
		// The callouts' titles, whichever the book has (five short words).
		alerts := lang.VarietyOf(m.Language).Alerts()
		added = append(added, alerts[:]...)
	}
	for _, role := range []fonts.Role{fonts.Body, fonts.Heading, fonts.Code, fonts.Quote} {
		for _, style := range []fonts.Style{fonts.Regular, fonts.Bold} {
			for _, text := range added {
				for _, r := range set.Runs(role, style, text) {
					if r.Face != nil {
						add(r.Face, r.Text)
					}
				}
			}
		}
	}
	// The text of SVG drawings is set by the layout in the faces of SVG
	// text (Liberation, by font-family, else the body chain), which the
	// scan records apart (Usage.SVGRunes): guess every generic family for
	// it, so that a drawing's face is subset beside the layout rather than
	// after it. A face guessed and not used is not embedded
	// (documentFaces).
	if text := string(usage.SVGRunes()); text != "" {
		for _, family := range []string{"serif", "sans-serif", "monospace", ""} {
			for _, style := range []fonts.Style{fonts.Regular, fonts.Bold} {
				for _, r := range set.SVGRuns(family, style, text) {
					if r.Face != nil {
						add(r.Face, r.Text)
					}
				}
			}
		}
	}
	slices.SortFunc(faces, func(a, b *fonts.Face) int { return a.ID() - b.ID() })
	idx := make([]int, len(faces))
	runes := make([][]rune, len(faces))
	for i, f := range faces {
		if f.Has(' ') {
			want[f].Add(' ') // drawn after words (spaceAfter)
		}
		idx[i], runes[i] = i, want[f].Runes()
	}
	return subsetFaces(faces, idx, runes)
}

// subsetFaces subsets faces[idx[k]] to want[k], concurrently.
func subsetFaces(faces []*fonts.Face, idx []int, want [][]rune) ([]*pdfFace, error) {
	out := make([]*pdfFace, len(idx))
	errs := make([]error, len(idx))
	parallel.Each(len(idx), func(k int) {
		f := faces[idx[k]]
		pf := &pdfFace{face: f, name: subsetTag(f) + "+" + f.PostScriptName}
		for _, r := range want[k] {
			pf.runes.Add(r)
		}
		runes := pf.runes.Runes()
		pf.text = string(runes)
		if pf.data, errs[k] = f.Subset(runes); errs[k] != nil {
			return
		}
		pf.empty, errs[k] = sfnt.WithoutOutlines(pf.data)
		out[k] = pf
	})
	for k, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("embedding %s: %w", faces[idx[k]], err)
		}
	}
	return out, nil
}

// register adds faces to g, in order, so that every document of one book
// names them alike (gopdf numbers fonts /F1, /F2... in the order they are
// added); with outlines or without.
func register(g *gopdf.GoPdf, faces []*pdfFace, outlines bool) error {
	for _, f := range faces {
		data := f.empty
		if outlines {
			data = f.data
		}
		if err := g.AddTTFFontDataWithOption(f.name, data, gopdf.TtfOption{UseKerning: false}); err != nil {
			return fmt.Errorf("embedding %s: %w", f.face, err)
		}
	}
	return nil
}

// subsetTag is the six capital letters that mark a subset font's name in a
// PDF ("ABCDEF+GoRegular"). It only has to differ between the subsets of
// one file, and it must not change between builds: a hash of the face.
func subsetTag(f *fonts.Face) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", f.PostScriptName, f.ID())
	v := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + v%26)
		v /= 26
	}
	return string(tag)
}
