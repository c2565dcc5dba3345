package check

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// imageExts are the extensions of the files UnusedImages looks at: the
// formats a book can use, and the ones an author may have meant to
// convert (WebP, BMP, TIFF).
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true,
	".webp": true, ".bmp": true, ".tif": true, ".tiff": true,
}

// notChapters are Markdown files that describe a folder or a table of
// contents, not a chapter: UnlistedMarkdown does not report them.
var notChapters = map[string]bool{"readme.md": true, "summary.md": true}

// UnusedImages reports image files in the book's content folders that no
// chapter (nor the cover) uses.
func UnusedImages(b *Book, diags *diag.List) {
	used := map[string]bool{}
	for _, p := range b.ImagePaths {
		used[p] = true
	}
	if c := b.Manifest.Cover; c != "" {
		used[path.Clean(c)] = true
	}
	for _, rel := range b.contentFiles(imageExts) {
		if !used[rel] {
			diags.Warnf(diag.Pos{Path: b.shown(rel)}, "image not used by any chapter")
		}
	}
}

// UnlistedMarkdown reports Markdown files in the book's content folders
// that the manifest does not list; README.md and SUMMARY.md are not
// chapters and are not reported, nor are files a chapter includes
// ({{#include}}: they are part of it).
func UnlistedMarkdown(b *Book, diags *diag.List) {
	listed := map[string]bool{}
	for _, ch := range b.Chapters {
		listed[ch.Path] = true
	}
	for _, p := range b.IncludePaths {
		listed[p] = true
	}
	for _, rel := range b.contentFiles(map[string]bool{".md": true, ".markdown": true}) {
		if !listed[rel] && !notChapters[strings.ToLower(path.Base(rel))] {
			diags.Warnf(diag.Pos{Path: b.shown(rel)}, "Markdown file not listed in %s: it is not part of the book", filepath.Base(b.Manifest.Path))
		}
	}
}

// contentFiles lists the files with the given extensions in the book's
// content folders, relative to the book's folder, sorted.
//
// The content folders are the folders that hold a chapter or an image the
// book uses, and the folders below them, except the folders no book keeps
// chapters in (book.IgnoredFolder: hidden folders, packages, vendored code,
// tools' outputs, test data), folders of example code that hold nothing
// the book uses (book.CodeFolder), and folders that have a manifest of
// their own (another book). So a book whose chapters are in content/ is
// checked there, not in the rest of the repository that holds it; the same
// rule as ebook init --from's.
func (b *Book) contentFiles(exts map[string]bool) []string {
	var dirs []string
	for _, ch := range b.Chapters {
		dirs = append(dirs, path.Dir(ch.Path))
	}
	for _, p := range b.ImagePaths {
		dirs = append(dirs, path.Dir(p))
	}
	if c := b.Manifest.Cover; c != "" {
		dirs = append(dirs, path.Dir(path.Clean(c)))
	}
	// The folders that hold a file the book uses, and those above them.
	used := map[string]bool{}
	for _, d := range dirs {
		for ; d != "." && d != "/" && !used[d]; d = path.Dir(d) {
			used[d] = true
		}
	}
	var files []string
	for _, top := range topmost(dirs) {
		root := filepath.Join(b.Dir, filepath.FromSlash(top))
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p == root {
					return nil
				}
				if book.IgnoredFolder(d.Name()) || hasManifest(p) {
					return filepath.SkipDir
				}
				if rel, err := filepath.Rel(b.Dir, p); err == nil && !used[filepath.ToSlash(rel)] && book.CodeFolder(p) {
					return filepath.SkipDir
				}
				return nil
			}
			if !exts[strings.ToLower(filepath.Ext(p))] || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if rel, err := filepath.Rel(b.Dir, p); err == nil {
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
	}
	sort.Strings(files)
	return files
}

func hasManifest(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "book.yaml"))
	return err == nil
}

// topmost returns the folders of dirs that are not inside another one of
// them, each once.
func topmost(dirs []string) []string {
	for _, d := range dirs {
		if d == "." {
			return []string{"."}
		}
	}
	sort.Strings(dirs)
	var out []string
	for _, d := range dirs {
		inside := false
		for _, t := range out {
			if d == t || strings.HasPrefix(d, t+"/") {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, d)
		}
	}
	return out
}
