// Package gcpace paces Go's garbage collector for a build: the heap may
// grow to a fixed size before a collection, rather than by a fixed
// proportion of its live data, and never by less than a floor of it.
//
// With GOGC alone the heap grows to (1+GOGC/100) times the live data
// before a collection, so a book four times as large peaks at about four
// times the memory. A build is short and most of what it allocates dies
// young: a generous GOGC saves collections while the live data is small,
// and a soft memory limit (debug.SetMemoryLimit), which the runtime
// enforces as it allocates, bounds the memory once it is large. The limit
// is raised after each collection to keep some garbage allowed over the
// live data (Floor): a very large book is not collected ever more often
// for ever less garbage, its memory grows with its live data, at Floor's
// proportion, up to Ceiling.
//
// GOGC alone, set again after each collection from the live data it found,
// was tried first: the setting comes after the collection, once the
// runtime runs the code that makes it, and a build that allocates a
// gigabyte a second had grown past the mark by then.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Policy is the memory limit a build's collections aim to keep within.
type Policy struct {
	// Limit is the memory limit (see debug.SetMemoryLimit: the Go
	// runtime's memory, not the program's code) while the live data is
	// small.
	Limit uint64
	// Floor is the garbage always allowed over the live data, in percent
	// of it: the limit is raised to keep it.
	Floor int
	// Ceiling is the highest limit: past it, collections run as often
	// as the runtime allows (it gives them at most half the CPU).
	Ceiling uint64
}

// slack is what the runtime's memory holds beside the heap's objects
// (stacks, the collector's own data, free spans): the limit that allows
// Floor's garbage is this much higher.
const slack = 16 << 20

// LimitFor is the memory limit for live bytes of live data: Limit, raised
// to allow Floor percent of garbage, at most Ceiling.
func (p Policy) LimitFor(live uint64) uint64 {
	if live >= p.Ceiling {
		return p.Ceiling
	}
	l := live + live/100*uint64(p.Floor) + slack
	return min(max(l, p.Limit), p.Ceiling)
}

// Pacer sets the memory limit by a policy after every collection, from the
// live data that collection found.
type Pacer struct {
	policy Policy
	// mu makes Stop wait for a collection's pacing under way: none
	// sets the limit after Stop returns.
	mu      sync.Mutex
	stopped bool
	sample  []metrics.Sample
}

// Start sets the memory limit by p from now on: at once to p.Limit, then
// after each collection. It is meant for a process's main; Stop ends it.
func Start(p Policy) *Pacer {
	pc := &Pacer{policy: p, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetMemoryLimit(int64(p.Limit))
	pc.arm()
	return pc
}

// Stop stops pacing: the limit stays as the last collection set it.
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

// collected sets the limit from the live data the last collection found.
func (pc *Pacer) collected() {
	metrics.Read(pc.sample)
	if pc.sample[0].Value.Kind() != metrics.KindUint64 {
		return // not reported by this runtime: leave the limit as it is
	}
	debug.SetMemoryLimit(int64(pc.policy.LimitFor(pc.sample[0].Value.Uint64())))
}
