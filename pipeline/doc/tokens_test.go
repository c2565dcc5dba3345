package doc

import (
	"fmt"
	"testing"
)

// TestTokensAll checks that All gives each token's class and the piece of
// text from where the one before ends to its own end, and stops when told.
func TestTokensAll(t *testing.T) {
	classes := []string{"", "k", "s"}
	tests := []struct {
		toks  *Tokens
		stop  int // stop after this many tokens; 0 for never
		want  string
		count int
	}{
		{NewTokens("func f() string", []Token{{4, 1}, {8, 0}, {9, 0}, {15, 2}}, classes), 0,
			`[k "func"][ " f()"][ " "][s "string"]`, 4},
		{NewTokens("func f()", []Token{{4, 1}, {8, 0}}, classes), 1, `[k "func"]`, 2},
		{NewTokens("", nil, classes), 0, "", 0},
		{nil, 0, "", 0},
	}
	for i, tt := range tests {
		got, n := "", 0
		for class, text := range tt.toks.All() {
			got += fmt.Sprintf("[%s %q]", class, text)
			if n++; n == tt.stop {
				break
			}
		}
		if got != tt.want {
			t.Errorf("%d: tokens %s, want %s", i, got, tt.want)
		}
		if tt.toks.Len() != tt.count {
			t.Errorf("%d: Len %d, want %d", i, tt.toks.Len(), tt.count)
		}
	}
}
