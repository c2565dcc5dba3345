package colophon

import (
	"testing"
	"time"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/manifest"
)

func TestAdd(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	// 2023-11-14 22:13:20 UTC is already the 15th in Shanghai: the page
	// shows the UTC date whatever zone the time comes in.
	date := time.Unix(1700000000, 0).In(shanghai)
	full := manifest.Manifest{Title: "Go", Subtitle: "The Book", Authors: []string{"Ann", "Bob"},
		Publisher: "P", Date: "2018-08", Rights: "CC BY 4.0"}
	tests := []struct {
		name string
		m    manifest.Manifest
		lang string
		tool string
		want string
	}{
		{"English, everything", full, "en-GB", "v0.3.0",
			`(h level=1 id=colophon "Colophon") (p (strong "Go") (br) "The Book") (p "Authors: Ann, Bob") ` +
				`(p "Version: v1.2.0" (br) "Build date: 2023-11-14" (br) "Identifier: urn:x" (br) "Publisher: P" (br) "Published: 2018-08") ` +
				`(p "CC BY 4.0") (p "Built with ebook v0.3.0.")`},
		{"English, only what is required", manifest.Manifest{Title: "Go", Authors: []string{"Ann"}}, "en", "",
			`(h level=1 id=colophon "Colophon") (p (strong "Go")) (p "Author: Ann") ` +
				`(p "Version: v1.2.0" (br) "Build date: 2023-11-14" (br) "Identifier: urn:x") (p "Built with ebook devel.")`},
		{"simplified Chinese", full, "zh-CN", "v0.3.0",
			`(h level=1 id=colophon "版本信息") (p (strong "Go") (br) "The Book") (p "作者：Ann、Bob") ` +
				`(p "版本：v1.2.0" (br) "构建日期：2023年11月14日" (br) "标识符：urn:x" (br) "出版者：P" (br) "出版日期：2018-08") ` +
				`(p "CC BY 4.0") (p "由 ebook v0.3.0 构建。")`},
		{"traditional Chinese", full, "zh-TW", "v0.3.0",
			`(h level=1 id=colophon "版本資訊") (p (strong "Go") (br) "The Book") (p "作者：Ann、Bob") ` +
				`(p "版本：v1.2.0" (br) "建置日期：2023年11月14日" (br) "識別碼：urn:x" (br) "出版者：P" (br) "出版日期：2018-08") ` +
				`(p "CC BY 4.0") (p "由 ebook v0.3.0 建置。")`},
		{"Japanese", full, "ja", "v0.3.0",
			`(h level=1 id=colophon "奥付") (p (strong "Go") (br) "The Book") (p "著者：Ann、Bob") ` +
				`(p "バージョン：v1.2.0" (br) "ビルド日：2023年11月14日" (br) "識別子：urn:x" (br) "発行者：P" (br) "発行日：2018-08") ` +
				`(p "CC BY 4.0") (p "ebook v0.3.0 でビルドしました。")`},
		{"French", full, "fr-CA", "v0.3.0",
			`(h level=1 id=colophon "Colophon") (p (strong "Go") (br) "The Book") (p "Auteurs\u00a0: Ann, Bob") ` +
				`(p "Version\u00a0: v1.2.0" (br) "Date de génération\u00a0: 14 novembre 2023" (br) "Identifiant\u00a0: urn:x" (br) "Éditeur\u00a0: P" (br) "Date de publication\u00a0: 2018-08") ` +
				`(p "CC BY 4.0") (p "Généré avec ebook v0.3.0.")`},
		{"German", full, "de-AT", "v0.3.0",
			`(h level=1 id=colophon "Impressum") (p (strong "Go") (br) "The Book") (p "Autoren: Ann, Bob") ` +
				`(p "Version: v1.2.0" (br) "Erstellungsdatum: 14. November 2023" (br) "Kennung: urn:x" (br) "Verlag: P" (br) "Erschienen: 2018-08") ` +
				`(p "CC BY 4.0") (p "Erstellt mit ebook v0.3.0.")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			m.Language = tt.lang
			first := &book.Chapter{Index: 0, Path: "a.md", Title: "A"}
			b := &book.Book{Manifest: &m, ID: "urn:x", Chapters: []*book.Chapter{first},
				TOC: []*book.TOCEntry{{Title: "A", Kind: book.TOCChapter, Chapter: 0, Linked: true}}}
			ch := Add(b, Info{Version: "v1.2.0", Date: date, Tool: tt.tool})
			if got := doc.Dump(ch.Blocks); got != tt.want {
				t.Errorf("colophon:\n got %s\nwant %s", got, tt.want)
			}
			if len(b.Chapters) != 2 || b.Chapters[1] != ch || ch.Index != 1 || ch.Role != book.Back || !ch.Colophon {
				t.Errorf("not appended as the last chapter, in the back matter: %+v", ch)
			}
			last := b.TOC[len(b.TOC)-1]
			if len(b.TOC) != 2 || last.Chapter != 1 || last.Title != ch.Title || !last.Linked {
				t.Errorf("table of contents entry: %+v", last)
			}
			if ch.File == nil || !ch.IDs[ID] {
				t.Error("the chapter lacks a file for positions or its heading's id")
			}
			checkInvariant(t, ch.Blocks)
		})
	}
}

// checkInvariant checks what writers rely on: a node's children are all
// blocks or all inlines, as its kind says.
func checkInvariant(t *testing.T, nodes []*doc.Node) {
	t.Helper()
	doc.Walk(nodes, func(n *doc.Node) bool {
		for _, c := range n.Children {
			if c.Kind.IsBlock() == n.Kind.HoldsInlines() {
				t.Errorf("%s holds %s", n.Kind, c.Kind)
			}
		}
		return true
	})
}

// TestLabelsForLanguages checks that the colophon's words follow
// lang.VarietyOf: the script x/text infers decides traditional or
// simplified (zh-MO traditional, zh-Hans-HK simplified), the members of the
// Chinese macrolanguage are Chinese, and every language lang has words for
// has a colophon of its own.
func TestLabelsForLanguages(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "Colophon", "en-GB": "Colophon", "it": "Colophon", "": "Colophon", "not a tag!": "Colophon",
		"ZH_tw": "Colophon", // refused by the manifest
		"zh":    "版本信息", "zh-CN": "版本信息", "zh-Hans": "版本信息", "zh-SG": "版本信息", "zh-Hans-HK": "版本信息",
		"cmn-Hans": "版本信息",
		"zh-TW":    "版本資訊", "zh-HK": "版本資訊", "zh-MO": "版本資訊", "zh-Hant": "版本資訊", "zh-Hant-CN": "版本資訊",
		"cmn-Hant": "版本資訊", "yue": "版本資訊", "yue-HK": "版本資訊",
		"ja": "奥付", "ja-JP": "奥付", "ko": "판권", "fr-CA": "Colophon", "de-AT": "Impressum", "es-MX": "Colofón",
	} {
		if got := labelsFor(lang).title; got != want {
			t.Errorf("%q: %q, want %q", lang, got, want)
		}
	}
}
