package layout

import (
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/manifest"
)

// mm is a millimetre in points.
const mm = 72 / 25.4

// geometry is the page and text block of a book, in points.
type geometry struct {
	pageW, pageH float64
	top, bottom  float64 // margins
	inner, outer float64
	textW, textH float64 // the text block
	bodySize     float64 // body font size
	leading      float64 // baseline to baseline of body text
	tabWidth     int
	lineNumbers  bool
	numbering    string // none or chapters
	rectoStart   bool   // chapters start on right-hand pages (the default)
}

func newGeometry(m *manifest.Manifest) geometry {
	p := m.PDF
	w, h := p.PageSizeMM()
	mg := p.MarginsMM()
	g := geometry{
		pageW: w * mm, pageH: h * mm,
		top: mg[0] * mm, bottom: mg[1] * mm, inner: mg[2] * mm, outer: mg[3] * mm,
		bodySize:    p.BodySize(),
		tabWidth:    m.Code.Tabs(),
		lineNumbers: m.Code.LineNumbers,
		numbering:   p.Numbering,
		rectoStart:  p.ChapterStart != "any",
	}
	g.leading = p.Leading() * g.bodySize
	g.textW = g.pageW - g.inner - g.outer
	g.textH = g.pageH - g.top - g.bottom
	return g
}

// left returns the x of the text block on page index i: right-hand pages
// (odd page numbers, even indexes) have the binding on their left.
func (g *geometry) left(page int) float64 {
	if page%2 == 0 {
		return g.inner
	}
	return g.outer
}

// Colours of the page: text in near-black for print, links in a blue that
// stays legible in grey, code on a light grey ground.
var (
	colorText       = RGB{0x1a, 0x1a, 0x1a}
	colorMuted      = RGB{0x60, 0x60, 0x60}
	colorLink       = RGB{0x1d, 0x4e, 0xa6}
	colorRule       = RGB{0xb0, 0xb0, 0xb0}
	colorCodeGround = RGB{0xf4, 0xf5, 0xf7}
	colorCodeFrame  = RGB{0xd8, 0xdb, 0xe0}
	colorQuoteRule  = RGB{0xc8, 0xcc, 0xd2}
	colorTableRule  = RGB{0x1a, 0x1a, 0x1a}
)

// colorAlert is the rule of each kind of callout, by doc.Alert: GitHub's
// alert colours in its light theme (Primer's fgColor accent, success,
// done, attention, danger), the website's light theme's (site.css), as a
// PDF is printed or read on white; each at least 4.5:1 on it. The EPUB's
// differ (epub/style.css): an e-reader may show the page white or black,
// so its rules are mid tones that hold 3:1 on both. In grey the kinds look
// alike: the title's word names the kind.
var colorAlert = [...]RGB{
	doc.AlertNone:      colorQuoteRule,
	doc.AlertNote:      {0x09, 0x69, 0xda},
	doc.AlertTip:       {0x1a, 0x7f, 0x37},
	doc.AlertImportant: {0x82, 0x50, 0xdf},
	doc.AlertWarning:   {0x9a, 0x67, 0x00},
	doc.AlertCaution:   {0xcf, 0x22, 0x2e},
}

// headingScale is the size of headings of each level, in body sizes: a
// clear scale from the chapter title down to run-in sizes. The chapter's
// title (level 1, see book's structure) is clearly the largest element of
// the book, as in LaTeX's book class (24.88 pt over 10 pt body text, 14.4
// pt for a section).
var headingScale = [7]float64{0, 2.4, 1.44, 1.2, 1.08, 1.0, 1.0}
