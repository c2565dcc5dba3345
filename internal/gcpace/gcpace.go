// Package gcpace paces Go's garbage collector for a build: it lets the
// heap grow by a bounded amount of garbage over the live data, rather than
// by a fixed proportion of it.
//
// With GOGC alone the heap grows to (1+GOGC/100) times the live data
// before a collection, so a book four times as large peaks at about four
// times the memory. A build is short and most of what it allocates dies
// young: a generous proportion saves collections while the live data is
// small, and a fixed allowance of garbage bounds the memory once it is
// large. Past a point the proportion no longer falls (Min), so that a very
// large book is not collected ever more often for ever less garbage: its
// memory grows with its live data, at Min's proportion, not faster.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Policy is how much garbage the heap may gather between collections.
type Policy struct {
	// Headroom is the garbage, in bytes, the heap may gather over the
	// live data, while that is within Min and Max percent of it.
	Headroom uint64
	// Min and Max bound GOGC: the garbage allowed as a percentage of
	// the live data.
	Min, Max int
}

// Percent is the GOGC that lets a heap of live bytes of live data gather
// the policy's headroom of garbage, within Min and Max.
func (p Policy) Percent(live uint64) int {
	if live == 0 {
		return p.Max
	}
	pct := p.Headroom * 100 / live
	switch {
	case pct < uint64(p.Min):
		return p.Min
	case pct > uint64(p.Max):
		return p.Max
	}
	return int(pct)
}

// Pacer sets GOGC by a policy after every collection, from the live data
// that collection found.
type Pacer struct {
	policy Policy
	// mu makes Stop wait for a collection's pacing under way: none
	// sets GOGC after Stop returns.
	mu      sync.Mutex
	stopped bool
	sample  []metrics.Sample
}

// Start sets GOGC by p from now on: at once to p.Max, then after each
// collection. It is meant for a process's main, which no longer sets
// GOGC itself; Stop ends it.
func Start(p Policy) *Pacer {
	pc := &Pacer{policy: p, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetGCPercent(p.Max)
	pc.arm()
	return pc
}

// Stop stops pacing: GOGC stays as the last collection set it.
func (pc *Pacer) Stop() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.stopped = true
}

// arm asks to be told of the next collection: the runtime runs an
// object's cleanup after the collection that finds it unreachable, and
// this one is unreachable at once.
func (pc *Pacer) arm() {
	runtime.AddCleanup(new(collected), func(pc *Pacer) {
		pc.mu.Lock()
		defer pc.mu.Unlock()
		if pc.stopped {
			return
		}
		pc.collected()
		pc.arm()
	}, pc)
}

// collected is an object whose cleanup marks a collection. It is 16
// bytes: the runtime gives every zero-sized object one address, and packs
// smaller objects without pointers together, to be freed (and cleaned up)
// only when all of them are unreachable.
type collected struct{ _ [16]byte }

// collected sets GOGC from the live data the last collection found.
func (pc *Pacer) collected() {
	metrics.Read(pc.sample)
	if pc.sample[0].Value.Kind() != metrics.KindUint64 {
		return // not reported by this runtime: leave GOGC as it is
	}
	debug.SetGCPercent(pc.policy.Percent(pc.sample[0].Value.Uint64()))
}
