package linebreak

import "math"

// Kind is the type of an item.
type Kind uint8

// Item kinds, as in Knuth and Plass.
const (
	// Box is material of fixed width: a word, a character, a glyph run.
	Box Kind = iota
	// Glue is space that can stretch and shrink. A glue item that directly
	// follows a box is a legal break; glue at a break disappears, and so do
	// glue and penalties that follow a break up to the next box.
	Glue
	// Penalty is a possible break with a cost. Its width is set only if the
	// line breaks there (a hyphen, for instance).
	Penalty
)

func (k Kind) String() string {
	switch k {
	case Box:
		return "box"
	case Glue:
		return "glue"
	case Penalty:
		return "penalty"
	}
	return "kind?"
}

// Infinity is the penalty cost at which breaks are forbidden (Cost >=
// Infinity) or forced (Cost <= -Infinity), as in TeX.
const Infinity = 10000

// FillGlue returns glue that stretches without limit (its Stretch is
// +Inf), like TeX's fil glue: on a line that has such glue, it takes all
// the room left and other glue keeps its natural width. The finishing glue
// of a paragraph is fill glue, which sets its last line ragged.
func FillGlue() Item { return GlueItem(0, math.Inf(1), 0) }

// isFill reports whether it is fill glue.
func (it *Item) isFill() bool { return it.Kind == Glue && math.IsInf(it.Stretch, 1) }

// NoPayload is the payload of items that do not come from the caller's text:
// inter-character glue, punctuation blanks, penalties.
const NoPayload = -1

// Item is one element of a paragraph in Knuth and Plass's model.
type Item struct {
	Kind Kind
	// Flagged marks a penalty whose break shows a visible mark, such as a
	// hyphen; two consecutive flagged breaks cost Params.FlaggedDemerits.
	Flagged bool
	// Emergency marks a penalty that breaks inside a token that has no
	// break opportunity of its own (a long URL or identifier). The total-fit
	// breaker uses such breaks only in its last pass, when no solution
	// without them exists.
	Emergency bool
	// Payload is the caller's index for the item, NoPayload if none. The
	// Builder sets it, for boxes and for glue made from white space, to an
	// index into Paragraph.Spans.
	Payload int32
	// Width is the natural width of a box or glue, and the width a penalty
	// adds at the end of a line that breaks at it.
	Width float64
	// Stretch and Shrink are how much glue can grow and shrink. Stretch is
	// +Inf for fill glue (FillGlue), which absorbs all the stretching of its
	// line.
	Stretch, Shrink float64
	// Cost is a penalty's cost: >= Infinity forbids the break, <= -Infinity
	// forces it.
	Cost float64
}

// BoxItem returns a box of width w with the given payload.
func BoxItem(w float64, payload int32) Item {
	return Item{Kind: Box, Width: w, Payload: payload}
}

// GlueItem returns glue of natural width w that can stretch by stretch and
// shrink by shrink.
func GlueItem(w, stretch, shrink float64) Item {
	return Item{Kind: Glue, Width: w, Stretch: stretch, Shrink: shrink, Payload: NoPayload}
}

// PenaltyItem returns a penalty of width w and cost cost.
func PenaltyItem(w, cost float64, flagged bool) Item {
	return Item{Kind: Penalty, Width: w, Cost: cost, Flagged: flagged, Payload: NoPayload}
}

// forced reports whether it is a penalty that forces a break.
func (it *Item) forced() bool { return it.Kind == Penalty && it.Cost <= -Infinity }

// Finish appends the end of a paragraph to items: a forbidden break, glue
// that fills the rest of the last line, and a forced break. The last line is
// thus set ragged, at its natural width.
func Finish(items []Item) []Item {
	return append(items,
		PenaltyItem(0, Infinity, false),
		FillGlue(),
		PenaltyItem(0, -Infinity, false))
}
