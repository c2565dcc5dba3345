package doc

import "testing"

func TestCloneIsDeep(t *testing.T) {
	asset := &Asset{Path: "a.png"}
	orig := []*Node{{Kind: Paragraph, Children: []*Node{
		{Kind: Link, URL: "b.md", Link: &Target{Chapter: 1}, Children: []*Node{{Kind: Text, Text: "x"}}},
		{Kind: Image, Image: asset},
	}}}
	before := Dump(orig)
	c := Clone(orig)
	if Dump(c) != before {
		t.Fatalf("clone differs:\n%s\n%s", Dump(c), before)
	}
	c[0].Children[0].Kind = Span
	c[0].Children[0].Link.Chapter = 7
	c[0].Children[0].Children[0].Text = "changed"
	if Dump(orig) != before || orig[0].Children[0].Link.Chapter != 1 {
		t.Errorf("changing the clone changed the original:\n%s", Dump(orig))
	}
	if c[0].Children[1].Image != asset {
		t.Errorf("images are shared, not copied")
	}
	fns := []*Footnote{{Index: 1, RefIDs: []string{"r"}, Blocks: []*Node{{Kind: Paragraph}}}}
	cf := CloneFootnotes(fns)
	cf[0].RefIDs[0] = "z"
	cf[0].Blocks[0].Kind = Plain
	if fns[0].RefIDs[0] != "r" || fns[0].Blocks[0].Kind != Paragraph {
		t.Errorf("changing the footnote clone changed the original")
	}
}
