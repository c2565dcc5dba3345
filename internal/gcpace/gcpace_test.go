package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	p := Policy{Limit: 160 * mib, Floor: 50, Ceiling: 768 * mib}
	for _, tc := range []struct {
		live, want uint64
	}{
		{0, 160 * mib},                  // nothing known yet
		{36 * mib, 160 * mib},           // gopl-zh: the limit as set
		{96 * mib, 160 * mib},           // where the floor takes over: 96+48+16
		{100 * mib, 166 * mib},          // half the live data over it, and the slack
		{400 * mib, 616 * mib},          // a very large book
		{600 * mib, 768 * mib},          // the ceiling
		{math.MaxUint64 / 2, 768 * mib}, // no overflow
	} {
		if got := p.LimitFor(tc.live); got != tc.want {
			t.Errorf("LimitFor(%d MiB) = %d MiB, want %d MiB", tc.live/mib, got/mib, tc.want/mib)
		}
	}
}

// TestPacer checks that a collection sets the memory limit from the live
// data it found: about 16 MiB live, half of it again and the slack.
func TestPacer(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	live := make([][]byte, 16)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	pc := Start(Policy{Limit: 1 << 20, Floor: 50, Ceiling: 1 << 30})
	defer pc.Stop()
	if got := debug.SetMemoryLimit(-1); got != 1<<20 {
		t.Fatalf("limit after Start = %d, want Limit (1 MiB)", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		got := debug.SetMemoryLimit(-1) >> 20
		if got >= 16+8+16 && got <= 48 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("limit = %d MiB after collections with 16 MiB live, want about 40", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)

	// Stopped, it leaves the limit alone.
	pc.Stop()
	debug.SetMemoryLimit(300 << 20)
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Errorf("limit = %d MiB after Stop, want 300 as set", got>>20)
	}
}
