package pdf

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// The PDF is tagged (PDF 32000, 14.7 and 14.8): every piece of content of
// a page is in a marked-content sequence, either an artifact (what the
// layout draws around the text: running heads, page numbers, leaders,
// rules, grounds, wrap marks, repeated table headers) or content with a
// marked-content identifier (MCID) that the structure tree (structtree.go)
// points at. gopdf knows nothing of this; its content streams pass through
// our code, so the operators are added there: around each text object of
// the text documents (markText), each SVG drawing (drawing) and each
// raster picture and the rest of the frame (markFrame).

// pageTags is the marked content of one page.
type pageTags struct {
	// mcid is each item's MCID, -1 for an artifact.
	mcid []int32
	// marks are the sequences with an MCID, by MCID.
	marks []mark
	// rasters are the MCIDs of the page's raster pictures, in drawing
	// order: markFrame tags the frame's images with them after the
	// page's items are released (see drawBook).
	rasters []int32
	// links are what the structure tree needs of each of the page's
	// links (see treeBuilder.links), taken from the items, which are
	// released once the page is drawn.
	links []linkTag
}

// linkTag is what a link covers: the first marked content under its area
// (its MCID, -1 for none) and the words of the text under it; and the
// link's URL, "" for one within the document (what the annotation's
// /Contents says when there are no words).
type linkTag struct {
	mcid  int32
	words string
	url   string
}

// mark is a marked-content sequence: what of the document model it shows.
type mark struct {
	node, inline *doc.Node
	role         layout.Role
	picture      bool
	// line is the source line of a listing's text (a line wrapped over
	// several rows is one sequence, read as one line), -1 for other text.
	line int32
	// actual is what a run of spread text reads as (see spread), in a
	// sequence of its own.
	actual string
}

// spreadText is the character spacing, in ems, from which a run of text
// is spread: pdftotext reads a space in a gap of a tenth of an em.
const spreadText = 0.08

// spread reports whether item it is justified Chinese whose characters
// are spread far enough apart for an extractor to read spaces between
// them ("我 们 通 过"): its sequence says what it reads as (/ActualText,
// which pdftotext honours; the structure's readers, poppler's and
// MuPDF's, take the glyphs, in which they find no spaces).
func spread(it *layout.Item) bool {
	return it.Kind == layout.Glyphs && it.CharSpacing > spreadText*it.Size()
}

// spreadTail splits the text of a spread item before its last character,
// which drawText draws apart, at x, without character spacing: the PDF
// adds the spacing after every glyph, the last too, and an extractor that
// honours /ActualText takes the run to end there, past the last glyph
// (past the text block, for the last run of a justified line).
func spreadTail(it *layout.Item) (head, tail string, x float64, ok bool) {
	if !spread(it) {
		return "", "", 0, false
	}
	_, n := utf8.DecodeLastRuneInString(it.Text)
	if n == len(it.Text) {
		return "", "", 0, false
	}
	head, tail = it.Text[:len(it.Text)-n], it.Text[len(it.Text)-n:]
	x = it.X
	for _, r := range head {
		x += float64(it.Face.PDFAdvance(r))*it.Size()/1000 + it.CharSpacing
	}
	return head, tail, x, true
}

// drawsText reports whether the text documents draw item it (see
// drawText): one text object each.
func drawsText(it *layout.Item) bool {
	return it.Kind == layout.Glyphs && it.Face != nil && it.Text != ""
}

// spaceAfter reports whether a space glyph is drawn after the text of
// item it: the layout sets word spaces as gaps (and line ends), which
// text extraction reads as nothing ("Whynotthreads?"), in the structure
// (pdfinfo -struct-text) as on the page; a space glyph is what every
// extractor reads as a space, where /ActualText is read by some only
// (poppler's and MuPDF's structure readers ignore it). It is drawn at
// the end of the word's advance, in the gap, so nothing moves. Spread
// text (see spread) says its space in its /ActualText instead.
func spaceAfter(it *layout.Item) bool {
	return it.SpaceAfter && it.Face.Has(' ') && !spread(it)
}

// planTags numbers the marked content of every page: consecutive text of
// one node shares a sequence; a picture has one of its own. The numbers
// depend on the page model alone, so the documents that draw a page
// concurrently agree on them.
func planTags(d *layout.Document) []pageTags {
	out := make([]pageTags, len(d.Pages))
	for pi, p := range d.Pages {
		t := &out[pi]
		t.mcid = make([]int32, len(p.Items))
		var last *mark
		row := 0
		for i := range p.Items {
			it := &p.Items[i]
			t.mcid[i] = -1
			raster := it.Kind == layout.Picture && it.Image.MediaType != "image/svg+xml"
			if it.Node == nil || (it.Kind != layout.Picture && !drawsText(it)) {
				if raster {
					t.rasters = append(t.rasters, -1) // an artifact: a cover
				}
				continue
			}
			m := mark{node: it.Node, inline: it.Inline, role: it.Role, picture: it.Kind == layout.Picture, line: -1}
			if it.Code && it.Node.Kind == doc.CodeBlock && it.Kind == layout.Glyphs {
				m.line = codeLine(p, it, &row)
			}
			if spread(it) {
				// The space after it is said here: drawn, it would
				// widen the run an extractor takes the actual text
				// to cover.
				m.actual = it.Text
				if it.SpaceAfter {
					m.actual += " "
				}
			}
			if !m.picture && m.actual == "" && last != nil && !last.picture && last.actual == "" && *last == m {
				t.mcid[i] = int32(len(t.marks) - 1)
				continue
			}
			t.marks = append(t.marks, m)
			t.mcid[i] = int32(len(t.marks) - 1)
			last = &t.marks[len(t.marks)-1]
			if m.picture {
				last = nil
			}
			if raster {
				t.rasters = append(t.rasters, t.mcid[i])
			}
		}
		t.links = linkTags(p, t.mcid)
	}
	return out
}

// linkTags finds, for each link of page p, the marked content under it,
// by the MCIDs of p's items.
func linkTags(p *layout.Page, mcid []int32) []linkTag {
	if len(p.Links) == 0 {
		return nil
	}
	out := make([]linkTag, len(p.Links))
	for k, l := range p.Links {
		lt := linkTag{mcid: -1, url: l.URL}
		var words strings.Builder
		for i := range p.Items {
			it := &p.Items[i]
			if mcid[i] < 0 || !under(it, l) {
				continue
			}
			if words.Len() > 0 && it.Kind == layout.Glyphs {
				words.WriteByte(' ')
			}
			words.WriteString(it.Text)
			if lt.mcid < 0 {
				lt.mcid = mcid[i]
			}
		}
		lt.words = strings.Join(strings.Fields(words.String()), " ")
		out[k] = lt
	}
	return out
}

// codeLine returns the source line of the listing row item it is on, -1
// if none is found. The search starts at *from, the row found last (items
// come row by row), and leaves the row found there.
func codeLine(p *layout.Page, it *layout.Item, from *int) int32 {
	for k := range p.Code {
		i := (*from + k) % len(p.Code)
		if r := &p.Code[i]; r.Listing == it.Node && math.Abs(r.Y-(it.Y+it.Rise())) < 0.01 {
			*from = i
			return int32(r.Line)
		}
	}
	return -1
}

// openMarked writes the start of the sequence of MCID id (-1: an artifact) of
// page t (nil: one without /ActualText).
func openMarked(b *bytes.Buffer, id int32, t *pageTags) {
	if id < 0 {
		b.WriteString("/Artifact BMC\n")
		return
	}
	b.WriteString("/Span <</MCID ")
	b.WriteString(strconv.Itoa(int(id)))
	if t != nil && t.marks[id].actual != "" {
		b.WriteString(" /ActualText ")
		b.Write(appendText(b.AvailableBuffer(), t.marks[id].actual))
	}
	b.WriteString(">> BDC\n")
}

var btLine = []byte("BT\n")

// markText puts each text object of content, the text gopdf drew for page
// p (one "BT … ET" for each item drawsText), in its marked-content
// sequence: consecutive objects of one sequence, or artifacts, together.
func markText(content []byte, p *layout.Page, t *pageTags) ([]byte, error) {
	if len(content) == 0 {
		return content, nil
	}
	var starts []int
	for at := 0; at < len(content); {
		i := bytes.Index(content[at:], btLine)
		if i < 0 {
			break
		}
		if at+i == 0 || content[at+i-1] == '\n' {
			starts = append(starts, at+i)
		}
		at += i + len(btLine)
	}
	var ids []int32
	for i := range p.Items {
		if drawsText(&p.Items[i]) {
			ids = append(ids, t.mcid[i])
			if _, _, _, ok := spreadTail(&p.Items[i]); ok {
				ids = append(ids, t.mcid[i]) // drawn in two objects
			}
		}
	}
	if len(ids) != len(starts) {
		return nil, fmt.Errorf("%d text objects for %d runs of text", len(starts), len(ids))
	}
	var b bytes.Buffer
	// A sequence's operators, 28 bytes at most, an artifact's 18.
	b.Grow(len(content) + 28*len(ids) + 32)
	if len(starts) == 0 || starts[0] > 0 {
		end := len(content)
		if len(starts) > 0 {
			end = starts[0]
		}
		openMarked(&b, -1, nil)
		b.Write(content[:end])
		b.WriteString("EMC\n")
	}
	for k, s := range starts {
		end := len(content)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		if k == 0 || ids[k] != ids[k-1] {
			if k > 0 {
				b.WriteString("EMC\n")
			}
			openMarked(&b, ids[k], t)
		}
		b.Write(content[s:end])
	}
	if len(starts) > 0 {
		if b.Bytes()[b.Len()-1] != '\n' {
			b.WriteByte('\n')
		}
		b.WriteString("EMC\n")
	}
	return b.Bytes(), nil
}

// reImageDo finds where gopdf draws an image (cacheContentImage.write):
// a rotation (q, a matrix), q, the placement (q, a matrix, Do, Q), two Q.
var reImageDo = regexp.MustCompile(`q\n [^q]*?cm\nq\nq\n [^q]*? cm /I\d+ Do \nQ\nQ\nQ\n`)

// markFrame marks the frame's content of page p: artifacts (rules, boxes,
// grounds), but for the raster pictures, each with its MCID.
func markFrame(content []byte, t *pageTags) ([]byte, error) {
	ids := t.rasters
	locs := reImageDo.FindAllIndex(content, -1)
	if len(locs) != len(ids) {
		return nil, fmt.Errorf("%d images drawn for %d raster pictures", len(locs), len(ids))
	}
	var b bytes.Buffer
	b.Grow(len(content) + 64 + 48*len(ids))
	at := 0
	for k, l := range locs {
		if l[0] > at {
			openMarked(&b, -1, nil)
			b.Write(content[at:l[0]])
			b.WriteString("EMC\n")
		}
		openMarked(&b, ids[k], t)
		b.Write(content[l[0]:l[1]])
		b.WriteString("EMC\n")
		at = l[1]
	}
	if at < len(content) {
		openMarked(&b, -1, nil)
		b.Write(content[at:])
		if content[len(content)-1] != '\n' {
			b.WriteByte('\n')
		}
		b.WriteString("EMC\n")
	}
	return b.Bytes(), nil
}
