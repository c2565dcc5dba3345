package testenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where the tests look for Chromium first, unless $CHROMIUM
// names another binary (ChromiumBin).
const ChromiumPath = "/usr/bin/chromium"

// Browser is a headless Chromium driven by a test, with the problems its
// tab met: errors on the console, uncaught exceptions, requests that failed
// or were answered with an HTTP error.
type Browser struct {
	// Ctx runs chromedp actions in the browser's tab.
	Ctx      context.Context
	mu       sync.Mutex
	problems []string
}

// Problems returns the problems met since the last call, and forgets them.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

func (b *Browser) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			p = "console.error: " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, d.Text)
		if d.Exception != nil {
			p += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = fmt.Sprintf("console (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			p = fmt.Sprintf("request %s failed: %s %s", ev.RequestID, ev.ErrorText, ev.BlockedReason)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p = fmt.Sprintf("%s: HTTP %d", ev.Response.URL, ev.Response.Status)
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// ChromiumBin returns the Chromium the tests run: $CHROMIUM, ChromiumPath,
// or chromium, chromium-browser or google-chrome on the PATH. Missing
// Chromium skips the test locally and fails it under CI.
func ChromiumBin(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("CHROMIUM"); bin != "" {
		if _, err := exec.LookPath(bin); err != nil {
			Missing(t, "chromium ($CHROMIUM: "+bin+")")
		}
		return bin
	}
	for _, name := range []string{ChromiumPath, "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "chromium ("+ChromiumPath+", or on the PATH; $CHROMIUM names another)")
	return ""
}

// Chromium starts a headless Chromium for the test (a new one each call,
// stopped at the test's end), with one tab. Missing Chromium skips the test
// locally and fails it under CI; -short skips it, as browsers are slow to
// start.
func Chromium(t testing.TB) *Browser {
	t.Helper()
	SkipShort(t, "the browser tests run only in the full run")
	bin := ChromiumBin(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // containers: no user namespaces
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &Browser{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", bin, err)
	}
	b.Ctx = ctx
	return b
}

// AxePath returns the file of axe-core's script (axe.min.js): $AXE_CORE_JS,
// or node_modules/axe-core/axe.min.js under $AXE_CORE_DIR or the
// repository's gitignored .cache/axe folder, where tools/validators.sh
// installs it. Missing, it skips the test locally and fails it under CI.
func AxePath(t testing.TB) string {
	t.Helper()
	SkipShort(t, "axe-core runs only in the full run")
	var cands []string
	if p := os.Getenv("AXE_CORE_JS"); p != "" {
		cands = append(cands, p)
	}
	if d := os.Getenv("AXE_CORE_DIR"); d != "" {
		cands = append(cands, filepath.Join(d, "node_modules", "axe-core", "axe.min.js"))
	}
	cands = append(cands, filepath.Join(Root(t), ".cache", "axe", "node_modules", "axe-core", "axe.min.js"))
	for _, p := range cands {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	Missing(t, "axe-core (npm axe-core: tools/validators.sh installs it)")
	return ""
}
