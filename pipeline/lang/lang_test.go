package lang

import "testing"

func TestVarietyOf(t *testing.T) {
	for _, tt := range []struct {
		tag  string
		want Variety
	}{
		{"zh", SimplifiedChinese},
		{"zh-CN", SimplifiedChinese},
		{"zh-Hans", SimplifiedChinese},
		{"zh-SG", SimplifiedChinese},
		{"zh-TW", TraditionalChinese},
		{"zh-HK", TraditionalChinese},
		{"zh-MO", TraditionalChinese},
		{"zh-Hant", TraditionalChinese},
		{"zh-hant-tw", TraditionalChinese}, // case does not matter in BCP 47
		{"ZH-cn", SimplifiedChinese},
		{"zh-Hans-HK", SimplifiedChinese}, // the script wins over the region
		{"zh-Hant-CN", TraditionalChinese},
		{"cmn-Hant", TraditionalChinese},
		{"cmn-Hans", SimplifiedChinese},
		{"cmn-TW", TraditionalChinese},
		{"yue", TraditionalChinese},
		{"yue-HK", TraditionalChinese},
		{"yue-CN", SimplifiedChinese},
		{"nan-TW", TraditionalChinese}, // x/text infers Hans: the region decides
		{"hak", SimplifiedChinese},
		{"lzh", SimplifiedChinese},
		{"zh-Latn", SimplifiedChinese},
		{"ja", Japanese},
		{"ja-JP", Japanese},
		{"ko", Korean},
		{"ko-KR", Korean},
		{"fr-CA", French},
		{"de-AT", German},
		{"es-MX", Spanish},
		{"en-GB", English},
		{"it", English},
		{"und-TW", English}, // the language is not written
		// Tags the manifest refuses (see Valid) are English, whatever
		// x/text's lenient parser would make of them.
		{"", English},
		{"not a tag", English},
		{"ZH_tw", English},
		{"zh_CN", English},
		{"zh-", English},
	} {
		if got := VarietyOf(tt.tag); got != tt.want {
			t.Errorf("VarietyOf(%q) = %v, want %v", tt.tag, got, tt.want)
		}
		// Every question about the language gets the same answer.
		if got, want := LabelsFor(tt.tag), tt.want.Labels(); got != want {
			t.Errorf("LabelsFor(%q) = %+v, want %v's %+v", tt.tag, got, tt.want, want)
		}
		if got, want := A11yFor(tt.tag), tt.want.A11y(); got != want {
			t.Errorf("A11yFor(%q).Navigation = %q, want %v's %q", tt.tag, got.Navigation, tt.want, want.Navigation)
		}
		if got, want := IsCJK(tt.tag), tt.want.Chinese() || tt.want == Japanese; got != want {
			t.Errorf("IsCJK(%q) = %v, want %v", tt.tag, got, want)
		}
	}
}

// TestLabelsOfVarieties checks that each variety has words of its own: a
// missing case would fall back to English.
func TestLabelsOfVarieties(t *testing.T) {
	seen := map[string]Variety{}
	for _, v := range Varieties() {
		l := v.Labels()
		if l.Contents == "" || l.Cover == "" || l.Start == "" || l.Landmarks == "" || l.Pages == "" || l.Glossary == "" {
			t.Errorf("%v: a label is empty: %+v", v, l)
		}
		if w, ok := seen[l.Contents]; ok {
			t.Errorf("%v and %v share the contents title %q", v, w, l.Contents)
		}
		seen[l.Contents] = v
		if w, ok := seen[l.Glossary]; ok {
			t.Errorf("%v and %v share the glossary title %q", v, w, l.Glossary)
		}
		seen[l.Glossary] = v
		a := v.A11y()
		if w, ok := seen[a.Navigation]; ok {
			t.Errorf("%v and %v share the summary %q", v, w, a.Navigation)
		}
		seen[a.Navigation] = v
	}
}

func TestChapter(t *testing.T) {
	for _, tt := range []struct {
		v          Variety
		label, sep string
	}{
		{English, "Chapter 12", ". "},
		{SimplifiedChinese, "第12章", "　"},
		{TraditionalChinese, "第12章", "　"},
		{Japanese, "第12章", "　"},
		{Korean, "제12장", " "},
		{French, "Chapitre 12", ". "},
		{German, "Kapitel 12", ". "},
		{Spanish, "Capítulo 12", ". "},
	} {
		if label, sep := tt.v.Chapter(12); label != tt.label || sep != tt.sep {
			t.Errorf("%v: %q %q, want %q %q", tt.v, label, sep, tt.label, tt.sep)
		}
	}
}

// TestAlerts checks that each variety names the five alerts with five
// different words (the title alone tells the kind), of its own: a missing
// case would fall back to English.
func TestAlerts(t *testing.T) {
	seen := map[[5]string]Variety{}
	for _, v := range Varieties() {
		words := v.Alerts()
		distinct := map[string]bool{}
		for i, w := range words {
			if w == "" || distinct[w] {
				t.Errorf("%v: alert %d is %q, empty or a repeat: %q", v, i+1, w, words)
			}
			distinct[w] = true
			if got := v.Alert(i + 1); got != w {
				t.Errorf("%v.Alert(%d) = %q, want %q", v, i+1, got, w)
			}
		}
		if w, ok := seen[words]; ok {
			t.Errorf("%v and %v share the alerts' words %q", v, w, words)
		}
		seen[words] = v
		if v.Alert(0) != "" || v.Alert(6) != "" {
			t.Errorf("%v: Alert outside 1-5 is not empty", v)
		}
	}
}
