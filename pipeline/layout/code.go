package layout

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
)

// Code listings are set on a monospace grid: every character takes one
// cell of the code face (Go Mono, 0.6 em), Chinese characters and other
// wide ones exactly two, whatever face draws them, so that columns line up
// as in an editor. A line wider than the text block wraps, at a space or a
// token boundary when one is near enough, else at any character, and the
// continuation is marked in the margin of the listing.

// wrapMark marks the continuation of a wrapped line.
const wrapMark = "↪"

// codeCell is one character of a listing.
type codeCell struct {
	r     rune
	cells int
	class string // highlighting class
	brk   bool   // a good place to wrap before this character
}

// code lays out a listing.
func (e *engine) code(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	size := 0.86 * body
	pitch := 1.45 * size
	cell := e.measure(e.codeFace, "M", size)
	if cell <= 0 {
		cell = 0.6 * size
	}
	pad := 1.5 * cell
	lines := e.codeLines(n)
	gutter := 0.0
	if e.g.lineNumbers {
		gutter = float64(len(strconv.Itoa(len(lines)))+1) * cell
	}
	textX := bx.x + pad + gutter
	cols := int((bx.w - 2*pad - gutter) / cell)
	if cols < 4 {
		cols = 4
	}

	e.gap(0.7 * body)
	ground := &frame{kind: frameGround, x: bx.x, w: bx.w, padTop: 0.45 * size, padBottom: 0.45 * size,
		color: colorCodeGround, lineColor: colorCodeFrame, lineWidth: 0.4}
	e.frames = append(e.frames, ground)
	start := len(e.flow)
	if n.ID != "" {
		e.anchorBox(n.ID)
	}
	for no, line := range lines {
		rows := wrapCode(line, cols)
		for i, row := range rows {
			b := &vbox{h: pitch}
			baseline := 0.5*pitch + 0.32*size
			if i == 0 && e.g.lineNumbers {
				num := strconv.Itoa(no + 1)
				w := float64(len(num)) * cell
				b.items = append(b.items, Item{Kind: Glyphs, X: textX - cell - w, Y: baseline, W: w, H: size,
					Face: e.codeFace, Size: size, Text: num, Color: colorMuted})
			}
			if i > 0 {
				ms := 0.8 * size
				b.items = append(b.items, e.glyphs(fonts.Code, fonts.Regular, wrapMark, bx.x+0.25*cell, baseline, ms, colorMuted)...)
			}
			b.items = append(b.items, e.codeRow(row, textX, baseline, size, cell, ctx.Style)...)
			e.add(b)
		}
	}
	e.frames = e.frames[:len(e.frames)-1]
	// No lone line of a listing at the foot or head of a page.
	if boxes := e.flow[start:]; len(boxes) > 1 {
		boxes[0].keep = true
		boxes[len(boxes)-2].keep = true
	}
	e.gap(0.7 * body)
}

// codeLines splits a listing into lines of cells, tabs expanded.
func (e *engine) codeLines(n *doc.Node) [][]codeCell {
	tokens := n.Tokens
	if tokens == nil {
		tokens = highlight.Tokens(n.Lang, strings.TrimSuffix(n.Text, "\n"))
	}
	var lines [][]codeCell
	var cur []codeCell
	col := 0
	prevClass := "\x00"
	for _, t := range tokens {
		for _, r := range t.Text {
			switch r {
			case '\n':
				lines = append(lines, cur)
				cur, col, prevClass = nil, 0, "\x00"
				continue
			case '\t':
				spaces := e.g.tabWidth - col%e.g.tabWidth
				for range spaces {
					cur = append(cur, codeCell{r: ' ', cells: 1, class: t.Class})
				}
				col += spaces
				continue
			case '\r':
				continue
			}
			c := codeCell{r: r, cells: e.fonts.Cells(r), class: t.Class}
			// Wrap after white space, or where one token ends and
			// another begins.
			if n := len(cur); n > 0 {
				prev := cur[n-1].r
				c.brk = unicode.IsSpace(prev) && !unicode.IsSpace(r) || t.Class != prevClass && c.cells > 0 || c.cells == 2
			}
			prevClass = t.Class
			cur = append(cur, c)
			col += c.cells
		}
	}
	lines = append(lines, cur)
	return lines
}

// wrapCode splits a line into rows of at most cols cells.
func wrapCode(line []codeCell, cols int) [][]codeCell {
	var rows [][]codeCell
	for {
		width, end, good := 0, 0, -1
		for end < len(line) {
			w := line[end].cells
			if width+w > cols {
				break
			}
			if line[end].brk && width >= cols/2 {
				good = end
			}
			width += w
			end++
			// Combining marks stay with their character.
			for end < len(line) && line[end].cells == 0 {
				end++
			}
		}
		if end >= len(line) {
			return append(rows, line)
		}
		if good > 0 {
			end = good
		}
		if end == 0 {
			end = 1 // a character wider than the whole line: still progress
		}
		rows = append(rows, line[:end])
		line = line[end:]
	}
}

// codeRow draws one row of a listing from x on: runs of one face, look and
// advance, each character spaced to its cells.
func (e *engine) codeRow(row []codeCell, x, baseline, size, cell float64, base fonts.Style) []Item {
	var items []Item
	for i := 0; i < len(row); {
		// Classes drawn alike (names and punctuation are both plain
		// in most themes) make one run: fewer text objects.
		lk := e.codeLook(row[i].class)
		j := i
		for j < len(row) && (row[j].class == row[i].class || e.codeLook(row[j].class) == lk) {
			j++
		}
		style := base
		if lk.Bold {
			style |= fonts.Bold
		}
		if lk.Italic {
			style |= fonts.Italic
		}
		color := colorText
		if lk.HasColor {
			color = RGB(lk.Color)
		}
		text := make([]rune, 0, j-i)
		for _, c := range row[i:j] {
			text = append(text, c.r)
		}
		s := string(text)
		for _, r := range e.fonts.Runs(fonts.Code, style, s) {
			items, x = e.codeRun(items, r, x, baseline, size, cell, color)
		}
		i = j
	}
	return items
}

// codeRun draws one font run on the grid, splitting it where the spacing a
// character needs to fill its cells changes.
func (e *engine) codeRun(items []Item, r fonts.Run, x, baseline, size, cell float64, color RGB) ([]Item, float64) {
	face := r.Face
	if face == nil {
		face = e.codeFace
	}
	var cur *Item
	start := 0 // where cur's text starts in r.Text
	for i, ch := range r.Text {
		cells := e.fonts.Cells(ch)
		adv := 0.0
		if face.Has(ch) && e.fonts.NeedsGlyph(ch) {
			adv = float64(face.PDFAdvance(ch)) * size / 1000
		}
		target := float64(cells) * cell
		cs := target - adv
		if cells == 0 {
			cs = -adv // a mark over the previous character
		}
		if cur != nil && (abs(cur.CharSpacing-cs) > 0.001) {
			cur.Text = r.Text[start:i]
			items = append(items, *cur)
			cur = nil
		}
		if cur == nil {
			cur = &Item{Kind: Glyphs, X: x, Y: baseline, H: size, Face: face, Size: size, CharSpacing: cs, Color: color, Code: true}
			start = i
		}
		cur.W += target
		x += target
	}
	if cur != nil {
		cur.Text = r.Text[start:]
		items = append(items, *cur)
	}
	return items, x
}

// codeLook is how a highlighting class is drawn, cached.
func (e *engine) codeLook(class string) highlight.Look {
	if class == "" {
		return highlight.Look{}
	}
	return e.looks[class]
}

// glyphs draws text set in role and style from x on the baseline y.
func (e *engine) glyphs(role fonts.Role, style fonts.Style, text string, x, y, size float64, color RGB) []Item {
	var out []Item
	for _, r := range e.fonts.Runs(role, style, text) {
		if r.Face == nil {
			continue
		}
		w := e.measure(r.Face, r.Text, size)
		out = append(out, Item{Kind: Glyphs, X: x, Y: y, W: w, H: size, Face: r.Face, Size: size, Text: r.Text, Color: color})
		x += w
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
