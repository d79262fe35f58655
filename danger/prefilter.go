package danger

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// requiredLiterals returns strings at least one of which appears in any
// text the pattern matches, or nil when no such set can be found. Running a
// rule's regexes only when one of its literals is in the text makes every
// rule cheap to check: most texts hold none of them.
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	lits := required(re.Simplify())
	if len(lits) == 0 {
		return nil
	}
	slices.Sort(lits)
	return slices.Compact(lits)
}

// required is requiredLiterals on a parsed regexp: nil means "no literal is
// certain". Texts are lower-cased before matching, so literals are too.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
		return nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			lits := required(sub)
			if lits == nil {
				return nil // one branch needs no literal, so none is certain
			}
			out = append(out, lits...)
		}
		return out
	case syntax.OpConcat:
		// Any one part's requirement holds for the whole; take the most
		// selective: the longest shortest literal, then the fewest.
		var best []string
		for _, sub := range re.Sub {
			if lits := required(sub); lits != nil && better(lits, best) {
				best = lits
			}
		}
		return best
	}
	return nil
}

func better(a, b []string) bool {
	if b == nil {
		return true
	}
	if ma, mb := shortest(a), shortest(b); ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func shortest(lits []string) int {
	n := -1
	for _, l := range lits {
		if n < 0 || len(l) < n {
			n = len(l)
		}
	}
	return n
}
