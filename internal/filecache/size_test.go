package filecache

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTrimSize: over the cap, Trim removes the least recently used entries
// until they are under nine tenths of it, every time (not once a day),
// after the entries unused for Unused are gone; temporary files are no
// entries.
func TestTrimSize(t *testing.T) {
	const entry = 300 + int64(headerSize) // the file of a 300-byte entry
	type put struct {
		name string
		age  time.Duration
		read bool // read (Get) just before the trim
	}
	abc := []put{{"a", 1 * time.Hour, false}, {"b", 2 * time.Hour, false}, {"c", 3 * time.Hour, false}}
	tests := []struct {
		name    string
		max     int64
		puts    []put
		tmp     int64 // a fresh temporary file of this size
		trimmed bool  // trimmed by age within the day
		want    []string
	}{
		{"under the cap", 10 * entry, abc, 0, false, []string{"a", "b", "c"}},
		{"at the cap", 3 * entry, abc, 0, false, []string{"a", "b", "c"}},
		{"one over, least recently used first", 3*entry - 1, abc, 0, false, []string{"a", "b"}},
		{"under nine tenths after one", 2*entry + entry/2, abc, 0, false, []string{"a", "b"}},
		{"down to nine tenths", 2*entry + entry/10, abc, 0, false, []string{"a"}},
		{"all over", 1, abc, 0, false, nil},
		{"a read entry is used", 3*entry - 1,
			[]put{{"a", 1 * time.Hour, false}, {"b", 2 * time.Hour, false}, {"c", 3 * time.Hour, true}}, 0, false, []string{"a", "c"}},
		{"a temporary file is no entry", 3 * entry, abc, 10 * entry, false, []string{"a", "b", "c"}},
		{"unused entries go first", 3*entry - 1,
			[]put{{"a", 1 * time.Hour, false}, {"b", 2 * time.Hour, false}, {"old", Unused + time.Hour, false}}, 0, false, []string{"a", "b"}},
		{"trimmed by age today, still capped", 3*entry - 1, abc, 0, true, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			c, err := OpenMax(dir, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
			c.now = func() time.Time { return now }
			for _, p := range tt.puts {
				k := NewKey([]byte(p.name))
				if err := c.Put(k, bytes.Repeat([]byte(p.name[:1]), 300)); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(c.path(k), now.Add(-p.age), now.Add(-p.age)); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range tt.puts {
				if p.read {
					if _, ok := c.Get(NewKey([]byte(p.name))); !ok {
						t.Fatalf("no entry %s", p.name)
					}
				}
			}
			if tt.tmp > 0 {
				tmp := filepath.Join(dir, ".tmp-1")
				if err := os.WriteFile(tmp, make([]byte, tt.tmp), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(tmp, now, now); err != nil {
					t.Fatal(err)
				}
			}
			if tt.trimmed {
				stamp := strconv.FormatInt(now.Add(-time.Hour).Unix(), 10) + "\n"
				if err := os.WriteFile(filepath.Join(dir, trimFile), []byte(stamp), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Trim(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range tt.puts {
				if _, ok := c.Get(NewKey([]byte(p.name))); ok {
					got = append(got, p.name)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("kept %q, want %q", got, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, ".tmp-1")); tt.tmp > 0 && err != nil {
				t.Errorf("a fresh temporary file was removed: %v", err)
			}
		})
	}
}

// TestTrimSizeConcurrent: builds sharing a cache trim it while others read
// and write it: no error, and a read gets the whole entry or a miss.
func TestTrimSizeConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n, size = 64, 1000
	data := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, size) }
	var wg sync.WaitGroup
	for w := range 4 {
		c, err := OpenMax(dir, 10*size) // room for some of the entries
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for i := range n {
				k := NewKey([]byte{byte(i)})
				if got, ok := c.Get(k); ok && !bytes.Equal(got, data(i)) {
					t.Errorf("entry %d: another content", i)
				}
				if err := c.Put(k, data(i)); err != nil {
					t.Error(err)
				}
				if (i+w)%8 == 0 {
					if err := c.Trim(); err != nil {
						t.Errorf("Trim: %v", err)
					}
				}
			}
		})
	}
	wg.Wait()
	c, _ := OpenMax(dir, 10*size)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	var total int64
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != trimFile {
			info, _ := d.Info()
			total += info.Size()
		}
		return nil
	})
	if total > 10*size {
		t.Errorf("%d bytes left, over the cap", total)
	}
}

func TestMaxSize(t *testing.T) {
	tests := []struct {
		env     string
		want    int64
		wantErr string // "" for none
	}{
		{"", DefaultMaxSize, ""},
		{"500MB", 500_000_000, ""},
		{"2GiB", 2 << 30, ""},
		{"1.5 gib", 3 << 29, ""},
		{"64kB", 64_000, ""},
		{"100KiB", 100 << 10, ""},
		{"4096", 4096, ""},
		{"4096B", 4096, ""},
		{"1TB", 1e12, ""},
		{"lots", DefaultMaxSize, "not a size"},
		{"5 parsecs", DefaultMaxSize, "not a size"},
		{"5XB", DefaultMaxSize, "not a size"},
		{"5 kibibytes", DefaultMaxSize, "not a size"},
		{"5ib", DefaultMaxSize, "unknown unit"},
		{"MB", DefaultMaxSize, "not a size"},
		{"-1GB", DefaultMaxSize, "between"},
		{"0", DefaultMaxSize, "between"},
		{"NaN", DefaultMaxSize, "not a size"},
		{"inf", DefaultMaxSize, "between"},
		{"1e30", DefaultMaxSize, "between"},
	}
	for _, tt := range tests {
		got, err := MaxSize(func(k string) string {
			if k == "EBOOK_CACHE_SIZE" {
				return tt.env
			}
			return ""
		})
		if got != tt.want || (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("EBOOK_CACHE_SIZE=%q: %d, %v; want %d, %q", tt.env, got, err, tt.want, tt.wantErr)
		}
	}
	dir := t.TempDir()
	c, err := Default(func(k string) string {
		return map[string]string{"EBOOK_CACHE": dir, "EBOOK_CACHE_SIZE": "2MiB"}[k]
	})
	if err != nil || c.max != 2<<20 {
		t.Errorf("Default with EBOOK_CACHE_SIZE=2MiB: %v, %v", c, err)
	}
}
