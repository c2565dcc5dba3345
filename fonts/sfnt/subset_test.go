package sfnt

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/gobook/ebook/internal/testenv"
)

// checkSubset parses a subset of face f with x/image/font/sfnt (an
// independent reader) and checks it: every rune of want has a glyph with
// the original advance, every rune of absent has none, the names are the
// original's, and there are no more glyphs than needed.
func checkSubset(t *testing.T, f *Face, data []byte, want, absent []rune) {
	t.Helper()
	sub, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("subset of %s does not parse: %v", f, err)
	}
	orig, err := sfnt.Parse(f.TrueType())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	upem := fixed.I(f.Metrics().UnitsPerEm)
	for _, r := range want {
		g, err := sub.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Errorf("subset of %s: no glyph for %q (%v)", f, r, err)
			continue
		}
		adv, err := sub.GlyphAdvance(&buf, g, upem, 0)
		if err != nil || adv != fixed.I(f.Advance(r)) {
			t.Errorf("subset of %s: advance of %q is %v, want %d units (%v)", f, r, adv, f.Advance(r), err)
		}
		if f.CFF() {
			continue // converted: TestCFFSubsetRaster compares the outlines
		}
		// The same outline, composite glyphs resolved.
		got, err := sub.LoadGlyph(&buf, g, upem, nil)
		if err != nil {
			t.Errorf("subset of %s: outline of %q: %v", f, r, err)
			continue
		}
		got = slices.Clone(got)
		og, _ := orig.GlyphIndex(&buf, r)
		want, err := orig.LoadGlyph(&buf, og, upem, nil)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("subset of %s: outline of %q differs: %d segments, want %d (%v)", f, r, len(got), len(want), err)
		}
	}
	for _, r := range absent {
		if g, _ := sub.GlyphIndex(&buf, r); g != 0 {
			t.Errorf("subset of %s has a glyph for %q", f, r)
		}
	}
	for _, id := range []sfnt.NameID{sfnt.NameIDCopyright, sfnt.NameIDFamily, sfnt.NameIDSubfamily, sfnt.NameIDFull, sfnt.NameIDPostScript, sfnt.NameIDLicense, sfnt.NameIDLicenseURL} {
		orig, _ := (func() (string, error) {
			o, err := sfnt.Parse(f.TrueType())
			if err != nil {
				return "", err
			}
			return o.Name(&buf, id)
		})()
		got, _ := sub.Name(&buf, id)
		if got != orig {
			t.Errorf("subset of %s: name %d is %q, want %q", f, id, got, orig)
		}
	}
	if n := sub.NumGlyphs(); n > 2*len(want)+1+8 { // .notdef and the components of composite glyphs
		t.Errorf("subset of %s has %d glyphs for %d characters", f, n, len(want))
	}
	if sum := checksum(data); sum != 0xB1B0AFBA {
		t.Errorf("subset of %s: file checksum %#x", f, sum)
	}
}

func TestSubset(t *testing.T) {
	byName := testFaces(t)
	tests := []struct {
		face   string
		text   string
		absent string
	}{
		{"GoRegular", "Hello, World! éß€ŐǺ", "中😀"},
		{"LXGWWenKai-Regular", "Go语言圣经，“并发”与通道。", "A😀"},
		{"LXGWWenKai-Bold", "粗体标题", "细"},
		// DejaVu's emoticons are beyond the BMP: a format 12 cmap.
		{"DejaVuSans", "❯✔☐☑😀😃ǅǺḉ", "中"},
		{"GoMono", "func main() {}", ""},
	}
	for _, tt := range tests {
		f := byName[tt.face]
		data, err := f.Subset([]rune(tt.text + "\U00013000")) // a rune it lacks is ignored
		if err != nil {
			t.Fatalf("%s: %v", tt.face, err)
		}
		var want []rune
		seen := map[rune]bool{}
		for _, r := range tt.text {
			if !seen[r] {
				want = append(want, r)
				seen[r] = true
			}
		}
		checkSubset(t, f, data, want, []rune(tt.absent))
		// The same characters, in another order, give the same bytes.
		rev := []rune(tt.text)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		again, err := f.Subset(rev)
		if err != nil || !bytes.Equal(data, again) {
			t.Errorf("%s: a second subset of the same characters differs (%v)", tt.face, err)
		}
	}
}

// TestSubsetSharedGlyphs subsets characters that share a glyph: each keeps
// its mapping (a cmap written from a glyph-to-character map would keep one
// per glyph).
func TestSubsetSharedGlyphs(t *testing.T) {
	tested := 0
	for _, f := range testFaces(t) {
		byGlyph := map[uint16][]rune{}
		for r := rune(0); r <= maxRune; r++ {
			if g := f.Glyph(r); g != 0 {
				byGlyph[g] = append(byGlyph[g], r)
			}
		}
		var shared []rune
		for _, rs := range byGlyph {
			if len(rs) > 1 && len(shared) < 100 {
				shared = append(shared, rs...)
			}
		}
		if len(shared) == 0 {
			continue
		}
		tested++
		data, err := f.Subset(shared)
		if err != nil {
			t.Fatal(err)
		}
		checkSubset(t, f, data, shared, nil)
	}
	if tested == 0 {
		t.Fatal("no built-in face maps two characters to one glyph")
	}
}

func TestSubsetOfCollectionFace(t *testing.T) {
	ttc := testenv.FontCollection(t, goregular.TTF, gobold.TTF)
	for i, ps := range []string{"GoRegular", "Go-Bold"} {
		f, err := Parse(ttc, i, "")
		if err != nil {
			t.Fatal(err)
		}
		data, err := f.Subset([]rune("Bold and regular"))
		if err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		checkSubset(t, f, data, []rune("Bold anregul"), []rune("xyz"))
		sub, _ := sfnt.Parse(data)
		if name, _ := sub.Name(nil, sfnt.NameIDPostScript); name != ps {
			t.Errorf("face %d: subset of %q", i, name)
		}
	}
}

// TestCmapRoundTrip writes cmaps for random sets of characters, dense and
// sparse, in and beyond the BMP, and reads them back.
func TestCmapRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		var entries []cmapEntry
		seen := map[rune]bool{}
		n := 1 + rng.IntN(3000)
		base := rune(rng.IntN(0x10000))
		spread := 1 + rng.IntN(20)
		for len(entries) < n {
			r := base + rune(rng.IntN(n*spread))
			if round%5 == 0 {
				r = rune(rng.IntN(0x30000))
			}
			if r >= 0xFFFF && r < 0x10000 || r > maxRune || seen[r] {
				continue
			}
			seen[r] = true
			entries = append(entries, cmapEntry{r, uint16(1 + rng.IntN(60000))})
		}
		want := map[rune]uint16{}
		for _, e := range entries {
			want[e.r] = e.g
		}
		data, err := writeCmap(entries)
		if err != nil {
			t.Fatal(err)
		}
		cov, err := parseCmap(data, 65536)
		if err != nil {
			t.Fatal(err)
		}
		if cov.count != len(want) {
			t.Errorf("round %d: %d characters read back, want %d", round, cov.count, len(want))
		}
		for r, g := range want {
			if got := cov.glyph(r); got != g {
				t.Fatalf("round %d: %U maps to %d, want %d", round, r, got, g)
			}
		}
		// The BMP subtable alone (what older readers use) agrees too.
		bmp, err := format4(bmpOnly(entries))
		if err != nil {
			t.Fatal(err)
		}
		cov4, err := parseCmap(append([]byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}, bmp...), 65536)
		if err != nil {
			t.Fatal(err)
		}
		for r, g := range want {
			if r <= 0xFFFF && cov4.glyph(r) != g {
				t.Fatalf("round %d: format 4 maps %U to %d, want %d", round, r, cov4.glyph(r), g)
			}
		}
	}
}

func bmpOnly(entries []cmapEntry) []cmapEntry {
	var out []cmapEntry
	for _, e := range entries {
		if e.r <= 0xFFFF {
			out = append(out, e)
		}
	}
	return out
}
