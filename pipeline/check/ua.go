package check

import (
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/pdf"
)

// PDFUA reports, for a book whose book.yaml claims PDF/UA-1 (pdf.standard:
// ua-1), the errors for which the build refuses the claim (pdf.CheckUA):
// an image without alternative text, a skipped heading level, a first
// heading other than level 1. Each is an error in place of the warning
// the loader or HeadingLevels gave at its position, as the build reports
// it, so it runs after HeadingLevels.
func PDFUA(b *Book, diags *diag.List) {
	if b.Manifest.PDF.UA() {
		pdf.CheckUA(b.Book, diags)
	}
}
