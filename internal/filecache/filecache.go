// Package filecache keeps on disk the results of slow computations that
// depend only on their input, so that a build does each once per input
// rather than once per build: the PDF's pictures, inflated, split into
// colour and alpha, or scaled down (see pipeline/picture), which are most
// of the time of a picture-heavy book.
//
// It is the Go build cache's design, small: an entry is a file named by a
// SHA-256 key of everything its content depends on, written to a temporary
// file and renamed into place (so that concurrent builds never see half
// an entry), and checked when read (its length and a CRC-32C of its
// content), so that a damaged entry is a miss, never a wrong result.
// Entries not used for Unused are removed, at most once a day; when the
// entries together exceed the cache's size cap (DefaultMaxSize, or
// $EBOOK_CACHE_SIZE), the least recently used go first, until they are
// under nine tenths of it.
package filecache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unused is how long an entry is kept without being used.
const Unused = 5 * 24 * time.Hour

// DefaultMaxSize is the size the entries may reach when $EBOOK_CACHE_SIZE
// does not say.
const DefaultMaxSize int64 = 1 << 30

// Key names an entry: the SHA-256 of what its content depends on.
type Key [sha256.Size]byte

// NewKey returns the key of parts: a kind of entry with its version
// (say "picture-split-1"), then the input and any parameters. Each part is
// length-prefixed, so that no two lists of parts share a key.
func NewKey(parts ...[]byte) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Cache is a folder of entries. A nil *Cache is a cache that keeps
// nothing: Get always misses and Put does nothing.
type Cache struct {
	dir string
	max int64 // the size cap of the entries together
	now func() time.Time
}

// Open returns the cache in dir, made if missing, with the size cap
// DefaultMaxSize.
func Open(dir string) (*Cache, error) { return OpenMax(dir, DefaultMaxSize) }

// OpenMax returns the cache in dir, made if missing, whose entries Trim
// keeps under maxSize bytes.
func OpenMax(dir string, maxSize int64) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("the cache folder: %w", err)
	}
	c := &Cache{dir: dir, max: maxSize, now: time.Now}
	return c, nil
}

// Dir returns the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// Default returns the user's cache: the folder $EBOOK_CACHE names, or
// ebook in the user's cache folder (os.UserCacheDir: ~/.cache on Linux).
// EBOOK_CACHE=off turns it off: Default returns nil, and no error. So
// does a system without a cache folder (no $HOME): a build without a
// cache is slower, not wrong. Its size cap is MaxSize's.
func Default(getenv func(string) string) (*Cache, error) {
	dir := getenv("EBOOK_CACHE")
	switch {
	case dir == "off":
		return nil, nil
	case dir == "":
		base, err := userCacheDir(getenv)
		if err != nil {
			return nil, nil
		}
		dir = filepath.Join(base, "ebook")
	}
	maxSize, _ := MaxSize(getenv) // the command warns about a bad value
	return OpenMax(dir, maxSize)
}

// MaxSize returns the cache's size cap: $EBOOK_CACHE_SIZE ("500MB",
// "2GiB", a number of bytes), or DefaultMaxSize when it is unset. A value
// that is not a size gives DefaultMaxSize and an error saying so, for a
// warning: the cache still works.
func MaxSize(getenv func(string) string) (int64, error) {
	v := getenv("EBOOK_CACHE_SIZE")
	if v == "" {
		return DefaultMaxSize, nil
	}
	n, err := ParseSize(v)
	if err != nil {
		return DefaultMaxSize, fmt.Errorf("EBOOK_CACHE_SIZE=%q: %w; using 1GiB", v, err)
	}
	return n, nil
}

// ParseSize reads a size: a positive number, a fraction allowed, and a
// unit: B (or none), kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB
// (powers of 1024), in any case.
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimRight(s, "KkMmGgTtIiBb ")
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	mult := map[string]float64{"": 1, "b": 1,
		"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	switch {
	case mult == 0:
		return 0, fmt.Errorf("unknown unit %q (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)", s[len(num):])
	case err != nil || f != f:
		return 0, errors.New("not a size (500MB, 2GiB)")
	case f*mult < 1 || f*mult > 1<<62:
		return 0, errors.New("not a size between 1 byte and 4 EiB")
	}
	return int64(f * mult), nil
}

// userCacheDir is os.UserCacheDir with getenv for the environment.
func userCacheDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	return os.UserCacheDir()
}

// entry layout: magic, content length (8 bytes), CRC-32C of the content
// (4 bytes), content.
const magic = "ebookcache1\n"

const headerSize = len(magic) + 8 + 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (c *Cache) path(k Key) string {
	h := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, h[:2], h)
}

// Get returns the content of entry k, and whether there is one whole.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	p := c.path(k)
	b, err := os.ReadFile(p)
	if err != nil || len(b) < headerSize || string(b[:len(magic)]) != magic {
		return nil, false
	}
	n := binary.BigEndian.Uint64(b[len(magic):])
	sum := binary.BigEndian.Uint32(b[len(magic)+8:])
	data := b[headerSize:]
	if n != uint64(len(data)) || crc32.Checksum(data, castagnoli) != sum {
		return nil, false
	}
	c.used(p)
	return data, true
}

// used marks the entry at p used now: its modification time, which Trim
// reads. An entry used within the hour is left alone, which saves a
// system call on every hit while rebuilding.
func (c *Cache) used(p string) {
	now := c.now()
	if info, err := os.Stat(p); err == nil && now.Sub(info.ModTime()) > time.Hour {
		os.Chtimes(p, now, now)
	}
}

// Put stores data as entry k. A failure to write is returned, for the
// caller to ignore: the result it has is right, only not kept.
func (c *Cache) Put(k Key, data []byte) error {
	if c == nil {
		return nil
	}
	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	var head [headerSize]byte
	copy(head[:], magic)
	binary.BigEndian.PutUint64(head[len(magic):], uint64(len(data)))
	binary.BigEndian.PutUint32(head[len(magic)+8:], crc32.Checksum(data, castagnoli))
	_, err = f.Write(head[:])
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// owns reports whether p, a file under the cache's folder, is one the
// cache writes: an entry (path) or a temporary one in an entry's folder.
// Trim removes nothing else: $EBOOK_CACHE may name a folder that holds
// other files too.
func (c *Cache) owns(p string) bool {
	rel, err := filepath.Rel(c.dir, p)
	if err != nil {
		return false
	}
	dir, name := filepath.Split(rel)
	dir = filepath.Clean(dir)
	if len(dir) != 2 || !isHex(dir) {
		return false
	}
	if strings.HasPrefix(name, ".tmp-") {
		return true
	}
	return len(name) == 2*len(Key{}) && isHex(name) && name[:2] == dir
}

// isHex reports whether s is lower-case hexadecimal, as path writes keys.
func isHex(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// trimFile records when the cache was last trimmed.
const trimFile = "trim.txt"

// Trim removes the entries not used for Unused, and temporary files left
// by a build that was killed while writing, unless the cache was trimmed
// within the last day; then, when the entries left exceed the size cap,
// the least recently used ones until they are under nine tenths of it
// (so that the next builds do not trim again at once). It returns the
// first error met, having removed what it could.
//
// Builds sharing the cache may trim it at once, or read an entry Trim
// removes: an entry removed is a miss for the reader, and a file already
// gone is no error.
func (c *Cache) Trim() error {
	if c == nil {
		return nil
	}
	now := c.now()
	stamp := filepath.Join(c.dir, trimFile)
	byAge := true
	if b, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && now.Sub(time.Unix(t, 0)) < 24*time.Hour {
			byAge = false
		}
	}
	var first error
	note := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	remove := func(p string) bool {
		err := os.Remove(p)
		if errors.Is(err, fs.ErrNotExist) {
			err = nil // another build's trim was first
		}
		note(err)
		return err == nil
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var entries []entry
	var total int64
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			note(err)
			return nil
		}
		if d.IsDir() || !c.owns(p) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		// A temporary file is some minutes old at most while it is
		// written.
		tmp := strings.HasPrefix(d.Name(), ".tmp-")
		old := now.Sub(info.ModTime())
		if byAge && (old > Unused || tmp && old > time.Hour) && remove(p) {
			return nil
		}
		if !tmp { // one being written is no entry yet
			entries = append(entries, entry{p, info.Size(), info.ModTime()})
			total += info.Size()
		}
		return nil
	})
	note(err)
	if total > c.max {
		// Used least recently first; the path breaks ties, so that
		// builds trimming at once remove the same entries.
		slices.SortFunc(entries, func(a, b entry) int {
			if n := a.used.Compare(b.used); n != 0 {
				return n
			}
			return strings.Compare(a.path, b.path)
		})
		for _, e := range entries {
			if total <= c.max-c.max/10 {
				break
			}
			if remove(e.path) {
				total -= e.size
			}
		}
	}
	if byAge {
		note(os.WriteFile(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"), 0o644))
	}
	return first
}
