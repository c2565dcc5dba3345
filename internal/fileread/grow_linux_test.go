package fileread

import (
	"errors"
	"os"
	"testing"
)

// TestReadGrown: a file holding more than its size said when it was opened
// is read up to the limit and one byte, no further. Linux's /proc files
// are regular files whose size is 0 and whose content is made when read:
// as a file that grew after its Stat.
func TestReadGrown(t *testing.T) {
	const p = "/proc/self/status" // some hundreds of bytes
	info, err := os.Stat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != 0 {
		t.Skipf("%s is not a regular file of size 0: %v", p, err)
	}
	data, err := Read(p, 1<<20)
	if err != nil || len(data) < 100 {
		t.Fatalf("Read(%s, 1 MiB): %d bytes, %v; want all of it", p, len(data), err)
	}
	for _, limit := range []int64{0, 10, int64(len(data)) / 2} {
		var large *TooLargeError
		if _, err := Read(p, limit); !errors.As(err, &large) || !large.Grew || large.Limit != limit {
			t.Errorf("Read(%s, %d): %v; want a *TooLargeError that grew", p, limit, err)
		}
	}
}
