package epub

import "strings"

// labels are the words the EPUB itself adds, in the book's language.
type labels struct {
	Contents, Cover, Start, Landmarks string
}

func labelsFor(lang string) labels {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "zh":
		if strings.Contains(strings.ToLower(lang), "hant") || strings.HasSuffix(strings.ToLower(lang), "-tw") || strings.HasSuffix(strings.ToLower(lang), "-hk") {
			return labels{Contents: "目錄", Cover: "封面", Start: "正文", Landmarks: "導覽"}
		}
		return labels{Contents: "目录", Cover: "封面", Start: "正文", Landmarks: "导览"}
	case "ja":
		return labels{Contents: "目次", Cover: "表紙", Start: "本文", Landmarks: "ランドマーク"}
	case "ko":
		return labels{Contents: "목차", Cover: "표지", Start: "본문", Landmarks: "랜드마크"}
	case "fr":
		return labels{Contents: "Table des matières", Cover: "Couverture", Start: "Début", Landmarks: "Repères"}
	case "de":
		return labels{Contents: "Inhalt", Cover: "Umschlag", Start: "Anfang", Landmarks: "Orientierung"}
	case "es":
		return labels{Contents: "Índice", Cover: "Cubierta", Start: "Inicio", Landmarks: "Puntos de referencia"}
	}
	return labels{Contents: "Contents", Cover: "Cover", Start: "Start", Landmarks: "Landmarks"}
}
