package lang

// A11y are the sentences of an EPUB's accessibility summary, in one
// language. Missing is a format with the count of images without a text
// alternative and the count of images.
type A11y struct {
	Navigation, AllAlt, Missing, Pages, Conforms, Animated string
}

// A11yFor returns the summary's sentences for the BCP 47 tag, in its variety
// (VarietyOf): English for languages it has no words for.
func A11yFor(tag string) A11y { return VarietyOf(tag).A11y() }

// A11y returns v's accessibility summary sentences.
func (v Variety) A11y() A11y {
	switch v {
	case TraditionalChinese:
		return A11y{
			Navigation: "本書有目錄、依結構排列的標題和單一的閱讀順序，文字可以放大和改變樣式。",
			AllAlt:     "每張圖片都有替代文字。",
			Missing:    "%d 張圖片（共 %d 張）沒有替代文字，因此本書不聲明符合無障礙標準。",
			Pages:      "頁碼和分頁與 PDF 版一致。",
			Conforms:   "本書符合 EPUB Accessibility 1.1 和 WCAG 2.2 AA 級。",
			Animated:   "本書含有動畫圖片，可能會閃爍。",
		}
	case SimplifiedChinese:
		return A11y{
			Navigation: "本书有目录、按结构排列的标题和单一的阅读顺序，文字可以放大和改变样式。",
			AllAlt:     "每张图片都有替代文字。",
			Missing:    "%d 张图片（共 %d 张）没有替代文字，因此本书不声明符合无障碍标准。",
			Pages:      "页码和分页与 PDF 版一致。",
			Conforms:   "本书符合 EPUB Accessibility 1.1 和 WCAG 2.2 AA 级。",
			Animated:   "本书含有动画图片，可能会闪烁。",
		}
	case Japanese:
		return A11y{
			Navigation: "目次、構造に沿った見出し、一つの読み順があり、文字の拡大やスタイルの変更ができます。",
			AllAlt:     "すべての画像に代替テキストがあります。",
			Missing:    "%d 点の画像（全 %d 点）に代替テキストがないため、適合を表明していません。",
			Pages:      "ページ番号と改ページは PDF 版と一致します。",
			Conforms:   "EPUB Accessibility 1.1 および WCAG 2.2 レベル AA に適合しています。",
			Animated:   "点滅する可能性のあるアニメーション画像を含みます。",
		}
	case French:
		return A11y{
			Navigation: "Le livre a une table des matières, des titres qui suivent sa structure et un ordre de lecture unique ; son texte peut être agrandi et restylé.",
			AllAlt:     "Chaque image a une alternative textuelle.",
			Missing:    "%d images sur %d n’ont pas d’alternative textuelle : le livre ne déclare donc pas de conformité.",
			Pages:      "Les numéros et les sauts de page suivent l’édition PDF.",
			Conforms:   "Il est conforme à EPUB Accessibility 1.1 et aux WCAG 2.2 niveau AA.",
			Animated:   "Il contient des images animées, qui peuvent clignoter.",
		}
	case German:
		return A11y{
			Navigation: "Das Buch hat ein Inhaltsverzeichnis, Überschriften nach seiner Gliederung und eine einzige Lesereihenfolge; sein Text lässt sich vergrößern und umgestalten.",
			AllAlt:     "Jedes Bild hat einen Alternativtext.",
			Missing:    "%d von %d Bildern haben keinen Alternativtext, daher erklärt das Buch keine Konformität.",
			Pages:      "Seitenzahlen und Seitenumbrüche folgen der PDF-Ausgabe.",
			Conforms:   "Es erfüllt EPUB Accessibility 1.1 und WCAG 2.2 Stufe AA.",
			Animated:   "Es enthält animierte Bilder, die blinken können.",
		}
	case Spanish:
		return A11y{
			Navigation: "El libro tiene índice, encabezados que siguen su estructura y un único orden de lectura; su texto se puede ampliar y cambiar de estilo.",
			AllAlt:     "Cada imagen tiene un texto alternativo.",
			Missing:    "%d de %d imágenes no tienen texto alternativo, por lo que el libro no declara conformidad.",
			Pages:      "Los números y saltos de página siguen la edición PDF.",
			Conforms:   "Cumple EPUB Accessibility 1.1 y WCAG 2.2 nivel AA.",
			Animated:   "Contiene imágenes animadas, que pueden parpadear.",
		}
	case Korean:
		return A11y{
			Navigation: "목차, 구조를 따르는 제목, 하나의 읽기 순서가 있으며 글자를 키우고 스타일을 바꿀 수 있습니다.",
			AllAlt:     "모든 이미지에 대체 텍스트가 있습니다.",
			Missing:    "이미지 %d개(전체 %d개)에 대체 텍스트가 없어 적합성을 선언하지 않습니다.",
			Pages:      "쪽 번호와 쪽 나눔은 PDF 판과 같습니다.",
			Conforms:   "EPUB Accessibility 1.1 및 WCAG 2.2 AA 수준을 충족합니다.",
			Animated:   "깜박일 수 있는 움직이는 이미지가 있습니다.",
		}
	}
	return A11y{
		Navigation: "The book has a table of contents, headings that follow its structure and a single reading order; its text can be enlarged and restyled.",
		AllAlt:     "Every image has a text alternative.",
		Missing:    "%d of %d images have no text alternative, so the book claims no conformance.",
		Pages:      "Page numbers and page breaks follow the PDF edition.",
		Conforms:   "It meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA.",
		Animated:   "It contains animated images, which may flash.",
	}
}
