package doc

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLetGo: a picture let go is read again (Bytes) or copied (WriteTo) as
// it was, and a file that changed or went since is an error, never other
// content: a named pipe in its place is refused rather than waited on, a
// much larger file is not read whole.
func TestLetGo(t *testing.T) {
	readers := []struct {
		name string
		read func(a *Asset) ([]byte, error)
	}{
		{"Bytes", (*Asset).Bytes},
		{"WriteTo", func(a *Asset) ([]byte, error) {
			var b bytes.Buffer
			_, err := a.WriteTo(&b)
			return b.Bytes(), err
		}},
	}
	for _, rd := range readers {
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
			t.Run(rd.name+"/"+tc.name, func(t *testing.T) {
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
					data, err := rd.read(a)
					runtime.ReadMemStats(&after)
					done <- result{data, err, after.TotalAlloc - before.TotalAlloc}
				}()
				var r result
				select {
				case r = <-done:
				case <-time.After(10 * time.Second):
					t.Fatalf("%s still waits after 10 s", rd.name)
				}
				if r.alloc > 1<<20 {
					t.Errorf("%s allocated %d bytes for a picture of 5", rd.name, r.alloc)
				}
				got, err := r.data, r.err
				switch {
				case tc.want == "" && (err != nil || string(got) != "PNG-a"):
					t.Errorf("%s: %q, %v; want the content as it was", rd.name, got, err)
				case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `"img/a.png"`)):
					t.Errorf("%s: %q, %v; want an error naming the image with %q", rd.name, got, err, tc.want)
				}
			})
		}
	}
	held := &Asset{Path: "d.svg", Data: []byte("<svg/>")}
	for _, rd := range readers {
		if got, err := rd.read(held); err != nil || string(got) != "<svg/>" {
			t.Errorf("held asset: %s: %q, %v", rd.name, got, err)
		}
	}
}
