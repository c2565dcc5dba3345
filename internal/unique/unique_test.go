package unique

import (
	"strconv"
	"testing"
	"time"
)

func TestUnique(t *testing.T) {
	s := New(false)
	dash := func(base string) func(int) string {
		return func(i int) string { return base + "-" + strconv.Itoa(i) }
	}
	s.Reserve("usage-2") // an explicit id taken first
	var got []string
	for range 4 {
		got = append(got, s.Unique("usage", 1, dash("usage")))
	}
	want := []string{"usage", "usage-1", "usage-3", "usage-4"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	f := New(true)
	f.Reserve("A.png")
	if n := f.Unique("a.png", 2, func(i int) string { return "a-" + strconv.Itoa(i) + ".png" }); n != "a-2.png" {
		t.Errorf("folded: got %s, want a-2.png", n)
	}
}

// TestUniqueLinear takes 200,000 repeats of one name: a search from 1 each
// time took minutes.
func TestUniqueLinear(t *testing.T) {
	s := New(false)
	start := time.Now()
	for range 200_000 {
		s.Unique("x", 1, func(i int) string { return "x-" + strconv.Itoa(i) })
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("200,000 repeats took %v", d)
	}
}
