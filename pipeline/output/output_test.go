package output

import (
	"errors"
	"fmt"
	"io"
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
	if err := WriteFiles([]File{{Path: a, Data: []byte("old epub")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(b, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles([]File{{Path: a, Data: []byte("new epub")}, {Path: b, Data: []byte("new pdf")}}); err == nil {
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
	s, err := Stage(File{Path: a, Data: []byte("new epub")})
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

// TestStageStream: a file written by a function is staged with its size
// and replaces the old one on Commit; one whose writing fails leaves the
// old file and no temporary file.
func TestStageStream(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.pdf")
	if err := WriteFile(p, []byte("old")); err != nil {
		t.Fatal(err)
	}
	content := strings.Repeat("0123456789", 100_000) // more than the buffer
	tests := []struct {
		name  string
		write func(w io.Writer) error
		want  string // the file after Commit, or after the failure
	}{
		{"written", func(w io.Writer) error {
			for i := 0; i < len(content); i += 3000 {
				io.WriteString(w, content[i:min(i+3000, len(content))])
			}
			return nil
		}, content},
		{"failed", func(w io.Writer) error {
			io.WriteString(w, "partial")
			return errors.New("the writer failed")
		}, content},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, size, err := StageStream(p, tt.write)
			if err == nil {
				if size != int64(len(tt.want)) {
					t.Errorf("size %d, want %d", size, len(tt.want))
				}
				if err := Commit([]*Staged{s}); err != nil {
					t.Fatal(err)
				}
			} else if !strings.Contains(err.Error(), "the writer failed") {
				t.Errorf("error %v, want the writer's", err)
			}
			if got, _ := os.ReadFile(p); string(got) != tt.want {
				t.Errorf("the file holds %d bytes, want %d", len(got), len(tt.want))
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("temporary files left behind: %v", entries)
			}
		})
	}
}

// TestStagerAbort checks that Abort removes what is staged and not yet
// committed, leaves what was committed, and makes staging fail after it.
func TestStagerAbort(t *testing.T) {
	dir := t.TempDir()
	s := NewStager()
	done, err := s.Stage(File{Path: filepath.Join(dir, "a.epub"), Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	if err := Commit([]*Staged{done}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stage(File{Path: filepath.Join(dir, "b.pdf"), Data: []byte("b")}); err != nil {
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
	if _, err := s.Stage(File{Path: filepath.Join(dir, "c.pdf"), Data: []byte("c")}); err == nil {
		t.Error("staging after Abort succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("staging after Abort left %d files", len(entries))
	}
}

// TestStagerAbortEveryKind: Abort removes a staged file, a staged folder
// and a file being streamed, leaves the previous outputs as they were, and
// a Commit or a StageDir after it fails and leaves nothing.
func TestStagerAbortEveryKind(t *testing.T) {
	dir := t.TempDir()
	epub, pdf, site := filepath.Join(dir, "b.epub"), filepath.Join(dir, "b.pdf"), filepath.Join(dir, "b")
	if err := WriteFile(epub, []byte("old epub")); err != nil {
		t.Fatal(err)
	}
	old, err := StageDir(site, []File{{Path: "index.html", Data: []byte("old site")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Commit([]*Staged{old}); err != nil {
		t.Fatal(err)
	}
	s := NewStager()
	file, err := s.Stage(File{Path: epub, Data: []byte("new epub")})
	if err != nil {
		t.Fatal(err)
	}
	folder, err := s.StageDir(site, []File{{Path: "index.html", Data: []byte("new")}, {Path: "a/b/c.html", Data: []byte("new")}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.StageStream(pdf, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 300<<10)) // past the buffer: on disk
		s.Abort()
		io.WriteString(w, "after")
		return nil
	})
	if !errors.Is(err, errAborted) {
		t.Errorf("StageStream aborted while it wrote: %v, want %v", err, errAborted)
	}
	if err := Commit([]*Staged{file, folder}); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if _, err := s.StageDir(site, []File{{Path: "x.html", Data: nil}}); err == nil {
		t.Error("StageDir after Abort succeeded")
	}
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	if want := []string{"b", filepath.Join("b", "index.html"), "b.epub"}; strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("after Abort the folder holds %v, want %v", names, want)
	}
	if got, _ := os.ReadFile(epub); string(got) != "old epub" {
		t.Errorf("the EPUB became %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(site, "index.html")); string(got) != "old site" {
		t.Errorf("the site's index became %q", got)
	}
}

// TestStageDirAfterAbort: a file of a staged folder is not written, nor
// its folder made again, once Abort has removed the folder.
func TestStageDirAfterAbort(t *testing.T) {
	dir := t.TempDir()
	s := NewStager()
	st, err := s.StageDir(filepath.Join(dir, "site"), []File{{Path: "index.html", Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if err := s.stageAt(filepath.Join(st.tmp, "a", "b.html"), []byte("y")); !errors.Is(err, errAborted) {
		t.Errorf("stageAt after Abort: %v, want %v", err, errAborted)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("after Abort the folder holds %v", entries)
	}
}

// TestStageStreamPanics: a writer that panics leaves no temporary file.
func TestStageStreamPanics(t *testing.T) {
	dir := t.TempDir()
	func() {
		defer func() { recover() }()
		NewStager().StageStream(filepath.Join(dir, "b.pdf"), func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("x", 300<<10))
			panic("the writer's bug")
		})
	}()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a panic while streaming left %v", entries)
	}
}

// TestStageDir: a site's files are written into a folder that replaces the
// old one as a whole: nested folders, the last content of a path given
// twice, modes, no file of the old site left, no temporary folder.
func TestStageDir(t *testing.T) {
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	old := []File{{Path: "index.html", Data: []byte("old")}, {Path: "gone/page.html", Data: []byte("old")}}
	var files []File
	for i := range 100 { // more files than are written at once
		files = append(files, File{Path: fmt.Sprintf("ch%d/s%d/page%d.html", i%7, i%3, i), Data: []byte(fmt.Sprint("page ", i))})
	}
	files = append(files, File{Path: "index.html", Data: []byte("first")}, File{Path: "index.html", Data: []byte("new")})
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
	_, err := StageDir(site, []File{{Path: "a/b.html", Data: []byte("x")}, {Path: "a", Data: []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(site, "a")+":") {
		t.Errorf("err = %v, want one naming %s", err, filepath.Join(site, "a"))
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
