package epub

import (
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

		Language: w.book.Manifest.Language,
	}
	if w.opts.Fonts != nil {
		opts.Context = w.opts.Fonts.Root()
	}
	return render.Body(ch, opts)
}
