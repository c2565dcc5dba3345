package pdf

import "testing"

// TestTextControls checks that the document information and bookmarks
// hold no control character (the EPUB's metadata holds none either).
func TestTextControls(t *testing.T) {
	if got, want := text("A\x1b[31m\tB\x07\u0085"), text("A[31m B"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
