package testenv

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"net/url"
	"path"
	"strings"
	"testing"
)

// Unzip returns the entries of the zip archive data (an EPUB, a site's
// zip) by name.
func Unzip(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return files
}

// VerifyEPUB checks an EPUB the way a reading system would rely on it, and
// returns its files: the container layout, well-formed XML everywhere, a
// language on every document, ids unique and valid (not empty, no white
// space), and every link and image resolving.
func VerifyEPUB(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
		t.Fatal("the first entry is not a stored mimetype")
	}
	// No extra field on the mimetype entry: its local header's extra
	// length (offset 28) is zero.
	if binary.LittleEndian.Uint16(data[28:30]) != 0 {
		t.Error("the mimetype entry has an extra field")
	}
	files := Unzip(t, data)
	if string(files["mimetype"]) != "application/epub+zip" {
		t.Errorf("mimetype is %q", files["mimetype"])
	}
	ids := map[string]map[string]bool{}
	type ref struct{ from, to string }
	var refs []ref
	for name, content := range files {
		ext := path.Ext(name)
		if ext != ".xhtml" && ext != ".opf" && ext != ".ncx" && ext != ".xml" && ext != ".svg" {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(content))
		dec.Strict = true
		ids[name] = map[string]bool{}
		root := true
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if root && ext == ".xhtml" {
				if attr(se, "lang") == "" || attr(se, "xml:lang") == "" && attrNS(se, "http://www.w3.org/XML/1998/namespace", "lang") == "" {
					t.Errorf("%s: <html> has no lang and xml:lang", name)
				}
			}
			root = false
			if id, ok := attrOK(se, "id"); ok {
				if id == "" || strings.ContainsAny(id, " \t\n\f\r") {
					t.Errorf("%s: invalid id %q (ids are not empty and hold no white space)", name, id)
				}
				if ids[name][id] {
					t.Errorf("%s: id %q twice", name, id)
				}
				ids[name][id] = true
			}
			for _, key := range []string{"href", "src"} {
				if v := attr(se, key); v != "" && ext == ".xhtml" && se.Name.Local != "link" || key == "href" && se.Name.Local == "link" && v != "" {
					refs = append(refs, ref{name, v})
				}
			}
			if se.Name.Local == "content" && ext == ".ncx" {
				refs = append(refs, ref{name, attr(se, "src")})
			}
		}
	}
	for _, r := range refs {
		u, err := url.Parse(r.to)
		if err != nil {
			t.Errorf("%s: bad URL %q", r.from, r.to)
			continue
		}
		if u.Scheme != "" {
			continue
		}
		target := r.from
		if u.Path != "" {
			target = path.Join(path.Dir(r.from), u.Path)
		}
		if _, ok := files[target]; !ok {
			t.Errorf("%s: %q points at missing %s", r.from, r.to, target)
			continue
		}
		if u.Fragment != "" && !ids[target][u.Fragment] {
			t.Errorf("%s: %q points at missing id %q in %s", r.from, r.to, u.Fragment, target)
		}
	}
	return files
}

// attrOK returns the attribute name of se and whether it is there.
func attrOK(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && (a.Name.Space == "" || name == "lang") {
			return a.Value
		}
	}
	return ""
}

func attrNS(se xml.StartElement, space, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}
