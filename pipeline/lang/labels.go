package lang

import "strconv"

// Labels are the words the writers add to a book themselves (the title of
// the table of contents, the names of landmarks), in the book's language,
// so that the EPUB and the PDF call them alike; Glossary titles GitBook's
// glossary when the importer finds no heading to title it.
type Labels struct {
	Contents, Cover, Start, Landmarks, Pages, Glossary string
}

// LabelsFor returns the labels for the BCP 47 tag, in its variety
// (VarietyOf): English for languages it has no words for.
func LabelsFor(tag string) Labels { return VarietyOf(tag).Labels() }

// Labels returns v's labels.
func (v Variety) Labels() Labels {
	switch v {
	case TraditionalChinese:
		return Labels{Contents: "目錄", Cover: "封面", Start: "正文", Landmarks: "導覽", Pages: "頁碼", Glossary: "術語表"}
	case SimplifiedChinese:
		return Labels{Contents: "目录", Cover: "封面", Start: "正文", Landmarks: "导览", Pages: "页码", Glossary: "术语表"}
	case Japanese:
		return Labels{Contents: "目次", Cover: "表紙", Start: "本文", Landmarks: "ランドマーク", Pages: "ページ", Glossary: "用語集"}
	case Korean:
		return Labels{Contents: "목차", Cover: "표지", Start: "본문", Landmarks: "랜드마크", Pages: "쪽", Glossary: "용어집"}
	case French:
		return Labels{Contents: "Table des matières", Cover: "Couverture", Start: "Début", Landmarks: "Repères", Pages: "Pages", Glossary: "Glossaire"}
	case German:
		return Labels{Contents: "Inhalt", Cover: "Umschlag", Start: "Anfang", Landmarks: "Orientierung", Pages: "Seiten", Glossary: "Glossar"}
	case Spanish:
		return Labels{Contents: "Índice", Cover: "Cubierta", Start: "Inicio", Landmarks: "Puntos de referencia", Pages: "Páginas", Glossary: "Glosario"}
	}
	return Labels{Contents: "Contents", Cover: "Cover", Start: "Start", Landmarks: "Landmarks", Pages: "Pages", Glossary: "Glossary"}
}

// Chapter returns the label of chapter n in v ("Chapter 1", "第1章"), and
// the separator that goes between it and the chapter's title in one line.
func (v Variety) Chapter(n int) (label, sep string) {
	num := strconv.Itoa(n)
	switch v {
	case SimplifiedChinese, TraditionalChinese, Japanese:
		return "第" + num + "章", "　"
	case Korean:
		return "제" + num + "장", " "
	case French:
		return "Chapitre " + num, ". "
	case German:
		return "Kapitel " + num, ". "
	case Spanish:
		return "Capítulo " + num, ". "
	}
	return "Chapter " + num, ". "
}

// Alerts are the titles of the five GitHub-style alerts (callouts), in the
// order of doc.Alert: note, tip, important, warning, caution. The words are
// those technical documentation in each language uses for them
// (Microsoft's style guides: 备注, 提示, 重要, 警告, 注意), each distinct, so
// that the title alone tells the kind where colour cannot (e-ink, greyscale
// print, a screen reader).
func (v Variety) Alerts() [5]string {
	switch v {
	case SimplifiedChinese:
		return [5]string{"备注", "提示", "重要", "警告", "注意"}
	case TraditionalChinese:
		return [5]string{"注意", "提示", "重要", "警告", "謹慎"}
	case Japanese:
		return [5]string{"注", "ヒント", "重要", "警告", "注意"}
	case Korean:
		return [5]string{"참고", "팁", "중요", "경고", "주의"}
	case French:
		return [5]string{"Remarque", "Conseil", "Important", "Avertissement", "Attention"}
	case German:
		return [5]string{"Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"}
	case Spanish:
		return [5]string{"Nota", "Sugerencia", "Importante", "Advertencia", "Precaución"}
	}
	return [5]string{"Note", "Tip", "Important", "Warning", "Caution"}
}

// Alert returns the title of alert n of Alerts, 1 to 5 as doc.Alert
// numbers them; "" for any other n.
func (v Variety) Alert(n int) string {
	if n < 1 || n > 5 {
		return ""
	}
	return v.Alerts()[n-1]
}
