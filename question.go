package guidance

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on a question, the same for every transport. A practitioner's
// question is a sentence or two; the caps bound the work a pasted essay (or
// an attacker) can cause.
const (
	MaxQuestionBytes = 4 * 1024 // raw bytes any transport reads of a question
	MaxQuestionRunes = 300      // runes kept after normalising
	DefaultResults   = 3        // results per answer when the question does not say
	MaxResults       = 20       // results any transport may ask for
	MaxSuggestions   = 25       // autocomplete choices (Discord's own limit)
)

// Normalise is the one normaliser of user text: the answerer, its cache,
// the index and every transport see the same string. It makes text safe to
// analyse: valid UTF-8 in NFKC form, control and formatting characters
// dropped, typographic quotes and dashes made plain, white space collapsed,
// at most MaxQuestionRunes runes (cut at a word boundary). Letter case is
// kept, because capitals mark acronyms ("MASH", "LADO"). Query syntax
// characters are left alone: they are only ever text, because the index
// never parses user input as a query. Normalise(Normalise(s)) == Normalise(s).
func Normalise(s string) string {
	if len(s) > MaxQuestionBytes {
		s = s[:MaxQuestionBytes]
	}
	s = strings.ToValidUTF8(s, " ")
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	runes := 0
	for _, r := range s {
		r = plainRune(r)
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		if runes == MaxQuestionRunes {
			break
		}
		b.WriteRune(r)
		runes++
	}
	out := b.String()
	if runes == MaxQuestionRunes {
		// Do not leave half a word at the cut.
		if i := strings.LastIndexByte(out, ' '); i > 0 {
			out = out[:i]
		}
	}
	return strings.TrimSpace(out)
}

// plainRune maps typographic quotes and dashes to ASCII, and anything that is
// not printable text to a space.
func plainRune(r rune) rune {
	switch {
	case r == '\u2018' || r == '\u2019' || r == '\u02bc' || r == '`':
		return '\''
	case r == '\u201c' || r == '\u201d':
		return '"'
	case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212':
		return '-'
	case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Co, r) || r == utf8.RuneError:
		return ' '
	}
	return r
}

// HasWord reports whether text has a letter or digit in it: a question
// without one is ErrEmptyQuestion.
func HasWord(text string) bool {
	return strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// ClampResults turns a requested result count into one every transport
// agrees on: 0 or less means DefaultResults, more than MaxResults means
// MaxResults.
func ClampResults(n int) int {
	switch {
	case n <= 0:
		return DefaultResults
	case n > MaxResults:
		return MaxResults
	}
	return n
}
