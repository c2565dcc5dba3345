package book

import (
	"runtime"
	"sync"

	"github.com/gobook/ebook/pipeline/doc"
)

// imageLoads loads the book's image files, each once, as soon as a parsed
// chapter names them: decoding a picture to check it (a cover, a
// screenshot) takes as long as parsing several chapters, and done after
// the parsing it kept one core waiting on the other. At most one load
// per core at a time, so that a book of large pictures does not hold them
// all decoded at once.
type imageLoads struct {
	folder *folder
	cache  *Cache
	slots  chan struct{}
	checks dataChecks

	mu    sync.Mutex
	loads map[string]*imageLoad
	wg    sync.WaitGroup
}

// imageLoad is the loading of one image file.
type imageLoad struct {
	done  chan struct{} // closed when asset or err is set
	asset *doc.Asset
	err   error
}

func newImageLoads(f *folder, cache *Cache, checks dataChecks) *imageLoads {
	return &imageLoads{folder: f, cache: cache, checks: checks, slots: make(chan struct{}, runtime.GOMAXPROCS(0)), loads: map[string]*imageLoad{}}
}

// start begins loading the image file rel, unless it has begun.
func (il *imageLoads) start(rel string) *imageLoad {
	il.mu.Lock()
	defer il.mu.Unlock()
	if ld := il.loads[rel]; ld != nil {
		return ld
	}
	ld := &imageLoad{done: make(chan struct{})}
	il.loads[rel] = ld
	il.wg.Add(1)
	go func() {
		defer il.wg.Done()
		il.slots <- struct{}{}
		ld.asset, ld.err = loadImage(il.folder, rel, il.cache, il.checks)
		<-il.slots
		close(ld.done)
	}()
	return ld
}

// wait returns when every load begun has ended: none outlives Load, which
// may return early, before asking for them all.
func (il *imageLoads) wait() { il.wg.Wait() }

// get returns the image file rel, loaded.
func (il *imageLoads) get(rel string) (*doc.Asset, error) {
	ld := il.start(rel)
	<-ld.done
	return ld.asset, ld.err
}

// prefetch starts loading the local images of ch.
func (il *imageLoads) prefetch(ch *Chapter) {
	visit := func(n *doc.Node) bool {
		if n.Kind == doc.Image {
			if rel, problem := imageTarget(ch, n); problem == "" {
				il.start(rel)
			}
		}
		return true
	}
	ch.Walk(visit)
}
