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
