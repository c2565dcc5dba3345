package epub

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobook/ebook/pipeline/book"
)

// The chapters' bodies are rendered shortly before they are written: never
// more than the window of them rendered and not yet written, written in the
// order asked for, whatever the number of cores.
func TestStreamBodiesBounded(t *testing.T) {
	tests := []struct {
		procs, window, chapters int
	}{
		{1, 1, 5},
		{2, 2, 40},
		{4, 3, 40},
		{4, 8, 3},
		{8, 0, 100}, // twice the cores
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("procs %d window %d", tt.procs, tt.window), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tt.procs))
			w := &writer{book: &book.Book{}, svg: map[string]bool{}}
			order := make([]int, tt.chapters)
			for k := range order {
				w.files = append(w.files, fmt.Sprintf("c%04d.xhtml", k+1))
				w.book.Chapters = append(w.book.Chapters, &book.Chapter{Path: w.files[k]})
				order[k] = (k * 7) % tt.chapters // not the chapters' order
				if tt.chapters%7 == 0 {
					order[k] = tt.chapters - 1 - k
				}
			}
			var held, most atomic.Int32
			render := func(i int) (string, bool) {
				n := held.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				return strconv.Itoa(i), false
			}
			var got []int
			err := w.streamBodies(order, tt.window, render, func(i int, body string) error {
				if body != strconv.Itoa(i) {
					t.Errorf("chapter %d given the body %q", i, body)
				}
				got = append(got, i)
				time.Sleep(200 * time.Microsecond) // writing is slower than rendering
				held.Add(-1)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, order) {
				t.Errorf("written in the order %v, want %v", got, order)
			}
			limit := int32(tt.window)
			if limit == 0 {
				limit = int32(2 * tt.procs)
			}
			if m := most.Load(); m > limit {
				t.Errorf("%d bodies held at once, want at most %d", m, limit)
			}
		})
	}
}

// A failure stops the rendering: an error of emit is returned, a panic
// of render passed on, a chapter whose SVG the package document does not
// name refused; nothing hangs.
func TestStreamBodiesStops(t *testing.T) {
	w := &writer{book: &book.Book{}, svg: map[string]bool{}}
	order := make([]int, 50)
	for k := range order {
		w.files = append(w.files, fmt.Sprintf("c%04d.xhtml", k+1))
		w.book.Chapters = append(w.book.Chapters, &book.Chapter{Path: w.files[k]})
		order[k] = k
	}
	plain := func(i int) (string, bool) { return "", false }
	stop := errors.New("disk full")
	emitted := 0
	err := w.streamBodies(order, 4, plain, func(i int, _ string) error {
		if emitted++; i == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || emitted != 11 {
		t.Errorf("error %v after %d chapters, want %v after 11", err, emitted, stop)
	}

	svg := func(i int) (string, bool) { return "<svg/>", i == 3 }
	if err := w.streamBodies(order, 4, svg, func(int, string) error { return nil }); err == nil {
		t.Error("a chapter with inline SVG the package document does not name: no error")
	}

	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("render panicked: not passed on")
			}
		}()
		_ = w.streamBodies(order, 4, func(i int) (string, bool) {
			if i == 7 {
				panic("render bug")
			}
			return "", false
		}, func(int, string) error { return nil })
	}()
}
