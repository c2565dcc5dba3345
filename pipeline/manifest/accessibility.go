package manifest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
)

// Accessibility is what book.yaml says of the book's accessibility. The
// EPUB derives every value from the book itself (pipeline/epub, a11y.go);
// a value given here replaces the derived one, except Features, which are
// added to the derived ones.
type Accessibility struct {
	// Summary replaces the generated accessibilitySummary.
	Summary string `yaml:"summary"`
	// AccessModes replaces schema:accessMode (textual, visual, ...).
	AccessModes []string `yaml:"access_modes"`
	// AccessModeSufficient replaces schema:accessModeSufficient: each
	// item a comma-separated set of modes ("textual", "textual,visual").
	AccessModeSufficient []string `yaml:"access_mode_sufficient"`
	// Features are added to the derived schema:accessibilityFeature.
	Features []string `yaml:"features"`
	// Hazards replaces schema:accessibilityHazard.
	Hazards []string `yaml:"hazards"`
	// ConformsTo replaces dcterms:conformsTo; "none" claims nothing.
	ConformsTo string `yaml:"conforms_to"`
	// CertifiedBy names who checked the claim (a11y:certifiedBy).
	CertifiedBy string `yaml:"certified_by"`
}

// The vocabularies of schema.org's accessibility properties, as the EPUB
// Accessibility 1.1 specification lists them.
var (
	AccessModes = []string{"auditory", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnVisual",
		"mathOnVisual", "musicOnVisual", "tactile", "textOnVisual", "textual", "visual"}
	AccessibilityFeatures = []string{"alternativeText", "annotations", "ARIA", "audioDescription", "braille",
		"captions", "ChemML", "describedMath", "displayTransformability", "fullRubyAnnotations",
		"highContrastAudio", "highContrastDisplay", "horizontalWriting", "index", "largePrint", "latex",
		"longDescription", "MathML", "openCaptions", "pageBreakMarkers", "pageNavigation",
		"printPageNumbers", "readingOrder", "rubyAnnotations", "signLanguage", "structuralNavigation",
		"synchronizedAudioText", "tableOfContents", "taggedPDF", "tactileGraphic", "tactileObject",
		"timingControl", "transcript", "ttsMarkup", "unlocked", "verticalWriting", "withAdditionalWordSegmentation",
		"withoutAdditionalWordSegmentation", "none"}
	AccessibilityHazards = []string{"flashing", "noFlashingHazard", "unknownFlashingHazard", "motionSimulation",
		"noMotionSimulationHazard", "unknownMotionSimulationHazard", "sound", "noSoundHazard",
		"unknownSoundHazard", "unknown", "none"}
)

// checkAccessibility checks the accessibility: values against their
// vocabularies, and secondary_language.
func (m *Manifest) checkAccessibility(diags *diag.List) {
	if l := m.SecondaryLanguage; l != "" {
		if !lang.Valid(l) {
			diags.Errorf(m.Pos("secondary_language"), "secondary_language %q is not a BCP 47 language tag such as en", l)
		}
	}
	a := &m.Accessibility
	list := func(key string, values, vocab []string) {
		for i, v := range values {
			if !slices.Contains(vocab, v) {
				diags.Errorf(m.Pos(fmt.Sprintf("accessibility.%s[%d]", key, i)), "accessibility.%s: %q is not one of %s", key, v, strings.Join(vocab, ", "))
			}
		}
	}
	list("access_modes", a.AccessModes, AccessModes)
	list("features", a.Features, AccessibilityFeatures)
	list("hazards", a.Hazards, AccessibilityHazards)
	for i, set := range a.AccessModeSufficient {
		for _, v := range strings.Split(set, ",") {
			if v = strings.TrimSpace(v); !slices.Contains(AccessModes, v) {
				diags.Errorf(m.Pos(fmt.Sprintf("accessibility.access_mode_sufficient[%d]", i)), "accessibility.access_mode_sufficient: %q is not one of %s", v, strings.Join(AccessModes, ", "))
			}
		}
	}
}
