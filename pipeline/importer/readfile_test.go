package importer

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestNamedPipes: a named pipe (FIFO) where an import reads a file would
// have it wait for a writer for ever. The SUMMARY.md is refused; the
// README.md and the configuration files, which an import only looks for,
// are passed over.
func TestNamedPipes(t *testing.T) {
	tests := []struct {
		fifo string
		want string // a message, or "" for a successful import
	}{
		{"SUMMARY.md", "SUMMARY.md: error: cannot read: not a regular file"},
		{"README.md", ""},
		{"book.json", ""},
		{"book.toml", ""},
		{"book.ini", ""},
	}
	for _, tt := range tests {
		t.Run(tt.fifo, func(t *testing.T) {
			dir := t.TempDir()
			testenv.WriteTree(t, dir, map[string]string{"SUMMARY.md": "- [One](one.md)\n", "one.md": "# One\n"})
			p := filepath.Join(dir, tt.fifo)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("skipped: cannot make a named pipe here: %v", err)
			}
			defer testenv.Watchdog(10*time.Second, "importing with a named pipe as "+tt.fifo)()
			var d diag.List
			r := Import(Options{Summary: filepath.Join(dir, "SUMMARY.md"), ManifestDir: dir}, &d)
			got := messages(&d)
			switch {
			case tt.want == "" && r == nil:
				t.Errorf("import failed:\n%s", got)
			case tt.want != "" && (r != nil || !strings.Contains(got, tt.want)):
				t.Errorf("messages:\n%s\nwant one with %q", got, tt.want)
			}
		})
	}
}

// TestDeepSummary checks that a table of contents nested 10,000 deep is
// refused at once (goldmark took 15 s on it).
func TestDeepSummary(t *testing.T) {
	src := []byte("# Summary\n\n" + strings.Repeat("- ", 10_000) + "[a](a.md)\n")
	var diags diag.List
	start := time.Now()
	parseSummary("SUMMARY.md", src, &diags)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if !diags.HasErrors() || !strings.Contains(diags.Items()[0].String(), "SUMMARY.md:3:201: error: lists and block quotes are nested more than 100 levels deep") {
		t.Errorf("diagnostics %v", diags.Items())
	}
}
