package site

import (
	"strings"

	"github.com/gobook/ebook/pipeline/lang"
)

// labels are the words the site adds to a book's pages, in its language.
type labels struct {
	Contents, Skip, Search, Dark, Prev, Next, Pager, Edit string
	NotFound, NotFoundText                                string
}

func labelsFor(tag string) labels {
	contents := lang.LabelsFor(tag).Contents
	lower := strings.ToLower(tag)
	switch base, _, _ := strings.Cut(lower, "-"); base {
	case "zh":
		if strings.Contains(lower, "hant") || strings.HasSuffix(lower, "-tw") || strings.HasSuffix(lower, "-hk") {
			return labels{Contents: contents, Skip: "跳到正文", Search: "搜尋", Dark: "深色主題", Prev: "上一頁", Next: "下一頁",
				Pager: "翻頁", Edit: "編輯本頁", NotFound: "找不到頁面", NotFoundText: "這個頁面不存在。請從目錄中選擇。"}
		}
		return labels{Contents: contents, Skip: "跳到正文", Search: "搜索", Dark: "深色主题", Prev: "上一页", Next: "下一页",
			Pager: "翻页", Edit: "编辑本页", NotFound: "找不到页面", NotFoundText: "这个页面不存在。请从目录中选择。"}
	}
	return labels{Contents: contents, Skip: "Skip to content", Search: "Search", Dark: "Dark theme", Prev: "Previous", Next: "Next",
		Pager: "Previous and next chapter", Edit: "Edit this page", NotFound: "Page not found",
		NotFoundText: "This page does not exist. Choose one from the contents."}
}
