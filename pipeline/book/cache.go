package book

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"sync"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/markdown"
)

// Cache keeps what loading a book costs most, parsed chapters and decoded
// images, between loads of the same book: ebook watch rebuilds after every
// save, and a file whose content has not changed is not parsed or decoded
// again. Entries are keyed by the file's path and a hash of its content,
// so a changed file is always read afresh; a loaded book is the same with
// or without a cache. Entries a load did not use are dropped at its end.
// A Cache is safe for concurrent use; give each book its own.
type Cache struct {
	mu       sync.Mutex
	gen      int
	chapters map[cacheKey]*cachedChapter
	images   map[cacheKey]*cachedImage
	stats    CacheStats
	// highlighter keeps its look-ups of languages from load to load.
	highlighter *highlight.Highlighter
}

// CacheStats count how a load used the cache.
type CacheStats struct {
	Parsed, Reused   int // chapters
	Decoded, Kept    int // images
	ChaptersInCache  int
	ImagesInCache    int
	LoadsSinceCreate int
}

type cacheKey struct {
	path string // as shown in messages, which cached diagnostics carry
	sum  [sha256.Size]byte
	// real is, for an image, the file its asset reads again
	// (doc.Asset.File): the same bytes elsewhere, after the book's folder
	// moved or a symbolic link was pointed at another copy, are another
	// entry, so a cached asset never names a file that may be gone.
	real string
}

type cachedChapter struct {
	used   int
	parsed *markdown.Chapter // never handed out: loads get clones
	diags  []diag.Diagnostic // what parsing reported
}

type cachedImage struct {
	used  int
	asset *doc.Asset
	err   error
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{chapters: map[cacheKey]*cachedChapter{}, images: map[cacheKey]*cachedImage{}, highlighter: highlight.New()}
}

// Stats returns the counts of the last load.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// begin starts a load.
func (c *Cache) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.stats = CacheStats{LoadsSinceCreate: c.gen}
}

// end drops the entries the load did not use.
func (c *Cache) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	maps.DeleteFunc(c.chapters, func(_ cacheKey, e *cachedChapter) bool { return e.used != c.gen })
	maps.DeleteFunc(c.images, func(_ cacheKey, e *cachedImage) bool { return e.used != c.gen })
	c.stats.ChaptersInCache, c.stats.ImagesInCache = len(c.chapters), len(c.images)
}

// parse returns the parsed chapter for text, src with its directives
// expanded, from the cache when the same file had the same content and
// expanded to the same text, reporting what parsing reported either way.
// Both count: a change to an included file changes text, and the same
// text from another src has other positions; so do the parser's options
// (book.yaml's language and markdown settings, which watch reloads).
func (c *Cache) parse(p *markdown.Parser, file *diag.File, src, text []byte, diags *diag.List) *markdown.Chapter {
	key := cacheKey{path: file.Path}
	h := sha256.New()
	// Every option, so that one added to markdown.Options is in the key
	// without a change here.
	fmt.Fprintf(h, "%#v\n", p.Options())
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(src))))
	h.Write(src)
	if len(text) != len(src) || !bytes.Equal(text, src) {
		h.Write(text)
	}
	h.Sum(key.sum[:0])
	c.mu.Lock()
	e := c.chapters[key]
	if e != nil {
		e.used = c.gen
		c.stats.Reused++
	}
	c.mu.Unlock()
	if e == nil {
		var local diag.List
		parsed := p.Parse(file, text, &local)
		e = &cachedChapter{parsed: parsed, diags: local.Items()}
		c.mu.Lock()
		e.used = c.gen
		c.chapters[key] = e
		c.stats.Parsed++
		c.mu.Unlock()
	}
	for _, d := range e.diags {
		diags.Add(d)
	}
	return &markdown.Chapter{
		Blocks:    doc.Clone(e.parsed.Blocks),
		Footnotes: doc.CloneFootnotes(e.parsed.Footnotes),
		IDs:       maps.Clone(e.parsed.IDs),
		Renamed:   append([]markdown.Renamed(nil), e.parsed.Renamed...),
	}
}

// image returns the checked image for data, the content of rel at real,
// from the cache when the same file had the same content.
func (c *Cache) image(rel, real string, data []byte, disk *filecache.Cache) (*doc.Asset, error) {
	key := cacheKey{rel, sha256.Sum256(data), real}
	c.mu.Lock()
	e := c.images[key]
	if e != nil {
		e.used = c.gen
		c.stats.Kept++
		c.mu.Unlock()
		return e.asset, e.err
	}
	c.mu.Unlock()
	// Checked whole: a cached picture may serve a build without a PDF.
	a, err := checkImage(rel, real, data, dataChecks{disk: disk})
	c.mu.Lock()
	c.images[key] = &cachedImage{used: c.gen, asset: a, err: err}
	c.stats.Decoded++
	c.mu.Unlock()
	return a, err
}
