package epub

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/picture"
)

// conformance is the claim of EPUB Accessibility 1.1 this writer's EPUBs
// can make: the structure, navigation, language and style sheet meet WCAG
// 2.2 AA by construction; what the book's author must supply is a text
// alternative for every image.
const conformance = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// a11yFacts is what the accessibility metadata is derived from.
type a11yFacts struct {
	images   int  // images, inline SVG drawings and the cover
	noAlt    int  // images without a text alternative
	animated bool // an animated GIF: a possible flashing hazard
	pages    bool // the EPUB has a page list from the PDF
}

// a11yFacts walks the book for images.
func (w *writer) a11yFacts() a11yFacts {
	f := a11yFacts{pages: len(w.opts.PageBreaks) > 0}
	visit := func(n *doc.Node) bool {
		switch n.Kind {
		case doc.Image:
			f.images++
			if strings.TrimSpace(n.Text) == "" {
				f.noAlt++
			}
		case doc.SVG, doc.InlineSVG:
			f.images++
		}
		return true
	}
	for _, ch := range w.book.Chapters {
		ch.Walk(visit)
	}
	if w.book.Cover != nil {
		f.images++ // its page gives it the alt text "Cover" (finish.go)
	}
	for _, a := range w.book.Images {
		if a.MediaType == "image/gif" && animated(a) {
			f.animated = true
		}
	}
	if c := w.book.Cover; c != nil && c.MediaType == "image/gif" && animated(c) {
		f.animated = true
	}
	return f
}

// animated reports whether a GIF has more than one frame; one that cannot
// be read counts as animated, since nothing can be said of it. Its blocks
// are counted, not decoded: decoding every frame of a book's GIFs was the
// EPUB's largest allocation.
func animated(a *doc.Asset) bool {
	data, err := a.Bytes()
	if err != nil {
		return true
	}
	n, err := picture.GIFFrames(data)
	return err != nil || n > 1
}

// a11yMeta writes the accessibility metadata: derived from the book,
// replaced or extended by book.yaml's accessibility: key.
func (w *writer) a11yMeta(meta func(id, refines, property, value string)) {
	f := w.a11yFacts()
	set := w.book.Manifest.Accessibility

	modes := []string{"textual"}
	if f.images > 0 {
		modes = append(modes, "visual")
	}
	if set.AccessModes != nil {
		modes = set.AccessModes
	}
	var sufficient []string
	if f.noAlt == 0 {
		sufficient = append(sufficient, "textual")
	}
	if f.images > 0 {
		sufficient = append(sufficient, "textual,visual")
	}
	if set.AccessModeSufficient != nil {
		sufficient = set.AccessModeSufficient
	}
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"}
	if f.images > 0 && f.noAlt == 0 {
		features = append(features, "alternativeText")
	}
	if f.pages {
		features = append(features, "printPageNumbers", "pageBreakMarkers", "pageNavigation")
	}
	for _, x := range set.Features {
		if !slices.Contains(features, x) {
			features = append(features, x)
		}
	}
	hazards := []string{"none"}
	if f.animated {
		// Motion simulation is left unsaid: Ace 1.3 knows the
		// unknown value only misspelt (unknownMotionSimultationHazard).
		hazards = []string{"unknownFlashingHazard", "noSoundHazard"}
	}
	if set.Hazards != nil {
		hazards = set.Hazards
	}
	conforms := ""
	if f.noAlt == 0 {
		conforms = conformance
	}
	if set.ConformsTo != "" {
		conforms = set.ConformsTo
	}
	if conforms == "none" {
		conforms = ""
	}

	for _, m := range modes {
		meta("", "", "schema:accessMode", m)
	}
	for _, m := range sufficient {
		meta("", "", "schema:accessModeSufficient", m)
	}
	for _, x := range features {
		meta("", "", "schema:accessibilityFeature", x)
	}
	for _, h := range hazards {
		meta("", "", "schema:accessibilityHazard", h)
	}
	summary := set.Summary
	if summary == "" {
		summary = w.a11ySummary(f, conforms == conformance)
	}
	meta("", "", "schema:accessibilitySummary", summary)
	if conforms != "" {
		meta("conformance", "", "dcterms:conformsTo", conforms)
	}
	if set.CertifiedBy != "" {
		meta("certifier", "", "a11y:certifiedBy", set.CertifiedBy)
	}
}

// a11ySummary says in the book's language what the metadata says.
func (w *writer) a11ySummary(f a11yFacts, conforms bool) string {
	tag := w.book.Manifest.Language
	l := lang.A11yFor(tag)
	parts := []string{l.Navigation}
	switch {
	case f.noAlt > 0:
		parts = append(parts, fmt.Sprintf(l.Missing, f.noAlt, f.images))
	case f.images > 0:
		parts = append(parts, l.AllAlt)
	}
	if f.pages {
		parts = append(parts, l.Pages)
	}
	if f.animated {
		parts = append(parts, l.Animated)
	}
	if conforms {
		parts = append(parts, l.Conforms)
	}
	sep := " "
	if lang.IsCJK(tag) {
		sep = ""
	}
	return strings.Join(parts, sep)
}
