package epub

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/gobook/ebook/pipeline/doc"
)

// go-epub takes media as URLs or data URLs, which it decodes twice (to
// check them, then to write them) with a slow base64 lexer, and it deflates
// everything it writes, pictures that are compressed already included;
// the finishing step then had to inflate every chapter again to put the
// language on it and deflate it once more. For gopl-zh that was two thirds
// of the EPUB's time. So go-epub gets small stand-ins of the right type
// (it detects media types from the content) and an empty body for each
// chapter, which give it everything it needs to write the package and the
// cover page, and the finishing step writes the real content, each file
// compressed once, and pictures stored as they are.

// realContent is what the archive holds for a file go-epub was given a
// stand-in for.
type realContent struct {
	data []byte
	// asset is a picture, whose content is read as it is written (see
	// doc.Asset.Bytes) rather than held from the start.
	asset *doc.Asset
	// body marks a chapter's body, which replaces bodyStandIn in the
	// document go-epub wrote around it.
	body bool
	// compress deflates the file; PNG, JPEG and GIF are stored.
	compress bool
	// title is a chapter's title, for the documents finish makes from
	// the first chapter's (see assemble).
	title string
}

// bodyStandIn is the body go-epub gets for every chapter.
const bodyStandIn = "<!--ebook:body-->"

// standIn returns the smallest file of mediaType go-epub can be given: a
// one-pixel picture, an empty drawing, or for a font anything (the package
// document names the type). Made when asked for rather than when the
// program starts, where it cost a millisecond and a half of every run.
func standIn(mediaType string) []byte {
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	var b bytes.Buffer
	var err error
	switch mediaType {
	case "image/svg+xml":
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
	case "image/png":
		err = png.Encode(&b, img)
	case "image/jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "image/gif":
		err = gif.Encode(&b, img, nil)
	default:
		return []byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	}
	if err != nil {
		// Encoding one pixel in memory does not fail; were it to,
		// go-epub would reject the empty file with its own message.
		return nil
	}
	return b.Bytes()
}
