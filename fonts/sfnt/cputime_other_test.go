//go:build !unix

package sfnt

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
