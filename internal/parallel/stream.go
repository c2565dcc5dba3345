package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Stream calls work(i) for every i from 0 to n-1 on up to GOMAXPROCS
// goroutines, handing out the indices in order, and returns next, which
// returns the results in that order, each as soon as it is made. At most
// window results are made or being made and not yet done with at once
// (window <= 0: twice GOMAXPROCS), the caller being done with a result
// when it calls next again: a long sequence of large results (chapters
// rendered, pictures converted) is written out as it is made, never held
// whole. A panic in work is passed on to the caller of next, with its
// stack, as Each does.
//
// stop ends the work early: the calls under way finish, no other starts.
// Call it when done with next, whether or not every result was taken.
func Stream[T any](n, window int, work func(i int) T) (next func() T, stop func()) {
	if window <= 0 {
		window = 2 * runtime.GOMAXPROCS(0)
	}
	type result struct {
		v     T
		panic any
	}
	results := make([]chan result, n)
	for i := range results {
		results[i] = make(chan result, 1)
	}
	slots := make(chan struct{}, window)
	indices := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(indices)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-done:
				return
			}
			select {
			case indices <- i:
			case <-done:
				return
			}
		}
	}()
	for range min(runtime.GOMAXPROCS(0), window, n) {
		go func() {
			for i := range indices {
				func() {
					defer func() {
						if r := recover(); r != nil {
							results[i] <- result{panic: fmt.Sprintf("%v\n%s", r, debug.Stack())}
						}
					}()
					results[i] <- result{v: work(i)}
				}()
			}
		}()
	}
	taken := 0
	next = func() T {
		if taken >= n {
			panic("parallel.Stream: next called more often than there are results")
		}
		if taken > 0 {
			<-slots // the caller is done with the previous result
		}
		r := <-results[taken]
		results[taken] = nil
		taken++
		if r.panic != nil {
			panic(r.panic)
		}
		return r.v
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			close(done)
		}
	}
	return next, stop
}
