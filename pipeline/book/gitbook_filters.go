package book

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Nunjucks' filters on the variables of GitBook's and HonKit's templates,
// {{ book.NAME | trim | upper }}, as nunjucks/src/filters.js defines them:
// JavaScript's values (text, numbers, booleans, null, undefined), its
// strings counted in UTF-16 code units, and its "safe" strings, which a
// later escape leaves alone. HonKit renders pages with autoescape off, so
// a value is put in as it is and only escape turns <, >, &, " and ' into
// HTML's entities, which the Markdown then reads as those characters.
// Where Nunjucks would throw (an unknown filter, a number given to
// upper), HonKit stops the build; here the expression is shown as written
// with a warning.

// supportedFilters are the filters supported, in the order the warning
// about others names them, each with its alias and the least and most
// arguments it takes: the one list of them (applyFilter implements each).
var supportedFilters = []struct {
	name, alias string
	min, max    int
}{
	{"capitalize", "", 0, 0}, {"default", "d", 1, 2}, {"escape", "e", 0, 0},
	{"int", "", 0, 1}, {"length", "", 0, 0}, {"lower", "", 0, 0},
	{"replace", "", 2, 3}, {"safe", "", 0, 0}, {"string", "", 0, 0},
	{"title", "", 0, 0}, {"trim", "", 0, 0}, {"truncate", "", 0, 3},
	{"upper", "", 0, 0},
}

// filterNames lists the filters supported, for the warning about others:
// "capitalize, default (d), ...".
func filterNames() string {
	names := make([]string, len(supportedFilters))
	for i, f := range supportedFilters {
		names[i] = f.name
		if f.alias != "" {
			names[i] += " (" + f.alias + ")"
		}
	}
	return strings.Join(names, ", ")
}

// valueKind is the JavaScript type of a value.
type valueKind uint8

const (
	undefinedValue valueKind = iota
	nullValue
	boolValue
	numberValue
	textValue
)

// value is a JavaScript value in a template expression.
type value struct {
	kind valueKind
	s    string  // textValue
	n    float64 // numberValue
	b    bool    // boolValue
	safe bool    // a text marked safe (safe, escape): escape leaves it
}

func text(s string) value { return value{kind: textValue, s: s} }

func number(n float64) value { return value{kind: numberValue, n: n} }

// String is the value as Nunjucks writes it out: undefined and null as
// nothing.
func (v value) String() string {
	switch v.kind {
	case textValue:
		return v.s
	case numberValue:
		return jsNumber(v.n)
	case boolValue:
		return strconv.FormatBool(v.b)
	}
	return ""
}

// truthy is JavaScript's truth of v.
func (v value) truthy() bool {
	switch v.kind {
	case textValue:
		return v.s != ""
	case numberValue:
		return v.n != 0 && !math.IsNaN(v.n)
	case boolValue:
		return v.b
	}
	return false
}

// typeName names v's type in a message.
func (v value) typeName() string {
	return [...]string{"undefined", "null", "a boolean", "a number", "text"}[v.kind]
}

// filterCall is one filter of an expression, | name(args).
type filterCall struct {
	name string
	off  int // of the name in the expression's filters
	args []filterArg
}

// filterArg is an argument: a literal, or a variable of the book, the
// page or the file.
type filterArg struct {
	lit      value
	variable string
}

// exprError is a problem at offset off of an expression's filters.
type exprError struct {
	off int
	msg string
}

// parseFilters reads s, the filters of a variable as written
// ("| trim | replace('a', \"b\")"), as Nunjucks' lexer and parser read
// them.
func parseFilters(s string) ([]filterCall, *exprError) {
	p := filterParser{s: s}
	var calls []filterCall
	for {
		p.space()
		if p.i == len(p.s) {
			return calls, nil
		}
		if p.s[p.i] != '|' {
			return nil, &exprError{p.i, fmt.Sprintf("%q where a filter's | was expected", p.rest())}
		}
		p.i++
		p.space()
		at := p.i
		name := p.ident(false)
		if name == "" {
			return nil, &exprError{at, "a | without a filter's name"}
		}
		c := filterCall{name: name, off: at}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '(' {
			p.i++
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			c.args = args
		}
		calls = append(calls, c)
	}
}

// filterParser reads the filters of an expression.
type filterParser struct {
	s string
	i int
}

func (p *filterParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *filterParser) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20] + "…"
	}
	return r
}

// ident reads a name, dotted as Nunjucks reads a filter's name or a
// variable (book.links.home); with dash, a variable's name may hold "-"
// as {{ book.NAME }}'s does.
func (p *filterParser) ident(dash bool) string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || p.i > start && ('0' <= c && c <= '9' || c == '.' || dash && c == '-') {
			p.i++
			continue
		}
		break
	}
	return strings.TrimRight(p.s[start:p.i], ".-")
}

// args reads a filter's arguments after its "(", to its ")".
func (p *filterParser) args() ([]filterArg, *exprError) {
	var args []filterArg
	for {
		p.space()
		if p.i == len(p.s) {
			return nil, &exprError{p.i, "a filter's ( without its )"}
		}
		if p.s[p.i] == ')' && len(args) == 0 {
			p.i++
			return args, nil
		}
		a, err := p.arg()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.space()
		switch {
		case p.i == len(p.s):
			return nil, &exprError{p.i, "a filter's ( without its )"}
		case p.s[p.i] == ',':
			p.i++
		case p.s[p.i] == ')':
			p.i++
			return args, nil
		case p.s[p.i] == '=':
			return nil, &exprError{p.i, "keyword arguments are not supported"}
		default:
			return nil, &exprError{p.i, fmt.Sprintf("%q where a , or ) was expected", p.rest())}
		}
	}
}

// arg reads one argument: a quoted text, a number, true, false, none, or
// a variable.
func (p *filterParser) arg() (filterArg, *exprError) {
	at := p.i
	switch c := p.s[p.i]; {
	case c == '"' || c == '\'':
		// Nunjucks' lexer: a backslash escapes the next character, \n,
		// \t and \r are those characters.
		var b strings.Builder
		for p.i++; p.i < len(p.s); p.i++ {
			switch ch := p.s[p.i]; {
			case ch == c:
				p.i++
				return filterArg{lit: text(b.String())}, nil
			case ch == '\\' && p.i+1 < len(p.s):
				p.i++
				switch e := p.s[p.i]; e {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				case 'r':
					b.WriteByte('\r')
				default:
					b.WriteByte(e)
				}
			default:
				b.WriteByte(ch)
			}
		}
		return filterArg{}, &exprError{at, "a text without its closing quote"}
	case c == '-' || '0' <= c && c <= '9':
		p.i++
		for p.i < len(p.s) && ('0' <= p.s[p.i] && p.s[p.i] <= '9' || p.s[p.i] == '.') {
			p.i++
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(p.s[at:p.i]), 64)
		if err != nil {
			return filterArg{}, &exprError{at, fmt.Sprintf("%q is not a number", p.s[at:p.i])}
		}
		return filterArg{lit: number(n)}, nil
	}
	name := p.ident(true)
	if rest := strings.TrimLeft(p.s[p.i:], " \t"); name != "" && strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") {
		return filterArg{}, &exprError{at, "keyword arguments are not supported"}
	}
	switch name {
	case "":
		return filterArg{}, &exprError{at, fmt.Sprintf("%q where an argument was expected", p.rest())}
	case "true", "True":
		return filterArg{lit: value{kind: boolValue, b: true}}, nil
	case "false", "False":
		return filterArg{lit: value{kind: boolValue}}, nil
	case "none", "None":
		return filterArg{lit: value{kind: nullValue}}, nil
	case "file.path", "page.title":
		return filterArg{variable: name}, nil
	}
	if strings.HasPrefix(name, "book.") {
		return filterArg{variable: name}, nil
	}
	return filterArg{}, &exprError{at, fmt.Sprintf("the argument %s is not supported: only texts, numbers, true, false, none and book.NAME, page.title, file.path", name)}
}

// hasDefault reports whether the filters give an undefined value one.
func hasDefault(calls []filterCall) bool {
	for _, c := range calls {
		if c.name == "default" || c.name == "d" {
			return true
		}
	}
	return false
}

// filterArity returns the least and most arguments a filter takes, and
// false for a filter that is not supported.
func filterArity(name string) (int, int, bool) {
	for _, f := range supportedFilters {
		if name == f.name || name == f.alias {
			return f.min, f.max, true
		}
	}
	return 0, 0, false
}

// checkFilters reports a filter that is not supported or is given too
// few or too many arguments.
func checkFilters(calls []filterCall) *exprError {
	for _, c := range calls {
		lo, hi, ok := filterArity(c.name)
		if !ok {
			return &exprError{c.off, fmt.Sprintf("filter %q is unknown or not supported (supported: %s)", c.name, filterNames())}
		}
		if n := len(c.args); n < lo || n > hi {
			want := fmt.Sprintf("%d to %d arguments", lo, hi)
			switch {
			case hi == 0:
				want = "no arguments"
			case lo == hi:
				want = fmt.Sprintf("%d arguments", lo)
			}
			return &exprError{c.off, fmt.Sprintf("filter %s takes %s, not %d", c.name, want, n)}
		}
	}
	return nil
}

// applyFilters returns v through the filters in turn; arg gives the value
// of a variable argument, or the reason it has none we know.
func applyFilters(v value, calls []filterCall, arg func(name string) (value, error)) (value, *exprError) {
	for _, c := range calls {
		args := make([]value, len(c.args))
		for i, a := range c.args {
			args[i] = a.lit
			if a.variable != "" {
				x, err := arg(a.variable)
				if err != nil {
					return value{}, &exprError{c.off, fmt.Sprintf("filter %s: %v", c.name, err)}
				}
				args[i] = x
			}
		}
		out, err := applyFilter(c.name, v, args)
		if err != "" {
			return value{}, &exprError{c.off, fmt.Sprintf("filter %s: %s", c.name, err)}
		}
		v = out
	}
	return v, nil
}

// applyFilter applies one filter as Nunjucks does, or says why Nunjucks
// would throw.
func applyFilter(name string, v value, args []value) (value, string) {
	// normalize is Nunjucks' normalize(value, ''): null, undefined and
	// false are the empty text.
	normalize := func(v value) value {
		if v.kind <= nullValue || v.kind == boolValue && !v.b {
			return text("")
		}
		return v
	}
	// needText is a method of String called on v, which throws for
	// anything else.
	needText := func(v value) string {
		if v.kind != textValue {
			return fmt.Sprintf("needs text, not %s", v.typeName())
		}
		return ""
	}
	// copySafeness is Nunjucks' r.copySafeness(from, s).
	copySafeness := func(from value, s string) value {
		return value{kind: textValue, s: s, safe: from.safe}
	}
	opt := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	switch name {
	case "upper", "lower":
		v = normalize(v)
		if err := needText(v); err != "" {
			return v, err
		}
		if name == "upper" {
			return text(cases.Upper(language.Und).String(v.s)), ""
		}
		return text(cases.Lower(language.Und).String(v.s)), ""
	case "capitalize":
		v = normalize(v)
		if err := needText(v); err != "" {
			return v, err
		}
		return copySafeness(v, capitalize(v.s)), ""
	case "title":
		v = normalize(v)
		if err := needText(v); err != "" {
			return v, err
		}
		words := strings.Split(v.s, " ")
		for i, w := range words {
			words[i] = capitalize(w)
		}
		return copySafeness(v, strings.Join(words, " ")), ""
	case "trim":
		if err := needText(v); err != "" {
			return v, err
		}
		return copySafeness(v, strings.TrimFunc(v.s, jsSpace)), ""
	case "default", "d":
		if opt(1).truthy() {
			if v.truthy() {
				return v, ""
			}
			return args[0], ""
		}
		if v.kind != undefinedValue {
			return v, ""
		}
		return args[0], ""
	case "safe":
		return value{kind: textValue, s: v.String(), safe: true}, ""
	case "escape", "e":
		if v.safe {
			return v, ""
		}
		return value{kind: textValue, s: htmlEscape(v.String()), safe: true}, ""
	case "string":
		if v.kind <= nullValue {
			return v, fmt.Sprintf("cannot make text of %s", v.typeName())
		}
		return copySafeness(v, v.String()), ""
	case "length":
		v = normalize(v)
		if v.kind != textValue {
			return value{}, "" // a number's or true's length: undefined
		}
		return number(float64(len(utf16.Encode([]rune(v.s))))), ""
	case "int":
		n, ok := parseInt(v.String())
		if v.kind == undefinedValue {
			ok = false // String(undefined) is "undefined"
		}
		if !ok {
			return opt(0), ""
		}
		return number(n), ""
	case "replace":
		return replaceFilter(v, args[0], args[1], opt(2))
	case "truncate":
		return truncateFilter(v, opt(0), opt(1), opt(2))
	}
	return v, "is not supported"
}

// replaceFilter is Nunjucks' replace(str, old, new, maxCount).
func replaceFilter(v, old, repl, count value) (value, string) {
	switch old.kind {
	case numberValue, textValue:
	default:
		return v, fmt.Sprintf("the text to replace is %s", old.typeName())
	}
	if repl.kind != textValue && repl.kind != numberValue {
		return v, fmt.Sprintf("the replacement is %s, not text", repl.typeName())
	}
	max := -1.0
	switch count.kind {
	case undefinedValue:
	case numberValue:
		max = count.n
	default:
		return v, fmt.Sprintf("the count is %s, not a number", count.typeName())
	}
	if v.kind == numberValue {
		v = text(v.String())
	}
	if v.kind != textValue {
		return v, "" // Nunjucks gives back what is not text
	}
	o, r := old.String(), repl.String()
	if o == "" {
		// As Python does: "abc"|replace("", ".") is ".a.b.c.", between
		// UTF-16 code units.
		units := utf16.Encode([]rune(v.s))
		var b strings.Builder
		b.WriteString(r)
		for _, u := range units {
			b.WriteString(string(utf16.Decode([]uint16{u})))
			b.WriteString(r)
		}
		return value{kind: textValue, s: b.String(), safe: v.safe}, ""
	}
	if max == 0 || !strings.Contains(v.s, o) {
		return v, ""
	}
	var b strings.Builder
	s, done := v.s, 0.0
	for max == -1 || done < max {
		i := strings.Index(s, o)
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(r)
		s = s[i+len(o):]
		done++
	}
	b.WriteString(s)
	return value{kind: textValue, s: b.String(), safe: v.safe}, ""
}

// truncateFilter is Nunjucks' truncate(input, length, killwords, end),
// counting UTF-16 code units as JavaScript does.
func truncateFilter(v, length, killwords, end value) (value, string) {
	n := 255.0
	switch length.kind {
	case undefinedValue, nullValue:
	case numberValue:
		if length.truthy() {
			n = length.n
		}
	default:
		return v, fmt.Sprintf("its length is %s, not a number", length.typeName())
	}
	if v.kind <= nullValue || v.kind == boolValue && !v.b {
		v = text("")
	}
	if v.kind != textValue {
		return v, fmt.Sprintf("needs text, not %s", v.typeName())
	}
	units := utf16.Encode([]rune(v.s))
	if float64(len(units)) <= n {
		return v, ""
	}
	cut := int(math.Max(0, math.Floor(n)))
	if !killwords.truthy() {
		// lastIndexOf(' ', length): the last space at or before length.
		idx := -1
		for i := min(cut, len(units)-1); i >= 0; i-- {
			if units[i] == ' ' {
				idx = i
				break
			}
		}
		if idx >= 0 {
			cut = idx
		}
	}
	s := string(utf16.Decode(units[:cut])) // a lone half of a pair becomes U+FFFD, as Node writes it
	if end.kind <= nullValue {
		s += "..."
	} else {
		s += end.String()
	}
	return value{kind: textValue, s: s, safe: v.safe}, ""
}

// capitalize is Nunjucks' capitalize: the first character upper case, the
// rest lower case.
func capitalize(s string) string {
	s = cases.Lower(language.Und).String(s)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return cases.Upper(language.Und).String(string(r)) + s[n:]
}

// jsSpace reports whether r is white space to JavaScript's \s.
func jsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}

// htmlEscape is Nunjucks' lib.escape.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "'", "&#39;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// parseInt is JavaScript's parseInt(s, 10): white space, a sign and the
// digits that follow; false for NaN.
func parseInt(s string) (float64, bool) {
	s = strings.TrimLeftFunc(s, jsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, _ := strconv.ParseFloat(s[:i], 64) // digits only: at worst +Inf, as in JavaScript
	if neg {
		n = -n
	}
	return n, true
}

// jsNumber writes n as JavaScript's String(n) does.
func jsNumber(n float64) string {
	switch {
	case math.IsNaN(n):
		return "NaN"
	case math.IsInf(n, 1):
		return "Infinity"
	case math.IsInf(n, -1):
		return "-Infinity"
	case n == 0:
		return "0" // -0 too
	}
	if a := math.Abs(n); a >= 1e-7 && a < 1e21 {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	s := strconv.FormatFloat(n, 'e', -1, 64) // 1e+21, 1.5e-07
	mant, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	return mant + "e" + sign + digits
}
