package doc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLetGo: a picture let go is read again as it was, and a file that
// changed or went since is an error, never other content.
func TestLetGo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(path string) error
		want   string // in the error; "" for the content as it was
	}{
		{"unchanged", func(string) error { return nil }, ""},
		{"same size, other bytes", func(p string) error { return os.WriteFile(p, []byte("PNG-b"), 0o644) }, "changed while the book was built"},
		{"longer", func(p string) error { return os.WriteFile(p, []byte("PNG-a and more"), 0o644) }, "changed while the book was built"},
		{"removed", os.Remove, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "a.png")
			if err := os.WriteFile(p, []byte("PNG-a"), 0o644); err != nil {
				t.Fatal(err)
			}
			a := &Asset{Path: "img/a.png", MediaType: "image/png", Data: []byte("PNG-a")}
			a.LetGo(p)
			if a.Data != nil {
				t.Fatal("LetGo kept the data")
			}
			if err := tc.change(p); err != nil {
				t.Fatal(err)
			}
			got, err := a.Bytes()
			switch {
			case tc.want == "" && (err != nil || string(got) != "PNG-a"):
				t.Errorf("Bytes() = %q, %v; want the content as it was", got, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `"img/a.png"`)):
				t.Errorf("Bytes() = %q, %v; want an error naming the image with %q", got, err, tc.want)
			}
		})
	}
	held := &Asset{Path: "d.svg", Data: []byte("<svg/>")}
	if got, err := held.Bytes(); err != nil || string(got) != "<svg/>" {
		t.Errorf("held asset: Bytes() = %q, %v", got, err)
	}
}
