package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"hash/adler32"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/pipeline/picture"
)

// smallPDF is a three-page file gopdf writes uncompressed, as Draw has it
// write: text in a subset font, a line, a box.
func smallPDF(t *testing.T) []byte {
	t.Helper()
	var p gopdf.GoPdf
	p.Start(gopdf.Config{PageSize: *gopdf.PageSizeA5, Unit: gopdf.UnitPT})
	p.SetNoCompression()
	if err := p.AddTTFFontData("go", goregular.TTF); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		p.AddPage()
		if err := p.SetFont("go", "", 11); err != nil {
			t.Fatal(err)
		}
		for l := range 20 {
			p.SetXY(50, 50+float64(l)*14)
			if err := p.Text(fmt.Sprintf("page %d, line %d: (parentheses) and \\ backslash", i+1, l)); err != nil {
				t.Fatal(err)
			}
		}
		p.Line(50, 400, 300, 400)
		p.RectFromUpperLeftWithStyle(50, 410, 100, 20, "F")
	}
	var b bytes.Buffer
	if _, err := p.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAssemble checks the rewritten file object by object against gopdf's:
// same objects, same numbers, each where the new table says; streams gopdf
// left uncompressed compressed, to the same bytes with each page's text
// appended to its page's content; everything else as it was.
func TestAssemble(t *testing.T) {
	src := smallPDF(t)
	texts := [][]byte{[]byte("BT (one) Tj ET\n"), nil, []byte("BT (three) Tj ET\n")}
	got, err := assembleBytes(src, texts, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, trailerBefore, err := splitObjects(src)
	if err != nil {
		t.Fatal(err)
	}
	_, pageIDs, err := pageTree(before)
	if err != nil {
		t.Fatal(err)
	}
	contents, err := pageContentIDs(before, pageIDs)
	if err != nil {
		t.Fatal(err)
	}
	textOf := map[int][]byte{}
	for i, id := range contents {
		textOf[id] = texts[i]
	}
	if len(textOf) != 3 {
		t.Fatalf("content objects %v: want one for each of the 3 pages", contents)
	}
	after, trailerAfter, err := splitObjects(got)
	if err != nil {
		t.Fatalf("the rewritten file does not read back: %v", err)
	}
	if !bytes.Equal(trailerBefore, trailerAfter) {
		t.Errorf("trailer changed:\n%s\n%s", trailerBefore, trailerAfter)
	}
	if len(before) != len(after) {
		t.Fatalf("%d objects, want %d", len(after), len(before))
	}
	if !bytes.Equal(before[0].head, after[0].head) {
		t.Errorf("header changed")
	}
	compressed, pages := 0, 0
	for i := range before {
		b, a := before[i].body, after[i].body
		if !bytes.HasPrefix(a, fmt.Appendf(nil, "%d 0 obj\n", i+1)) {
			t.Fatalf("object %d: the table points at %q", i+1, a[:min(len(a), 20)])
		}
		if !bytes.HasPrefix(b[len(fmt.Sprintf("%d 0 obj\n", i+1)):], contentHead) {
			if !bytes.Equal(a, b) {
				t.Errorf("object %d changed", i+1)
			}
			continue
		}
		compressed++
		plain := streamOf(t, b, false)
		if bytes.Contains(plain, []byte("] TJ")) {
			pages++
			if text := textOf[i+1]; text != nil {
				// gopdf ends a stream's last line; the text starts a new one.
				if !bytes.HasSuffix(plain, []byte("\n")) {
					t.Fatalf("object %d: gopdf's stream does not end with a newline", i+1)
				}
				plain = append(slices.Clip(plain), text...)
			}
		}
		if !bytes.Contains(a, []byte("/Filter/FlateDecode")) {
			t.Errorf("object %d: no /Filter: %q", i+1, a[:min(len(a), 60)])
		}
		if inflated := streamOf(t, a, true); !bytes.Equal(inflated, plain) {
			t.Errorf("object %d: the stream inflates to %q, want %q", i+1, inflated, plain)
		}
		if !bytes.HasSuffix(a, []byte("endstream\nendobj\n\n")) {
			t.Errorf("object %d ends with %q", i+1, a[max(0, len(a)-30):])
		}
	}
	// One content stream per page, and the font's ToUnicode map.
	if compressed != 4 || pages != 3 {
		t.Errorf("%d streams compressed, %d of them pages; want 4 and 3", compressed, pages)
	}
	// Running on one core gives the same bytes.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	again, err := assembleBytes(src, texts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, got) {
		t.Errorf("the output depends on GOMAXPROCS")
	}
}

// streamOf returns the data of the stream object obj, inflated if it is
// compressed, using its /Length.
func streamOf(t *testing.T, obj []byte, inflate bool) []byte {
	t.Helper()
	i := bytes.Index(obj, []byte("/Length "))
	if i < 0 {
		t.Fatalf("no /Length in %q", obj[:min(len(obj), 60)])
	}
	var n int
	if _, err := fmt.Sscanf(string(obj[i:]), "/Length %d", &n); err != nil {
		t.Fatal(err)
	}
	s := bytes.Index(obj, []byte("stream\n")) + len("stream\n")
	data := obj[s : s+n]
	if !inflate {
		return data
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAssembleBadInput: a file that is not what gopdf writes gives
// an error, never a panic or a wrong file.
func TestAssembleBadInput(t *testing.T) {
	src := string(smallPDF(t))
	xref := strings.LastIndex(src, "\nxref\n") + 1
	// The edits keep every byte where it was, so that the table stays
	// right and only what they break is wrong.
	head := "<<\n/Length "
	at := strings.Index(src, head) + len(head)
	digits := strings.IndexByte(src[at:], '\n')
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "no startxref"},
		{"no table", "%PDF-1.7\nstartxref\n5\n%%EOF\n", "no cross-reference table"},
		{"startxref past the end", "%PDF-1.7\nstartxref\n999\n%%EOF\n", "out of the file"},
		{"truncated table", src[:xref] + "xref\n0 9\n0000000000 65535 f \n0000000015 00000 n \nstartxref\n" + fmt.Sprint(xref) + "\n%%EOF\n", "entry"},
		{"no trailer", src[:xref] + strings.Replace(src[xref:], "trailer", "trailor", 1), "no trailer"},
		{"object number wrong", strings.Replace(src, "\n2 0 obj\n", "\n2 0 obk\n", 1), "object 2: does not begin"},
		{"length too long", src[:at] + strings.Repeat("9", digits) + src[at+digits:], "runs past its object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assembleBytes([]byte(tt.in), make([][]byte, 3), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// assembleBytes is assemble, writing to memory, given each page's text
// uncompressed.
func assembleBytes(frame []byte, texts [][]byte, pics []rasterPic) ([]byte, error) {
	var z streamCompressor
	adds := make([]pageAddition, len(texts))
	for i, t := range texts {
		var err error
		if adds[i].text, err = z.compressText(t); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	_, err := assemble(newPDFWriter(&b), frame, adds, pics, newStandIn(), picture.Options{}, nil)
	return b.Bytes(), err
}

// A page's text is compressed apart as soon as it is drawn and appended,
// compressed, to its frame's content stream: the stream must inflate,
// checksum included, to the frame's content, the drawings and the text,
// as one.
func TestObjectJoinsCompressedText(t *testing.T) {
	long := strings.Repeat("BT /F1 10 Tf 72 700 Td <00410042> Tj ET\n", 3000) // several deflate blocks
	tests := []struct {
		name, frame, vectors, text, want string
	}{
		{"frame only", "0 0 m 1 1 l S", "", "", "0 0 m 1 1 l S"},
		{"text", "0 0 m 1 1 l S", "", "BT ET", "0 0 m 1 1 l S\nBT ET"},
		{"frame ends a line", "q Q\n", "", "BT ET", "q Q\nBT ET"},
		{"drawings and text", "q Q", "0 0 m f\n", "BT ET", "q Q\n0 0 m f\nBT ET"},
		{"drawings only", "q Q", "0 0 m f\n", "", "q Q\n0 0 m f\n"},
		{"empty frame", "", "", "BT ET", "BT ET"},
		{"long text", "q Q", "", long, "q Q\n" + long},
		{"long frame", long, "", long, long + long},
	}
	var z streamCompressor
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := fmt.Sprintf("7 0 obj\n<<\n/Length %d\n>>\nstream\n%sendstream\nendobj\n", len(tt.frame), tt.frame)
			piece, err := z.compressText([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			out, err := z.object(object{id: 7, body: []byte(body)}, pageAddition{vectors: []byte(tt.vectors), text: piece}, nil)
			if err != nil {
				t.Fatal(err)
			}
			const open = ">>\nstream\n"
			i := bytes.Index(out, []byte(open))
			j := bytes.LastIndex(out, []byte("\nendstream"))
			if i < 0 || j < i {
				t.Fatalf("no stream in %q", out)
			}
			r, err := zlib.NewReader(bytes.NewReader(out[i+len(open) : j]))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r) // checks the Adler-32 checksum
			if err != nil {
				t.Fatalf("inflating: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("inflates to %q, want %q", trim(string(got)), trim(tt.want))
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 60 {
		return s[:30] + "..." + s[len(s)-30:]
	}
	return s
}

func TestAdler32Combine(t *testing.T) {
	long := bytes.Repeat([]byte{0xff}, 70000) // sums past the modulus
	parts := [][]byte{nil, []byte("a"), []byte("Wikipedia"), long, []byte("\n")}
	for _, a := range parts {
		for _, b := range parts {
			want := adler32.Checksum(append(append([]byte{}, a...), b...))
			if got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), int64(len(b))); got != want {
				t.Errorf("combine(%d bytes, %d bytes) = %08x, want %08x", len(a), len(b), got, want)
			}
		}
	}
}
