package fonts

import (
	_ "embed"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavusansmonobold"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The CJK faces travel in the binary, so that a plain `go install` gives a
// tool that needs no system fonts. The Latin and symbol faces come from Go
// modules as byte slices.
var (
	//go:embed LXGWWenKai-Regular.ttf
	wenkaiRegular []byte
	//go:embed LXGWWenKai-Bold.ttf
	wenkaiBold []byte
)

// builtinFamily is a default family: its faces' data by style (nil for a
// style the family lacks).
type builtinFamily struct {
	name  string
	faces [NumStyles][]byte
}

// builtinChains returns the default chain of each role:
//
//	body, heading, quote: Go -> LXGW WenKai -> DejaVu Sans
//	code:                 Go Mono -> LXGW WenKai -> DejaVu Sans Mono
//
// Go draws Latin, Greek and Cyrillic text, WenKai Chinese (and Japanese
// kana), DejaVu the arrows, box drawing, mathematical and other symbols the
// first two lack.
func builtinChains() [NumRoles][]builtinFamily {
	goFam := builtinFamily{"Go", [NumStyles][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF}}
	goMono := builtinFamily{"Go Mono", [NumStyles][]byte{Regular: gomono.TTF, Bold: gomonobold.TTF}}
	wenkai := builtinFamily{"LXGW WenKai", [NumStyles][]byte{Regular: wenkaiRegular, Bold: wenkaiBold}}
	dejavu := builtinFamily{"DejaVu Sans", [NumStyles][]byte{Regular: dejavusans.TTF, Bold: dejavusansbold.TTF}}
	dejavuMono := builtinFamily{"DejaVu Sans Mono", [NumStyles][]byte{Regular: dejavusansmono.TTF, Bold: dejavusansmonobold.TTF}}
	return [NumRoles][]builtinFamily{
		Body:    {goFam, wenkai, dejavu},
		Heading: {goFam, wenkai, dejavu},
		Code:    {goMono, wenkai, dejavuMono},
		Quote:   {goFam, wenkai, dejavu},
	}
}

// builtinKai is the built-in Kai family, LXGW WenKai: the quote role's
// Chinese face beside a book's own body faces.
func builtinKai() builtinFamily { return builtinChains()[Body][1] }
