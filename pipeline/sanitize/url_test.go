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

// TestURI: what is written into an href is a URI RFC 3986 allows
// (epubcheck's RSC-020 otherwise), with the author's escapes kept.
func TestURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://go.dev/doc/", "https://go.dev/doc/"},
		{"https://github.com/x/y/blob/main/views.go#L170-#L195", "https://github.com/x/y/blob/main/views.go#L170-%23L195"},
		{`https://example.com/a)"`, "https://example.com/a)%22"},
		{"https://example.com/<files>/", "https://example.com/%3Cfiles%3E/"},
		{"https://en.wikipedia.org/wiki/Go_(programming_language)", "https://en.wikipedia.org/wiki/Go_(programming_language)"},
		{"https://example.com/100%", "https://example.com/100%25"},
		{"https://example.com/%ZZ%4", "https://example.com/%25ZZ%254"},
		{"https://example.com/%E4%B8%AD", "https://example.com/%E4%B8%AD"},
		{"https://example.com/中 文", "https://example.com/%E4%B8%AD%20%E6%96%87"},
		{"https://[::1]:8080/a[1]", "https://[::1]:8080/a%5B1%5D"},
		{"https://example.com/?q=a|b&x={y}", "https://example.com/?q=a%7Cb&x=%7By%7D"},
		{"  mailto:a@example.com ", "mailto:a@example.com"},
		{"https://example.com/a\\b", "https://example.com/a%5Cb"},
	}
	for _, tt := range tests {
		if got := URI(tt.in); got != tt.want {
			t.Errorf("URI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBadEscape(t *testing.T) {
	for _, tt := range []struct {
		in  string
		bad bool
	}{
		{"https://example.com/100%", true},
		{"https://example.com/%ZZ?q=%4", true},
		{"https://example.com/%4", true},
		{"https://example.com/a%20b%C3%A9", false},
		{"mailto:a@b.c", false},
	} {
		if got := BadEscape(tt.in); got != tt.bad {
			t.Errorf("BadEscape(%q) = %v, want %v", tt.in, got, tt.bad)
		}
		if !tt.bad && URI(tt.in) != tt.in {
			t.Errorf("URI(%q) = %q, want it unchanged", tt.in, URI(tt.in))
		}
		if tt.bad && BadEscape(URI(tt.in)) {
			t.Errorf("URI(%q) = %q, still a bad escape", tt.in, URI(tt.in))
		}
	}
}
