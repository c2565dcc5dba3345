package build

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestReflow opens every chapter of the content book, the feature book
// and gopl-zh in headless Chromium at a phone's width (390 px) and a
// tablet's (1024 px): none is wider than the window (WCAG 1.4.10), so
// that a reader never scrolls sideways; a long URL, inline code or a
// listing wraps or scrolls inside itself.
func TestReflow(t *testing.T) {
	testenv.SkipShort(t, "builds three books and opens each chapter in Chromium")
	chromium := testenv.ChromiumBin(t)
	books := testBooks(t, "content", "featurebook", "gopl-zh")
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			var diags diag.List
			res, err := Run(Options{Manifest: bk.manifest(t), OutDir: t.TempDir(), Date: epoch, Formats: []string{"epub"}}, &diags)
			if err != nil {
				t.Fatalf("%v\n%v", err, diags.Items())
			}
			url, chapters := serveEPUB(t, res[0].Path)
			for _, width := range []int{390, 1024} {
				got := measureChapters(t, chromium, url, width)
				if len(got) != len(chapters) {
					t.Fatalf("%d px: Chromium measured %d chapters of %d", width, len(got), len(chapters))
				}
				for _, m := range got {
					if m.client != width {
						t.Errorf("%d px: %s was shown %d px wide", width, m.name, m.client)
					}
					if m.scroll > m.client {
						t.Errorf("%d px: %s is %d px wide (window %d px)", width, m.name, m.scroll, m.client)
					}
				}
				t.Logf("%d px: %d chapters measured", width, len(got))
			}
		})
	}
}

// serveEPUB serves the files of the EPUB at path on 127.0.0.1 until the
// test ends, with a page (/measure.html?w=PX) that opens each chapter in
// turn in a frame PX wide and writes what each measures; it returns
// the server's address and the chapters' paths.
func serveEPUB(t *testing.T, path string) (string, []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var chapters []string
	for name, content := range testenv.Unzip(t, data) {
		files["/"+name] = content
		if regexp.MustCompile(`^EPUB/xhtml/c\d+\.xhtml$`).MatchString(name) {
			chapters = append(chapters, "/"+name)
		}
	}
	sort.Strings(chapters) // c0001.xhtml, c0002.xhtml...: reading order
	list, err := json.Marshal(chapters)
	if err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html><head><style>html,body{margin:0;padding:0}iframe{border:0;height:900px;display:block}</style></head><body><pre id="out"></pre><script>
const chapters = ` + string(list) + `;
const out = document.getElementById("out");
// Headless Chromium's window is at least 500 px wide: the frame is as
// wide as asked.
const width = new URLSearchParams(location.search).get("w") + "px";
let i = 0;
function next() {
  if (i >= chapters.length) { out.setAttribute("data-done", "1"); return; }
  const f = document.createElement("iframe");
  f.onload = () => {
    const d = f.contentDocument.documentElement;
    out.textContent += chapters[i] + " " + Math.max(d.scrollWidth, f.contentDocument.body.scrollWidth) + " " + d.clientWidth + "\n";
    f.remove(); i++; next();
  };
  f.style.width = width;
  f.src = chapters[i];
  document.body.appendChild(f);
}
next();
</script></body></html>`)
	files["/measure.html"] = []byte(page.String())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		ct := mime.TypeByExtension(filepath.Ext(r.URL.Path))
		if strings.HasSuffix(r.URL.Path, ".xhtml") {
			ct = "application/xhtml+xml"
		}
		w.Header().Set("Content-Type", ct)
		w.Write(data)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), chapters
}

type chapterWidth struct {
	name           string
	scroll, client int
}

// measureChapters loads the measuring page in Chromium with a window
// width px wide and reads the widths it wrote.
func measureChapters(t *testing.T, chromium, url string, width int) []chapterWidth {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, chromiumFlags(t, width)...)
	cmd.Args = append(cmd.Args, "--virtual-time-budget=600000", "--dump-dom", url+"/measure.html?w="+strconv.Itoa(width))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	pre := regexp.MustCompile(`(?s)<pre id="out"([^>]*)>(.*?)</pre>`).FindSubmatch(out)
	if pre == nil || !strings.Contains(string(pre[1]), "data-done") {
		t.Fatalf("chromium did not finish measuring: %.300s", out)
	}
	var got []chapterWidth
	for _, line := range strings.Split(strings.TrimSpace(string(pre[2])), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		s, _ := strconv.Atoi(f[1])
		c, _ := strconv.Atoi(f[2])
		got = append(got, chapterWidth{name: path.Base(f[0]), scroll: s, client: c})
	}
	return got
}

// chromiumFlags are the flags of a headless, offline Chromium with a
// window width px wide and a profile of its own.
func chromiumFlags(t *testing.T, width int) []string {
	dir := t.TempDir()
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + dir, fmt.Sprintf("--window-size=%d,900", width)}
}

// TestListingScreenshots takes screenshots of a chapter with listings of
// the feature book at a phone's width, in light and dark mode, for a
// person to look at: they are written to $EBOOK_SCREENSHOTS when set.
func TestListingScreenshots(t *testing.T) {
	testenv.SkipShort(t, "builds the feature book and takes screenshots in Chromium")
	dir := os.Getenv("EBOOK_SCREENSHOTS")
	if dir == "" {
		t.Skip("EBOOK_SCREENSHOTS names no folder for the screenshots")
	}
	chromium := testenv.ChromiumBin(t)
	var diags diag.List
	res, err := Run(Options{Manifest: filepath.Join(testenv.Root(t), "testdata", "featurebook", "book.yaml"),
		OutDir: t.TempDir(), Date: epoch, Formats: []string{"epub"}}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	url, _ := serveEPUB(t, res[0].Path)
	chapter := os.Getenv("EBOOK_SCREENSHOT_CHAPTER")
	if chapter == "" {
		chapter = "c0004.xhtml"
	}
	for _, mode := range []struct {
		name  string
		flags []string
	}{
		{"light", nil},
		{"dark", []string{"--force-dark-mode", "--blink-settings=preferredColorScheme=0"}},
	} {
		file := filepath.Join(dir, "listing-"+mode.name+".png")
		args := append(chromiumFlags(t, 390), mode.flags...)
		args = append(args, "--screenshot="+file, "--virtual-time-budget=5000", url+"/EPUB/xhtml/"+chapter)
		if out, err := exec.Command(chromium, args...).CombinedOutput(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, out)
		}
		t.Logf("%s: %s", mode.name, file)
	}
}
