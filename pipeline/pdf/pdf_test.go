package pdf

import (
	"bytes"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/manifest"
)

// TestDrawChecksLinks: gopdf silently drops an internal link whose anchor
// it does not know; Draw refuses such a document instead.
func TestDrawChecksLinks(t *testing.T) {
	b := &book.Book{Manifest: &manifest.Manifest{Title: "T"}}
	tests := []struct {
		name  string
		link  layout.Link
		dests map[string]layout.Dest
		err   string
	}{
		{"unknown", layout.Link{W: 10, H: 10, Dest: "c0/nowhere"}, map[string]layout.Dest{"c0": {}}, `link to "c0/nowhere"`},
		{"nowhere", layout.Link{W: 10, H: 10}, nil, "a link to nowhere"},
		{"off the document", layout.Link{W: 10, H: 10, Dest: "c0"}, map[string]layout.Dest{"c0": {Page: 3}}, "on page 4 of 1"},
		{"good", layout.Link{W: 10, H: 10, Dest: "c0"}, map[string]layout.Dest{"c0": {Y: 20}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &layout.Document{Width: 200, Height: 200, Dests: tt.dests,
				Pages: []*layout.Page{{Label: "1", Links: []layout.Link{tt.link}}}}
			_, err := Draw(d, b, Options{})
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one saying %q", err, tt.err)
			}
		})
	}
}

func TestASCIIURI(t *testing.T) {
	tests := map[string]string{
		"https://go.dev/doc/":                 "https://go.dev/doc/",
		"https://zh.wikipedia.org/wiki/并发":    "https://zh.wikipedia.org/wiki/%E5%B9%B6%E5%8F%91",
		"https://example.com/a b\tc":          "https://example.com/a%20b%09c",
		"https://example.com/%E5%B9%B6?q=(x)": "https://example.com/%E5%B9%B6?q=(x)",
	}
	for in, want := range tests {
		if got := asciiURI(in); got != want {
			t.Errorf("asciiURI(%q) = %q, want %q", in, got, want)
		}
	}
}

const featureBook = "../../testdata/featurebook/book.yaml"

// typesetBook loads the book of manifest and lays it out.
func typesetBook(t *testing.T, manifest string) (*book.Book, *fonts.Set, *layout.Document) {
	t.Helper()
	bk, set := loadBook(t, manifest)
	d, err := layout.Typeset(bk, set)
	if err != nil {
		t.Fatal(err)
	}
	return bk, set, d
}

// loadBook loads the book of manifest and its fonts, failing t with the
// messages of whichever fails.
func loadBook(t testing.TB, manifest string) (*book.Book, *fonts.Set) {
	t.Helper()
	var dl diag.List
	bk := book.Load(manifest, book.Options{}, &dl)
	if bk == nil {
		t.Fatalf("%s: %v", manifest, dl.Items())
	}
	set := fonts.LoadBook(bk, &dl)
	if set == nil {
		t.Fatalf("%s: %v", manifest, dl.Items())
	}
	return bk, set
}

// TestDrawSameOnAnyCores: the text is drawn in windows of pages, as many
// at once as there are cores (textWindows); the file must not depend on
// how many.
func TestDrawSameOnAnyCores(t *testing.T) {
	bk, _, d := typesetBook(t, featureBook)
	if n := len(textWindows(len(d.Pages))); n < 2 {
		t.Fatalf("%d pages drawn in %d text windows: want several", len(d.Pages), n)
	}
	draw := func(procs int) []byte {
		runtime.GOMAXPROCS(procs)
		out, err := Draw(d, bk, Options{Modified: epoch})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := draw(1)
	if four := draw(4); !bytes.Equal(one, four) {
		t.Errorf("the PDF drawn on 4 cores differs from the one drawn on 1 (%d and %d bytes)", len(four), len(one))
	}
}

// The faces subset while the book is laid out (guessFaces) have the
// characters the layout sets in them, for the books the tests build: else
// the faces are subset again after the layout, right but slower.
func TestGuessedFacesSuffice(t *testing.T) {
	for name, manifest := range testBooks() {
		t.Run(name, func(t *testing.T) {
			bk, set, d := typesetBook(t, manifest(t))
			guess, err := guessFaces(bk, set, fonts.ScanBook(bk, set))
			if err != nil {
				t.Fatal(err)
			}
			faces, used := usedRunes(d)
			for _, f := range faces {
				i := slices.IndexFunc(guess, func(g *pdfFace) bool { return g.face == f })
				if i < 0 {
					t.Errorf("%s: not guessed", f)
					continue
				}
				var missed []rune
				for _, r := range used[f].Runes() {
					if !guess[i].runes.Has(r) {
						missed = append(missed, r)
					}
				}
				if len(missed) > 0 {
					t.Errorf("%s: guess lacks %q", f, string(missed))
				}
			}
		})
	}
}

// documentFaces takes a guessed subset only when it has every character
// the face sets, and subsets the face again when it lacks one.
func TestDocumentFacesChecksGuess(t *testing.T) {
	bk, set, d := typesetBook(t, featureBook)
	guess, err := guessFaces(bk, set, fonts.ScanBook(bk, set))
	if err != nil {
		t.Fatal(err)
	}
	// One guess short of a character the face sets.
	_, used := usedRunes(d)
	short := slices.IndexFunc(guess, func(g *pdfFace) bool { return g.face.PostScriptName == "LXGWWenKai-Regular" })
	if short < 0 {
		t.Fatal("no guess for LXGW WenKai")
	}
	missing := used[guess[short].face].Runes()[0]
	lacking := *guess[short]
	lacking.runes = fonts.RuneSet{}
	for _, r := range guess[short].runes.Runes() {
		if r != missing {
			lacking.runes.Add(r)
		}
	}
	guess[short] = &lacking
	faces, err := documentFaces(d, guess)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range faces {
		g := slices.IndexFunc(guess, func(g *pdfFace) bool { return g.face == f.face })
		reused := g >= 0 && &guess[g].data[0] == &f.data[0]
		if want := g >= 0 && g != short; reused != want {
			t.Errorf("%s: guess reused %v, want %v", f.face, reused, want)
		}
		if f.text != string(used[f.face].Runes()) {
			t.Errorf("%s: embeds %d characters, the document sets %d", f.face, len([]rune(f.text)), len(used[f.face].Runes()))
		}
	}
}

// TestReleasedAsDrawn: WriteTo drops each page's items once the page is
// drawn (drawBook with release): the PDF is the same byte for byte as one
// drawn from a page model kept whole, and no page keeps its items.
func TestReleasedAsDrawn(t *testing.T) {
	bk, _, kept := typesetBook(t, featureBook)
	want, err := Draw(kept, bk, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	bk2, _, d := typesetBook(t, featureBook)
	var got bytes.Buffer
	if _, err := drawBook(&got, d, bk2, Options{Modified: epoch}, nil, true); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Error("the PDF drawn releasing the pages differs from the one drawn keeping them")
	}
	for _, p := range d.Pages {
		if p.Items != nil || p.Code != nil {
			t.Fatalf("page %d kept its items", p.Index+1)
		}
	}
	if len(kept.Pages[0].Items) == 0 {
		t.Error("Draw released the items of a page model it was given")
	}
}
