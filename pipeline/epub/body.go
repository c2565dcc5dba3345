package epub

import (
	"bytes"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/render"
)

// body renders chapter ch with the renderer every HTML-based output shares
// (pipeline/render), its links pointing at the EPUB's file names.
func (w *writer) body(ch *book.Chapter) (string, bool) {
	opts := render.Options{
		Href:   w.href,
		Image:  func(p string) string { return "../" + w.images[p] },
		Breaks: w.breaks(ch.Index),
	}
	if w.opts.Fonts != nil {
		opts.Context = w.opts.Fonts.Root()
	}
	return render.Body(ch, opts)
}

func fragment(id string) string { return render.Fragment(id) }

func escape(b *bytes.Buffer, s string, attr bool) { render.Escape(b, s, attr) }
