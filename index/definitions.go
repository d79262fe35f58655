package index

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"guidance"
)

// definitionsYAML is the ways a question asks what a name means; a string
// so that nothing can change it.
//
//go:embed definitions.yaml
var definitionsYAML string

// definitionAsk is one way of asking what a name means.
type definitionAsk struct {
	Ask     string   `yaml:"ask"`
	Only    []string `yaml:"only"`
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"no_match"`

	pattern  *regexp.Regexp
	pair     bool // two names of one term, side by side ("CIN – Child in Need")
	acronym  bool // the name must be typed as an abbreviation
	question bool // the question must hold a question mark
	unsure   bool // only if the search does not answer it (see lookup)
}

// pairAsk is the one ask with two names: a term beside its full form, as
// jargon busters list them.
const pairAsk = "{name} {name}"

// definitions answers "what does X stand for" from the glossary.
type definitions struct {
	asks  []definitionAsk
	names map[string]*guidance.Term // folded name -> its glossary entry
	page  *guidance.Page            // the glossary page, for titles
	// maxWords is the most words a definition question can have: the
	// longest ask around the longest name (or two names side by side).
	// Longer questions, most of them, are not looked at.
	maxWords int
	longest  int // words of the longest name
}

// parseDefinitionAsks reads the asks and compiles their patterns.
func parseDefinitionAsks(src string) ([]definitionAsk, error) {
	var file struct {
		Asks []definitionAsk `yaml:"asks"`
	}
	if err := yaml.Unmarshal([]byte(src), &file); err != nil {
		return nil, fmt.Errorf("definitions: %w", err)
	}
	for i := range file.Asks {
		a := &file.Asks[i]
		if a.Ask == pairAsk {
			a.pair = true
		}
		before, after, ok := strings.Cut(a.Ask, "{name}")
		if !ok || (strings.Contains(after, "{name}") && !a.pair) {
			return nil, fmt.Errorf("definitions: ask %q: want {name} once", a.Ask)
		}
		var words []string
		for _, w := range strings.Fields(strings.ToLower(foldDefinition(before))) {
			words = append(words, regexp.QuoteMeta(w))
		}
		words = append(words, "(.+)")
		for _, w := range strings.Fields(strings.ToLower(foldDefinition(after))) {
			words = append(words, regexp.QuoteMeta(w))
		}
		// Case-insensitive on the folded question itself: lower-casing it
		// first can change its length ("İ"), and the name's span with it.
		a.pattern = regexp.MustCompile("(?i)^" + strings.Join(words, " ") + "$")
		for _, o := range a.Only {
			switch o {
			case "acronym":
				a.acronym = true
			case "question":
				a.question = true
			case "unsure":
				a.unsure = true
			default:
				return nil, fmt.Errorf("definitions: ask %q: unknown condition %q", a.Ask, o)
			}
		}
	}
	return file.Asks, nil
}

// newDefinitions indexes every glossary term by its term, full form and
// aliases.
func newDefinitions(lib *guidance.Library, asks []definitionAsk) *definitions {
	d := &definitions{asks: asks, names: map[string]*guidance.Term{}}
	longest := 0 // words of the longest name
	for i := range lib.Glossary {
		t := &lib.Glossary[i]
		if t.URL == "" {
			continue
		}
		for _, n := range append([]string{t.Term, t.Expansion}, t.Aliases...) {
			if k := strings.ToLower(foldDefinition(n)); k != "" {
				longest = max(longest, len(strings.Fields(k)))
				if _, taken := d.names[k]; !taken {
					d.names[k] = t
				}
			}
		}
		if d.page == nil {
			page, _, _ := strings.Cut(t.URL, "#")
			for _, p := range lib.Pages {
				if p.URL == page {
					d.page = p
				}
			}
		}
	}
	d.longest = longest
	for _, a := range asks {
		words := len(strings.Fields(foldDefinition(strings.ReplaceAll(a.Ask, "{name}", " "))))
		d.maxWords = max(d.maxWords, words+longest*strings.Count(a.Ask, "{name}"))
	}
	return d
}

// foldDefinition is text as asks are matched: apostrophes dropped, every
// other character but letters and digits a space, spaces collapsed.
// Letter case is kept, to tell an abbreviation typed as one.
func foldDefinition(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\'' || r == '’' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// lookup returns the glossary entry a question asks the meaning of. When
// unsure, the question asks it only if the search does not answer it
// with confidence: a bare "NCSCB" names a board that no page is about,
// a bare "GCP2" the tool the neglect page explains.
func (d *definitions) lookup(question string) (t *guidance.Term, unsure, ok bool) {
	if d == nil || len(d.names) == 0 {
		return nil, false, false
	}
	folded := foldDefinition(question)
	if len(strings.Fields(folded)) > d.maxWords || !d.namesOne(folded) {
		return nil, false, false
	}
	asked := strings.Contains(question, "?")
	for _, a := range d.asks {
		if a.pair {
			if t, ok := d.pair(folded); ok {
				return t, a.unsure, true
			}
			continue
		}
		m := a.pattern.FindStringSubmatch(folded)
		if m == nil || (a.question && !asked) {
			continue
		}
		for i, name := range namesTyped(m[1]) {
			if a.acronym && !typedAsAcronym(name) {
				continue
			}
			if t, ok := d.name(strings.ToLower(name)); ok {
				// Past an article the name may be a topic ("what is the
				// GCP2"): its section comes first if the search finds it.
				return t, a.unsure || i > 0, true
			}
		}
	}
	return nil, false, false
}

// namesTyped is the name an ask caught, and the same without a leading
// article: "what is an LSCB" asks about LSCB, "what does the NCSCB stand
// for" about NCSCB. The name as typed comes first, for a name that
// starts with one.
func namesTyped(caught string) []string {
	for _, article := range []string{"a ", "an ", "the "} {
		if len(caught) > len(article) && strings.EqualFold(caught[:len(article)], article) {
			return []string{caught, caught[len(article):]}
		}
	}
	return []string{caught}
}

// name is the glossary entry a lower-cased name names, singular or plural:
// "Child and Adolescent Mental Health Service" is CAMHS's full form,
// "Services".
func (d *definitions) name(lower string) (*guidance.Term, bool) {
	if t, ok := d.names[lower]; ok {
		return t, true
	}
	if t, ok := d.names[lower+"s"]; ok {
		return t, true
	}
	if single, ok := strings.CutSuffix(lower, "s"); ok && single != "" {
		t, ok := d.names[single]
		return t, ok
	}
	return nil, false
}

// namesOne reports whether some run of the words of folded (a question
// as foldDefinition leaves it) is a name in the glossary. Every ask finds
// its name among them, so a question naming none need not be matched
// against the asks.
func (d *definitions) namesOne(folded string) bool {
	// Lower-casing keeps the spaces, so runs of words are runs of its own.
	lower := strings.ToLower(folded)
	for start := 0; start < len(lower); {
		end := start
		for range d.longest {
			next := strings.IndexByte(lower[end:], ' ')
			if next < 0 {
				end = len(lower)
			} else {
				end += next
			}
			if _, ok := d.name(lower[start:end]); ok {
				return true
			}
			if end == len(lower) {
				break
			}
			end++ // past the space
		}
		next := strings.IndexByte(lower[start:], ' ')
		if next < 0 {
			break
		}
		start += next + 1
	}
	return false
}

// pair finds a question that is an abbreviation, typed as one, beside
// another name of the same term ("CIN – Child in Need"). Two other names
// side by side ("transfer in transfer out") are a search for the topic.
func (d *definitions) pair(folded string) (*guidance.Term, bool) {
	words := strings.Fields(folded)
	for i := 1; i < len(words); i++ {
		left, right := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		if !typedAsAcronym(left) && !typedAsAcronym(right) {
			continue
		}
		l, r := strings.ToLower(left), strings.ToLower(right)
		if t, ok := d.name(l); ok && l != r {
			if other, _ := d.name(r); other != t {
				continue
			}
			return t, true
		}
	}
	return nil, false
}

// typedAsAcronym reports whether a name was typed as an abbreviation: one
// word of capitals and digits with at least two capitals ("NCSCB", "GCP2"),
// perhaps made plural ("SWs").
func typedAsAcronym(name string) bool {
	capitals := 0
	for _, r := range strings.TrimSuffix(name, "s") {
		switch {
		case unicode.IsUpper(r):
			capitals++
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return capitals >= 2
}

// match is the glossary entry as a result.
func (d *definitions) match(t *guidance.Term, base string) guidance.Match {
	text := t.Term
	if t.Expansion != "" && !strings.EqualFold(t.Expansion, t.Term) {
		text += ": " + t.Expansion + "."
	}
	if t.Description != "" {
		text += " " + t.Description
	}
	page, _, _ := strings.Cut(t.URL, "#")
	// A general term the response does not use is explained, but nothing
	// in the guidance answers a question about it.
	m := guidance.Match{Section: t.Term, URL: base + t.URL, PageURL: base + page, Score: 1,
		Text: text, Snippet: snippet(text, nil, snippetRunes), Related: t.Scope == guidance.TermGeneral}
	if d.page != nil {
		m.Title, m.Summary = d.page.Title, d.page.Summary
	}
	return m
}
