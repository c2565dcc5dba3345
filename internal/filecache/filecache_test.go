package filecache

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("picture"), 100_000)} {
		k := NewKey([]byte("test-1"), data)
		if _, ok := c.Get(k); ok {
			t.Fatalf("%d bytes: a hit before Put", len(data))
		}
		if err := c.Put(k, data); err != nil {
			t.Fatal(err)
		}
		got, ok := c.Get(k)
		if !ok || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: Get after Put = %d bytes, %v", len(data), len(got), ok)
		}
	}
}

// TestKeysDiffer: parts are length-prefixed, so moving a byte from one
// part to the next makes another key.
func TestKeysDiffer(t *testing.T) {
	keys := map[Key]string{}
	for _, parts := range [][][]byte{
		{[]byte("ab"), []byte("c")},
		{[]byte("a"), []byte("bc")},
		{[]byte("abc")},
		{[]byte("abc"), nil},
	} {
		k := NewKey(parts...)
		if prev, ok := keys[k]; ok {
			t.Errorf("%q and %s have the same key", parts, prev)
		}
		keys[k] = string(bytes.Join(parts, []byte("|")))
	}
}

// TestDamagedEntryMisses: an entry cut short, altered or not an entry at
// all is a miss, never content.
func TestDamagedEntryMisses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"cut short", func(b []byte) []byte { return b[:len(b)-1] }},
		{"a byte changed", func(b []byte) []byte { b[len(b)-10] ^= 1; return b }},
		{"longer", func(b []byte) []byte { return append(b, 0) }},
		{"another format", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			k := NewKey([]byte("test-1"))
			if err := c.Put(k, bytes.Repeat([]byte{7}, 1000)); err != nil {
				t.Fatal(err)
			}
			p := c.path(k)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tc.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, ok := c.Get(k); ok {
				t.Errorf("a damaged entry read as %d bytes", len(got))
			}
		})
	}
}

func TestNilCacheKeepsNothing(t *testing.T) {
	var c *Cache
	k := NewKey([]byte("x"))
	if err := c.Put(k, []byte("y")); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); ok {
		t.Error("a nil cache had an entry")
	}
	if err := c.Trim(); err != nil {
		t.Error(err)
	}
}

// TestConcurrentPut: builds writing the same entry at once leave a whole
// entry and no temporary file.
func TestConcurrentPut(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789"), 50_000)
	k := NewKey(data)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := c.Put(k, data); err != nil {
				t.Error(err)
			}
			if got, ok := c.Get(k); ok && !bytes.Equal(got, data) {
				t.Error("read another content")
			}
		})
	}
	wg.Wait()
	if got, ok := c.Get(k); !ok || !bytes.Equal(got, data) {
		t.Fatal("no whole entry after concurrent writes")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	if len(files) > 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

func TestTrim(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	put := func(name string, age time.Duration) (Key, string) {
		k := NewKey([]byte(name))
		if err := c.Put(k, []byte(name)); err != nil {
			t.Fatal(err)
		}
		p := c.path(k)
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return k, p
	}
	_, old := put("old", Unused+time.Hour)
	recentKey, recent := put("recent", Unused-time.Hour)
	// Read yesterday-ish: Get marks it used now, so it survives.
	usedKey, used := put("used", Unused+time.Hour)
	tmp := filepath.Join(dir, "00", ".tmp-123")
	if err := os.MkdirAll(filepath.Dir(tmp), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, now.Add(-2*time.Hour), now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(usedKey); !ok {
		t.Fatal("no entry")
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if exists(old) || exists(tmp) {
		t.Error("an entry unused for longer than Unused, or a stale temporary file, was kept")
	}
	if !exists(recent) || !exists(used) {
		t.Error("an entry used within Unused was removed")
	}
	if _, ok := c.Get(recentKey); !ok {
		t.Error("a kept entry no longer reads")
	}

	// Within a day of the last trim, Trim does nothing.
	_, old2 := put("old2", Unused+time.Hour)
	now = now.Add(23 * time.Hour)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if !exists(old2) {
		t.Error("trimmed again within a day")
	}
	now = now.Add(2 * time.Hour)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if exists(old2) {
		t.Error("not trimmed after a day")
	}
}

func TestDefault(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // "" for no cache
	}{
		{"off", map[string]string{"EBOOK_CACHE": "off"}, ""},
		{"EBOOK_CACHE", map[string]string{"EBOOK_CACHE": filepath.Join(dir, "a")}, filepath.Join(dir, "a")},
		{"XDG_CACHE_HOME", map[string]string{"XDG_CACHE_HOME": filepath.Join(dir, "xdg")}, filepath.Join(dir, "xdg", "ebook")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Default(func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == "" && c != nil:
				t.Errorf("a cache in %s", c.Dir())
			case tc.want != "" && (c == nil || c.Dir() != tc.want):
				t.Errorf("cache %v, want one in %s", c, tc.want)
			}
		})
	}
}

// TestTrimOnlyEntries: $EBOOK_CACHE may name a folder holding other
// files; Trim, by age or by size, removes only the cache's own.
func TestTrimOnlyEntries(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenMax(dir, 10) // any entry is over the cap
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	k := NewKey([]byte("entry"))
	if err := c.Put(k, []byte("an entry of the cache")); err != nil {
		t.Fatal(err)
	}
	h := hex.EncodeToString(k[:])
	others := []string{
		"notes.doc",                  // beside the entries
		filepath.Join("ab", "x.txt"), // in a folder shaped like an entry's
		filepath.Join(h[:2], "readme"),
		filepath.Join("photos", h), // an entry's name in another folder
		filepath.Join(h[:2], strings.ToUpper(h)),
	}
	for _, rel := range others {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(strings.Repeat("x", 100)), 0o644); err != nil {
			t.Fatal(err)
		}
		old := now.Add(-2 * Unused)
		os.Chtimes(p, old, old)
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	for _, rel := range others {
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			t.Errorf("%s, not the cache's, was removed", rel)
		}
	}
	if _, err := os.Stat(c.path(k)); err == nil {
		t.Error("the entry over the cap was kept")
	}
}
