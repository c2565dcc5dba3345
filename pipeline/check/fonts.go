package check

import (
	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/diag"
)

// Fonts is the check of the book's fonts: font files book.yaml names that
// cannot be used, and every character no font of its chain has, reported
// as ebook build reports them (fonts.Report): once, at its first use, with
// the number of its uses.
func Fonts(b *Book, diags *diag.List) {
	set := fonts.LoadBook(b.Book, diags)
	if set == nil {
		return
	}
	fonts.Report(fonts.ScanBook(b.Book, set), set, diags)
}
