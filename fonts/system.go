package fonts

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/gobook/ebook/fonts/sfnt"
	"github.com/gobook/ebook/internal/editdist"
)

// Fonts named by family (`family: Noto Serif CJK SC` in book.yaml) are
// looked up in the operating system's font folders and the book's
// font_paths: the one exception to the rule that a build reads nothing
// outside the book's folder. Only font files are read, and of them only
// their name and OS/2 tables until one is chosen.

// SystemDirs returns the folders where the operating system keeps fonts:
// on Linux and the other Unix systems those fontconfig searches by
// default, on macOS and Windows the system-wide and the user's folders.
func SystemDirs() []string {
	home, _ := os.UserHomeDir()
	var dirs []string
	switch runtime.GOOS {
	case "darwin":
		dirs = []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library/Fonts")}
	case "windows":
		windir := cmp.Or(os.Getenv("WINDIR"), `C:\Windows`)
		dirs = []string{filepath.Join(windir, "Fonts")}
		if local := os.Getenv("LOCALAPPDATA"); local != "" {
			dirs = append(dirs, filepath.Join(local, `Microsoft\Windows\Fonts`))
		}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}
		if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
			dirs = append(dirs, filepath.Join(xdg, "fonts"))
		} else if home != "" {
			dirs = append(dirs, filepath.Join(home, ".local/share/fonts"))
		}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, ".fonts"))
		}
	}
	return dirs
}

// SystemFace is a face of a font file found in a font folder.
type SystemFace struct {
	sfnt.FaceInfo
	Path string
}

// SystemFonts are the faces found in a list of font folders.
type SystemFonts struct {
	Dirs  []string
	Faces []SystemFace
}

// fontExts are the file name extensions of the fonts a book can use.
var fontExts = []string{".ttf", ".otf", ".ttc", ".otc"}

// ScanFonts finds the faces of the font files in dirs and their
// subfolders. Folders that do not exist and files that are not fonts are
// passed over: a system's font folders hold all sorts.
func ScanFonts(dirs []string) *SystemFonts {
	s := &SystemFonts{Dirs: dirs}
	seen := map[string]bool{}
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !slices.Contains(fontExts, strings.ToLower(filepath.Ext(p))) || seen[p] {
				return nil
			}
			seen[p] = true
			f, err := os.Open(p)
			if err != nil {
				return nil
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil {
				return nil
			}
			infos, err := sfnt.Describe(f, fi.Size())
			if err != nil {
				return nil
			}
			for _, info := range infos {
				s.Faces = append(s.Faces, SystemFace{FaceInfo: info, Path: p})
			}
			return nil
		})
	}
	// The walk's order is by name within each folder; faces sorted by
	// path and index make the choice between equal faces reproducible.
	slices.SortStableFunc(s.Faces, func(a, b SystemFace) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Index, b.Index))
	})
	return s
}

// Families returns the family names found, sorted, each with the
// subfamilies of its faces.
func (s *SystemFonts) Families() []FamilyInfo {
	byName := map[string]*FamilyInfo{}
	for _, f := range s.Faces {
		fi := byName[f.Family]
		if fi == nil {
			fi = &FamilyInfo{Name: f.Family}
			byName[f.Family] = fi
		}
		if !slices.Contains(fi.Styles, f.Subfamily) {
			fi.Styles = append(fi.Styles, f.Subfamily)
		}
		if !slices.Contains(fi.Files, f.Path) {
			fi.Files = append(fi.Files, f.Path)
		}
	}
	out := make([]FamilyInfo, 0, len(byName))
	for _, fi := range byName {
		out = append(out, *fi)
	}
	slices.SortFunc(out, func(a, b FamilyInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// FamilyInfo is a family found in the font folders: its styles and files.
type FamilyInfo struct {
	Name   string
	Styles []string
	Files  []string
}

// Family returns the faces of family (any of its names, in any case),
// or none.
func (s *SystemFonts) Family(family string) []SystemFace {
	var out []SystemFace
	for _, f := range s.Faces {
		for _, name := range f.Families {
			if strings.EqualFold(name, strings.TrimSpace(family)) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Closest returns up to n family names found that are closest to family,
// for a message about a family not found.
func (s *SystemFonts) Closest(family string, n int) []string {
	type cand struct {
		name string
		d    int
	}
	var cands []cand
	want := strings.ToLower(family)
	for _, fi := range s.Families() {
		name := strings.ToLower(fi.Name)
		d := editdist.Distance(want, name)
		if strings.Contains(name, want) || strings.Contains(want, name) {
			d = min(d, abs(len(name)-len(want)))
		}
		cands = append(cands, cand{fi.Name, d})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	var out []string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.name)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// styleWeight maps the style names a book may give to a weight and
// slant.
func styleWeight(style string) (weight int, italic, ok bool) {
	s := strings.ToLower(strings.Join(strings.Fields(style), ""))
	italic = strings.Contains(s, "italic") || strings.Contains(s, "oblique")
	s = strings.NewReplacer("italic", "", "oblique", "", "-", "", "_", "").Replace(s)
	weights := map[string]int{"thin": 100, "hairline": 100, "extralight": 200, "ultralight": 200, "light": 300,
		"": 400, "regular": 400, "normal": 400, "book": 400, "medium": 500, "semibold": 600, "demibold": 600,
		"bold": 700, "extrabold": 800, "ultrabold": 800, "black": 900, "heavy": 900}
	weight, ok = weights[s]
	return weight, italic, ok
}

// pick returns the face of faces closest to weight and slant: the slant
// must match; among those, the nearest weight, a face whose subfamily
// names the style exactly first.
func pick(faces []SystemFace, weight int, italic bool, exact int) (SystemFace, bool) {
	best, bestD := SystemFace{}, -1
	for _, f := range faces {
		if f.Italic != italic {
			continue
		}
		d := abs(f.Weight - weight)
		if exact >= 0 && d > exact {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = f, d
		}
	}
	return best, bestD >= 0
}

// faceStyles lists the subfamilies of faces, for a message.
func faceStyles(faces []SystemFace) string {
	var styles []string
	for _, f := range faces {
		s := fmt.Sprintf("%s (weight %d)", f.Subfamily, f.Weight)
		if !slices.Contains(styles, s) {
			styles = append(styles, s)
		}
	}
	return strings.Join(styles, ", ")
}
