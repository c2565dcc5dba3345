package site

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/output"
)

// searchFile is the parsed search-index.js of a site.
type searchFile struct {
	Pages []string `json:"pages"`
	Docs  [][]any  `json:"docs"`
	Terms []string `json:"terms"`
	Post  []string `json:"post"`
}

func readIndex(t *testing.T, files []output.File) searchFile {
	t.Helper()
	for _, f := range files {
		if f.Path != "search-index.js" {
			continue
		}
		js := strings.TrimSuffix(strings.TrimPrefix(string(f.Data), "ebookSearchLoaded("), ");\n")
		var ix searchFile
		if err := json.Unmarshal([]byte(js), &ix); err != nil {
			t.Fatalf("search-index.js: %v", err)
		}
		return ix
	}
	t.Fatal("no search-index.js")
	return searchFile{}
}

// TestSearchIndexPostings: the chapters are indexed apart and merged, so
// check the merged index against the documents it lists: the terms are
// sorted and unique, and each term's postings are exactly the documents
// (numbered across the whole book) whose title or text has it.
func TestSearchIndexPostings(t *testing.T) {
	books := []struct {
		name string
		load func(t *testing.T) *book.Book
	}{
		{"feature book", loadFeatureBook},
		{"gopl-zh", func(t *testing.T) *book.Book {
			var d diag.List
			b := book.Load(testenv.CorpusManifest(t), book.Options{}, &d) // skips without the corpus
			if b == nil || d.HasErrors() {
				t.Fatal(d.Items())
			}
			return b
		}},
	}
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			b := bk.load(t)
			files := Write(b, Options{})
			ix := readIndex(t, files)
			if len(ix.Terms) != len(ix.Post) {
				t.Fatalf("%d terms, %d postings", len(ix.Terms), len(ix.Post))
			}
			if !slices.IsSorted(ix.Terms) || len(slices.Compact(slices.Clone(ix.Terms))) != len(ix.Terms) {
				t.Error("terms not sorted or not unique")
			}
			want := map[string][]int{}
			lastPage := 0
			for d, doc := range ix.Docs {
				page := int(doc[0].(float64))
				if page < lastPage || page >= len(ix.Pages) {
					t.Fatalf("doc %d: page %d after %d, of %d", d, page, lastPage, len(ix.Pages))
				}
				lastPage = page
				title, text := doc[2].(string), doc[3].(string)
				tokens(title+"\n"+text, func(s string) {
					if l := want[s]; len(l) == 0 || l[len(l)-1] != d {
						want[s] = append(l, d)
					}
				})
			}
			if lastPage != len(ix.Pages)-1 {
				t.Errorf("the last document is on page %d of %d", lastPage, len(ix.Pages))
			}
			if len(want) != len(ix.Terms) {
				t.Errorf("%d terms, want %d", len(ix.Terms), len(want))
			}
			for i, term := range ix.Terms {
				var got []int
				d := 0
				for _, s := range strings.Split(ix.Post[i], ",") {
					n, err := strconv.Atoi(s)
					if err != nil {
						t.Fatalf("term %q: postings %q: %v", term, ix.Post[i], err)
					}
					d += n
					got = append(got, d)
				}
				if !slices.Equal(got, want[term]) {
					t.Errorf("term %q: documents %v, want %v", term, got, want[term])
				}
			}
		})
	}
}

// TestSameSiteWhateverGOMAXPROCS: pages and the search index are made on
// every core and merged in the chapters' order.
func TestSameSiteWhateverGOMAXPROCS(t *testing.T) {
	b := loadFeatureBook(t)
	var first []output.File
	for _, procs := range []int{1, 2, 4} {
		prev := runtime.GOMAXPROCS(procs)
		files := Write(b, Options{})
		runtime.GOMAXPROCS(prev)
		if first == nil {
			first = files
			continue
		}
		if len(files) != len(first) {
			t.Fatalf("GOMAXPROCS=%d: %d files, %d with 1", procs, len(files), len(first))
		}
		for i, f := range files {
			if f.Path != first[i].Path || !bytes.Equal(f.Data, first[i].Data) {
				t.Errorf("GOMAXPROCS=%d: %s differs from the site made with 1", procs, f.Path)
			}
		}
	}
}

// TestChapterPanicLeaksNothing: a chapter whose page or search entry
// panics (here a nil block, as a bug would leave) passes the panic on to
// Write's caller, and no goroutine of Write's is left waiting for it.
func TestChapterPanicLeaksNothing(t *testing.T) {
	b := loadFeatureBook(t)
	ch := b.Chapters[len(b.Chapters)/2]
	ch.Blocks = append(ch.Blocks, nil)
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Write returned despite the chapter's panic")
			}
		}()
		Write(b, Options{})
	}()
	// The workers under way finish their chapter before they stop.
	left := ""
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		left = writeGoroutines()
		if left == "" {
			return
		}
	}
	t.Errorf("goroutines of Write left after the panic:\n%s", left)
}

// writeGoroutines returns the stacks of the goroutines running in Write
// or started by it.
func writeGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "site.Write") || strings.Contains(g, "parallel.") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

// TestIsHan: isHan's shortcuts agree with Unicode's tables.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
		if isHan(r) != want {
			t.Fatalf("isHan(%U) = %v, want %v", r, !want, want)
		}
	}
}

// TestLower: lower is strings.ToLower, and addText keeps what it is given
// but for runs of white space.
func TestLower(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		all.WriteRune(r)
	}
	for _, s := range []string{"", "abc", "ABC def", "Go语言圣经 Strings.Builder", "İSTANBUL ΣΑΣ", "bad \xff\xfe byte\xc3", all.String()} {
		if got, want := lower(s), strings.ToLower(s); got != want {
			t.Errorf("lower(%.40q) differs from strings.ToLower", s)
		}
		var got, want strings.Builder
		addText(&got, s)
		space := true
		for _, r := range s {
			if unicode.IsSpace(r) {
				if !space {
					want.WriteByte(' ')
				}
				space = true
				continue
			}
			space = false
			want.WriteRune(r)
		}
		if got.String() != want.String() {
			t.Errorf("addText(%.40q) = %.40q, want %.40q", s, got.String(), want.String())
		}
	}
}
