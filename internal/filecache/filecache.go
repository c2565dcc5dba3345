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
// Entries not used for Unused are removed, at most once a day.
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
	"strconv"
	"strings"
	"time"
)

// Unused is how long an entry is kept without being used.
const Unused = 5 * 24 * time.Hour

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
	now func() time.Time
}

// Open returns the cache in dir, made if missing.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("the cache folder: %w", err)
	}
	c := &Cache{dir: dir, now: time.Now}
	return c, nil
}

// Dir returns the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// Default returns the user's cache: the folder $EBOOK_CACHE names, or
// ebook in the user's cache folder (os.UserCacheDir: ~/.cache on Linux).
// EBOOK_CACHE=off turns it off: Default returns nil, and no error. So
// does a system without a cache folder (no $HOME): a build without a
// cache is slower, not wrong.
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
	return Open(dir)
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

// trimFile records when the cache was last trimmed.
const trimFile = "trim.txt"

// Trim removes the entries not used for Unused, and temporary files left
// by a build that was killed while writing, unless the cache was trimmed
// within the last day. It returns the first error met, having removed
// what it could.
func (c *Cache) Trim() error {
	if c == nil {
		return nil
	}
	now := c.now()
	stamp := filepath.Join(c.dir, trimFile)
	if b, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && now.Sub(time.Unix(t, 0)) < 24*time.Hour {
			return nil
		}
	}
	var first error
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if first == nil {
				first = err
			}
			return nil
		}
		if d.IsDir() || p == stamp {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		// A temporary file is some minutes old at most while it is
		// written.
		old := now.Sub(info.ModTime())
		if old > Unused || strings.HasPrefix(d.Name(), ".tmp-") && old > time.Hour {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
				first = err
			}
		}
		return nil
	})
	if first == nil {
		first = err
	}
	if werr := os.WriteFile(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"), 0o644); first == nil {
		first = werr
	}
	return first
}
