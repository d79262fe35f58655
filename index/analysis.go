package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer names registered in each index mapping.
const (
	analyzerEnglish = "guidance_en"      // English: possessives, lower case, stop words, Porter stems
	analyzerPlain   = "guidance_plain"   // lower-cased words, unstemmed: what fuzzy queries compare with
	analyzerConcept = "guidance_concept" // only known terms and phrases, each as one token
	stopMap         = "guidance_stop_words"
	stopFilter      = "guidance_stop"
	// The concept filter (type conceptFilter): its registered type, and the
	// name of the instance each mapping defines with the library's concepts.
	conceptFilterType = "guidance_concept_filter"
	conceptFilterName = "guidance_concepts"
)

// keptStopWords are English stop words that carry meaning in this domain:
// "out of hours", "was not brought", "no access", "after hours", "step up".
var keptStopWords = []string{"out", "not", "no", "after", "off", "up", "down"}

func init() {
	if err := registry.RegisterTokenFilter(conceptFilterType, conceptFilterConstructor); err != nil {
		panic(err)
	}
}

// addAnalyzers defines the English and plain analyzers on m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	words := analysis.NewTokenMap()
	if err := words.LoadBytes(en.EnglishStopWords); err != nil {
		return err
	}
	for _, w := range keptStopWords {
		delete(words, w)
	}
	list := make([]any, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	if err := m.AddCustomTokenMap(stopMap, map[string]any{"type": tokenmap.Name, "tokens": list}); err != nil {
		return err
	}
	if err := m.AddCustomTokenFilter(stopFilter, map[string]any{"type": stop.Name, "stop_token_map": stopMap}); err != nil {
		return err
	}
	if err := m.AddCustomAnalyzer(analyzerEnglish, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, stopFilter, porter.Name},
	}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(analyzerPlain, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name},
	})
}

// addConceptAnalyzer defines the concept analyzer: the English analyzer
// followed by a filter that keeps only the given concepts (each a sequence
// of English-analyzed terms joined by spaces) and folds each multi-word one
// into a single token. Bleve's synonym definitions must be single tokens, so
// this is what lets "GCP2" be a synonym of "Graded Care Profile 2".
func addConceptAnalyzer(m *mapping.IndexMappingImpl, concepts []string) error {
	list := make([]any, len(concepts))
	for i, c := range concepts {
		list[i] = c
	}
	if err := m.AddCustomTokenFilter(conceptFilterName, map[string]any{"type": conceptFilterType, "concepts": list}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(analyzerConcept, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, stopFilter, porter.Name, conceptFilterName},
	})
}

// conceptFilter is the token filter behind the concept analyzer: it keeps
// only the library's concepts, each folded into one token.
type conceptFilter struct {
	known  map[string]bool
	starts map[string]int // first term of a concept -> most terms in a concept starting with it
}

// conceptFilterConstructor makes a conceptFilter from a mapping's token
// filter definition (see addConceptAnalyzer).
func conceptFilterConstructor(config map[string]any, _ *registry.Cache) (analysis.TokenFilter, error) {
	raw, ok := config["concepts"].([]any)
	if !ok {
		return nil, fmt.Errorf("concept filter: concepts must be a list of strings")
	}
	concepts := make([]string, 0, len(raw))
	for _, r := range raw {
		if s, ok := r.(string); ok {
			concepts = append(concepts, s)
		}
	}
	return newConceptFilter(concepts), nil
}

func newConceptFilter(concepts []string) *conceptFilter {
	f := &conceptFilter{known: make(map[string]bool, len(concepts)), starts: map[string]int{}}
	for _, s := range concepts {
		if s == "" {
			continue
		}
		f.known[s] = true
		first, _, _ := strings.Cut(s, " ")
		f.starts[first] = max(f.starts[first], strings.Count(s, " ")+1)
	}
	return f
}

// Filter keeps the longest known concept starting at each token and drops
// every other token.
func (f *conceptFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0:0]
	var b strings.Builder
	for i := 0; i < len(in); {
		matched := 0
		// Most tokens start no concept: one map lookup settles them.
		for n := min(f.starts[string(in[i].Term)], len(in)-i); n >= 1; n-- {
			b.Reset()
			for j := i; j < i+n; j++ {
				if j > i {
					b.WriteByte(' ')
				}
				b.Write(in[j].Term)
			}
			if f.known[b.String()] {
				matched = n
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		last := in[i+matched-1]
		out = append(out, &analysis.Token{
			Start: in[i].Start, End: last.End, Position: in[i].Position,
			Term: []byte(b.String()), Type: analysis.AlphaNumeric,
		})
		i += matched
	}
	return out
}

// analyse is the English terms of s, as the index holds them, in order.
func (ix *Index) analyse(s string) []string { return terms(ix.english, s) }

// analyseExample is the English terms of s with each one-word synonym
// named by its group's first one-word member, as examples are matched: an
// example that says "worried" then meets a question that says
// "concerned".
func (ix *Index) analyseExample(s string) []string {
	ts := ix.analyse(s)
	for i, t := range ts {
		if w, ok := ix.exampleWord[t]; ok {
			ts[i] = w
		}
	}
	return ts
}

// terms runs analyzer a over s and returns the terms in order.
func terms(a analysis.Analyzer, s string) []string {
	toks := a.Analyze([]byte(s))
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(t.Term)
	}
	return out
}
