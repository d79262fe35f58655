package index

import (
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Per-field boosts. The heading says what a section is about, so it counts
// most; the title and keywords belong to the whole page, so they pick the
// page and leave the choice of section to the heading and the body.
const (
	boostHeading  = 4.0
	boostTitle    = 2.0
	boostKeywords = 2.0
	boostAbout    = 1.0 // the page's summary and topics
	boostBody     = 1.0
	boostConcepts = 2.0 // a glossary term or keyword phrase, or one of its synonyms
	boostConceptH = 4.0 // the same in the heading
	boostFuzzy    = 0.6 // a misspelt word matched to those an edit away
)

// plan is a question analysed once: what the bleve query, the re-ranking
// and the snippets need.
type plan struct {
	typos    []string          // words corrected, as typed
	tokens   []*analysis.Token // English-analysed tokens, with positions
	terms    []string          // distinct English terms, at most 64
	idf      []float64         // of each term
	total    float64           // sum of idf
	concepts []conceptRef
}

// conceptRef is a concept named in the question: its token, its synonyms,
// and which of the question's terms it stands for.
type conceptRef struct {
	token string
	forms []string // token and synonyms
	terms uint64   // bit i set: covers terms[i]
}

// plan analyses normalised text. It returns nil when nothing is left to
// search for: only filler and stop words ("what is it?").
func (ix *Index) plan(text string) *plan {
	words := contentWords(text)
	if len(words) == 0 {
		return nil
	}
	p := &plan{typos: ix.correct(words)}
	joined := strings.Join(words, " ")
	p.tokens = ix.english.Analyze([]byte(joined))
	index := map[string]int{}
	for _, t := range p.tokens {
		term := string(t.Term)
		if _, ok := index[term]; ok || len(p.terms) == 64 {
			continue
		}
		index[term] = len(p.terms)
		p.terms = append(p.terms, term)
		w := ix.idf(term)
		p.idf = append(p.idf, w)
		p.total += w
	}
	for _, t := range ix.concept.Analyze([]byte(joined)) {
		c := conceptRef{token: string(t.Term), forms: append([]string{string(t.Term)}, ix.synonyms[string(t.Term)]...)}
		for _, part := range strings.Fields(c.token) {
			if i, ok := index[part]; ok {
				c.terms |= 1 << i
			}
		}
		p.concepts = append(p.concepts, c)
	}
	if len(p.terms) == 0 && len(p.concepts) == 0 {
		return nil
	}
	return p
}

// idf is BM25's inverse document frequency of an English term.
func (ix *Index) idf(t string) float64 {
	n, df := float64(len(ix.entries)), float64(ix.df[t])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// coverage is the share of the question found in e: the IDF-weighted
// fraction of its terms that e contains, directly or through a synonym of
// a concept they form ("sos" is found where "Signs of Safety" is). Words
// the guidance never uses weigh most, so "how do I book annual leave"
// covers little of any section even though "leave" is in some.
func (p *plan) coverage(e *entry) float64 {
	if p.total == 0 {
		return 0
	}
	var found uint64
	for i, t := range p.terms {
		if e.terms[t] {
			found |= 1 << i
		}
	}
	for _, c := range p.concepts {
		for _, f := range c.forms {
			if e.concepts[f] {
				found |= c.terms
				break
			}
		}
	}
	var have float64
	for i, w := range p.idf {
		if found&(1<<i) != 0 {
			have += w
		}
	}
	return have / p.total
}

// query builds the bleve query: for each field, the question's terms
// (match semantics: any term may match, each scored by BM25), boosted per
// field, and fuzzy matches of corrected typos. The text is analysed once,
// in plan, rather than once per field as match queries would.
//
// Phrases are matched as concepts: the concept analyzer folds every
// glossary term and multi-word keyword ("was not brought", "Signs of
// Safety") into one token, which also brings in its synonyms. Phrase
// queries over neighbouring words were tried: they cost 40% more time per
// search, needed term vectors, and found nothing the concepts did not.
func (ix *Index) query(p *plan) query.Query {
	terms := func(field string, boost float64, ts []string) query.Query {
		if len(ts) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		qs := make([]query.Query, len(ts))
		for i, t := range ts {
			tq := bleve.NewTermQuery(t)
			tq.SetField(field)
			qs[i] = tq
		}
		d := bleve.NewDisjunctionQuery(qs...)
		d.SetBoost(boost)
		return d
	}
	concepts := make([]string, len(p.concepts))
	for i, c := range p.concepts {
		concepts[i] = c.token
	}
	// Every clause is always present (as match-none when empty) so that the
	// coordination factor, and with it the score scale, stays the same.
	return bleve.NewDisjunctionQuery(
		terms(fieldHeading, boostHeading, p.terms),
		terms(fieldTitle, boostTitle, p.terms),
		terms(fieldKeywords, boostKeywords, p.terms),
		terms(fieldAbout, boostAbout, p.terms),
		terms(fieldBody, boostBody, p.terms),
		// Term queries on a field with a synonym source are expanded by
		// bleve to the concept's synonyms.
		terms(fieldConcepts, boostConcepts, concepts),
		terms(fieldConceptHd, boostConceptH, concepts),
		fuzzyQuery(p.typos),
	)
}

// fuzzyQuery matches each misspelt word to the words one edit away in the
// titles, headings and keywords, so close variants of the correction
// ("procedures" as well as "procedure") count too.
func fuzzyQuery(typos []string) query.Query {
	var fuzzy []query.Query
	for _, w := range typos {
		fq := bleve.NewFuzzyQuery(w)
		fq.SetField(fieldPlainHead)
		// One edit: the Levenshtein automaton for two costs a millisecond to build.
		fq.SetFuzziness(1)
		fq.SetBoost(boostFuzzy)
		fuzzy = append(fuzzy, fq)
	}
	if len(fuzzy) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(fuzzy...)
}

// known reports whether word's stem, or the concept it names, is in the index.
func (ix *Index) known(word string) bool {
	ts := terms(ix.english, word)
	if len(ts) == 0 {
		return true // a stop word: nothing to correct
	}
	for _, t := range ts {
		if !ix.vocab[t] && ix.synonyms[t] == nil {
			return false
		}
	}
	return true
}

func isWord(w string) bool {
	for _, r := range w {
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}

// fuzziness allows one edit in words of up to seven letters and two in
// longer ones. Words under five letters are not corrected at all: "book"
// is one edit from "look", and short words are rarely mistyped.
func fuzziness(runes int) int {
	if runes < 8 {
		return 1
	}
	return 2
}
