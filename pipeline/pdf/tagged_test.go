package pdf

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestTagged checks the tagged PDF of each book with a reading of the
// file by qpdf, for the machine-checkable conditions of the Matterhorn
// Protocol that apply: the catalog is marked and has a structure tree,
// metadata and a language; every painting operator is in a marked-content
// sequence; every MCID is reachable from the tree and its parent tree
// entry names the element that holds it; every page has /Tabs /S; every
// Figure has /Alt; every table's rows have as many cells. And no marked
// content is left without a node of the document model (stray).
func TestTagged(t *testing.T) {
	for name, manifest := range testBooks() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bk := buildPDF(t, name, manifest(t))
			if _, stray := newTreeBuilder(tagging{book: bk.b, pages: planTags(bk.d)}).build(); stray > 0 {
				t.Errorf("%d marked-content sequences show no node of the document model", stray)
			}
			if errs := checkTags(t, bk.path, false); len(errs) > 0 {
				t.Errorf("%d problems, the first: %s", len(errs), strings.Join(errs[:min(len(errs), 10)], "\n"))
			}
		})
	}
}

var (
	reMarked = regexp.MustCompile(`(?m)^(?:/(\w+) <</MCID (\d+)(?: /ActualText <[0-9A-F]*>)?>> BDC|/(\w+) BMC|EMC|.*\b(TJ|Tj|Do|S|f|F|B|re f)\s*)$`)
)

// checkTags reads the file at path with qpdf and returns what breaks the
// rules TestTagged checks; and, when ua, those PDF/UA-1 adds: the claim in
// the XMP metadata, the title shown, headings nested (the first an H1, no
// level skipped). pdfinfo -struct-text, which reads the tree as poppler
// does, must not complain.
func checkTags(t *testing.T, path string, ua bool) []string {
	t.Helper()
	out, stderr, err := runTool(t, "qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", path)
	if err != nil {
		t.Fatalf("qpdf --json: %v\n%s", err, stderr)
	}
	var f struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	var raw map[string]struct {
		Value  any `json:"value"`
		Stream struct {
			Dict map[string]any `json:"dict"`
			Data string         `json:"data"`
		} `json:"stream"`
	}
	if err := json.Unmarshal(f.QPDF[1], &raw); err != nil {
		t.Fatal(err)
	}
	obj := func(ref any) map[string]any {
		if s, ok := ref.(string); ok {
			o := raw["obj:"+s]
			if o.Value != nil {
				d, _ := o.Value.(map[string]any)
				return d
			}
			return o.Stream.Dict
		}
		d, _ := ref.(map[string]any)
		return d
	}
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	trailer := obj(raw["trailer"].Value)
	cat := obj(trailer["/Root"])
	if mi := obj(cat["/MarkInfo"]); mi["/Marked"] != true {
		bad("catalog: /MarkInfo %v", cat["/MarkInfo"])
	}
	if cat["/Lang"] == nil {
		bad("catalog: no /Lang")
	}
	if md, ok := cat["/Metadata"].(string); !ok || raw["obj:"+md].Stream.Data == "" {
		bad("catalog: no /Metadata stream")
	}
	if md, ok := cat["/Metadata"].(string); ok && ua {
		xmp, _ := base64.StdEncoding.DecodeString(raw["obj:"+md].Stream.Data)
		if !strings.Contains(string(xmp), "<pdfuaid:part>1</pdfuaid:part>") || !strings.Contains(string(xmp), "<dc:title>") {
			bad("XMP metadata without pdfuaid:part 1 or dc:title")
		}
	}
	if vp := obj(cat["/ViewerPreferences"]); vp["/DisplayDocTitle"] != true {
		bad("catalog: /ViewerPreferences %v", cat["/ViewerPreferences"])
	}
	if _, stderr, err := runTool(t, "pdfinfo", "-struct-text", path); err != nil || strings.TrimSpace(stderr) != "" {
		bad("pdfinfo -struct-text: %v %s", err, stderr)
	}
	root := obj(cat["/StructTreeRoot"])
	if root == nil {
		return append(errs, "no structure tree")
	}
	lastHeading := 0
	// The tree: which element holds each page's MCIDs.
	type key struct {
		page string
		mcid int
	}
	holder := map[key]string{}
	objrs := map[string]string{}    // annotation → the element that refers to it
	parentOf := map[string]string{} // element → its parent element
	var walk func(ref any, pg string)
	walk = func(ref any, pg string) {
		e := obj(ref)
		if p, ok := e["/Pg"].(string); ok {
			pg = p
		}
		if h, ok := e["/S"].(string); ok && ua && len(h) == 3 && h[:2] == "/H" && h[2] >= '1' && h[2] <= '6' {
			level := int(h[2] - '0')
			if lastHeading == 0 && level != 1 || level > lastHeading+1 {
				bad("%s %v after H%d", h, ref, lastHeading)
			}
			lastHeading = level
		}
		switch e["/S"] {
		case "/Figure":
			if e["/Alt"] == nil {
				bad("Figure %v without /Alt", ref)
			}
		case "/Table":
			cells := -1
			var carry [][2]int // colspan, rows left
			var rows func(any)
			rows = func(k any) {
				for _, c := range asList(k) {
					ce := obj(c)
					switch ce["/S"] {
					case "/THead", "/TBody", "/TFoot":
						rows(ce["/K"])
					case "/TR":
						// Cells of rows above that span this one count.
						n := 0
						var still [][2]int
						for _, c := range carry {
							n += c[0]
							if c[1] > 1 {
								still = append(still, [2]int{c[0], c[1] - 1})
							}
						}
						carry = still
						for _, cc := range asList(ce["/K"]) {
							span, rows := 1.0, 1.0
							if a := obj(obj(cc)["/A"]); a != nil {
								if v, ok := a["/ColSpan"].(float64); ok {
									span = v
								}
								if v, ok := a["/RowSpan"].(float64); ok {
									rows = v
								}
							}
							n += int(span)
							if rows > 1 {
								carry = append(carry, [2]int{int(span), int(rows) - 1})
							}
						}
						if cells >= 0 && n != cells {
							bad("table %v: rows of %d and %d cells", ref, cells, n)
						}
						cells = n
					}
				}
			}
			rows(e["/K"])
		}
		for _, k := range asList(e["/K"]) {
			switch k := k.(type) {
			case float64:
				holder[key{pg, int(k)}] = ref.(string)
			case string:
				parentOf[k] = ref.(string)
				walk(k, pg)
			case map[string]any:
				if k["/Type"] == "/OBJR" {
					objrs[k["/Obj"].(string)] = ref.(string)
					continue
				}
				p, _ := k["/Pg"].(string)
				if p == "" {
					p = pg
				}
				m, _ := k["/MCID"].(float64)
				holder[key{p, int(m)}] = ref.(string)
			}
		}
	}
	walk(root["/K"], "")
	nums := asList(obj(root["/ParentTree"])["/Nums"])
	parents := map[int][]any{}
	for i := 0; i+1 < len(nums); i += 2 {
		n, _ := nums[i].(float64)
		parents[int(n)] = asList(nums[i+1])
	}
	pages := asList(obj(cat["/Pages"])["/Kids"])
	for pi, pref := range pages {
		page := obj(pref)
		if page["/Tabs"] != "/S" {
			bad("page %d: /Tabs %v", pi+1, page["/Tabs"])
		}
		var content strings.Builder
		for _, c := range asList(page["/Contents"]) {
			data, err := base64.StdEncoding.DecodeString(raw["obj:"+c.(string)].Stream.Data)
			if err != nil {
				t.Fatal(err)
			}
			content.Write(data)
		}
		depth := 0
		var mcids []int
		var open []int      // the MCID of each sequence open, -1 for an artifact's
		pictures := []int{} // the MCIDs of sequences that draw a picture
		for _, m := range reMarked.FindAllStringSubmatch(content.String(), -1) {
			switch {
			case m[1] != "":
				depth++
				id, _ := strconv.Atoi(m[2])
				mcids = append(mcids, id)
				open = append(open, id)
			case m[3] != "":
				depth++
				open = append(open, -1)
			case m[0] == "EMC":
				depth--
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			default:
				if depth <= 0 {
					bad("page %d: %q outside marked content", pi+1, m[0])
				}
				if m[4] == "Do" && len(open) > 0 && open[len(open)-1] >= 0 {
					pictures = append(pictures, open[len(open)-1])
				}
			}
		}
		// A picture, in a paragraph too, is a Figure, which has /Alt.
		for _, id := range pictures {
			if h, ok := holder[key{pref.(string), id}]; ok && obj(h)["/S"] != "/Figure" {
				bad("page %d: MCID %d draws a picture in a %v element, not a Figure", pi+1, id, obj(h)["/S"])
			}
		}
		if depth != 0 {
			bad("page %d: marked content left open (%d)", pi+1, depth)
		}
		// Every link annotation is in a Link element, which refers
		// to it, and the parent tree says so; it describes itself.
		for _, a := range asList(page["/Annots"]) {
			an := obj(a)
			if an["/Subtype"] != "/Link" {
				continue
			}
			if an["/Contents"] == nil {
				bad("page %d: link %v without /Contents", pi+1, a)
			}
			e, ok := objrs[a.(string)]
			if !ok || obj(e)["/S"] != "/Link" {
				bad("page %d: link %v not in a Link element (%v)", pi+1, a, e)
				continue
			}
			if p := parentOf[e]; obj(p)["/S"] == "/Figure" {
				bad("page %d: link %v in a Link inside a Figure: a picture in a link is a Figure in the Link", pi+1, a)
			}
			k, ok := an["/StructParent"].(float64)
			if ps := parents[int(k)]; !ok || len(ps) != 1 || ps[0] != e {
				bad("page %d: link %v: /StructParent %v, the parent tree does not name %s", pi+1, a, an["/StructParent"], e)
			}
		}
		sp, ok := page["/StructParents"].(float64)
		if len(mcids) > 0 && !ok {
			bad("page %d: MCIDs but no /StructParents", pi+1)
			continue
		}
		for _, id := range mcids {
			h, ok := holder[key{pref.(string), id}]
			if !ok {
				bad("page %d: MCID %d not in the structure tree", pi+1, id)
				continue
			}
			if ps := parents[int(sp)]; id >= len(ps) || ps[id] != h {
				bad("page %d: MCID %d: the parent tree does not name %s", pi+1, id, h)
			}
		}
	}
	return errs
}

// asList returns v as an array: v itself when it is one, else [v].
func asList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}
