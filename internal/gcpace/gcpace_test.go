package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	p := Policy{Headroom: 64 << 20, Min: 50, Max: 200}
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 200},        // nothing known yet
		{1 << 20, 200},  // small: twice the live data
		{32 << 20, 200}, // where the headroom takes over
		{64 << 20, 100}, // 64 MiB of garbage
		{100 << 20, 64}, // still 64 MiB
		{128 << 20, 50}, // where Min takes over
		{1 << 30, 50},   // large: half the live data
		{1 << 40, 50},   // and no overflow
		{(64 << 20) / 3, 200},
	} {
		if got := p.Percent(tc.live); got != tc.want {
			t.Errorf("Percent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

// TestPacer checks that a collection sets GOGC from the live data it
// found: 1 MiB of headroom over about 16 MiB of live data is about 6%.
func TestPacer(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	live := make([][]byte, 16)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	pc := Start(Policy{Headroom: 1 << 20, Min: 1, Max: 200})
	defer pc.Stop()
	if got := gogc(); got != 200 {
		t.Fatalf("GOGC after Start = %d, want Max (200)", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		got := gogc()
		if got >= 4 && got <= 7 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GOGC = %d after collections with 16 MiB live, want about 6", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)

	// Stopped, it leaves GOGC alone.
	pc.Stop()
	debug.SetGCPercent(150)
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := gogc(); got != 150 {
		t.Errorf("GOGC = %d after Stop, want 150 as set", got)
	}
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}
