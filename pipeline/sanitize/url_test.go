package sanitize

import "testing"

func TestClassifyURL(t *testing.T) {
	tests := []struct {
		url  string
		want URLKind
	}{
		{"ch1.md", Relative},
		{"../ch2/ch2-01.md#变量", Relative},
		{"#anchor", Relative},
		{"images/a.png?raw=true", Relative},
		{"", Relative},
		{"a:b/c", Unsafe},
		{"https://gopl.io/", Remote},
		{"HTTP://example.com", Remote},
		{"//cdn.example.com/x.png", Remote},
		{"ftp://example.com/f", Remote},
		{"mailto:vcc.163@gmail.com", Contact},
		{"tel:+123", Contact},
		{"javascript:alert(1)", Unsafe},
		{"JavaScript:alert(1)", Unsafe},
		{"java\tscript:alert(1)", Unsafe},
		{" javascript:alert(1)", Unsafe},
		{"vbscript:x", Unsafe},
		{"data:text/html;base64,AAAA", Unsafe},
		{"file:///etc/passwd", Unsafe},
		{"1password:x", Relative}, // a scheme cannot start with a digit: this is a path
	}
	for _, tt := range tests {
		if got := ClassifyURL(tt.url); got != tt.want {
			t.Errorf("ClassifyURL(%q) = %d, want %d", tt.url, got, tt.want)
		}
	}
}

func TestFixEscapes(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		fixed    bool
	}{
		{"https://example.com/100%", "https://example.com/100%25", true},
		{"https://example.com/%ZZ?q=%4", "https://example.com/%25ZZ?q=%254", true},
		{"https://example.com/a%20b%C3%A9", "https://example.com/a%20b%C3%A9", false},
		{"mailto:a@b.c", "mailto:a@b.c", false},
	} {
		got, fixed := FixEscapes(tt.in)
		if got != tt.want || fixed != tt.fixed {
			t.Errorf("FixEscapes(%q) = %q, %v; want %q, %v", tt.in, got, fixed, tt.want, tt.fixed)
		}
	}
}
