// Package parallel runs independent pieces of work on all the cores.
package parallel

import (
	"runtime"
	"sync"
)

// Each calls fn(i) for every i from 0 to n-1, on up to GOMAXPROCS
// goroutines at once, handing out the indices in order, and returns when
// all calls have. The calls must not depend on one another; what each
// writes to its own slot i comes out the same whatever the number of
// cores, which is how the build stays byte-identical.
func Each(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
