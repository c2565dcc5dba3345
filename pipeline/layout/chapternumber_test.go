package layout

import (
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/manifest"
)

// TestChapterTitleLanguage: a numbered chapter's title (contents,
// bookmarks, running heads, the label over its heading) is in the book's
// language, as lang.VarietyOf decides for every word the build adds.
func TestChapterTitleLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, label, title string }{
		{"en", "Chapter 3", "Chapter 3. T"},
		{"zh-CN", "第3章", "第3章　T"},
		{"yue-HK", "第3章", "第3章　T"},
		{"ja", "第3章", "第3章　T"},
		{"ko", "제3장", "제3장 T"},
		{"fr", "Chapitre 3", "Chapitre 3. T"},
		{"de-AT", "Kapitel 3", "Kapitel 3. T"},
		{"es-MX", "Capítulo 3", "Capítulo 3. T"},
	} {
		if got := chapterNumber(tt.lang, 3); got != tt.label {
			t.Errorf("%s: label %q, want %q", tt.lang, got, tt.label)
		}
		e := &engine{b: &book.Book{Manifest: &manifest.Manifest{Language: tt.lang}, Chapters: []*book.Chapter{{Title: "T"}}},
			numbers: map[int]int{0: 3}}
		if got := e.chapterTitle(0); got != tt.title {
			t.Errorf("%s: title %q, want %q", tt.lang, got, tt.title)
		}
	}
}
