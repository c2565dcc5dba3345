package doc

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLetGo: a picture let go is read again as it was, and a file that
// changed or went since is an error, never other content: a named pipe in
// its place is refused rather than waited on, a much larger file is not
// read whole.
func TestLetGo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(path string) error
		want   string // in the error; "" for the content as it was
	}{
		{"unchanged", func(string) error { return nil }, ""},
		{"same size, other bytes", func(p string) error { return os.WriteFile(p, []byte("PNG-b"), 0o644) }, "changed while the book was built"},
		{"longer", func(p string) error { return os.WriteFile(p, []byte("PNG-a and more"), 0o644) }, "changed while the book was built"},
		{"removed", os.Remove, "no such file"},
		{"named pipe", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return mkfifo(p)
		}, "changed while the book was built"},
		{"much larger", func(p string) error {
			// Sparse: its size costs no disk, only the reading of it.
			return os.Truncate(p, 64<<20)
		}, "changed while the book was built"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "a.png")
			if err := os.WriteFile(p, []byte("PNG-a"), 0o644); err != nil {
				t.Fatal(err)
			}
			a := &Asset{Path: "img/a.png", MediaType: "image/png", Data: []byte("PNG-a")}
			a.LetGo(p)
			if a.Data != nil {
				t.Fatal("LetGo kept the data")
			}
			if err := tc.change(p); errors.Is(err, errors.ErrUnsupported) {
				t.Skip(err)
			} else if err != nil {
				t.Fatal(err)
			}
			type result struct {
				data  []byte
				err   error
				alloc uint64
			}
			done := make(chan result, 1)
			go func() {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				data, err := a.Bytes()
				runtime.ReadMemStats(&after)
				done <- result{data, err, after.TotalAlloc - before.TotalAlloc}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Bytes() still waits after 10 s")
			}
			if r.alloc > 1<<20 {
				t.Errorf("Bytes() allocated %d bytes for a picture of 5", r.alloc)
			}
			got, err := r.data, r.err
			switch {
			case tc.want == "" && (err != nil || string(got) != "PNG-a"):
				t.Errorf("Bytes() = %q, %v; want the content as it was", got, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `"img/a.png"`)):
				t.Errorf("Bytes() = %q, %v; want an error naming the image with %q", got, err, tc.want)
			}
		})
	}
	held := &Asset{Path: "d.svg", Data: []byte("<svg/>")}
	if got, err := held.Bytes(); err != nil || string(got) != "<svg/>" {
		t.Errorf("held asset: Bytes() = %q, %v", got, err)
	}
}
