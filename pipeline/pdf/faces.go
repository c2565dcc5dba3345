package pdf

import (
	"fmt"
	"hash/fnv"
	"math/bits"
	"slices"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/parallel"
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
	// data is the face subset to those characters; empty is data with
	// no outlines, for the documents whose fonts are thrown away (see
	// Draw).
	data, empty []byte
}

// documentFaces returns the faces the glyph runs of d are set in, in the
// order of their IDs, each subset to the characters it sets, subset
// concurrently.
//
// gopdf subsets a font itself as it writes it, but it is given the whole
// face: it parses all of it (9 ms for LXGW WenKai) and embeds its hmtx and
// loca tables whole (200 KB for WenKai, compressed at zlib's default
// level on one core). A subset made first keeps both small.
func documentFaces(d *layout.Document) ([]*pdfFace, error) {
	seen := map[*fonts.Face]*runeBits{}
	var faces []*fonts.Face
	for _, p := range d.Pages {
		for i := range p.Items {
			it := &p.Items[i]
			if it.Kind != layout.Glyphs || it.Face == nil || it.Text == "" {
				continue
			}
			set := seen[it.Face]
			if set == nil {
				set = &runeBits{}
				seen[it.Face] = set
				faces = append(faces, it.Face)
			}
			for _, r := range it.Text {
				set.add(r)
			}
		}
	}
	slices.SortFunc(faces, func(a, b *fonts.Face) int { return a.ID() - b.ID() })
	out := make([]*pdfFace, len(faces))
	errs := make([]error, len(faces))
	parallel.Each(len(faces), func(i int) {
		f := faces[i]
		runes := seen[f].runes()
		pf := &pdfFace{face: f, name: subsetTag(f) + "+" + f.PostScriptName, text: string(runes)}
		if pf.data, errs[i] = f.Subset(runes); errs[i] != nil {
			return
		}
		pf.empty, errs[i] = fonts.WithoutOutlines(pf.data)
		out[i] = pf
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("embedding %s: %w", faces[i], err)
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

// runeBits is a set of characters, one bit each: a book's text passes
// through it character by character, so it must be cheap.
type runeBits struct {
	words []uint64
}

func (s *runeBits) add(r rune) {
	if r < 0 {
		return
	}
	i := int(r) / 64
	if i >= len(s.words) {
		s.words = append(s.words, make([]uint64, i+1-len(s.words))...)
	}
	s.words[i] |= 1 << (uint(r) % 64)
}

// runes returns the set's characters in ascending order.
func (s *runeBits) runes() []rune {
	var out []rune
	for i, w := range s.words {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, rune(i*64+b))
			w &^= 1 << b
		}
	}
	return out
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
