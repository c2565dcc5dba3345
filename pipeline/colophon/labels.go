package colophon

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
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

// labelsFor returns the labels for a BCP 47 language tag: Chinese in
// simplified or traditional characters (zh-Hant, zh-TW, zh-HK), or else
// English.
func labelsFor(lang string) labels {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	base, _ := tag.Base()
	if base.String() != "zh" {
		return labels{
			title: "Colophon", author: "Author", authors: "Authors",
			version: "Version", built: "Build date", identifier: "Identifier",
			publisher: "Publisher", published: "Published",
			colon: ": ", listSep: ", ",
			date:      func(t time.Time) string { return t.Format("2006-01-02") },
			builtWith: func(tool string) string { return "Built with ebook " + tool + "." },
		}
	}
	zhDate := func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) }
	if script, _ := tag.Script(); script.String() == "Hant" {
		return labels{
			title: "版本資訊", author: "作者", authors: "作者",
			version: "版本", built: "建置日期", identifier: "識別碼",
			publisher: "出版者", published: "出版日期",
			colon: "：", listSep: "、", date: zhDate,
			builtWith: func(tool string) string { return "由 ebook " + tool + " 建置。" },
		}
	}
	return labels{
		title: "版本信息", author: "作者", authors: "作者",
		version: "版本", built: "构建日期", identifier: "标识符",
		publisher: "出版者", published: "出版日期",
		colon: "：", listSep: "、", date: zhDate,
		builtWith: func(tool string) string { return "由 ebook " + tool + " 构建。" },
	}
}
