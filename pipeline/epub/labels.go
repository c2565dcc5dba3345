package epub

import "github.com/gobook/ebook/pipeline/lang"

// labelsFor returns the words the EPUB itself adds, in the book's language
// (shared with the PDF, which titles its table of contents alike).
func labelsFor(tag string) lang.Labels { return lang.LabelsFor(tag) }
