package epub

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/internal/unique"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
)

// The EPUB embeds one TrueType subset per face it uses, holding exactly the
// characters the book sets in that face, and gives each role a font-family
// stack over them. A reading system picks, for each character, the first
// family of the stack whose font has it; because each subset has only the
// characters assigned to its face, that is the face fonts.Set.Face chose,
// the one the PDF uses too.

// fontFile is an embedded subset.
type fontFile struct {
	name  string // file name in the fonts folder
	face  *fonts.Face
	runes []rune
	data  []byte
}

// fontPlan is what the EPUB embeds: the subsets and the style sheet rules
// that use them.
type fontPlan struct {
	files []*fontFile
	css   string
}

// planFonts decides the subsets and writes the CSS, then makes the subsets
// (several at a time).
func (w *writer) planFonts() (*fontPlan, error) {
	set := w.opts.Fonts
	u := w.opts.Usage
	if u == nil {
		u = fonts.ScanBook(w.book, set)
	}
	u = u.Clone()
	w.addEPUBText(u)

	g := newGrouping(set, u)
	g.resolve()

	plan := &fontPlan{}
	files := map[groupKey]*fontFile{}
	used := unique.New(true)
	for _, f := range set.Faces() {
		for _, grp := range g.groupsOf(f) {
			runes := g.runes(f, grp)
			if len(runes) == 0 && !g.declared[f.ID()] {
				continue
			}
			ff := &fontFile{name: fontName(f, used), face: f, runes: runes}
			files[groupKey{f.ID(), grp}] = ff
			plan.files = append(plan.files, ff)
		}
	}
	plan.css = g.css(files)

	// The largest subsets start first, so that the CJK faces, which take
	// most of the time, do not wait behind the small ones.
	order := make([]int, len(plan.files))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(plan.files[order[a]].runes) > len(plan.files[order[b]].runes) })
	errs := make([]error, len(plan.files))
	parallel.Each(len(order), func(k int) {
		ff := plan.files[order[k]]
		ff.data, errs[order[k]] = ff.face.Subset(ff.runes)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// addEPUBText records the text the EPUB adds to the book's own: the
// headings and labels of the navigation document and the labels of the
// footnotes' links back to their references.
func (w *writer) addEPUBText(u *fonts.Usage) {
	tag := w.book.Manifest.Language
	l := lang.LabelsFor(tag)
	root := fonts.Root(tag)
	heading := root
	heading.Role, heading.Style = fonts.Heading, fonts.Bold
	at := diag.Pos{Path: w.book.Manifest.Path}
	u.AddText(heading, l.Contents+l.Landmarks, at)
	u.AddText(root, l.Contents+l.Cover+l.Start, at)
	if w.book.HasCallouts() {
		// The callouts' titles (render writes them in bold), whichever
		// the book has: five short words.
		bold := root
		bold.Style = fonts.Bold
		alerts := lang.VarietyOf(tag).Alerts()
		u.AddText(bold, strings.Join(alerts[:], ""), at)
	}
	for _, ch := range w.book.Chapters {
		for _, fn := range ch.Footnotes {
			label := strconv.Itoa(fn.Index) + " "
			if len(fn.RefIDs) > 1 {
				for i := range fn.RefIDs {
					label += string(rune('a' + i%26))
				}
			}
			u.AddText(root, label, at)
		}
	}
}

// fontName gives a subset its file name: the face's PostScript name, made
// safe and unique.
func fontName(f *fonts.Face, used *unique.Names) string {
	stem := strings.Trim(unsafeName.ReplaceAllString(f.PostScriptName, "_"), "._-")
	if stem == "" {
		stem = "font"
	}
	return used.Unique(stem+".ttf", 2, func(i int) string { return fmt.Sprintf("%s-%d.ttf", stem, i) })
}

// grouping decides which roles share a face's subset. A face used by
// several roles normally has one subset, the union of what they set in it.
// That fails when a character one role sets in a face is set by another
// role in a later face of its chain: the reading system would find it in
// the shared subset first. (The default chains never do this; a book's own
// chains can, for instance with one font early in one chain and late in
// another.) Such a role then gets a subset of the face of its own.
type grouping struct {
	set *fonts.Set
	u   *fonts.Usage
	// group[face][role] numbers the subset of face that role uses; roles
	// with the same number share it. -1: the role does not use the face.
	group [][fonts.NumRoles]int
	// declared marks faces the style sheet must declare even when no
	// character is set in them, so that a reading system matching a style
	// finds the face the chain has, not a sibling face (see css).
	declared map[int]bool
	// styles marks the styles each role sets text in.
	styles [fonts.NumRoles][fonts.NumStyles]bool
}

type groupKey struct{ face, group int }

func newGrouping(set *fonts.Set, u *fonts.Usage) *grouping {
	g := &grouping{set: set, u: u, group: make([][fonts.NumRoles]int, len(set.Faces())), declared: map[int]bool{}}
	for role := fonts.Role(0); role < fonts.NumRoles; role++ {
		for style := fonts.Style(0); style < fonts.NumStyles; style++ {
			for _, f := range set.Chain(role, style) {
				if len(u.RunesIn(f, role, style)) > 0 {
					g.styles[role][style] = true
				}
			}
		}
	}
	for i := range g.group {
		for role := range g.group[i] {
			g.group[i][role] = -1
		}
	}
	// A role declares the faces of a family it sets text in: for every
	// style it uses, the face the chain takes, even when that face has
	// no character of its own. A family none of whose faces it uses
	// stays out of its stack.
	for role := fonts.Role(0); role < fonts.NumRoles; role++ {
		for _, fam := range set.Families(role) {
			var faces []*fonts.Face
			used := false
			for style := fonts.Style(0); style < fonts.NumStyles; style++ {
				if !g.styles[role][style] {
					continue
				}
				f := fam.Face(style)
				faces = append(faces, f)
				for st := fonts.Style(0); st < fonts.NumStyles; st++ {
					used = used || len(u.RunesIn(f, role, st)) > 0
				}
			}
			if !used {
				continue
			}
			for _, f := range faces {
				g.group[f.ID()][role] = 0
				g.declared[f.ID()] = true
			}
		}
	}
	return g
}

// groupsOf lists the subset numbers of face f.
func (g *grouping) groupsOf(f *fonts.Face) []int {
	var out []int
	for _, grp := range g.group[f.ID()] {
		if grp >= 0 && !slices.Contains(out, grp) {
			out = append(out, grp)
		}
	}
	sort.Ints(out)
	return out
}

// runes returns the characters of subset grp of face f.
func (g *grouping) runes(f *fonts.Face, grp int) []rune {
	var all []rune
	for role, gr := range g.group[f.ID()] {
		if gr != grp {
			continue
		}
		for style := fonts.Style(0); style < fonts.NumStyles; style++ {
			all = append(all, g.u.RunesIn(f, fonts.Role(role), style)...)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// resolve splits subsets until no reading system can take a character from
// a face earlier in a stack than the one the chain chose.
func (g *grouping) resolve() {
	for range len(g.group) * int(fonts.NumRoles) {
		role, f, ok := g.conflict()
		if !ok {
			return
		}
		next := 0
		for _, gr := range g.group[f.ID()] {
			next = max(next, gr+1)
		}
		g.group[f.ID()][role] = next
	}
}

// conflict finds a role and a face whose shared subset holds a character
// the role sets in a later face.
func (g *grouping) conflict() (fonts.Role, *fonts.Face, bool) {
	cache := map[groupKey]map[rune]bool{}
	has := func(f *fonts.Face, grp int, r rune) bool {
		k := groupKey{f.ID(), grp}
		m := cache[k]
		if m == nil {
			m = map[rune]bool{}
			for _, x := range g.runes(f, grp) {
				m[x] = true
			}
			cache[k] = m
		}
		return m[r]
	}
	for role := fonts.Role(0); role < fonts.NumRoles; role++ {
		for style := fonts.Style(0); style < fonts.NumStyles; style++ {
			chain := g.set.Chain(role, style)
			for k, f := range chain {
				for _, r := range g.u.RunesIn(f, role, style) {
					for _, earlier := range chain[:k] {
						grp := g.group[earlier.ID()][role]
						if grp < 0 {
							continue
						}
						if has(earlier, grp, r) {
							if others := g.sharers(earlier, grp); others > 1 {
								return role, earlier, true
							}
						}
					}
				}
			}
		}
	}
	return 0, nil, false
}

// sharers counts the roles using subset grp of face f.
func (g *grouping) sharers(f *fonts.Face, grp int) int {
	n := 0
	for _, gr := range g.group[f.ID()] {
		if gr == grp {
			n++
		}
	}
	return n
}

// css writes the @font-face rules and the font-family stacks.
//
// Each family of a chain becomes a CSS family whose @font-face rules
// declare, by weight and style, the faces the role uses: the face the chain
// takes for each style the role sets text in (a family without an italic
// face declares its regular face for italic text, which the reader then
// slants). Roles whose subsets of a family's faces differ get separate CSS
// families.
func (g *grouping) css(files map[groupKey]*fontFile) string {
	var b strings.Builder
	b.WriteString("\n/* Fonts: subsets of the book's faces, holding only the characters set in\n   each. Each stack lists them in the order of the role's fallback chain. */\n")
	// A CSS family for each family of the chains; roles share it unless
	// they use different subsets of one of its faces (see grouping).
	type cssFamily struct {
		fam    *fonts.Family
		name   string
		groups map[int]int // subset number by face ID
		faces  map[fonts.Style]*fontFile
	}
	var families []*cssFamily
	names := map[string]bool{}
	var stacks [fonts.NumRoles][]string
	for role := fonts.Role(0); role < fonts.NumRoles; role++ {
		for _, fam := range g.set.Families(role) {
			faces := map[fonts.Style]*fontFile{}
			groups := map[int]int{}
			for style := fonts.Style(0); style < fonts.NumStyles; style++ {
				if !g.styles[role][style] {
					continue
				}
				f := fam.Face(style)
				grp := g.group[f.ID()][role]
				if ff := files[groupKey{f.ID(), grp}]; ff != nil {
					faces[slotOf(fam, f)] = ff
					groups[f.ID()] = grp
				}
			}
			if len(faces) == 0 {
				continue
			}
			var cf *cssFamily
			for _, c := range families {
				if c.fam != fam {
					continue
				}
				compatible := true
				for id, grp := range groups {
					if have, ok := c.groups[id]; ok && have != grp {
						compatible = false
					}
				}
				if compatible {
					cf = c
					break
				}
			}
			if cf == nil {
				cf = &cssFamily{fam: fam, name: fam.Name, groups: map[int]int{}, faces: map[fonts.Style]*fontFile{}}
				for i := 2; names[cf.name]; i++ {
					cf.name = fmt.Sprintf("%s %d", fam.Name, i)
				}
				names[cf.name] = true
				families = append(families, cf)
			}
			for id, grp := range groups {
				cf.groups[id] = grp
			}
			for style, ff := range faces {
				cf.faces[style] = ff
			}
			stacks[role] = append(stacks[role], cssString(cf.name))
		}
	}
	for _, cf := range families {
		for style := fonts.Style(0); style < fonts.NumStyles; style++ {
			ff := cf.faces[style]
			if ff == nil {
				continue
			}
			weight, fstyle := "normal", "normal"
			if style&fonts.Bold != 0 {
				weight = "bold"
			}
			if style&fonts.Italic != 0 {
				fstyle = "italic"
			}
			fmt.Fprintf(&b, "@font-face {\n  font-family: %s;\n  font-weight: %s;\n  font-style: %s;\n  src: url(\"../fonts/%s\") format(\"truetype\");\n}\n",
				cssString(cf.name), weight, fstyle, ff.name)
		}
	}
	rules := [fonts.NumRoles]struct{ selector, generic string }{
		fonts.Body:    {"body", "sans-serif"},
		fonts.Heading: {"h1, h2, h3, h4, h5, h6", "sans-serif"},
		fonts.Code:    {"code, kbd, pre", "monospace"},
		// Emphasis in the quote face (class kai, fonts.EmphQuote) too.
		fonts.Quote: {"blockquote, figcaption, caption, em.kai", "sans-serif"},
	}
	for role, r := range rules {
		if fonts.Role(role) == fonts.Quote && slices.Equal(stacks[fonts.Quote], stacks[fonts.Body]) {
			continue // the body's rule sets them already
		}
		fmt.Fprintf(&b, "%s { font-family: %s; }\n", r.selector, strings.Join(append(stacks[role], r.generic), ", "))
	}
	return b.String()
}

// slotOf returns the style under which family fam holds face f.
func slotOf(fam *fonts.Family, f *fonts.Face) fonts.Style {
	for style, face := range fam.Faces {
		if face == f {
			return fonts.Style(style)
		}
	}
	return fonts.Regular
}

// cssString quotes s as a CSS string.
func cssString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ").Replace(s) + `"`
}
