package output

import (
	"os"
	"path/filepath"
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

// TestStagerAbort checks that Abort removes what is staged and not yet
// committed, leaves what was committed, and makes staging fail after it.
func TestStagerAbort(t *testing.T) {
	dir := t.TempDir()
	s := NewStager()
	done, err := s.Stage(File{filepath.Join(dir, "a.epub"), []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	if err := Commit([]*Staged{done}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stage(File{filepath.Join(dir, "b.pdf"), []byte("b")}); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "a.epub" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after Abort the folder holds %v, want a.epub only", names)
	}
	if _, err := s.Stage(File{filepath.Join(dir, "c.pdf"), []byte("c")}); err == nil {
		t.Error("staging after Abort succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("staging after Abort left %d files", len(entries))
	}
}
