package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// gifData is a GIF of the given number of frames.
func gifData(t *testing.T, frames int) string {
	g := &gif.GIF{}
	for i := 0; i < frames; i++ {
		g.Image = append(g.Image, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White}))
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var metaRE = regexp.MustCompile(`<meta (?:id="[^"]*" )?property="([^"]+)">([^<]*)</meta>`)

// a11yMeta returns the accessibility metadata of an EPUB's package
// document, by property.
func a11yMetadata(t *testing.T, data []byte) map[string][]string {
	files := testenv.VerifyEPUB(t, data)
	out := map[string][]string{}
	for _, m := range metaRE.FindAllStringSubmatch(string(files["EPUB/package.opf"]), -1) {
		if strings.HasPrefix(m[1], "schema:access") || strings.HasPrefix(m[1], "a11y:") || m[1] == "dcterms:conformsTo" {
			out[m[1]] = append(out[m[1]], m[2])
		}
	}
	if _, ok := files["META-INF/com.apple.ibooks.display-options.xml"]; !ok {
		t.Error("no META-INF/com.apple.ibooks.display-options.xml")
	}
	return out
}

func TestAccessibilityMetadata(t *testing.T) {
	const head = "title: T\nlanguage: en\nchapters: [a.md]\n"
	tests := []struct {
		name       string
		files      map[string]string
		want, none map[string][]string
	}{
		{
			name:  "text only",
			files: map[string]string{"book.yaml": head, "a.md": "# A\n\nText.\n"},
			want: map[string][]string{
				"schema:accessMode":           {"textual"},
				"schema:accessModeSufficient": {"textual"},
				"schema:accessibilityFeature": {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"},
				"schema:accessibilityHazard":  {"none"},
				"dcterms:conformsTo":          {conformance},
			},
			none: map[string][]string{"schema:accessibilityFeature": {"alternativeText", "printPageNumbers"}},
		},
		{
			name:  "every image described",
			files: map[string]string{"book.yaml": head, "a.md": "# A\n\n![a still picture](p.gif)\n", "p.gif": gifData(t, 1)},
			want: map[string][]string{
				"schema:accessMode":           {"textual", "visual"},
				"schema:accessModeSufficient": {"textual", "textual,visual"},
				"schema:accessibilityFeature": {"alternativeText"},
				"schema:accessibilityHazard":  {"none"},
				"dcterms:conformsTo":          {conformance},
			},
		},
		{
			name:  "an image without alt text, animated",
			files: map[string]string{"book.yaml": head, "a.md": "# A\n\n![](p.gif)\n", "p.gif": gifData(t, 3)},
			want: map[string][]string{
				"schema:accessMode":           {"textual", "visual"},
				"schema:accessModeSufficient": {"textual,visual"},
				"schema:accessibilityHazard":  {"unknownFlashingHazard", "noSoundHazard"},
			},
			none: map[string][]string{
				"schema:accessModeSufficient": {"textual"},
				"schema:accessibilityFeature": {"alternativeText"},
				"schema:accessibilityHazard":  {"none"},
				"dcterms:conformsTo":          {conformance},
			},
		},
		{
			name: "book.yaml adds and overrides",
			files: map[string]string{"book.yaml": head + "accessibility:\n  summary: Checked by hand.\n  features: [MathML]\n  hazards: [noFlashingHazard]\n  certified_by: Example Co\n  conforms_to: none\n",
				"a.md": "# A\n\nText.\n"},
			want: map[string][]string{
				"schema:accessibilityFeature": {"structuralNavigation", "MathML"},
				"schema:accessibilityHazard":  {"noFlashingHazard"},
				"schema:accessibilitySummary": {"Checked by hand."},
				"a11y:certifiedBy":            {"Example Co"},
			},
			none: map[string][]string{"dcterms:conformsTo": {conformance}, "schema:accessibilityHazard": {"none"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Write(loadBook(t, testenv.WriteBook(t, tt.files)), Options{Modified: epoch})
			if err != nil {
				t.Fatal(err)
			}
			got := a11yMetadata(t, data)
			if len(got["schema:accessibilitySummary"]) != 1 {
				t.Errorf("accessibilitySummary: %q, want one", got["schema:accessibilitySummary"])
			}
			for p, vs := range tt.want {
				for _, v := range vs {
					if !slices.Contains(got[p], v) {
						t.Errorf("%s: %q lacks %q", p, got[p], v)
					}
				}
			}
			for p, vs := range tt.none {
				for _, v := range vs {
					if slices.Contains(got[p], v) {
						t.Errorf("%s: %q has %q", p, got[p], v)
					}
				}
			}
		})
	}
}

// TestAccessibilitySummaryLanguage checks that the summary is in the
// book's language.
func TestAccessibilitySummaryLanguage(t *testing.T) {
	b := loadBook(t, testenv.WriteBook(t, map[string]string{"book.yaml": "title: T\nlanguage: zh-CN\nchapters: [a.md]\n", "a.md": "# 甲\n\n![](p.gif)\n", "p.gif": gifData(t, 1)}))
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	s := a11yMetadata(t, data)["schema:accessibilitySummary"]
	if len(s) != 1 || !strings.Contains(s[0], "本书有目录") || !strings.Contains(s[0], "1 张图片（共 1 张）没有替代文字") {
		t.Errorf("summary %q is not the Chinese one naming the image without alt text", s)
	}
}
