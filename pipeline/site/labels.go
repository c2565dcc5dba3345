package site

import "github.com/gobook/ebook/pipeline/lang"

// labels are the words the site adds to a book's pages, in its language.
type labels struct {
	Contents, Skip, Search, Dark, Prev, Next, Pager, Edit string
	NotFound, NotFoundText                                string
}

// labelsFor returns the site's words for the BCP 47 tag, in the variety
// lang.VarietyOf decides, as the EPUB's and the colophon's are.
func labelsFor(tag string) labels { return labelsOf(lang.VarietyOf(tag)) }

// labelsOf returns the site's words in variety v; the contents title is
// lang's, which the EPUB and the PDF use.
func labelsOf(v lang.Variety) labels {
	contents := v.Labels().Contents
	switch v {
	case lang.TraditionalChinese:
		return labels{Contents: contents, Skip: "跳到正文", Search: "搜尋", Dark: "深色主題", Prev: "上一頁", Next: "下一頁",
			Pager: "翻頁", Edit: "編輯本頁", NotFound: "找不到頁面", NotFoundText: "這個頁面不存在。請從目錄中選擇。"}
	case lang.SimplifiedChinese:
		return labels{Contents: contents, Skip: "跳到正文", Search: "搜索", Dark: "深色主题", Prev: "上一页", Next: "下一页",
			Pager: "翻页", Edit: "编辑本页", NotFound: "找不到页面", NotFoundText: "这个页面不存在。请从目录中选择。"}
	case lang.Japanese:
		return labels{Contents: contents, Skip: "本文へスキップ", Search: "検索", Dark: "ダークテーマ", Prev: "前へ", Next: "次へ",
			Pager: "前後の章", Edit: "このページを編集", NotFound: "ページが見つかりません",
			NotFoundText: "このページは存在しません。目次から選んでください。"}
	case lang.Korean:
		return labels{Contents: contents, Skip: "본문으로 건너뛰기", Search: "검색", Dark: "어두운 테마", Prev: "이전", Next: "다음",
			Pager: "이전 장과 다음 장", Edit: "이 페이지 편집", NotFound: "페이지를 찾을 수 없습니다",
			NotFoundText: "이 페이지는 없습니다. 목차에서 고르세요."}
	case lang.French:
		return labels{Contents: contents, Skip: "Aller au contenu", Search: "Rechercher", Dark: "Thème sombre", Prev: "Précédent", Next: "Suivant",
			Pager: "Chapitre précédent et suivant", Edit: "Modifier cette page", NotFound: "Page introuvable",
			NotFoundText: "Cette page n’existe pas. Choisissez-en une dans la table des matières."}
	case lang.German:
		return labels{Contents: contents, Skip: "Zum Inhalt springen", Search: "Suchen", Dark: "Dunkles Design", Prev: "Zurück", Next: "Weiter",
			Pager: "Vorheriges und nächstes Kapitel", Edit: "Diese Seite bearbeiten", NotFound: "Seite nicht gefunden",
			NotFoundText: "Diese Seite gibt es nicht. Wählen Sie eine aus dem Inhaltsverzeichnis."}
	case lang.Spanish:
		return labels{Contents: contents, Skip: "Saltar al contenido", Search: "Buscar", Dark: "Tema oscuro", Prev: "Anterior", Next: "Siguiente",
			Pager: "Capítulo anterior y siguiente", Edit: "Editar esta página", NotFound: "Página no encontrada",
			NotFoundText: "Esta página no existe. Elija una del índice."}
	}
	return labels{Contents: contents, Skip: "Skip to content", Search: "Search", Dark: "Dark theme", Prev: "Previous", Next: "Next",
		Pager: "Previous and next chapter", Edit: "Edit this page", NotFound: "Page not found",
		NotFoundText: "This page does not exist. Choose one from the contents."}
}
