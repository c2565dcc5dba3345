package check

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// latin and gbk read the UTF-8 bytes of s in another encoding: how
// mojibake is made.
func latin(t *testing.T, s string) string {
	t.Helper()
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	out, err := simplifiedchinese.GBK.NewDecoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMojibakeExamples checks the detector on mojibake as it is met: the
// classic Windows-1252 sequences, the case the content/ book had, and
// Chinese text read as GBK.
func TestMojibakeExamples(t *testing.T) {
	tests := []struct {
		text, found, fixed string
	}{
		{"Go LanguageÂ·Cloud Power", "Â·", "·"},
		{"cafÃ© au lait", "Ã©", "é"},
		{"Itâ€™s here", "â€™", "’"},
		{"â€œquoted", "â€œ", "“"},
		{"Ã©tÃ© en France", "Ã©tÃ©", "été"},
		{"Â©2018", "Â©", "©"},
		{"ä¸\u00adæ–‡", "ä¸\u00adæ–‡", "中文"},
		{"emoji ðŸ˜€ here", "ðŸ˜€", "😀"},
		{"本节讲字符缂栫爜的问题", "缂栫爜", "编码"},
		{"骞跺彂鐨勯潪闃诲", "骞跺彂鐨勯潪闃诲", "并发的非阻"},
		{"锟斤拷锟斤拷", "锟斤拷锟斤拷", ""},
	}
	for _, tt := range tests {
		ms := FindMojibake(tt.text)
		if len(ms) != 1 {
			t.Errorf("%q: %d findings %+v, want 1", tt.text, len(ms), ms)
			continue
		}
		m := ms[0]
		if m.Text != tt.found || m.Fixed != tt.fixed || tt.text[m.Start:m.End] != m.Text {
			t.Errorf("%q: found %q fixed %q, want %q fixed %q", tt.text, m.Text, m.Fixed, tt.found, tt.fixed)
		}
	}
}

// TestMojibakeGarbled garbles real text, the chapter titles of gopl-zh
// and sentences in English and French, and checks that the detector finds
// it and that what it proposes is the text that was garbled.
func TestMojibakeGarbled(t *testing.T) {
	var chinese []string
	if data, err := os.ReadFile(filepath.Join(testenv.Corpus(t), "SUMMARY.md")); err == nil {
		for _, m := range regexp.MustCompile(`\[([^\]]+)\]`).FindAllStringSubmatch(string(data), -1) {
			chinese = append(chinese, m[1])
		}
	}
	chinese = append(chinese, "一本书的名字", "并发的非阻塞缓存", "基于共享变量的并发", "错误处理策略")
	found, tried := 0, 0
	for _, s := range chinese {
		han := 0
		for _, r := range s {
			if r > 0x2E80 {
				han++
			}
		}
		if han < 4 {
			continue // too short to tell from real text
		}
		tried++
		g := gbk(t, s)
		ms := FindMojibake(g)
		if len(ms) > 0 {
			found++
		}
		for _, m := range ms {
			if !strings.Contains(s, m.Fixed) {
				t.Errorf("%q garbled as %q: proposed %q, which is not in the original", s, g, m.Fixed)
			}
		}
	}
	// Text read as GBK loses characters (bytes GBK has no character for
	// become U+FFFD), so a short title can be left with too little to
	// recognise: demand most, not all.
	if found*10 < tried*9 {
		t.Errorf("found mojibake in %d of %d garbled Chinese titles", found, tried)
	}

	for _, s := range []string{"It’s “quoted” — naïve café", "Où est la forêt? À l’été", "Größe und Maße", "中文 and ½ °C µs"} {
		g := latin(t, s)
		ms := FindMojibake(g)
		if len(ms) == 0 {
			t.Errorf("%q garbled as %q: nothing found", s, g)
		}
		for _, m := range ms {
			if !strings.Contains(s, m.Fixed) {
				t.Errorf("%q garbled as %q: proposed %q, which is not in the original", s, g, m.Fixed)
			}
		}
	}
}

// TestMojibakeNotInRealText checks that text that is right is left alone.
func TestMojibakeNotInRealText(t *testing.T) {
	for _, s := range []string{
		"café, naïve, Größe, Ça va, ¿Qué?, «guillemets», 100°C, µGo, §4.6, ¶2, été",
		"Go语言·云动力", "Go语言圣经（中文版）", "你好，世界！", "编码与解码", "锟", "×÷±",
		"Ñandú, Øresund, Þór, Ætna, æble, œuvre",
		// Common (GB 2312) characters whose GBK bytes happen to be UTF-8
		// for two Chinese characters: "洹版啊" for the rare "䡰氡" (left
		// alone because the result is not common text) and "涓版啊" for
		// "丰氡" (left alone because the text has no character outside
		// GB 2312, as real mojibake nearly always has).
		"洹版啊", "涓版啊",
	} {
		if ms := FindMojibake(s); len(ms) > 0 {
			t.Errorf("%q: %+v", s, ms)
		}
	}
}

// TestMojibakeGoplZH runs the check on the whole of gopl-zh, half a
// million characters of real Chinese and English text: it must find
// nothing.
func TestMojibakeGoplZH(t *testing.T) {
	manifest := testenv.CorpusManifest(t)
	var cd diag.List
	res := Run(manifest, Options{Checks: []Check{{"mojibake", MojibakeText}}}, &cd)
	if res.Book == nil || len(res.Book.Chapters) != 124 {
		t.Fatal("the book did not load")
	}
	for _, x := range cd.Items() {
		if strings.Contains(x.Message, "mojibake") {
			t.Errorf("%s", x)
		}
	}
}
