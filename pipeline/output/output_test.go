package output

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "book.epub")
	for _, content := range []string{"first", "second"} {
		if err := WriteFile(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("after writing %q: read %q, %v", content, got, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
}

func TestWriteFileFailureLeavesNoTemporary(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.epub")
	// A non-empty folder where the file should go: the rename fails, even
	// for root.
	if err := os.MkdirAll(filepath.Join(p, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new")); err == nil {
		t.Fatal("replacing a folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "book.epub" {
		t.Errorf("folder holds %v, want only book.epub", entries)
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop writes")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "book.epub")
	if err := WriteFile(p, []byte("good")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if err := WriteFile(p, []byte("new")); err == nil {
		t.Fatal("writing into a read-only folder succeeded")
	}
	if got, _ := os.ReadFile(p); string(got) != "good" {
		t.Errorf("old file became %q", got)
	}
}

// TestWriteFilesAllOrNone: when one file of a set cannot be written (here
// a folder has its name, which stops root too), none is replaced and no
// temporary file is left.
func TestWriteFilesAllOrNone(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "book.epub"), filepath.Join(dir, "book.pdf")
	if err := WriteFiles([]File{{a, []byte("old epub")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(b, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles([]File{{a, []byte("new epub")}, {b, []byte("new pdf")}}); err == nil {
		t.Fatal("replacing a folder succeeded")
	}
	if got, _ := os.ReadFile(a); string(got) != "old epub" {
		t.Errorf("the EPUB was replaced (%q) although the PDF could not be", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %v, want book.epub and book.pdf only", entries)
	}
}

// TestDiscardStaged: a build that stages one output and then fails to make
// another discards the staged one: the old file stays, and no temporary
// file is left.
func TestDiscardStaged(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "book.epub")
	if err := WriteFile(a, []byte("old epub")); err != nil {
		t.Fatal(err)
	}
	s, err := Stage(File{a, []byte("new epub")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a); string(got) != "old epub" {
		t.Errorf("staging replaced the file: %q", got)
	}
	Discard([]*Staged{s, nil})
	if got, _ := os.ReadFile(a); string(got) != "old epub" {
		t.Errorf("the old file became %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d files, want the old EPUB alone", len(entries))
	}
}

// TestStageDir: a site's files are written into a folder that replaces the
// old one as a whole: nested folders, the last content of a path given
// twice, modes, no file of the old site left, no temporary folder.
func TestStageDir(t *testing.T) {
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	old := []File{{"index.html", []byte("old")}, {"gone/page.html", []byte("old")}}
	var files []File
	for i := range 100 { // more files than are written at once
		files = append(files, File{fmt.Sprintf("ch%d/s%d/page%d.html", i%7, i%3, i), []byte(fmt.Sprint("page ", i))})
	}
	files = append(files, File{"index.html", []byte("first")}, File{"index.html", []byte("new")})
	for _, set := range [][]File{old, files} {
		s, err := StageDir(site, set)
		if err != nil {
			t.Fatal(err)
		}
		if err := Commit([]*Staged{s}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{"index.html": "new"}
	for _, f := range files[:100] {
		want[f.Path] = string(f.Data)
	}
	got := map[string]string{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			if info.Mode().Perm() != 0o755 {
				t.Errorf("%s: mode %v, want 0755", p, info.Mode().Perm())
			}
			return nil
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", p, info.Mode().Perm())
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(site, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("the site holds %d files, want %d: %v", len(got), len(want), got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("temporary folders left behind: %v", entries)
	}
}

// TestStageDirFailure: a file that cannot be written (its path is also a
// folder's) fails the staging with its path, and leaves nothing behind.
func TestStageDirFailure(t *testing.T) {
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	_, err := StageDir(site, []File{{"a/b.html", []byte("x")}, {"a", []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(site, "a")+":") {
		t.Errorf("err = %v, want one naming %s", err, filepath.Join(site, "a"))
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
