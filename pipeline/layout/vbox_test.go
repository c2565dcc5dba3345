package layout

import (
	"testing"
	"unsafe"
)

// TestBoxMemory checks what the raw pages hold per line, as the raw pages
// of a whole book are held until they are placed: a box in 96 bytes, what
// few boxes have behind a pointer that is nil when they have none of it;
// every box's items in an array of their exact size; the code rows of a
// listing in one array, not one allocation a row.
func TestBoxMemory(t *testing.T) {
	if size := unsafe.Sizeof(vbox{}); size > 96 {
		t.Errorf("a vbox takes %d bytes, want at most 96", size)
	}
	b, set := load(t, "../../testdata/featurebook/book.yaml")
	_, laid, err := typeset(b, set, true)
	if err != nil {
		t.Fatal(err)
	}
	rowSize := unsafe.Sizeof(CodeRow{})
	var boxes, loose, empty, rows, apart int
	held := func(bx *vbox) {
		boxes++
		if len(bx.items) != cap(bx.items) {
			loose++
		}
		if m := bx.more; m != nil && len(m.links)+len(m.dests)+len(m.notes) == 0 &&
			m.head == "" && m.subhead == "" && !m.noHead && !m.recto && m.header == nil {
			empty++
		}
	}
	for _, run := range laid {
		var prev *vbox // the box before, in the flow
		for _, p := range run {
			for _, bx := range p.notes {
				held(bx)
			}
			for _, bx := range p.boxes {
				held(bx)
				if len(bx.code) == 1 {
					rows++
					if cap(bx.code) != 1 {
						t.Errorf("a code row's box can grow its slice over the next row's (cap %d)", cap(bx.code))
					}
					// The row after prev's, in the next slot of
					// the listing's array.
					if prev != nil && len(prev.code) == 1 && prev.code[0].Listing == bx.code[0].Listing &&
						uintptr(unsafe.Pointer(&bx.code[0]))-uintptr(unsafe.Pointer(&prev.code[0])) != rowSize {
						apart++
					}
				}
				prev = bx
			}
		}
	}
	if rows < 50 {
		t.Fatalf("only %d code rows in the feature book", rows)
	}
	if loose > 0 {
		t.Errorf("%d of %d boxes hold items with room to spare", loose, boxes)
	}
	if empty > 0 {
		t.Errorf("%d boxes have an empty boxMore", empty)
	}
	if apart > 0 {
		t.Errorf("%d of %d code rows are not in their listing's array", apart, rows)
	}
}
