package fonts

import (
	"slices"
	"testing"
)

func TestRuneSet(t *testing.T) {
	tests := []struct {
		name string
		add  []rune
		want []rune // Runes, in order
	}{
		{"empty", nil, nil},
		{"one page", []rune("cab"), []rune("abc")},
		{"pages apart", []rune("中a😀é中"), []rune("aé中😀")},
		{"edges", []rune{0, 63, 64, 255, 256, maxRune}, []rune{0, 63, 64, 255, 256, maxRune}},
		{"not characters", []rune{-1, maxRune + 1, 'x'}, []rune("x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s RuneSet
			for _, r := range tt.add {
				s.Add(r)
			}
			if got := s.Runes(); !slices.Equal(got, tt.want) {
				t.Errorf("Runes() = %q, want %q", got, tt.want)
			}
			for _, r := range tt.want {
				if !s.Has(r) {
					t.Errorf("Has(%q) = false", r)
				}
			}
			if s.Has('Z') || s.Has(-1) {
				t.Error("Has a character never added")
			}
			var u RuneSet
			u.Add('Z')
			u.Union(&s)
			if !s.SubsetOf(&u) || (len(tt.want) > 0 && u.SubsetOf(&s)) {
				t.Errorf("after a union: s ⊆ u %v, u ⊆ s %v", s.SubsetOf(&u), u.SubsetOf(&s))
			}
		})
	}
}
