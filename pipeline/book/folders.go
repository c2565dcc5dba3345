package book

import (
	"os"
	"path/filepath"
	"strings"
)

// ignoredFolders hold no part of a book, whatever is in them: the output
// and package folders of GitBook and HonKit, vendored code, Go's test data,
// and a build's own outputs.
var ignoredFolders = map[string]bool{"node_modules": true, "_book": true, "vendor": true, "testdata": true, "dist": true}

// IgnoredFolder reports whether a folder named name holds no chapters:
// hidden folders and those above. The import and ebook check do not look
// for unlisted Markdown files in them.
func IgnoredFolder(name string) bool {
	return strings.HasPrefix(name, ".") || ignoredFolders[name]
}

// programFiles name a folder as a program's: module and package files.
var programFiles = map[string]bool{
	"go.mod": true, "cargo.toml": true, "package.json": true, "pom.xml": true,
	"build.gradle": true, "pyproject.toml": true, "setup.py": true, "cmakelists.txt": true,
}

// sourceExts are the extensions of program source files.
var sourceExts = map[string]bool{
	".go": true, ".rs": true, ".py": true, ".js": true, ".ts": true, ".java": true, ".kt": true,
	".c": true, ".h": true, ".cc": true, ".cpp": true, ".cs": true, ".rb": true, ".swift": true, ".php": true,
}

// CodeFolder reports whether the folder at dir holds a program: a module
// or package file, or source files. Books keep their example code in such
// folders beside the chapters; a README.md there describes the code, and is
// not a chapter left out of the book. (A folder that holds a chapter is
// part of the book whatever else it holds: callers check that first.)
func CodeFolder(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := strings.ToLower(e.Name())
		if programFiles[name] || sourceExts[filepath.Ext(name)] {
			return true
		}
	}
	return false
}
