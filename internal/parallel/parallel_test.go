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

// TestStream: the results come in order, each once, and never more than
// window of them are made and not yet taken, whatever the cores.
func TestStream(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		for _, window := range []int{0, 1, 3} {
			for _, n := range []int{0, 1, 50} {
				prev := runtime.GOMAXPROCS(procs)
				limit := window
				if limit <= 0 {
					limit = 2 * procs
				}
				// work(i) may start only once the caller is
				// done with results up to i-limit: it is done
				// with the results before the one it asks for.
				var taken, early atomic.Int32
				next, stop := Stream(n, window, func(i int) int {
					if i >= int(taken.Load())+limit {
						early.Add(1)
					}
					return i * i
				})
				for i := range n {
					taken.Store(int32(i))
					if v := next(); v != i*i {
						t.Errorf("GOMAXPROCS=%d window=%d: result %d is %d", procs, window, i, v)
					}
				}
				stop()
				runtime.GOMAXPROCS(prev)
				if e := early.Load(); e > 0 {
					t.Errorf("GOMAXPROCS=%d window=%d n=%d: %d results made more than %d ahead of those done with", procs, window, n, e, limit)
				}
			}
		}
	}
}

// TestStreamStops: stop ends the work early, and a panic in work reaches
// the caller of next.
func TestStreamStops(t *testing.T) {
	var calls atomic.Int32
	next, stop := Stream(1000, 2, func(i int) int { calls.Add(1); return i })
	next()
	stop()
	stop()
	if c := calls.Load(); c > 10 {
		t.Errorf("%d calls after stop", c)
	}

	next, stop = Stream(5, 0, func(i int) int {
		if i == 2 {
			panic("boom")
		}
		return i
	})
	defer stop()
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "boom") {
			t.Errorf("recovered %v, want the work's panic", r)
		}
	}()
	for range 5 {
		next()
	}
}
