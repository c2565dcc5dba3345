package colophon

import (
	"fmt"
	"time"

	"github.com/gobook/ebook/pipeline/lang"
)

// labels are the words of the colophon in one language. Dates are written
// by the code here, not by a locale, so the page does not depend on the
// machine that builds it.
type labels struct {
	title                      string
	author, authors            string
	version, built, identifier string
	publisher, published       string
	colon, listSep             string
	date                       func(time.Time) string
	builtWith                  func(tool string) string
}

// labelsFor returns the labels for a BCP 47 language tag, in the variety
// lang.VarietyOf decides, as the other words the build adds are.
func labelsFor(tag string) labels {
	// CJK dates: 2023年11月14日.
	ymd := func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) }
	switch lang.VarietyOf(tag) {
	case lang.TraditionalChinese:
		return labels{
			title: "版本資訊", author: "作者", authors: "作者",
			version: "版本", built: "建置日期", identifier: "識別碼",
			publisher: "出版者", published: "出版日期",
			colon: "：", listSep: "、", date: ymd,
			builtWith: func(tool string) string { return "由 ebook " + tool + " 建置。" },
		}
	case lang.SimplifiedChinese:
		return labels{
			title: "版本信息", author: "作者", authors: "作者",
			version: "版本", built: "构建日期", identifier: "标识符",
			publisher: "出版者", published: "出版日期",
			colon: "：", listSep: "、", date: ymd,
			builtWith: func(tool string) string { return "由 ebook " + tool + " 构建。" },
		}
	case lang.Japanese:
		return labels{
			title: "奥付", author: "著者", authors: "著者",
			version: "バージョン", built: "ビルド日", identifier: "識別子",
			publisher: "発行者", published: "発行日",
			colon: "：", listSep: "、", date: ymd,
			builtWith: func(tool string) string { return "ebook " + tool + " でビルドしました。" },
		}
	case lang.Korean:
		return labels{
			title: "판권", author: "저자", authors: "저자",
			version: "버전", built: "빌드 날짜", identifier: "식별자",
			publisher: "발행처", published: "발행일",
			colon: ": ", listSep: ", ",
			date: func(t time.Time) string { return fmt.Sprintf("%d년 %d월 %d일", t.Year(), t.Month(), t.Day()) },
			// "(으)로": the particle's form depends on the tool's
			// version, which the code does not pronounce.
			builtWith: func(tool string) string { return "ebook " + tool + "(으)로 빌드했습니다." },
		}
	case lang.French:
		return labels{
			title: "Colophon", author: "Auteur", authors: "Auteurs",
			version: "Version", built: "Date de génération", identifier: "Identifiant",
			publisher: "Éditeur", published: "Date de publication",
			// French sets a no-break space before the colon.
			colon: "\u00a0: ", listSep: ", ",
			date: dayMonthYear("%d %s %d", "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
				"août", "septembre", "octobre", "novembre", "décembre"),
			builtWith: func(tool string) string { return "Généré avec ebook " + tool + "." },
		}
	case lang.German:
		return labels{
			title: "Impressum", author: "Autor", authors: "Autoren",
			version: "Version", built: "Erstellungsdatum", identifier: "Kennung",
			publisher: "Verlag", published: "Erschienen",
			colon: ": ", listSep: ", ",
			date: dayMonthYear("%d. %s %d", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
				"August", "September", "Oktober", "November", "Dezember"),
			builtWith: func(tool string) string { return "Erstellt mit ebook " + tool + "." },
		}
	case lang.Spanish:
		return labels{
			title: "Colofón", author: "Autor", authors: "Autores",
			version: "Versión", built: "Fecha de generación", identifier: "Identificador",
			publisher: "Editorial", published: "Fecha de publicación",
			colon: ": ", listSep: ", ",
			date: dayMonthYear("%d de %s de %d", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
				"agosto", "septiembre", "octubre", "noviembre", "diciembre"),
			builtWith: func(tool string) string { return "Generado con ebook " + tool + "." },
		}
	}
	return labels{
		title: "Colophon", author: "Author", authors: "Authors",
		version: "Version", built: "Build date", identifier: "Identifier",
		publisher: "Publisher", published: "Published",
		colon: ": ", listSep: ", ",
		date:      func(t time.Time) string { return t.Format("2006-01-02") },
		builtWith: func(tool string) string { return "Built with ebook " + tool + "." },
	}
}

// dayMonthYear returns a date written by format, of the day, the month's
// name among months (January first) and the year.
func dayMonthYear(format string, months ...string) func(time.Time) string {
	return func(t time.Time) string { return fmt.Sprintf(format, t.Day(), months[t.Month()-1], t.Year()) }
}
