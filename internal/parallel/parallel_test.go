package parallel

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		for _, n := range []int{0, 1, 3, 100} {
			prev := runtime.GOMAXPROCS(procs)
			calls := make([]int32, n)
			var running, most atomic.Int32
			Each(n, func(i int) {
				r := running.Add(1)
				for {
					m := most.Load()
					if r <= m || most.CompareAndSwap(m, r) {
						break
					}
				}
				atomic.AddInt32(&calls[i], 1)
				running.Add(-1)
			})
			runtime.GOMAXPROCS(prev)
			for i, c := range calls {
				if c != 1 {
					t.Errorf("GOMAXPROCS=%d n=%d: fn(%d) called %d times", procs, n, i, c)
				}
			}
			if m := int(most.Load()); m > max(procs, 1) {
				t.Errorf("GOMAXPROCS=%d n=%d: %d calls at once", procs, n, m)
			}
		}
	}
}

// TestEachPanic checks that a panic in a worker reaches the caller, where
// it can be recovered, instead of ending the process.
func TestEachPanic(t *testing.T) {
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "boom 7") {
			t.Errorf("recovered %v, want the worker's panic", r)
		}
	}()
	Each(100, func(i int) {
		if i == 7 {
			panic("boom 7")
		}
	})
	t.Error("Each returned after a panic")
}
