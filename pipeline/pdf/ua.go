package pdf

import (
	"fmt"
	"strings"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// CheckUA reports to diags, as errors at their place in the Markdown,
// what of book b forbids the PDF's claim to PDF/UA-1 (pdf.standard: ua-1),
// as the Matterhorn Protocol checks it: an image without alternative text
// (neither its own nor a caption, which the loader gives it; 13-004), a
// heading that skips a level (14-003), a first heading other than H1
// (14-002). The rest of what PDF/UA asks the tagged PDF does by itself.
// ebook check runs it too (check.PDFUA), on a book loaded past errors.
func CheckUA(b *book.Book, diags *diag.List) {
	prev := 0
	for _, ch := range b.Chapters {
		if ch.Failed {
			// ebook check: a chapter that could not be read (an error
			// already) has no headings; the next heading's level is
			// not compared with a level unknown.
			prev = -1
			continue
		}
		visit := func(n *doc.Node) bool {
			switch n.Kind {
			case doc.Image:
				if strings.TrimSpace(n.Text) == "" {
					// In place of the load's warning at the image: one
					// message per position.
					msg := fmt.Sprintf("image %s has no alternative text, which PDF/UA-1 (pdf.standard: ua-1) requires: describe it in ![...]", n.URL)
					if b.Manifest.CaptionsOn() {
						msg += ", or give it a caption (图 1-1 …) on the line under it"
					}
					diags.Supersede(diag.Diagnostic{Pos: ch.File.Pos(n.Pos), Severity: diag.Error, Message: msg, Kind: diag.KindAltText})
				}
			case doc.Heading:
				switch {
				case prev == 0 && n.Level != 1:
					diags.Errorf(ch.File.Pos(n.Pos), "the book's first heading is of level %d: PDF/UA-1 (pdf.standard: ua-1) requires the first to be of level 1", n.Level)
				case n.Level > prev+1 && prev > 0:
					// In place of ebook check's warning at the heading
					// (check.HeadingLevels).
					diags.Supersede(diag.Diagnostic{Pos: ch.File.Pos(n.Pos), Severity: diag.Error,
						Message: skippedLevel(n, prev), Kind: diag.KindHeadingLevel})
				}
				prev = n.Level
			}
			return true
		}
		ch.Walk(visit)
	}
}

// skippedLevel is the message for heading n, of level n.Level in the book,
// after one of level prev: in the levels the author wrote, which the
// loader moves to the file's place in the book (doc.Node.WrittenLevel),
// with the number of #s that gives no skip.
func skippedLevel(n *doc.Node, prev int) string {
	written := n.Level
	if n.WrittenLevel != 0 {
		written = int(n.WrittenLevel)
	}
	const rule = "PDF/UA-1 (pdf.standard: ua-1) forbids skipping a level"
	fix := ""
	if want := prev + 1 - (n.Level - written); want >= 1 && want <= 6 {
		fix = " (write " + strings.Repeat("#", want) + ")"
	}
	if written == n.Level {
		return fmt.Sprintf("heading level %d follows level %d: %s%s", n.Level, prev, rule, fix)
	}
	return fmt.Sprintf("heading level %d, moved to level %d by its place in book.yaml, follows level %d: %s%s", written, n.Level, prev, rule, fix)
}
