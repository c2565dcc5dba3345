package layout

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
)

// Code listings are set on a monospace grid: every character takes one
// cell of the code face (Go Mono, 0.6 em), Chinese characters and other
// wide ones exactly two, whatever face draws them, so that columns line up
// as in an editor. A line wider than the text block wraps, before a run of
// spaces or at a token boundary when one is near enough, else at any
// character, and the continuation is marked in the margin of the listing;
// a line breaks before a run of spaces (so that the line ends with the word
// before them: a break after ", " or "x := "), else after an operator, a
// comma or an opening bracket, else where one token ends and another
// begins, else at any character, and never so that a continuation starts
// with a closing mark. The continuation is indented to its line's own
// indent plus one step, its leading spaces included (they are the source's
// and read back with it): the text read back from the PDF, markers taken
// out and continuations joined to their line by position from the row's
// first column (CodeRow.X), is the source.

// wrapMark marks the continuation of a wrapped line, in the listing's left
// padding.
const wrapMark = "↪"

// wideScale is how much larger than the code a wide (Chinese) character is
// drawn in its two cells (1.2 em of Go Mono): at 1.13 times the code's
// size, Chinese matches Latin as monospace CJK faces do (Chinese glyphs sit
// small in their em); its whole em box, ascent to descent as PDF readers
// take them (LXGW WenKai: 1.032 and 0.285 em), fits the row's pitch, so no
// glyph reaches past the text block at a page's head or foot; and the gap
// left between two Chinese characters, 0.06 of their em, is too small for
// text extraction (pdftotext, a viewer's copy) to read as a space. Where
// Latin follows, plain pdftotext reads one all the same: it leaves the
// character spacing out of a glyph's box and splits words where the size
// changes, then takes a gap of 0.03 em as a space. Closing the gap would
// take a scale of 1.17, whose em box overflows the row, or horizontal
// scaling, which gopdf cannot set.
const wideScale = 1.13

// codeCell is one character of a listing.
type codeCell struct {
	r     rune
	cells int8   // 0, 1 or 2
	brk   int8   // how good a place to wrap before this character is: 0 none, up to 3 (see wrapRank)
	class string // highlighting class
}

// code lays out a listing: a box on a light ground with padding, one vbox
// per row, so that a listing crosses pages; the ground is left open where
// a page break cuts it (see frameSpans), and a lone first or last row is
// never left on a page of its own.
func (e *engine) code(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	size := 0.86 * body
	pitch := 1.5 * size
	vpad := 0.45 * size
	cell := e.measure(e.codeFace, "M", size)
	if cell <= 0 {
		cell = 0.6 * size
	}
	pad := 1.5 * cell
	bx = e.codeBox(bx, 2*pad+16*cell)
	lines := e.codeLines(n)
	gutter := 0.0
	if lineNumbers(n.Info, e.g.lineNumbers) {
		gutter = float64(len(strconv.Itoa(len(lines)))+1) * cell
	}
	textX := bx.x + pad + gutter
	cols := max(int((bx.w-2*pad-gutter)/cell), 4)

	e.gap(0.7 * body)
	ground := &frame{kind: frameGround, x: bx.x, w: bx.w, color: colorCodeGround, lineColor: colorCodeFrame, lineWidth: 0.4}
	e.frames = append(e.frames, ground)
	start := len(e.flow)
	// The listing's code rows, one a box, in one array: see below.
	var codeRows []CodeRow
	for no, line := range lines {
		rows := wrapCode(line, cols, contIndent(line, cols, e.g.tabWidth))
		for i, wr := range rows {
			row := wr.cells
			rowX := textX + float64(wr.col)*cell
			b := &vbox{h: pitch}
			// Room above the baseline for a Chinese character drawn
			// wideScale times larger (its ascent), and below for its
			// descent.
			baseline := pitch - 0.33*size
			if len(e.flow) == start {
				// The top padding belongs to the first row, so that
				// the ground ends with the text at a page break.
				b.h += vpad
				baseline += vpad
				if n.ID != "" {
					b.more = &boxMore{dests: []string{destName(e.ch.Index, n.ID)}}
				}
			}
			// The row's items gathered in memory reused from row to
			// row, then copied at their exact size (as setLine does).
			items := e.lineItems[:0]
			if i == 0 && gutter > 0 {
				num := strconv.Itoa(no + 1)
				w := float64(len(num)) * cell
				items = append(items, Item{Kind: Glyphs, X: textX - cell - w, Y: baseline, W: w, H: size,
					Face: e.codeFace, Text: num, Color: colorMuted})
			}
			if i > 0 {
				ms := 0.8 * size
				items = append(items, e.glyphs(fonts.Code, fonts.Regular, wrapMark, bx.x+0.25*cell, baseline, ms, colorMuted)...)
			}
			marks := len(items)
			items = e.codeRow(items, row, rowX, baseline, size, cell, ctx.Style)
			for k := range items[marks:] {
				items[marks+k].Node = n
			}
			b.items = exactItems(items)
			e.lineItems = items[:0]
			codeRows = append(codeRows, CodeRow{Listing: n, Line: no, Cont: i > 0, X: rowX, Y: baseline, Cell: cell, Size: size, Blank: blankRow(row)})
			e.add(b)
		}
	}
	e.frames = e.frames[:len(e.frames)-1]
	boxes := e.flow[start:]
	// Each box's row is a slice of one array of the listing's rows, of
	// its exact size, rather than an array of one row each.
	codeRows = slices.Clone(codeRows)
	for k, b := range boxes {
		b.code = codeRows[k : k+1 : k+1]
	}
	boxes[len(boxes)-1].h += vpad
	// No lone line of a listing at the foot or head of a page.
	if len(boxes) > 1 {
		boxes[0].keep = true
		boxes[len(boxes)-2].keep = true
	}
	// A break goes after a blank line, not before it: an empty row at
	// the head of a continued box looks like a lost line; at the foot of
	// the page it is what it is, the end of a paragraph of code.
	for k := range len(boxes) - 1 {
		if isBlank(boxes[k+1].code) && !isBlank(boxes[k].code) {
			boxes[k].keep = true
		}
	}
	e.gap(0.7 * body)
}

// isBlank reports whether rows are one row of a listing with nothing to
// show: an empty line, or one of spaces.
func isBlank(rows []CodeRow) bool {
	return len(rows) == 1 && !rows[0].Cont && rows[0].Blank
}

// blankRow reports whether row holds only spaces.
func blankRow(row []codeCell) bool {
	for _, c := range row {
		if !unicode.IsSpace(c.r) {
			return false
		}
	}
	return true
}

// codeBox returns the extent to set a listing in: bx, unless it is
// narrower than minW (a listing deep in nested lists), when the listing
// takes minW at the right of the text block rather than overflow it.
func (e *engine) codeBox(bx box, minW float64) box {
	if bx.w >= minW && bx.x >= 0 && bx.x+bx.w <= e.g.textW+0.01 {
		return bx
	}
	w := min(max(bx.w, minW), e.g.textW)
	x := min(max(bx.x, 0), e.g.textW-w)
	return box{x, w}
}

// lineNumbers reports whether a listing is numbered: by its fence's
// attributes ({linenos=true}, {linenos=false}, {.numberLines}, as Hugo and
// pandoc write them), else by the book's setting.
func lineNumbers(info string, book bool) bool {
	for _, f := range strings.FieldsFunc(info, func(r rune) bool { return r == '{' || r == '}' || r == ' ' || r == ',' }) {
		k, v, _ := strings.Cut(f, "=")
		v = strings.Trim(v, `"'`)
		switch strings.ToLower(k) {
		case "linenos", "linenumbers":
			return v != "false" && v != "0" && v != "no"
		case ".numberlines", ".number-lines":
			return true
		}
	}
	return book
}

// codeLines splits a listing into lines of cells, tabs expanded.
func (e *engine) codeLines(n *doc.Node) [][]codeCell {
	tokens := n.Tokens
	if tokens == nil {
		tokens = highlight.Tokens(n.Lang, strings.TrimSuffix(n.Text, "\n"))
	}
	// The cells of all lines in one slice, each line a piece of it:
	// a listing is most of a Go book, and growing a slice per line was
	// a tenth of the layout's allocations.
	all := make([]codeCell, 0, len(n.Text)+(e.g.tabWidth-1)*strings.Count(n.Text, "\t"))
	var ends []int
	start, col := 0, 0
	prevClass := "\x00"
	push := func(c codeCell) {
		// Wrap before a run of spaces, so that the spaces start the
		// continuation and no row ends in invisible spaces; else
		// where one token ends and another begins, or beside a wide
		// character.
		if len(all) > start {
			c.brk = wrapRank(all[len(all)-1], c, prevClass)
		}
		prevClass = c.class
		all = append(all, c)
		col += int(c.cells)
	}
	for class, text := range tokens.All() {
		for _, r := range text {
			switch r {
			case '\n':
				ends = append(ends, len(all))
				start, col, prevClass = len(all), 0, "\x00"
				continue
			case '\t':
				for range e.g.tabWidth - col%e.g.tabWidth {
					push(codeCell{r: ' ', cells: 1, class: class})
				}
				continue
			case '\r':
				continue
			}
			cells := int8(e.fonts.Cells(r))
			if unicode.IsSpace(r) {
				r, cells = ' ', 1 // a form feed or vertical tab: a space
			}
			push(codeCell{r: r, cells: cells, class: class})
		}
	}
	ends = append(ends, len(all))
	lines := make([][]codeCell, len(ends))
	start = 0
	for i, end := range ends {
		if end > start {
			lines[i] = all[start:end:end]
		}
		start = end
	}
	return lines
}

// wrapRank says how good a place to wrap between characters a (of class
// aClass) and b is: 3 before a run of spaces, 2
// after an operator, a comma or an opening bracket, 1 where one token ends
// and another begins or beside a wide character, 0 nowhere else and never
// before a closing mark, which must not start a continuation.
func wrapRank(a, b codeCell, aClass string) int8 {
	switch {
	case closingMark(b.r):
		return 0
	case b.r == ' ' && a.r != ' ':
		return 3
	case b.r == ' ' || a.r == ' ':
		return 0
	case strings.ContainsRune("+-*/%&|^<>=!,;:([{", a.r) && !strings.ContainsRune("+-*/%&|^<>=!:", b.r):
		return 2
	case b.class != aClass && b.cells > 0 || b.cells == 2 || a.cells == 2:
		return 1
	}
	return 0
}

// closingMark reports whether r closes something: it must not start a
// continuation row.
func closingMark(r rune) bool {
	return strings.ContainsRune(")]},;.:?!", r) || strings.ContainsRune("、。，．：；？！）」』】〉》〕”’…", r)
}

// contIndent returns the column a wrapped line's continuations start at:
// the line's own indent plus one step (a tab stop), no more than a third of
// the row.
func contIndent(line []codeCell, cols, step int) int {
	indent := 0
	for indent < len(line) && line[indent].r == ' ' {
		indent++
	}
	return min(indent+max(step, 2), cols/3)
}

// wrapRow is one row of a wrapped line: its cells, drawn from column col.
type wrapRow struct {
	cells []codeCell
	col   int
}

// wrapCode splits a line into rows of at most cols cells, continuations
// indented to column indent: the best place to wrap (see wrapRank) in the
// second half of the row, the last of equals; a continuation's leading
// spaces are kept and reach left of the indent.
func wrapCode(line []codeCell, cols, indent int) []wrapRow {
	var rows []wrapRow
	col := 0
	for {
		avail := cols - col
		width, end, good, rank := 0, 0, -1, int8(0)
		for end < len(line) {
			w := int(line[end].cells)
			if width+w > avail {
				break
			}
			if b := line[end].brk; b > 0 && b >= rank && width >= avail/2 {
				good, rank = end, b
			}
			width += w
			end++
			// Combining marks stay with their character.
			for end < len(line) && line[end].cells == 0 {
				end++
			}
		}
		if end >= len(line) {
			return append(rows, wrapRow{line, col})
		}
		if good > 0 {
			end = good
		} else {
			// Anywhere, but not before a closing mark.
			for k := end; k > 1 && k > end-4; k-- {
				if !closingMark(line[k].r) && line[k].cells > 0 {
					end = k
					break
				}
			}
		}
		if end == 0 {
			end = 1 // a character wider than the whole line: still progress
		}
		rows = append(rows, wrapRow{line[:end], col})
		line = line[end:]
		spaces := 0
		for spaces < len(line) && line[spaces].r == ' ' {
			spaces++
		}
		col = max(0, indent-spaces)
	}
}

// codeRow appends to items one row of a listing drawn from x on: runs of
// one face, look and advance, each character spaced to its cells.
func (e *engine) codeRow(items []Item, row []codeCell, x, baseline, size, cell float64, base fonts.Style) []Item {
	text := make([]rune, 0, len(row))
	for i := 0; i < len(row); {
		// Classes drawn alike (names and punctuation are both plain
		// in most themes) make one run, and so do spaces with what
		// is around them, as a space draws nothing whatever its look:
		// fewer text objects (a fifth of gopl-zh's were spaces alone).
		// The run takes the look of its first character that is not
		// a space.
		k := i
		for k < len(row)-1 && row[k].r == ' ' {
			k++
		}
		lk := e.codeLook(row[k].class)
		j := i
		for j < len(row) && (row[j].r == ' ' || row[j].class == row[k].class || e.codeLook(row[j].class) == lk) {
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
		text = text[:0]
		for _, c := range row[i:j] {
			text = append(text, c.r)
		}
		for _, r := range e.fonts.Runs(fonts.Code, style, string(text)) {
			items, x = e.codeRun(items, r, x, baseline, size, cell, color)
		}
		i = j
	}
	return items
}

// codeRun draws one font run on the grid, splitting it where the size or
// the spacing a character needs to fill its cells changes. A wide
// character is drawn wideScale larger at the start of its two cells; a
// glyph wider than its cells is drawn smaller to fit them.
func (e *engine) codeRun(items []Item, r fonts.Run, x, baseline, size, cell float64, color RGB) ([]Item, float64) {
	face := r.Face
	if face == nil {
		face = e.codeFace
	}
	var cur *Item
	var buf []byte
	flush := func() {
		if cur != nil {
			cur.Text = string(buf)
			items = append(items, *cur)
			cur, buf = nil, buf[:0]
		}
	}
	for _, ch := range r.Text {
		cells := e.fonts.Cells(ch)
		target := float64(cells) * cell
		units := 0.0
		if face.Has(ch) && e.fonts.NeedsGlyph(ch) {
			units = float64(face.PDFAdvance(ch)) / 1000
		}
		gs := size
		if adv := units * size; adv > 0 {
			switch {
			case cells == 2:
				gs = size * min(wideScale, target/adv)
			case cells == 1 && adv > target:
				gs = size * target / adv
			}
		}
		adv := units * gs
		cs := target - adv
		// A wide glyph starts at its first cell, as every character
		// does, so that characters of one column share an x (the small
		// gap after it is not worth breaking that for).
		if cells == 0 {
			cs = -adv // a mark over the previous character
		}
		if cur != nil && (abs(cur.CharSpacing-cs) > 0.001 || cur.Size() != gs) {
			flush()
		}
		if cur == nil {
			cur = &Item{Kind: Glyphs, X: x, Y: baseline, H: gs, Face: face, CharSpacing: cs, Color: color, Code: true}
		}
		buf = utf8.AppendRune(buf, ch)
		// The advance box: from the first glyph to the end of the
		// last one's advance, the spacing after it left out.
		cur.W = x + adv - cur.X
		x += target
	}
	flush()
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
		out = append(out, Item{Kind: Glyphs, X: x, Y: y, W: w, H: size, Face: r.Face, Text: r.Text, Color: color})
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
