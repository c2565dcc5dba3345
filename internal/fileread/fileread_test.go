package fileread

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	const limit = 100
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte{'x'}, size), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A sparse file claims a size it does not hold: it must be refused
	// by its size, before a read.
	sparse := filepath.Join(dir, "sparse")
	if f, err := os.Create(sparse); err != nil {
		t.Fatal(err)
	} else if err = f.Truncate(1 << 40); err != nil {
		t.Fatal(err)
	} else if err = f.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		size    int    // of the data, when there is no error
		wantErr bool   // any error
		notReg  bool   // ErrNotRegular
		large   int64  // a *TooLargeError of this Size (-1: none)
		notExst bool   // fs.ErrNotExist
		msg     string // the error's innermost message, when one
	}{
		{name: "empty", path: write("empty", 0), large: -1},
		{name: "small", path: write("small", 10), size: 10, large: -1},
		{name: "exactly the limit", path: write("limit", limit), size: limit, large: -1},
		{name: "one byte over", path: write("over", limit+1), wantErr: true, large: limit + 1,
			msg: "it is 101 bytes, more than the limit of 100"},
		{name: "sparse", path: sparse, wantErr: true, large: 1 << 40,
			msg: "it is 1099511627776 bytes, more than the limit of 100"},
		{name: "directory", path: dir, wantErr: true, notReg: true, large: -1, msg: "not a regular file"},
		{name: "missing", path: filepath.Join(dir, "none"), wantErr: true, notExst: true, large: -1},
		{name: "under a file", path: filepath.Join(dir, "small", "x"), wantErr: true, large: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Read(tt.path, limit)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if len(data) != tt.size || cap(data) != tt.size+1 {
					t.Errorf("Read: %d bytes, capacity %d; want %d, %d (one buffer of the file's size)", len(data), cap(data), tt.size, tt.size+1)
				}
				return
			}
			if err == nil {
				t.Fatalf("Read: %d bytes, no error", len(data))
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != tt.path {
				t.Errorf("Read: %v, not a *fs.PathError of %s", err, tt.path)
			}
			if got := errors.Is(err, ErrNotRegular); got != tt.notReg {
				t.Errorf("Read: %v; errors.Is(ErrNotRegular) = %v", err, got)
			}
			if got := errors.Is(err, fs.ErrNotExist); got != tt.notExst {
				t.Errorf("Read: %v; errors.Is(fs.ErrNotExist) = %v", err, got)
			}
			var large *TooLargeError
			switch {
			case errors.As(err, &large) != (tt.large >= 0):
				t.Errorf("Read: %v; want a *TooLargeError: %v", err, tt.large >= 0)
			case large != nil && (large.Size != tt.large || large.Limit != limit || large.Grew):
				t.Errorf("Read: %+v; want Size %d, Limit %d", *large, tt.large, limit)
			}
			if tt.msg != "" && pe != nil && pe.Err.Error() != tt.msg {
				t.Errorf("Read: %q; want %q", pe.Err, tt.msg)
			}
		})
	}
}

func TestTooLargeErrorMessages(t *testing.T) {
	for _, tt := range []struct {
		err  TooLargeError
		want string
	}{
		{TooLargeError{Size: 2048, Limit: 1024}, "it is 2048 bytes, more than the limit of 1024"},
		{TooLargeError{Limit: 1024, Grew: true}, "it is more than the limit of 1024 bytes"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%+v: %q; want %q", tt.err, got, tt.want)
		}
	}
}
