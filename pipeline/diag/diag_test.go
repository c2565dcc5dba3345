package diag

import (
	"strings"
	"testing"
)

// TestEscape checks that nothing from the book can drive the terminal: a
// file name with ESC and BEL, a message quoting a C1 control, a
// right-to-left override, bytes that are not UTF-8.
func TestEscape(t *testing.T) {
	d := Diagnostic{Pos: Pos{Path: "img/\x1b[31mred\a.png", Line: 1, Col: 2}, Severity: Warning,
		Message: "quoted \u009b2J and \u202eevil\u202c, \xff, 中文 kept"}
	got := d.String()
	want := `img/\x1b[31mred\x07.png:1:2: warning: quoted \u009b2J and \u202eevil\u202c, \xff, 中文 kept`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, r := range got {
		if r < 0x20 || r == 0x7f || (0x80 <= r && r <= 0x9f) || r == 0x202e {
			t.Errorf("%q still holds %U", got, r)
		}
	}
}

func TestSupersede(t *testing.T) {
	at := Pos{Path: "a.md", Line: 3, Col: 6}
	var l List
	alt := func(p Pos) Diagnostic {
		return Diagnostic{Pos: p, Severity: Warning, Message: "image x.png has no alternative text: describe it", Kind: KindAltText}
	}
	l.Add(alt(at))
	l.Warnf(at, "something else")
	l.Add(Diagnostic{Pos: at, Severity: Warning, Message: "heading level 3 follows level 1", Kind: KindHeadingLevel})
	l.Add(alt(Pos{Path: "a.md", Line: 4, Col: 6}))
	l.Supersede(Diagnostic{Pos: at, Severity: Error, Message: "image x.png has no alternative text, an error", Kind: KindAltText})
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{
		"a.md:3:6: warning: heading level 3 follows level 1", // another kind: kept
		"a.md:3:6: error: image x.png has no alternative text, an error",
		"a.md:3:6: warning: something else",
		"a.md:4:6: warning: image x.png has no alternative text: describe it", // another place: kept
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
