// Package parallel runs independent pieces of work on all the cores.
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Each calls fn(i) for every i from 0 to n-1, on up to GOMAXPROCS
// goroutines at once, handing out the indices in order, and returns when
// all calls have. The calls must not depend on one another; what each
// writes to its own slot i comes out the same whatever the number of
// cores, which is how the build stays byte-identical. A panic in fn is
// passed on to the caller, with the stack where it happened, once every
// worker has stopped (it would otherwise end the process from a goroutine
// no caller can recover in).
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
	var once sync.Once
	var failed any // the first panic of a worker, passed on to the caller
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { failed = fmt.Sprintf("%v\n%s", r, debug.Stack()) })
					for range next { // let the caller finish handing out work
					}
				}
			}()
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
	if failed != nil {
		panic(failed)
	}
}
