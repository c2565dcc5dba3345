package diag

import "testing"

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
