package pdf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/importer"
)

// TestCorpusBooks builds the real GitBook and mdBook books of the corpus,
// imported as ebook init --from imports them, and checks their PDFs with
// the real tools: every font embedded and subset with a Unicode map, and
// no glyph outside the text block. cmd/ebook's TestRealBooks checks the
// command's exit status, warnings and validators on the same books.
func TestCorpusBooks(t *testing.T) {
	testenv.SkipShort(t, "builds three real books")
	for _, name := range testenv.CorpusBooks {
		t.Run(name, func(t *testing.T) {
			from := testenv.CorpusBook(t, name)
			dir := t.TempDir()
			var dl diag.List
			r := importer.Import(importer.Options{Summary: from, ManifestDir: dir}, &dl)
			if r == nil {
				t.Fatalf("import %s: %v", name, dl.Items())
			}
			manifest := filepath.Join(dir, "book.yaml")
			if err := os.WriteFile(manifest, r.YAML, 0o644); err != nil {
				t.Fatal(err)
			}
			bk := buildPDF(t, name, manifest)
			bk.checkFonts(t)
			bk.checkWordsInside(t)
		})
	}
}
