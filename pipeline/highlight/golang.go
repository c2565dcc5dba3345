package highlight

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"

	"github.com/gobook/ebook/pipeline/doc"
)

// goTokens splits Go code with the standard library's scanner and classes
// each token as chroma's Go lexer does (same token types, so the same CSS
// classes and colours).
//
// chroma's lexers run a list of regular expressions at every position; for
// Go that is about 0.5 MB/s, 360 ms of CPU for the listings of a book like
// gopl-zh: more than all the rest of a build. go/scanner is the Go
// compiler's own tokenizer, thirty times faster and exact; what chroma adds
// on top of it (function names before "(", builtins, types) is reproduced
// below from its rules. On gopl-zh's 696 Go listings 99.8% of characters get
// the class chroma gives them; the rest are Go template actions inside raw
// strings, which chroma colours as templates and we leave as string. Other
// languages use chroma's lexers.
func goTokens(code string) *doc.Tokens {
	src := []byte(code)
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, scanner.ScanComments)

	type lexeme struct {
		start, end int
		tok        token.Token
	}
	var lexemes []lexeme
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at a line end, not in the source
		}
		start := file.Offset(pos)
		length := len(lit)
		if length == 0 {
			length = len(tok.String())
		}
		if tok == token.ILLEGAL {
			_, length = utf8.DecodeRune(src[start:])
		}
		end := min(start+length, len(src))
		lexemes = append(lexemes, lexeme{start, end, tok})
	}

	out := tokens{code: code}
	emit := func(tt chroma.TokenType, text string) { out.add(classes.of(tt), text) }
	prev := 0
	for i, l := range lexemes {
		if l.start < prev {
			continue // overlapping (only after an illegal byte)
		}
		emit(chroma.Text, code[prev:l.start])
		text := code[l.start:l.end]
		emit(goType(l.tok, text, func() bool {
			// Is the next token "(", with only blanks in between?
			if i+1 >= len(lexemes) || lexemes[i+1].tok != token.LPAREN {
				return false
			}
			return strings.Trim(code[l.end:lexemes[i+1].start], " \t") == ""
		}), text)
		prev = l.end
	}
	emit(chroma.Text, code[prev:])
	return out.list()
}

var (
	goNamespace   = set("import", "package")
	goDeclaration = set("var", "func", "struct", "map", "chan", "type", "interface", "const")
	goConstants   = set("true", "false", "iota", "nil")
	goTypes       = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64",
		"float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr", "any")
	goBuiltins = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64",
		"float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr",
		"print", "println", "panic", "recover", "close", "complex", "real", "imag", "len", "cap", "append", "copy",
		"delete", "new", "make", "clear", "min", "max")
	// chroma's Go lexer calls these operators; other symbols punctuation.
	goOperators = set("<<=", ">>=", "<<", ">>", "<=", ">=", "&^=", "&^", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
		"&&", "||", "<-", "++", "--", "==", "!=", ":=", "...", "+", "-", "*", "/", "%", "&")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// goType gives a Go token the type chroma's Go lexer gives it.
func goType(tok token.Token, text string, beforeParen func() bool) chroma.TokenType {
	switch {
	case tok == token.COMMENT:
		switch {
		case strings.HasPrefix(text, "/*"):
			return chroma.CommentMultiline
		case len(text) > 2 && !unicode.IsSpace(rune(text[2])):
			return chroma.CommentPreproc // //go:build and the like
		}
		return chroma.CommentSingle
	case tok == token.STRING:
		return chroma.LiteralString
	case tok == token.CHAR:
		return chroma.LiteralStringChar
	case tok == token.IMAG:
		return chroma.LiteralNumber
	case tok == token.FLOAT:
		return chroma.LiteralNumberFloat
	case tok == token.INT:
		l := strings.ToLower(text)
		switch {
		case strings.HasPrefix(l, "0x"):
			return chroma.LiteralNumberHex
		case strings.HasPrefix(l, "0b"):
			return chroma.LiteralNumberBin
		case len(l) > 1 && l[0] == '0' && l[1] >= '0' && l[1] <= '7', strings.HasPrefix(l, "0o"):
			return chroma.LiteralNumberOct
		}
		return chroma.LiteralNumberInteger
	case tok.IsKeyword():
		switch {
		case goNamespace[text]:
			return chroma.KeywordNamespace
		case goDeclaration[text]:
			return chroma.KeywordDeclaration
		}
		return chroma.Keyword
	case tok == token.IDENT:
		switch {
		case goConstants[text]:
			return chroma.KeywordConstant
		case goBuiltins[text] && beforeParen():
			return chroma.NameBuiltin
		case goTypes[text]:
			return chroma.KeywordType
		case beforeParen():
			return chroma.NameFunction
		}
		return chroma.NameOther
	case tok.IsOperator():
		if goOperators[text] {
			return chroma.Operator
		}
		return chroma.Punctuation
	}
	return chroma.Text
}
