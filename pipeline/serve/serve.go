// Package serve is `ebook serve`: it builds the book's website (and any
// other format asked for) as `ebook watch` does, serves the output folder
// on 127.0.0.1, and tells the open pages through Server-Sent Events when a
// build is done, so they reload (keeping their scroll position) or, when
// the build failed, show its messages over the page; the last good site
// stays served.
package serve

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gobook/ebook/pipeline/watch"
)

//go:embed live.js
var liveJS []byte

// DefaultPort is the port tried first.
const DefaultPort = 3000

// Options say what to serve.
type Options struct {
	// Watch is the build and how it is repeated; its Report is called
	// after the server's own handling of each event.
	Watch watch.Options
	// Port is the first port tried; when it is taken, the next ones are.
	// 0 picks any free port.
	Port int
	// Ready is called with the server's address once it listens.
	Ready func(addr string)
}

// Run serves until ctx is done, then stops the server and returns nil.
func Run(ctx context.Context, opts Options) error {
	b := opts.Watch.Build
	if !slices.Contains(b.Formats, "html") {
		b.Formats = append([]string{"html"}, b.Formats...)
	}
	b.LiveReload = true
	opts.Watch.Build = b
	ln, err := listen(opts.Port)
	if err != nil {
		return err
	}
	h := &hub{clients: map[chan message]bool{}, quit: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/_ebook/live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
	})
	mux.HandleFunc("/_ebook/events", h.events)
	mux.Handle("/", outputHandler(b.OutDir, h.siteName))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	report := opts.Watch.Report
	opts.Watch.Report = func(e watch.Event) {
		h.built(e)
		if report != nil {
			report(e)
		}
	}
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	werr := watch.Run(ctx, opts.Watch)
	// Ending the event streams first: Shutdown waits for every
	// connection to be idle, which a stream never is.
	close(h.quit)
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return werr
}

// outputHandler serves the output folder dir; site gives the website's
// folder in it, "" before the first build. A path under the website that
// names no file gets the site's 404 page, as a web server the site is
// published on would give it.
func outputHandler(dir string, site func() string) http.Handler {
	root := http.Dir(dir)
	files := http.FileServer(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := site()
		if r.URL.Path == "/" && name != "" {
			http.Redirect(w, r, "/"+name+"/", http.StatusFound)
			return
		}
		w.Header().Set("Cache-Control", "no-store") // a rebuilt page is shown at once
		if name != "" && strings.HasPrefix(r.URL.Path, "/"+name+"/") && missing(root, r.URL.Path) {
			// Read at each request: a build replaces the site whole.
			if page, err := fs.ReadFile(os.DirFS(dir), name+"/404.html"); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// missing reports whether the file server has no file at p. http.Dir
// cleans p as the file server does, and a path through a file is missing.
func missing(root http.Dir, p string) bool {
	f, err := root.Open(p)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	f.Close()
	return false
}

// listen listens on 127.0.0.1 at port or, when it is taken, at one of the
// next 20.
func listen(port int) (net.Listener, error) {
	var err error
	for p := port; p <= port+20; p++ {
		var ln net.Listener
		ln, err = net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil || port == 0 || !errors.Is(err, syscall.EADDRINUSE) {
			return ln, err
		}
	}
	return nil, fmt.Errorf("ports %d to %d are all taken: %w", port, port+20, err)
}

// message is what the pages are told after a build: reload, or the
// build's messages.
type message struct {
	kind string // "reload" or "failed"
	data string
}

// hub keeps the open pages' event streams and the last build's outcome.
type hub struct {
	mu      sync.Mutex
	clients map[chan message]bool
	last    *message // the failure a page opened now must show, if any
	name    string   // the site's folder in the output folder
	quit    chan struct{}
}

func (h *hub) siteName() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.name
}

// built tells every page about a build.
func (h *hub) built(e watch.Event) {
	m := message{kind: "reload"}
	if !e.OK() {
		var lines []string
		for _, d := range e.Diags {
			lines = append(lines, d.String())
		}
		if len(lines) == 0 {
			lines = append(lines, e.Err.Error())
		}
		data, _ := json.Marshal(strings.Join(lines, "\n"))
		m = message{kind: "failed", data: string(data)}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range e.Results {
		if r.Format == "html" {
			h.name = filepath.Base(r.Path)
		}
	}
	if m.kind == "failed" {
		h.last = &m
	} else {
		h.last = nil
	}
	for c := range h.clients {
		select {
		case c <- m:
		default: // a page that does not read misses a message, not the others
		}
	}
}

// events is a page's stream of messages.
func (h *hub) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan message, 4)
	h.mu.Lock()
	h.clients[c] = true
	last := h.last
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	if last != nil {
		send(w, *last)
	} else {
		send(w, message{kind: "ok"})
	}
	fl.Flush()
	for {
		select {
		case m := <-c:
			send(w, m)
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-h.quit:
			return
		}
	}
}

func send(w http.ResponseWriter, m message) {
	data := m.data
	if data == "" {
		data = "{}"
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.kind, data)
}
