package manifest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
)

// PDF holds the settings of the PDF. Lengths are in millimetres, font sizes
// in points; a setting left out takes the default given here.
type PDF struct {
	// PageSize is A4, A5, B5 (ISO), Letter, 16K (186x240) or
	// "WIDTHxHEIGHT" in millimetres. Default: 186x240, the size of most
	// Chinese technical books (16 开).
	PageSize string `yaml:"page_size"`
	// Margins around the text block; inner is the binding side.
	Margins Margins `yaml:"margins"`
	// FontSize is the size of body text. Default 10.
	FontSize float64 `yaml:"font_size"`
	// LineHeight is the distance between baselines of body text, as a
	// multiple of FontSize. Default 1.65.
	LineHeight float64 `yaml:"line_height"`
	// Numbering numbers chapters: "none" (default: headings as written)
	// or "chapters" (chapters of the body open with "Chapter 1", "第1章").
	Numbering string `yaml:"numbering"`
	// ChapterStart is where a chapter starts: the next "right" page
	// (default), as in printed books, or "any" page.
	ChapterStart string `yaml:"chapter_start"`
	// Standard is a standard the PDF claims to meet: "ua-1" (PDF/UA-1,
	// ISO 14289-1), which makes the build fail where the book's content
	// forbids the claim (an image without alternative text, a heading
	// level skipped). Default: none (the PDF is tagged and claims nothing).
	Standard string `yaml:"standard"`
	// ImageDPI is the resolution raster pictures are printed at: one
	// with more than half as many pixels again at its printed size is
	// scaled down to it in the PDF (the EPUB keeps the file). Default
	// 300, the resolution of offset printing.
	ImageDPI float64 `yaml:"image_dpi"`
}

// DefaultImageDPI is the resolution of the PDF's pictures when book.yaml
// names none.
const DefaultImageDPI = 300

// DPI returns the resolution the PDF's pictures are printed at.
func (p PDF) DPI() float64 {
	if p.ImageDPI == 0 {
		return DefaultImageDPI
	}
	return p.ImageDPI
}

// UA reports whether the PDF claims PDF/UA-1.
func (p PDF) UA() bool { return p.Standard == "ua-1" }

// Margins of the page, in millimetres.
type Margins struct {
	Top    *float64 `yaml:"top"`
	Bottom *float64 `yaml:"bottom"`
	Inner  *float64 `yaml:"inner"`
	Outer  *float64 `yaml:"outer"`
}

// Code holds the settings of code listings.
type Code struct {
	// TabWidth is how many columns a tab advances to. Default 4.
	TabWidth *int `yaml:"tab_width"`
	// LineNumbers numbers the lines of every listing in the PDF.
	LineNumbers bool `yaml:"line_numbers"`
}

// Page sizes by name, in millimetres.
var pageSizes = map[string][2]float64{
	"a4": {210, 297}, "a5": {148, 210}, "b5": {176, 250}, "letter": {215.9, 279.4},
	"16k": {186, 240},
}

// Defaults of the PDF settings.
const (
	DefaultPageSize   = "186x240"
	DefaultFontSize   = 10.0
	DefaultLineHeight = 1.65
	DefaultTabWidth   = 4
)

// DefaultMargins are the margins, in millimetres, when book.yaml gives none:
// top, bottom, inner, outer.
var DefaultMargins = [4]float64{20, 22, 22, 18}

// PageSizeMM returns the page's width and height in millimetres.
func (p PDF) PageSizeMM() (w, h float64) {
	wh, _ := parsePageSize(p.PageSize)
	return wh[0], wh[1]
}

// MarginsMM returns the margins in millimetres: top, bottom, inner, outer.
func (p PDF) MarginsMM() [4]float64 {
	out := DefaultMargins
	for i, m := range []*float64{p.Margins.Top, p.Margins.Bottom, p.Margins.Inner, p.Margins.Outer} {
		if m != nil {
			out[i] = *m
		}
	}
	return out
}

// BodySize returns the body font size in points.
func (p PDF) BodySize() float64 {
	if p.FontSize == 0 {
		return DefaultFontSize
	}
	return p.FontSize
}

// Leading returns the line height as a multiple of the font size.
func (p PDF) Leading() float64 {
	if p.LineHeight == 0 {
		return DefaultLineHeight
	}
	return p.LineHeight
}

// Tabs returns the tab width.
func (c Code) Tabs() int {
	if c.TabWidth == nil {
		return DefaultTabWidth
	}
	return *c.TabWidth
}

func parsePageSize(s string) ([2]float64, error) {
	if s == "" {
		s = DefaultPageSize
	}
	if wh, ok := pageSizes[strings.ToLower(s)]; ok {
		return wh, nil
	}
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "mm")), "x")
	if !ok {
		return [2]float64{}, fmt.Errorf("page_size %q must be A4, A5, B5, Letter, 16K or WIDTHxHEIGHT in millimetres (186x240)", s)
	}
	w, err1 := strconv.ParseFloat(strings.TrimSpace(ws), 64)
	h, err2 := strconv.ParseFloat(strings.TrimSpace(hs), 64)
	if err1 != nil || err2 != nil {
		return [2]float64{}, fmt.Errorf("page_size %q must be A4, A5, B5, Letter, 16K or WIDTHxHEIGHT in millimetres (186x240)", s)
	}
	if w < 50 || h < 50 || w > 1000 || h > 1000 {
		return [2]float64{}, fmt.Errorf("page_size %q: width and height must be between 50 and 1000 mm", s)
	}
	return [2]float64{w, h}, nil
}

func (m *Manifest) checkPDF(diags *diag.List) {
	p := m.PDF
	wh, err := parsePageSize(p.PageSize)
	if err != nil {
		diags.Errorf(m.Pos("pdf.page_size"), "%v", err)
		return
	}
	mg := p.MarginsMM()
	for i, name := range []string{"top", "bottom", "inner", "outer"} {
		if mg[i] < 0 {
			diags.Errorf(m.Pos("pdf.margins."+name), "margin %s must not be negative", name)
		}
	}
	if tw, th := wh[0]-mg[2]-mg[3], wh[1]-mg[0]-mg[1]; tw < 40 || th < 40 {
		diags.Errorf(m.Pos("pdf.margins"), "the margins leave a text block of %.0f×%.0f mm on a %.0f×%.0f mm page; it must be at least 40×40 mm", tw, th, wh[0], wh[1])
	}
	if s := p.FontSize; s != 0 && (s < 5 || s > 30) {
		diags.Errorf(m.Pos("pdf.font_size"), "font_size %g must be between 5 and 30 points", s)
	}
	if l := p.LineHeight; l != 0 && (l < 1 || l > 3) {
		diags.Errorf(m.Pos("pdf.line_height"), "line_height %g must be between 1 and 3 (times the font size)", l)
	}
	switch p.Numbering {
	case "", "none", "chapters":
	default:
		diags.Errorf(m.Pos("pdf.numbering"), "numbering %q must be none or chapters", p.Numbering)
	}
	switch p.ChapterStart {
	case "", "any", "right":
	default:
		diags.Errorf(m.Pos("pdf.chapter_start"), "chapter_start %q must be any or right", p.ChapterStart)
	}
	switch p.Standard {
	case "", "none", "ua-1":
	default:
		diags.Errorf(m.Pos("pdf.standard"), "standard %q must be none or ua-1", p.Standard)
	}
	if d := p.ImageDPI; d != 0 && (d < 72 || d > 1200) {
		diags.Errorf(m.Pos("pdf.image_dpi"), "image_dpi %g must be between 72 and 1200 (dots per inch)", d)
	}
	if t := m.Code.Tabs(); t < 1 || t > 16 {
		diags.Errorf(m.Pos("code.tab_width"), "tab_width %d must be between 1 and 16", t)
	}
}
