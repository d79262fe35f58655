package index

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"guidance"
)

// suggestion is a section title ready for prefix matching. Autocomplete
// runs on every keystroke, so it scans this small in-memory list rather
// than querying bleve.
type suggestion struct {
	guidance.Suggestion
	heading string   // folded section heading
	page    string   // folded page title
	tails   []string // heading then title, from each word on: "escalate a disagreement", "a disagreement", …
}

func newSuggestion(title, heading, url string) suggestion {
	s := suggestion{
		Suggestion: guidance.Suggestion{Label: title + " – " + heading, URL: url},
		heading:    fold(heading),
		page:       fold(title),
	}
	words := strings.Fields(s.heading + " " + s.page)
	for i := 1; i < len(words); i++ {
		s.tails = append(s.tails, strings.Join(words[i:], " "))
	}
	return s
}

func sortSuggestions(s []suggestion) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Label < s[j].Label })
}

// fold lower-cases s and turns punctuation into spaces, so "what's" and
// "whats" and "Under-5s" and "under 5s" compare equal.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '\u2019':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Suggest returns sections whose heading or page title starts with prefix,
// then those with a word starting with it, at most limit (guidance.MaxSuggestions).
func (ix *Index) Suggest(ctx context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := fold(guidance.Normalise(prefix))
	if p == "" {
		return nil, nil
	}
	if limit <= 0 || limit > guidance.MaxSuggestions {
		limit = guidance.MaxSuggestions
	}
	var tiers [3][]guidance.Suggestion
	for _, s := range ix.suggest {
		switch {
		case strings.HasPrefix(s.heading, p):
			tiers[0] = append(tiers[0], s.Suggestion)
		case strings.HasPrefix(s.page, p):
			tiers[1] = append(tiers[1], s.Suggestion)
		case anyHasPrefix(s.tails, p):
			tiers[2] = append(tiers[2], s.Suggestion)
		}
	}
	var out []guidance.Suggestion
	for _, t := range tiers {
		for _, s := range t {
			if len(out) == limit {
				return out, nil
			}
			out = append(out, s)
		}
	}
	return out, nil
}

func anyHasPrefix(tails []string, p string) bool {
	for _, t := range tails {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
