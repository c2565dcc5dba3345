package markdown

import (
	"strings"

	"github.com/gobook/ebook/pipeline/doc"
)

// figures turns a paragraph that holds nothing but one image into a figure:
// the image stands as a block, and its title, if any, becomes its caption.
// Images in list items and table cells stay inline, where they were written.
func figures(blocks []*doc.Node) {
	for i, n := range blocks {
		switch n.Kind {
		case doc.Paragraph, doc.Plain:
			if img := loneImage(n); img != nil {
				f := &doc.Node{Kind: doc.Figure, Pos: n.Pos, Align: n.Align, Children: []*doc.Node{img}}
				if t := strings.TrimSpace(img.Title); t != "" {
					f.Children = append(f.Children, &doc.Node{Kind: doc.Caption, Pos: img.Pos,
						Children: []*doc.Node{{Kind: doc.Text, Text: t, Pos: img.Pos}}})
				}
				blocks[i] = f
			}
		case doc.Div, doc.BlockQuote:
			figures(n.Children)
		}
	}
}

// loneImage returns the image that is p's only content, ignoring white space
// and a wrapping link-less span.
func loneImage(p *doc.Node) *doc.Node {
	var img *doc.Node
	for _, c := range p.Children {
		switch {
		case c.Kind == doc.Text && strings.TrimSpace(c.Text) == "":
		case c.Kind == doc.Image && img == nil:
			img = c
		default:
			return nil
		}
	}
	return img
}
