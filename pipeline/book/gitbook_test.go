package book

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// TestTemplates loads one chapter, ch/a.md, using GitBook's and HonKit's
// templates, and compares its blocks (doc.Dump) and its diagnostics, whose
// positions are those of the chapter as written.
func TestTemplates(t *testing.T) {
	files := map[string]string{
		"ch/part.md":       "Part {{ book.version }}, then {% include \"sub/inner.md\" %}",
		"ch/sub/inner.md":  "inner {% include '/root.md' %}",
		"root.md":          "from the root",
		"ch/lines.md":      "one\ntwo\nthree\n",
		"ch/self.md":       "{% include \"self.md\" %}",
		"ch/loop1.md":      "{% include \"loop2.md\" %}",
		"ch/loop2.md":      "{% include \"loop1.md\" %}",
		"ch/unknown.md":    "{% swagger %}",
		"ch/mdbook.md":     "m1\nm2\nm3\n",
		"ch/src/main.go":   "package main\n",
		"ch/with-raw.md":   "{% raw %}{{ book.version }}{% endraw %}",
		"ch/undefined.md":  "x {{ book.nope }}",
		"ch/hint-part.md":  "first\nsecond",
		"ch/fence-part.md": "```\n{{ book.version }}\n```\n",
		"ch/empty.md":      "",
		"ch/gb-part.md":    "x {% swagger %} {{ book.nope }}",
		"ch/paras.md":      "P1.\n\nP2.\n",
		"ch/md-gb.md":      "{% include \"deep.md\" %}",
		"ch/deep.md":       "deep",
		"ch/filters.md":    "{{ book.version | trim }} {{ book.version | nope }}",
		"ch/trim-part.md":  "`{{ book.pad | trim }}` `{{ book.pad }}`\n",
		"ch/esc-part.md":   "{{ book.tag | escape }} `{{ book.tag | e }}` {{ book.tag | escape | escape }}\n",
		"ch/safe-part.md":  "`{{ book.quote | safe | escape }}` `{{ book.quote | escape }}`\n",
		"ch/upper-part.md": "```\n{{ book.words | upper }}\n```\n",
		"ch/code-part.md":  "`{% include \"deep.md\" %}` {% include \"deep.md\" %}",
	}
	tests := []struct {
		name, chapter string
		want          string // doc.Dump of the chapter's blocks after its heading
		diags         string // the chapter's diagnostics, one a line
	}{
		{"variable", "Version {{ book.version }}, {{book.year}}.\n",
			`(p "Version 1.2, 2024.")`, ""},
		{"undefined variable", "A {{ book.nope }} B\n\n![r](https://example.com/r.png)\n",
			`(p "A {{ book.nope }} B") (figure (img url=https://example.com/r.png "r"))`,
			"ch/a.md:3:3: warning: {{ book.nope }}: no variable \"nope\" in book.yaml's variables; shown as written\n" +
				"ch/a.md:5:1: warning: remote image https://example.com/r.png is not fetched at build time; its alt text is shown instead"},
		{"other expressions", "{{ page.level }} {{ .Name }} {{ config.x }} {{ file.path }}\n",
			`(p "{{ page.level }} {{ .Name }} {{ config.x }} ch/a.md")`, ""},
		{"page title unknown", "{{ page.title }}\n",
			`(p "{{ page.title }}")`,
			"ch/a.md:3:1: warning: {{ page.title }}: the chapter's title is known only once it is read; give it a title in book.yaml; shown as written"},
		// HonKit wraps a page's code in {% raw %} before it renders the
		// page: its templates are shown as written, without warnings.
		{"variable in code", "```go\nv := \"{{ book.version }}\"\n```\n",
			`(pre lang=go "v := \"{{ book.version }}\"\n")`, ""},
		{"tags in code", "```twig\n{% if x %}\n{% include \"deep.md\" %}\n{% hint style=\"info\" %}\n{% endif %}\n```\n",
			`(pre lang=twig "{% if x %}\n{% include \"deep.md\" %}\n{% hint style=\"info\" %}\n{% endif %}\n")`, ""},
		{"templates in code spans", "Use `{{ book.version }}` or ``{% include \"deep.md\" %}``, not {{ book.version }}.\n",
			`(p "Use " (code "{{ book.version }}") " or " (code "{% include \"deep.md\" %}") ", not 1.2.")`, ""},
		{"code span over two lines", "`a\n{{ book.version }}` {{ book.version }}\n",
			`(p (code "a {{ book.version }}") " 1.2")`, ""},
		{"backticks that open no code span", "\\`{{ book.version }}\\` `{{ book.version }}` ``{{ book.version }}`\n\n`{{ book.version }}\n",
			"(p \"`1.2` \" (code \"{{ book.version }}\") \" ``1.2`\") (p \"`1.2\")", ""},
		{"a backslash in a code span", "`a\\`{{ book.version }}`\n",
			"(p (code \"a\\\\\") \"1.2`\")", ""},
		{"code in a hint and in a list", "{% hint style=\"info\" %}\nSee `{% endhint %}`.\n{% endhint %}\n\n- ```\n  {% tabs %}\n  ```\n",
			`(callout note (p "See " (code "{% endhint %}") ".")) (list (li (pre "{% tabs %}\n")))`, ""},
		{"code of an included file", "{% include \"code-part.md\" %}",
			`(p (code "deep") " deep")`, ""},
		{"raw", "{% raw %}{{ book.version }} {% hint style=\"info\" %} {% include \"x.md\" %}{% endraw %} {{ book.version }}\n",
			`(p "{{ book.version }} {% hint style=\"info\" %} {% include \"x.md\" %} 1.2")`, ""},
		{"raw in comments", "<!-- {% raw %} -->\n```go\nt := \"{{ .Name }} {% x %}\"\n```\n<!-- {% endraw %} -->\n",
			`(pre lang=go "t := \"{{ .Name }} {% x %}\"\n")`, ""},
		{"raw without end", "{% raw %} {% x %}\n",
			`(p "{% x %}")`,
			"ch/a.md:3:1: warning: {% raw %} has no {% endraw %}: the rest of the file is taken as written"},
		{"whitespace control", "a\n\n{%- raw -%}\n\n  b {%- endraw %} {{- book.version -}}  c\n",
			`(p "ab1.2c")`, ""},
		{"nested include", "{% include \"part.md\" %}\n",
			`(p "Part 1.2, then inner from the root")`, ""},
		{"include in single quotes", "{% include './lines.md' %}\n",
			`(p "one two three")`, ""},
		{"include keeps raw", "{% include \"with-raw.md\" %}\n",
			`(p "{{ book.version }}")`, ""},
		{"include in a fence", "{% include \"fence-part.md\" %}",
			`(pre "1.2\n")`, ""},
		{"missing include", "{% include \"lines.md\" %}\n{% include \"nope.md\" %}\n\n![r](https://example.com/r.png)\n",
			`(p "one two three") (p "{% include \"nope.md\" %}") (figure (img url=https://example.com/r.png "r"))`,
			"ch/a.md:4:1: warning: {% include \"nope.md\" %}: file \"ch/nope.md\" not found; shown as written\n" +
				"ch/a.md:6:1: warning: remote image https://example.com/r.png is not fetched at build time; its alt text is shown instead"},
		{"problem in an included file", "{% include \"lines.md\" %} {% include \"undefined.md\" %}\n",
			`(p "one two three x {{ book.nope }}")`,
			"ch/a.md:3:26: warning: {{ book.nope }}: no variable \"nope\" in book.yaml's variables; shown as written (in ch/undefined.md)"},
		{"cycle", "{% include \"self.md\" %}\n",
			`(p "{% include \"self.md\" %}")`,
			"ch/a.md:3:1: warning: {% include \"self.md\" %}: \"ch/self.md\" includes itself (ch/self.md → ch/self.md); shown as written (in ch/self.md)"},
		{"longer cycle", "{% include \"loop1.md\" %}\n",
			`(p "{% include \"loop1.md\" %}")`,
			"ch/a.md:3:1: warning: {% include \"loop1.md\" %}: \"ch/loop1.md\" includes itself (ch/loop1.md → ch/loop2.md → ch/loop1.md); shown as written (in ch/loop2.md)"},
		{"include outside the book", "{% include \"../../outside.md\" %}\n",
			`(p "{% include \"../../outside.md\" %}")`,
			"ch/a.md:3:1: warning: {% include \"../../outside.md\" %}: file \"../outside.md\" is outside the book's folder; shown as written"},
		{"include of a variable", "{% include book.part %}\n",
			`(p "{% include book.part %}")`,
			"ch/a.md:3:1: warning: {% include book.part %}: only a quoted path is supported; shown as written"},
		{"unknown tag", "{% swagger method=\"get\" %}\nbody\n{% endswagger %}\n\n{% if x %}y{% endif %}\n",
			`(p "{% swagger method=\"get\" %} body {% endswagger %}") (p "{% if x %}y{% endif %}")`,
			"ch/a.md:3:1: warning: GitBook/HonKit tag {% swagger %} is not supported: shown as written\n" +
				"ch/a.md:7:1: warning: GitBook/HonKit tag {% if %} is not supported: shown as written"},
		{"unknown tag in an included file", "{% include \"lines.md\" %}\n{% include \"unknown.md\" %}\n",
			`(p "one two three") (p "{% swagger %}")`,
			"ch/a.md:4:1: warning: GitBook/HonKit tag {% swagger %} is not supported: shown as written (in ch/unknown.md)"},
		{"positions after mdBook's include", "{{#include mdbook.md}}\n{% swagger %} {{ book.nope }}\n",
			`(p "m1 m2 m3 {% swagger %} {{ book.nope }}")`,
			"ch/a.md:4:1: warning: GitBook/HonKit tag {% swagger %} is not supported: shown as written\n" +
				"ch/a.md:4:15: warning: {{ book.nope }}: no variable \"nope\" in book.yaml's variables; shown as written"},
		{"hint", "{% hint style=\"warning\" %}\nBe careful here.\n\nTwice.\n{% endhint %}\nAfter.\n",
			`(callout warning (p "Be careful here.") (p "Twice.")) (p "After.")`, ""},
		{"hint on one line", "{% hint style=\"info\" %} Inline. {% endhint %} After.\n",
			`(callout note (p "Inline.")) (p "After.")`, ""},
		{"hint styles", "{% hint style=\"success\" %}s{% endhint %}\n{% hint style=\"danger\" %}d{% endhint %}\n{% hint style=\"odd\" %}o{% endhint %}\n",
			`(callout tip (p "s")) (callout caution (p "d")) (callout note (p "o"))`,
			"ch/a.md:5:1: warning: {% hint style=\"odd\" %}: hint style \"odd\" is none of info, success, warning, danger; shown as a note"},
		{"hint holding an include", "{% hint style=\"info\" %}\n{% include \"hint-part.md\" %}\n{% endhint %}\n",
			`(callout note (p "first second"))`, ""},
		{"hint without end", "{% hint style=\"info\" %}\ntext\n",
			`(callout note (p "text"))`,
			"ch/a.md:3:1: warning: {% hint %} has no {% endhint %}; it ends with the file"},
		{"end without hint", "text {% endhint %}\n",
			`(p "text {% endhint %}")`,
			"ch/a.md:3:6: warning: {% endhint %} closes no {% hint %}; shown as written"},
		{"tabs", "Intro.\n{% tabs %}\n{% tab title=\"Go\" %}\n```go\npackage main\n```\n{% endtab %}\n{% tab title=\"C_*\" %}\nC text.\n{% endtab %}\n{% endtabs %}\n",
			`(p "Intro.") (p (strong "Go")) (pre lang=go "package main\n") (p (strong "C_*")) (p "C text.")`, ""},
		{"code title", "Intro.\n{% code title=\"main.go\" lineNumbers=\"true\" %}\n```go\npackage main\n```\n{% endcode %}\n",
			`(p "Intro.") (p (em "main.go")) (pre lang=go "package main\n")`, ""},
		{"embed", "See {% embed url=\"https://example.com/v\" %}\n\n{% embed url=\"https://example.com/w\" caption=\"A video\" %}\n",
			`(p "See") (p (a url=https://example.com/v "https://example.com/v")) (p (a url=https://example.com/w "A video"))`, ""},
		{"content-ref", "{% content-ref url=\"a.md\" %}\n[A](a.md)\n{% endcontent-ref %}\n",
			`(p (a url=a.md "A"))`, ""},
		{"hint in a list item", "1. Step one\n\n   {% hint style=\"info\" %}\n   Text in hint\n   {% endhint %}\n\n2. Step two\n",
			`(list start=1 (li (p "Step one") (callout note (p "Text in hint"))) (li (p "Step two")))`, ""},
		{"hint in a bullet item", "* item\n  {% hint style=\"info\" %}\n  Text in hint\n\n  More.\n  {% endhint %}\n* next\n",
			`(list (li (p "item") (callout note (p "Text in hint") (p "More."))) (li (p "next")))`, ""},
		{"hint in a nested item", "- a\n    - b\n\n      {% hint style=\"info\" %}\n      Deep.\n      {% endhint %}\n",
			`(list (li (plain "a") (list (li (p "b") (callout note (p "Deep."))))))`, ""},
		{"hint in a quote", "> Before.\n>\n> {% hint style=\"warning\" %}\n> Careful.\n> {% endhint %}\n> After.\n",
			`(quote (p "Before.") (callout warning (p "Careful.")) (p "After."))`, ""},
		{"hint in a hint", "{% hint style=\"info\" %}\nOuter.\n\n{% hint style=\"danger\" %}\nInner.\n{% endhint %}\nOuter again.\n{% endhint %}\n",
			`(callout note (p "Outer.") (callout caution (p "Inner.")) (p "Outer again."))`, ""},
		{"code in a list item", "1. Run:\n\n   {% code title=\"sh\" %}\n   ```sh\n   go run .\n   ```\n   {% endcode %}\n2. Next\n",
			`(list start=1 (li (p "Run:") (p (em "sh")) (pre lang=sh "go run .\n")) (li (p "Next")))`, ""},
		{"indented end tag", "  {% code %}\n  ```\n  x\n  ```\n  {% endcode %}\n  After code.\n",
			`(pre "x\n") (p "After code.")`, ""},
		{"tabs in a list item", "-   Step:\n\n    {% tabs %}\n    {% tab title=\"Go\" %}\n    Go text.\n    {% endtab %}\n    {% endtabs %}\n-   Done\n",
			`(list (li (p "Step:") (p (strong "Go")) (p "Go text.")) (li (p "Done")))`, ""},
		{"code title after the heading", "{% code title=\"a.go\" %}\n```go\nx\n```\n{% endcode %}\n",
			`(p (em "a.go")) (pre lang=go "x\n")`, ""},
		{"tab title after the heading", "{% tabs %}\n{% tab title=\"Go\" %}\nGo text.\n{% endtab %}\n{% endtabs %}\n",
			`(p (strong "Go")) (p "Go text.")`, ""},
		{"raw with -%}", "{% raw-%} {{ book.version }}{%- endraw-%} x {% hint style=\"info\"-%}h{%- endhint-%}\n",
			`(p "{{ book.version }}x") (callout note (p "h"))`, ""},
		{"empty hint", "Before.\n\n{% hint style=\"info\" %}\n{% endhint %}\n\nAfter.\n",
			`(p "Before.") (p "After.")`,
			"ch/a.md:5:1: warning: {% hint style=\"info\" %} is empty: left out"},
		{"hint holding an empty include", "{% hint style=\"info\" %}\n{% include \"empty.md\" %}\n{% endhint %}\nAfter.\n",
			`(p "After.")`,
			"ch/a.md:3:1: warning: {% hint style=\"info\" %} is empty: left out"},
		{"stray endembed", "text {% endembed %} more\n",
			`(p "text {% endembed %} more")`,
			"ch/a.md:3:6: warning: {% endembed %} closes no {% embed %}; shown as written"},
		{"embed with a caption", "{% embed url=\"https://example.com/v\" %}\nA caption.\n{% endembed %}\nAfter.\n",
			`(p (a url=https://example.com/v "https://example.com/v")) (p "A caption.") (p "After.")`, ""},
		{"stray endraw", "text {% endraw %}\n",
			`(p "text {% endraw %}")`,
			"ch/a.md:3:6: warning: {% endraw %} closes no {% raw %}; shown as written"},
		{"repeated unsupported tag", "{% step %}\nOne.\n{% endstep %}\n{% step %}\nTwo.\n{% endstep %}\n{% step %}\n",
			`(p "{% step %} One. {% endstep %} {% step %} Two. {% endstep %} {% step %}")`,
			"ch/a.md:3:1: warning: GitBook/HonKit tag {% step %} is not supported (3 times in this chapter): shown as written"},
		// The importer's IncludedFiles follows it too (every case
		// checks that it agrees with the book).
		{"GitBook's include in mdBook's", "{{#include md-gb.md}}\n", `(p "deep")`, ""},
		{"tag in mdBook's include", "{{#include gb-part.md}}\n",
			`(p "x {% swagger %} {{ book.nope }}")`,
			"ch/a.md:3:1: warning: GitBook/HonKit tag {% swagger %} is not supported: shown as written (in ch/gb-part.md)\n" +
				"ch/a.md:3:1: warning: {{ book.nope }}: no variable \"nope\" in book.yaml's variables; shown as written (in ch/gb-part.md)"},
		{"code in an alert", "> [!NOTE]\n> {% code title=\"x.go\" %}\n> ```go\n> x\n> ```\n> {% endcode %}\n> After.\n",
			`(callout note (p (em "x.go")) (pre lang=go "x\n") (p "After."))`, ""},
		{"tabs in a quote", "> {% tabs %}\n> {% tab title=\"A\" %}\n> A text.\n> {% endtab %}\n> {% tab title=\"B\" %}\n> B text.\n> {% endtab %}\n> {% endtabs %}\n",
			`(quote (p (strong "A")) (p "A text.") (p (strong "B")) (p "B text."))`, ""},
		{"hint after a list marker", "1. {% hint style=\"info\" %}\n   Text\n   {% endhint %}\n2. Two\n",
			`(list start=1 (li (callout note (p "Text"))) (li (p "Two")))`, ""},
		{"tabs after a list marker", "- {% tabs %}\n  {% tab title=\"Go\" %}\n  Go text.\n  {% endtab %}\n  {% endtabs %}\n- Done\n",
			`(list (li (p (strong "Go")) (p "Go text.")) (li (p "Done")))`, ""},
		{"hint after an item's text", "- item text {% hint style=\"info\" %}Hint{% endhint %}\n- next\n",
			`(list (li (p "item text") (callout note (p "Hint"))) (li (p "next")))`, ""},
		{"embed after an item's text", "* item {% embed url=\"https://example.com/v\" %}\n* next\n",
			`(list (li (p "item") (p (a url=https://example.com/v "https://example.com/v"))) (li (p "next")))`, ""},
		{"hint after a marker in a quote", "> - {% hint style=\"danger\" %}\n>   Deep.\n>   {% endhint %}\n> - Two\n",
			`(quote (list (li (callout caution (p "Deep."))) (li (p "Two"))))`, ""},
		{"hint after a list marker and a tab", "-\t{% hint style=\"danger\" %}\n\tDeep.\n\n\tMore.\n\t{% endhint %}\n- Two\n",
			`(list (li (callout caution (p "Deep.") (p "More."))) (li (p "Two")))`, ""},
		{"code after a list marker", "1. {% code title=\"a.sh\" %}\n   ```sh\n   go run .\n   ```\n   {% endcode %}\n2. Next\n",
			`(list start=1 (li (p (em "a.sh")) (pre lang=sh "go run .\n")) (li (p "Next")))`, ""},
		{"include in a list item", "- Item:\n\n  {% include \"paras.md\" %}\n- Next\n",
			`(list (li (p "Item:") (p "P1.") (p "P2.")) (li (p "Next")))`, ""},
		{"code in a quote in a hint", "{% hint style=\"info\" %}\n> {% code title=\"q\" %}\n> ```\n> x\n> ```\n> {% endcode %}\n> Quoted.\n{% endhint %}\n",
			`(callout note (quote (p (em "q")) (pre "x\n") (p "Quoted.")))`, ""},
		{"hint after a marker in a hint", "{% hint style=\"info\" %}\n- {% hint style=\"danger\" %}\n  Inner.\n  {% endhint %}\n- Two\n{% endhint %}\n",
			`(callout note (list (li (callout caution (p "Inner."))) (li (p "Two"))))`, ""},
		{"unclosed hint holding an empty one", "{% hint style=\"info\" %}\nText.\n{% hint style=\"danger\" %}\n",
			`(callout note (p "Text."))`,
			"ch/a.md:3:1: warning: {% hint %} has no {% endhint %}; it ends with the file\n" +
				"ch/a.md:5:1: warning: {% hint style=\"danger\" %} is empty: left out"},
		{"empty hint without end", "{% hint style=\"info\" %}\n",
			``, "ch/a.md:3:1: warning: {% hint style=\"info\" %} is empty: left out"},
		{"empty hint without end or newline", "Text.\n\n{% hint style=\"info\" %}",
			`(p "Text.")`, "ch/a.md:5:1: warning: {% hint style=\"info\" %} is empty: left out"},
		{"raw without end in a hint", "{% hint style=\"info\" %}\nText {% raw %} {{ x }}\nmore\n",
			`(callout note (p "Text  {{ x }} more"))`,
			"ch/a.md:3:1: warning: {% hint %} has no {% endhint %}; it ends with the file\n" +
				"ch/a.md:4:6: warning: {% raw %} has no {% endraw %}: the rest of the file is taken as written"},
		{"braces in code", "```c\nprintf(\"{%d}\", x); /* %} */\n```\n",
			`(pre lang=c "printf(\"{%d}\", x); /* %} */\n")`, ""},
		// Nunjucks' filters, with values from its filters.js and its
		// tests (tests/filters.js).
		{"filter upper", "{{ book.words | upper }} {{ book.strasse|upper }}\n",
			`(p "FOO BAR BAZ STRASSE")`, ""},
		{"filter lower", "{{ book.mixed | lower }}\n", `(p "hello world")`, ""},
		{"filter capitalize", "{{ book.mixed | capitalize }}\n", `(p "Hello world")`, ""},
		{"filter title", "{{ book.words | title }}, {{ book.mixed | title }}\n", `(p "Foo Bar Baz, Hello World")`, ""},
		{"filter trim", "{% include \"trim-part.md\" %}", `(p (code "foo") " " (code " foo "))`, ""},
		{"filter default", "{{ book.nope | default(\"none given\") }}; [{{ book.empty | default(\"x\") }}]; {{ book.empty | d('y', true) }}; {{ book.version | default(\"z\") }}; {{ book.nope | d(book.version) }}\n",
			`(p "none given; []; y; 1.2; 1.2")`, ""},
		{"filter default of a number and a boolean", "{{ book.nope | default(1.50) }} {{ book.nope | default(false) }} {{ book.nope | default(none) }}.\n",
			`(p "1.5 false .")`, ""},
		{"filter replace", "{{ book.letters | replace(\"a\", \"x\") }} {{ book.letters | replace('a', 'x', 2) }} {{ book.version | replace(\"\", \".\") }} {{ book.letters | replace(\"a\", \"x\", 0) }}\n",
			`(p "xxxbbbccc xxabbbccc .1...2. aaabbbccc")`, ""},
		{"filter truncate", "{{ book.words | truncate(3) }} {{ book.words | truncate(6) }} {{ book.words | truncate(7) }} {{ book.words | truncate(5, true) }} {{ book.words | truncate(6, true, \"?\") }} {{ book.words | truncate(20) }} {{ book.words | truncate }}\n",
			`(p "foo... foo... foo bar... foo b... foo ba? foo bar baz foo bar baz")`, ""},
		{"filter length and int", "{{ book.words | length }} {{ book.version | int }} [{{ book.words | int }}] {{ book.words | int(7) }} {{ book.pad | length }}\n",
			`(p "11 1 [] 7 7")`, ""},
		{"filter string", "{{ book.version | string | replace(\".\", \",\") }} {{ book.version | int | string }}\n",
			`(p "1,2 1")`, ""},
		{"filter escape", "{% include \"esc-part.md\" %}",
			`(p "<b>A&B</b> " (code "&lt;b&gt;A&amp;B&lt;/b&gt;") " <b>A&B</b>")`, ""},
		{"filter safe", "{% include \"safe-part.md\" %}",
			`(p (code "\"it's\"") " " (code "&quot;it&#39;s&quot;"))`, ""},
		{"filters chained", "{{ book.pad | trim | upper | replace(\"O\", \"0\") | truncate(2, true, \"!\") }}\n",
			`(p "F0!")`, ""},
		{"filter arguments with quotes and commas", "{{ book.words | replace(\"bar\", 'x, \"y\" }}') }} {{ book.words | replace('bar', \"it's, \\\"z\\\"\") }}\n",
			`(p "foo x, \"y\" }} baz foo it's, \"z\" baz")`, ""},
		{"filters with whitespace control", "a\n\n{{- book.words | title -}}\n\n  b {{- book.nope | d(\"c\") }}\n",
			`(p "aFoo Bar Bazbc")`, ""},
		{"filter in a fence", "{% include \"upper-part.md\" %}", `(pre "FOO BAR BAZ\n")`, ""},
		{"unknown filter", "A {{ book.version | shout }} B\n",
			`(p "A {{ book.version | shout }} B")`,
			"ch/a.md:3:21: warning: {{ book.version | shout }}: filter \"shout\" is unknown or not supported (supported: " + filterNames() + "); shown as written"},
		{"filter arguments not as Nunjucks takes them", "{{ book.version | truncate(\"x\") }}\n{{ book.version|replace(\"a\") }}\n{{ book.version | int | upper }}\n{{ book.version | d(\"x) }}\n{{ book.version | d(x=1) }}\n{{ book.version | }}\n",
			`(p "{{ book.version | truncate(\"x\") }} {{ book.version|replace(\"a\") }} {{ book.version | int | upper }} {{ book.version | d(\"x) }} {{ book.version | d(x=1) }} {{ book.version | }}")`,
			"ch/a.md:3:19: warning: {{ book.version | truncate(\"x\") }}: filter truncate: its length is text, not a number; shown as written\n" +
				"ch/a.md:4:17: warning: {{ book.version|replace(\"a\") }}: filter replace takes 2 to 3 arguments, not 1; shown as written\n" +
				"ch/a.md:5:25: warning: {{ book.version | int | upper }}: filter upper: needs text, not a number; shown as written\n" +
				"ch/a.md:6:21: warning: {{ book.version | d(\"x) }}: a text without its closing quote; shown as written\n" +
				"ch/a.md:7:21: warning: {{ book.version | d(x=1) }}: keyword arguments are not supported; shown as written\n" +
				"ch/a.md:8:18: warning: {{ book.version | }}: a | without a filter's name; shown as written"},
		{"undefined variable through filters", "{{ book.nope | upper }}\n",
			`(p "{{ book.nope | upper }}")`,
			"ch/a.md:3:1: warning: {{ book.nope | upper }}: no variable \"nope\" in book.yaml's variables; shown as written"},
		{"page title with a default", "{{ page.title | default(\"T\") }} {{ file.path | upper }} {{ page.level | upper }}\n",
			`(p "{{ page.title | default(\"T\") }} CH/A.MD {{ page.level | upper }}")`,
			"ch/a.md:3:1: warning: {{ page.title | default(\"T\") }}: the chapter's title is known only once it is read; give it a title in book.yaml; shown as written"},
		{"filter problem in an included file", "{% include \"filters.md\" %}\n",
			`(p "1.2 {{ book.version | nope }}")`,
			"ch/a.md:3:1: warning: {{ book.version | nope }}: filter \"nope\" is unknown or not supported (supported: " + filterNames() + "); shown as written (in ch/filters.md)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := map[string]string{
				"book/book.yaml": "title: T\nlanguage: en\nchapters: [ch/a.md]\nvariables: {version: '1.2', year: 2024, words: foo bar baz, mixed: hELLO wORLD, strasse: straße, pad: '  foo  ', empty: '', letters: aaabbbccc, tag: <b>A&B</b>, quote: '\"it''s\"'}\nmarkdown: {templates: true}\n",
				"book/ch/a.md":   "# A\n\n" + tt.chapter,
				"outside.md":     "outside",
			}
			for name, content := range files {
				book["book/"+name] = content
			}
			b, m := loadChecked(t, book, tt.diags)
			if got := doc.Dump(b.Chapters[0].Blocks[1:]); got != tt.want {
				t.Errorf("blocks:\n%s\nwant:\n%s", got, tt.want)
			}
			sameIncludedFiles(t, b, m, true)
		})
	}
}

// TestComposeSegments checks the line map of two expansions in turn.
func TestComposeSegments(t *testing.T) {
	orig := []byte("a\n{{#include x}}\nb {% t %} c\n")
	// mdBook's pass: "{{#include x}}" (offsets 2-16) becomes "X1\nX2".
	mid := []byte("a\nX1\nX2\nb {% t %} c\n")
	inner := []diag.Segment{{At: 0, From: 0}, {At: 2, From: 2, Fixed: true}, {At: 7, From: 16}}
	// The templates' pass: "{% t %}" (offsets 10-17 of mid) becomes "T".
	text := []byte("a\nX1\nX2\nb T c\n")
	outer := []diag.Segment{{At: 0, From: 0}, {At: 10, From: 10, Fixed: true}, {At: 11, From: 17}}
	f := diag.NewMappedFile("f", text, orig, composeSegments(inner, outer, len(mid), len(text)))
	for _, tt := range []struct {
		off  int
		want string
	}{
		{0, "f:1:1"}, {3, "f:2:1"}, {6, "f:2:1"}, {8, "f:3:1"}, {10, "f:3:3"}, {11, "f:3:10"}, {12, "f:3:11"},
	} {
		if got := f.Pos(tt.off).String(); got != tt.want {
			t.Errorf("offset %d (%q): %s, want %s", tt.off, text[tt.off:], got, tt.want)
		}
	}
}

// TestTemplatesOff: without markdown.templates (mdBook's and other tools'
// books), template syntax stays as written; GitBook's own blocks and a
// defined {{ book.NAME }} get one warning for the book, at the first
// place in reading order, while {% raw %} and {% include %}, which Jinja,
// Django and Liquid write too, get none.
func TestTemplatesOff(t *testing.T) {
	jinja := "```html\n{% raw %}{{ x }}{% endraw %}\n{% include \"base.html\" %}\n{% for b in books %}{{ book.title }}{% endfor %}\n```\n"
	tests := []struct {
		name     string
		vars     string
		chapters []string
		diags    string
	}{
		{"a Jinja tutorial", "", []string{jinja}, ""},
		{"variables undefined", "", []string{"Version {{ book.version }}.\n"}, ""},
		{"a hint", "", []string{"Text.\n", "{% hint style=\"info\" %}\nx\n{% endhint %}\n", "\n\n  {% tabs %}\n"},
			"ch/b.md:3:1: warning: GitBook's template syntax is shown as written (here and in 1 more chapter): set markdown.templates: true in book.yaml to expand it, as GitBook and HonKit do"},
		{"in a listing", "variables: {version: '1'}\n", []string{"Write:\n\n```markdown\n{% hint style=\"info\" %}\nx {{ book.version }}\n{% endhint %}\n```\n\n- or:\n\n  ~~~~\n  {% tabs %}\n  ~~~~\n"}, ""},
		{"after a listing", "", []string{"Write:\n\n```markdown\n{% tabs %}\n```\n\n{% hint style=\"info\" %}\n"},
			"ch/a.md:9:1: warning: GitBook's template syntax is shown as written: set markdown.templates: true in book.yaml to expand it, as GitBook and HonKit do"},
		{"in a code span", "variables: {version: '1'}\n", []string{"Write:\n\n`{{ book.version }}` or `{% hint style=\"info\" %}`.\n"}, ""},
		{"templates: false", "markdown: {templates: false}\nvariables: {version: '1'}\n", []string{"{% hint style=\"info\" %}\nx {{ book.version }}\n{% endhint %}\n"}, ""},
		{"a defined variable", "variables: {version: '1'}\n", []string{jinja, "Version {{ book.version }}.\n"},
			"ch/b.md:3:9: warning: GitBook's template syntax is shown as written: set markdown.templates: true in book.yaml to expand it, as GitBook and HonKit do"},
		{"a defined variable with a filter", "variables: {version: '1'}\n", []string{"Version {{ book.version | upper }}.\n"},
			"ch/a.md:3:9: warning: GitBook's template syntax is shown as written: set markdown.templates: true in book.yaml to expand it, as GitBook and HonKit do"},
		{"filters with templates: false", "markdown: {templates: false}\nvariables: {version: '1'}\n", []string{"Version {{ book.version | upper }} {{ book.nope | default(\"x\") }}.\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			var list []string
			for i, c := range tt.chapters {
				name := fmt.Sprintf("ch/%c.md", 'a'+i)
				list = append(list, name)
				files["book/"+name] = fmt.Sprintf("# %c\n\n", 'A'+i) + c
			}
			files["book/book.yaml"] = "title: T\nlanguage: en\nchapters: [" + strings.Join(list, ", ") + "]\n" + tt.vars
			b, _ := loadChecked(t, files, tt.diags)
			for i, ch := range b.Chapters {
				if !strings.Contains(doc.Dump(ch.Blocks), firstLine(tt.chapters[i])) {
					t.Errorf("chapter %d is not as written: %s", i, doc.Dump(ch.Blocks))
				}
			}
		})
	}
}

// TestFencedCode checks the ranges of fenced code that the template
// warning skips against the blocks CommonMark sees: each listed line is
// in code or not.
func TestFencedCode(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		code      []bool // for each line of src
	}{
		{"a block", "a\n```go\nx\n```\nb\n", []bool{false, true, true, true, false}},
		{"an info string does not close", "```\n```go\nx\n```\nb\n", []bool{true, true, true, true, false}},
		{"a longer fence closes", "~~~\nx\n~~~~~  \nb\n", []bool{true, true, true, false}},
		{"in a quote and a list", "> ~~~~\n> ~~~\n> ~~~~\n- a\n\n  ```\n  x\n  ```\nb\n", []bool{true, true, true, false, false, true, true, true, false}},
		{"a backtick in the info string", "``` a`b\n{% hint %}\n", []bool{false, false}},
		{"backticks in a tilde fence's info", "~~~ a`b\n{% hint %}\n", []bool{true, true}},
		{"unclosed", "a\n````\nx\n```\n", []bool{false, true, true, true}},
		{"opening a list item", "- ```\n  {% x %}\n  ```\n1. > ~~~\n   > x\n   > ~~~\nb\n", []bool{true, true, true, true, true, true, false}},
	} {
		ranges := fencedCode([]byte(tt.src))
		off := 0
		for i, line := range strings.SplitAfter(strings.TrimSuffix(tt.src, "\n"), "\n") {
			in := false
			for _, r := range ranges {
				in = in || r[0] <= off && off < r[1]
			}
			if in != tt.code[i] {
				t.Errorf("%s: line %d (%q) in code: %v, want %v", tt.name, i+1, line, in, tt.code[i])
			}
			off += len(line)
		}
	}
}

// firstLine is the first line of s with text, with quotes escaped as
// doc.Dump writes them.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "```") {
			return strings.ReplaceAll(l, `"`, `\"`)
		}
	}
	return ""
}

// TestSupportedFilters checks that the warning names every filter the
// table has, and that applyFilter implements each of them and its alias.
func TestSupportedFilters(t *testing.T) {
	const want = "capitalize, default (d), escape (e), int, length, lower, replace, safe, string, title, trim, truncate, upper"
	if got := filterNames(); got != want {
		t.Errorf("filterNames() = %q, want %q", got, want)
	}
	for _, f := range supportedFilters {
		for _, name := range []string{f.name, f.alias} {
			if name == "" {
				continue
			}
			args := make([]value, f.min)
			for i := range args {
				args[i] = text("x")
			}
			if _, err := applyFilter(name, text("a b"), args); err == "is not supported" {
				t.Errorf("applyFilter(%q) is not implemented: %s", name, err)
			}
		}
	}
}

// TestFrontMatter: with markdown.templates (a GitBook or HonKit book), a
// chapter's YAML front matter is left out, as HonKit reads a page, and
// what follows keeps its positions; without it, or when it is not at the
// very start or not closed, the text is read as written.
func TestFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		name      string
		templates bool
		chapter   string
		want      string // doc.Dump of the chapter's blocks
		diags     string
	}{
		{"front matter", true, "---\nid: x\ntitle: T\n---\n\n# A\n\n![r](https://example.com/r.png)\n",
			`(h level=1 id=a "A") (figure (img url=https://example.com/r.png "r"))`,
			"ch/a.md:8:1: warning: remote image https://example.com/r.png is not fetched at build time; its alt text is shown instead"},
		{"closed by dots, CRLF", true, "---\r\ntitle: T\r\n...\r\n# A\r\n", `(h level=1 id=a "A")`, ""},
		{"not closed", true, "---\n\n# A\n", `(hr) (h level=1 id=a "A")`, ""},
		{"not at the start", true, "# A\n\n---\nx: y\n---\n", `(h level=1 id=a "A") (hr) (h level=2 id=x-y "x: y")`, ""},
		{"templates off", false, "---\ntitle: T\n---\n\n# A\n", `(hr) (h level=1 id=title-t "title: T") (h level=1 id=a "A")`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := loadChecked(t, map[string]string{
				"book/book.yaml": fmt.Sprintf("title: T\nlanguage: en\nchapters: [ch/a.md]\nmarkdown: {templates: %v}\n", tt.templates),
				"book/ch/a.md":   tt.chapter,
			}, tt.diags)
			if got := doc.Dump(b.Chapters[0].Blocks); got != tt.want {
				t.Errorf("blocks:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
