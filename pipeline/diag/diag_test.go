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
	l.Warnf(at, "image x.png has no alternative text: describe it")
	l.Warnf(at, "something else")
	l.Warnf(Pos{Path: "a.md", Line: 4, Col: 6}, "image x.png has no alternative text: describe it")
	l.Supersede("image x.png has no alternative text", Diagnostic{Pos: at, Severity: Error, Message: "image x.png has no alternative text, an error"})
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{
		"a.md:3:6: error: image x.png has no alternative text, an error",
		"a.md:3:6: warning: something else",
		"a.md:4:6: warning: image x.png has no alternative text: describe it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
