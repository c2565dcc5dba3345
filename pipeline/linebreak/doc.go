// Package linebreak breaks paragraphs of Chinese and English text into
// lines, for the PDF layout engine. It knows nothing of fonts or PDF: the
// caller measures text, this package decides where lines break and how
// wide every space is.
//
// It works in the model of Knuth and Plass: a paragraph is a list of items
// (boxes of fixed width, glue that stretches and shrinks, penalties that
// mark possible breaks). Builder turns measured text into items; KnuthPlass
// (total fit, as TeX) or Greedy (first fit) turns items into lines; a Line
// tells which items it holds and how much its glue is stretched, and Place
// gives every item its position.
//
// # Break opportunities
//
// Where a line may break comes from Unicode line breaking (UAX #14), from
// github.com/rivo/uniseg, tailored with the line-start and line-end rules
// of Chinese and Japanese (kinsoku, see kinsoku.go). uniseg was preferred
// to the segmenter of github.com/go-text/typesetting: it works on strings
// (our offsets stay byte offsets into the caller's text), it can compute
// line breaks alone, without graphemes and words, and so it is faster (23
// ms against 26 ms for the 230,000 characters of prose of gopl-zh, before
// the fast paths of segment.go); and go-text's newer rules (Unicode 15.1's
// LB19a lets a line break before “ and after ” between Chinese characters,
// where uniseg's Unicode 15.0 forbids it) are part of the tailoring we need
// on top of either library anyway. uniseg may break inside a grapheme
// cluster in rare scripts (its documentation says so); the builder splits
// runs of CJK characters at grapheme boundaries itself.
//
// A run of text with no break opportunity wider than half the narrowest
// line (a URL, a long identifier, a megabyte of letters) gets emergency
// breaks between its grapheme clusters, preferring the places after / . -
// _ ? & = and avoiding the kinsoku ones. The total-fit breaker uses them
// only when it finds no solution without them, and lines that end at one
// are flagged (Line.Emergency), so a caller can mark the continuation.
//
// # Spacing
//
// Between words, the space of the font becomes glue that stretches by half
// and shrinks by a third of its width. Between CJK characters, glue of no
// natural width stretches by 0.1 em and shrinks by 0.02 em, so a justified
// line of Chinese spreads its slack evenly between characters. Between a
// Han character (or kana) and a Latin letter or digit written without a
// space, a quarter em of glue is added, as xeCJK and CSS text-autospace
// do; never next to punctuation. Fullwidth punctuation set 1 em wide by
// the font has a blank half (the right half of ，。、：；」）, the left half
// of 「（): that half shrinks like glue inside a line, and one of two
// blanks between consecutive marks is taken away (“。」”, “）（”). At the end
// of a line a closing mark keeps its full width unless Builder.TrimLineEnd
// is set, so glyph boxes stay inside the line; an opening mark at the start
// of a line keeps its blank. Spaces at a break disappear.
//
// # Breaking
//
// KnuthPlass minimises the sum of the demerits of all lines, TeX's way: a
// first pass with Params.Tolerance, a second with EmergencyTolerance, and a
// final pass that may use emergency breaks and very loose lines, so there
// is always a solution, and a line overflows only when one unbreakable
// item is wider than it (which Builder prevents). The last line is set
// ragged by glue that stretches without limit (Finish). Line widths may
// differ per line. The active list is pruned (Params.MaxActive) and the
// scan of it stops early where no further node can be feasible, so time
// and memory grow linearly with the paragraph, a megabyte included.
//
// Greedy fills each line as far as it goes; it is there for comparison and
// for code listings, where a Builder with Preformatted set keeps spaces as
// text.
package linebreak
