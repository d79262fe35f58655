package index

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Field weights. Every field weighs the same: bleve (v2.6.3) ignores a
// boost set on a disjunction, so the per-field boosts this query once set
// (heading 4, title 2, examples and concepts 2) never applied, and the
// engine was tuned without them. Applied per term, they were a wash on the
// seen sets (docs/search.md), so they are gone. Only the fuzzy clause,
// whose boost bleve does apply, counts for less.
const boostFuzzy = 0.6 // a misspelt word matched to those an edit away

// plan is a question analysed once: what the bleve query, the re-ranking
// and the snippets need.
type plan struct {
	typos    []string          // words corrected, as typed
	tokens   []*analysis.Token // English-analysed tokens, with positions
	terms    []string          // distinct English terms, at most maxTerms
	weight   []float64         // what each term counts for in coverage
	strict   []float64         // the same with unknown words at full weight
	concepts []conceptRef      // concepts that stand for some of the terms
	// phrases are keyword phrases made only of filler words ("nobody is
	// doing anything", "saying the right things"): they cover no term, so
	// each counts in coverage as a term of its own.
	phrases            []conceptRef
	total, strictTotal float64 // sums of weight and strict, phrases included
	// unknownAcronyms counts the words typed as acronyms that the guidance
	// never uses ("MASH", "HR", "LADO").
	unknownAcronyms int
}

// conceptRef is a concept named in the question: its token, its synonyms,
// and which of the question's terms it stands for.
type conceptRef struct {
	token  string
	forms  []string // token and synonyms
	terms  uint64   // bit i set: covers terms[i]
	signal bool     // a glossary term or page keyword, not merely an everyday word
	weight float64  // of a phrase: what it counts for in coverage
}

// in reports whether e names the concept or one of its synonyms.
func (c *conceptRef) in(e *entry) bool {
	for _, f := range c.forms {
		if e.concepts[f] {
			return true
		}
	}
	return false
}

// plan analyses normalised text, in the steps docs/search.md describes. It
// returns nil when nothing is left to search for: only filler and stop
// words ("what is it?").
func (ix *Index) plan(text string) *plan {
	// Filler and negation.
	all, isFiller := questionWords(text)
	ix.negate(all, isFiller)
	words, at := withoutFiller(all, isFiller)
	if len(words) == 0 {
		return nil
	}
	// Spelling.
	p := &plan{typos: ix.correct(words)}
	for k, i := range at {
		all[i] = words[k]
	}
	p.tokens = ix.english.Analyze([]byte(strings.Join(words, " ")))
	p.terms = distinctTerms(p.tokens)
	// Concepts, looked for with the filler left in as well, so that keyword
	// phrases holding filler words ("always hungry", "nobody listens") are
	// found.
	var withFiller analysis.TokenStream
	if len(all) > len(words) {
		withFiller = ix.english.Analyze([]byte(strings.Join(all, " ")))
	}
	ix.findConcepts(p, p.tokens, withFiller)
	if len(p.terms) == 0 && len(p.concepts) == 0 && len(p.phrases) == 0 {
		return nil
	}
	// What each term counts for in coverage.
	ix.weigh(p, acronyms(text, ix.english))
	return p
}

// withoutFiller returns the words that are not filler, and where each is
// in words.
func withoutFiller(words []string, isFiller []bool) (content []string, at []int) {
	for i, w := range words {
		if !isFiller[i] {
			content = append(content, w)
			at = append(at, i)
		}
	}
	return content, at
}

// maxTerms is how many distinct terms a plan holds: one bit each in
// conceptRef.terms.
const maxTerms = 64

// distinctTerms returns the terms of tokens in order, each once, at most
// maxTerms.
func distinctTerms(tokens analysis.TokenStream) []string {
	var out []string
	for _, t := range tokens {
		if len(out) == maxTerms {
			break
		}
		if term := string(t.Term); !slices.Contains(out, term) {
			out = append(out, term)
		}
	}
	return out
}

// findConcepts adds to p the concepts named in the question, in its
// English tokens and then in withFiller (nil when it had no filler): those
// that stand for some of p's terms to p.concepts, phrases made only of
// filler words to p.phrases. The concept analyzer is the English one
// followed by conceptFilter, so English tokens are filtered rather than
// analysed again.
func (ix *Index) findConcepts(p *plan, tokens, withFiller analysis.TokenStream) {
	seen := map[string]bool{}
	for _, src := range []analysis.TokenStream{tokens, withFiller} {
		for _, t := range ix.conceptFilter.Filter(src) {
			token := string(t.Term)
			if seen[token] {
				continue
			}
			seen[token] = true
			c := conceptRef{token: token, forms: append([]string{token}, ix.synonyms[token]...), signal: ix.signal[token]}
			for _, part := range strings.Fields(token) {
				if i := slices.Index(p.terms, part); i >= 0 {
					c.terms |= 1 << i
				}
			}
			switch {
			case c.terms != 0:
				p.concepts = append(p.concepts, c)
			case strings.Contains(token, " "):
				p.phrases = append(p.phrases, c)
				// A single filler word that happens to be a concept ("mean",
				// from "what does it mean") says nothing.
			}
		}
	}
}

// weigh sets what each term and phrase of p counts for in coverage (see
// the table in docs/search.md). acronyms are the terms typed as acronyms.
func (ix *Index) weigh(p *plan, acronyms map[string]bool) {
	p.weight = make([]float64, len(p.terms))
	p.strict = make([]float64, len(p.terms))
	for i, term := range p.terms {
		w := ix.idf(term)
		strict := w
		if ix.df[term] == 0 {
			df := 0
			for _, c := range p.concepts {
				if c.terms&(1<<i) != 0 {
					df = max(df, ix.conceptDF[ix.root(c.token)])
				}
			}
			switch {
			case df > 0: // known through a synonym ("appts", "kids")
				w = idfOf(len(ix.entries), df)
				strict = w
			case acronyms[term]: // an unknown acronym keeps its full weight
				p.unknownAcronyms++
			default: // a word the guidance never uses
				w = ix.unknownWeight
			}
		}
		p.weight[i], p.strict[i] = w, strict
		p.total += w
		p.strictTotal += strict
	}
	// A phrase of filler words covers no term: it counts as a term of its
	// own, weighing what its synonym group does.
	for i := range p.phrases {
		c := &p.phrases[i]
		c.weight = idfOf(len(ix.entries), ix.conceptDF[ix.root(c.token)])
		p.total += c.weight
		p.strictTotal += c.weight
	}
}

// idf is BM25's inverse document frequency of an English term.
func (ix *Index) idf(t string) float64 {
	return idfOf(len(ix.entries), ix.df[t])
}

// idfOf is BM25's inverse document frequency of a term found in df of docs
// documents.
func idfOf(docs, df int) float64 {
	n, d := float64(docs), float64(df)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// fit is how much of a question a section holds.
type fit struct {
	// cover is the share of the question found in the section (see
	// plan.fit).
	cover float64
	// signals counts the question's glossary terms and page keywords the
	// section holds: concepts, and one-word keywords of its page not part
	// of a concept already counted.
	signals int
	// topic: the question, which names an unknown abbreviation, names
	// the main topic of the section's page.
	topic bool
}

// fit measures how much of the question e holds. Coverage is the
// IDF-weighted share of the question's terms found in e, directly or
// through a synonym of a concept they form ("sos" is found where "Signs of
// Safety" is).
//
// Words the guidance never uses count for little (unknownWeight) when e
// holds a signal, a glossary term or page keyword of the question: "lad
// keeps missing dentist appts, is that neglect" is about neglect whatever
// "lad" and "dentist" are. Without a signal they count in full (strict),
// so "how do I book annual leave" covers little of any section even though
// "leave" is in some.
func (p *plan) fit(e *entry) fit {
	var f fit
	var found uint64
	for _, c := range p.concepts {
		if c.in(e) {
			found |= c.terms
			if c.signal {
				f.signals++
			}
		}
	}
	for i, t := range p.terms {
		if e.terms[t] {
			found |= 1 << i
		}
	}
	var have, strict float64
	for i := range p.terms {
		if found&(1<<i) != 0 {
			have += p.weight[i]
			strict += p.strict[i]
		}
	}
	for _, c := range p.phrases {
		if c.in(e) {
			have += c.weight
			strict += c.weight
			if c.signal {
				f.signals++
			}
		}
	}
	// Only a question with an unknown abbreviation needs the topic.
	f.topic = p.unknownAcronyms > 0 && len(e.topic) > 0 &&
		!slices.ContainsFunc(e.topic, func(t string) bool { return !slices.Contains(p.terms, t) })
	switch {
	case f.signals > 0 && p.total > 0:
		f.cover = have / p.total
	case p.strictTotal > 0:
		f.cover = strict / p.strictTotal
	}
	return f
}

// query builds the bleve query: for each field, the question's terms
// (match semantics: any term may match, each scored by BM25), boosted per
// field, and fuzzy matches of corrected typos. The text is analysed once,
// in plan, rather than once per field as match queries would.
//
// Phrases are matched as concepts: the concept analyzer folds every
// glossary term and multi-word keyword ("was not brought", "Signs of
// Safety") into one token, which also brings in its synonyms. Phrase
// queries over neighbouring words were tried and dropped: slower, needing
// term vectors, they found nothing the concepts did not.
func (ix *Index) query(p *plan) query.Query {
	terms := func(field string, ts []string) query.Query {
		if len(ts) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		ws := make([]weighted, len(ts))
		for i, t := range ts {
			ws[i] = weighted{t, 1}
		}
		return ix.exactDisjunction(field, ws)
	}
	concepts := func(field string, cs []conceptRef) query.Query {
		if len(cs) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		if ix.bleveSynonyms {
			ts := make([]string, len(cs))
			for i, c := range cs {
				ts[i] = c.token
			}
			return terms(field, ts)
		}
		qs := make([]query.Query, len(cs))
		for i, c := range cs {
			qs[i] = ix.synonymQuery(field, c)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	// Every clause is always present (as match-none when empty) so that the
	// coordination factor, and with it the score scale, stays the same.
	return bleve.NewDisjunctionQuery(
		terms(fieldHeading, p.terms),
		terms(fieldTitle, p.terms),
		terms(fieldAbout, p.terms),
		terms(fieldBody, p.terms),
		terms(fieldExamples, p.terms),
		// A concept is searched with its synonyms.
		concepts(fieldConcepts, p.concepts),
		concepts(fieldConceptHeading, p.concepts),
		// Phrases of filler words are no terms, so only this finds the
		// sections that name them.
		concepts(fieldConcepts, p.phrases),
		fuzzyQuery(p.typos),
	)
}

// weighted is a term and its boost.
type weighted struct {
	term  string
	boost float64
}

// synonymQuery is a concept and its synonyms, as bleve's synonym searcher
// builds it: the concept at the boost, each synonym at half.
func (ix *Index) synonymQuery(field string, c conceptRef) query.Query {
	ws := []weighted{{c.token, 1}}
	for _, f := range c.forms {
		if f != c.token {
			ws = append(ws, weighted{f, 0.5})
		}
	}
	if len(ws) == 1 {
		tq := bleve.NewTermQuery(c.token)
		tq.SetField(field)
		return tq
	}
	return ix.exactDisjunction(field, ws)
}

// exactDisjunction is the disjunction of ws in field, without the terms
// the field never holds, and scoring every document exactly as the full
// disjunction would. A term no document holds matches nothing, but bleve
// still opens a reader for it (the costliest part of a search of many
// words and synonyms) and counts it in two places: the disjunction's
// coordination factor (matched / clauses) and the query norm (one over the
// root of the sum of every clause's squared boost × IDF). So the kept terms'
// boosts are scaled by the change in the clause count, and one clause that
// matches nothing (absentTerms) carries the squared weight the others
// lost: the factor and the norm, and so every score, stay the same.
// TestExactExpansion checks this against bleve's own expansion on every
// question set.
func (ix *Index) exactDisjunction(field string, ws []weighted) query.Query {
	docs := ix.collector.copied.fields[field] // term -> its postings
	var kept []weighted
	lost := 0.0 // squared weight of the terms left out
	absent := ix.bm25IDF(0)
	for _, w := range ws {
		if len(docs[w.term]) > 0 {
			kept = append(kept, w)
		} else {
			lost += (w.boost * absent) * (w.boost * absent)
		}
	}
	if ix.bleveSynonyms || len(kept) == len(ws) {
		kept, lost = ws, 0
	}
	scale := 1.0
	if lost > 0 {
		scale = float64(len(kept)+1) / float64(len(ws))
	}
	qs := make([]query.Query, 0, len(kept)+1)
	for _, w := range kept {
		tq := bleve.NewTermQuery(w.term)
		tq.SetField(field)
		if b := w.boost * scale; b != 1 {
			tq.SetBoost(b)
		}
		if lost > 0 {
			idf := ix.bm25IDF(len(docs[w.term]))
			lost += (1 - scale*scale) * (w.boost * idf) * (w.boost * idf)
		}
		qs = append(qs, tq)
	}
	if lost > 0 {
		qs = append(qs, absentTerms{weight: lost})
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// absentTerms is a clause standing for terms no document holds: it
// matches nothing and opens no reader (a term query for a term that is
// never there opens one), but counts as a clause, with their weight in the
// query norm.
type absentTerms struct {
	weight float64 // the sum of their squared boost × IDF
}

func (q absentTerms) Searcher(context.Context, bleveindex.IndexReader, mapping.IndexMapping, search.SearcherOptions) (search.Searcher, error) {
	return absentSearcher(q), nil
}

// absentSearcher is absentTerms' searcher: bleve's match-none searcher,
// weighing something.
type absentSearcher absentTerms

func (s absentSearcher) Weight() float64                                         { return s.weight }
func (absentSearcher) SetQueryNorm(float64)                                      {}
func (absentSearcher) Next(*search.SearchContext) (*search.DocumentMatch, error) { return nil, nil }
func (absentSearcher) Advance(*search.SearchContext, bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	return nil, nil
}
func (absentSearcher) Close() error               { return nil }
func (absentSearcher) Count() uint64              { return 0 }
func (absentSearcher) Min() int                   { return 0 }
func (absentSearcher) Size() int                  { return 0 }
func (absentSearcher) DocumentMatchPoolSize() int { return 0 }

// bm25IDF is bleve's BM25 IDF of a term in docs of the index's documents.
func (ix *Index) bm25IDF(docs int) float64 {
	n := float64(uint64(ix.stats.DocCount))
	return math.Log(1 + (n-float64(docs)+0.5)/(float64(docs)+0.5))
}

// negators are the words that turn the word after them into its opposite.
var negators = map[string]bool{
	"not": true, "dont": true, "don't": true, "doesnt": true, "doesn't": true, "didnt": true, "didn't": true,
	"never": true, "isnt": true, "isn't": true, "arent": true, "aren't": true, "wasnt": true, "wasn't": true,
	"cant": true, "can't": true, "wont": true, "won't": true,
}

// negate rewrites, in place, a word that follows a negator as the word
// with the negative prefix the guidance uses for it: "I don't agree" is
// "I disagree", "not resolved" is "unresolved". The negator is then
// filler. A negated phrase that is itself a keyword ("not engaging") is
// left alone.
func (ix *Index) negate(words []string, isFiller []bool) {
	for i := 0; i+1 < len(words); i++ {
		if !negators[words[i]] {
			continue
		}
		j := i + 1 // the next word that is not filler ("don't really agree")
		for j < len(words) && isFiller[j] && !negators[words[j]] {
			j++
		}
		if j == len(words) || isFiller[j] {
			continue
		}
		if c := ix.concept.Analyze([]byte(words[i] + " " + words[j])); len(c) > 0 && bytes.IndexByte(c[0].Term, ' ') >= 0 {
			continue
		}
		for _, prefix := range []string{"dis", "un"} {
			if ts := terms(ix.english, prefix+words[j]); len(ts) == 1 && ix.df[ts[0]] > 0 {
				words[j] = prefix + words[j]
				isFiller[i] = true
				break
			}
		}
	}
}

// root names the synonym group of a concept token: its first member, or
// the token itself when it has no synonyms.
func (ix *Index) root(token string) string {
	if g := ix.synonyms[token]; len(g) > 0 {
		return g[0]
	}
	return token
}

// acronyms returns the English terms of the words of text typed as acronyms:
// letters and digits with at least two capitals ("MASH", "SoS"). Stop
// words typed in capitals are left out: they are emphasis or search syntax
// ("neglect AND drift") far more often than names. A question typed all in
// capitals has none, since there capitals say nothing.
func acronyms(text string, english analysis.Analyzer) map[string]bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	lower, upper := 0, 0
	for _, w := range words {
		for _, r := range w {
			switch {
			case unicode.IsLower(r):
				lower++
			case unicode.IsUpper(r):
				upper++
			}
		}
	}
	out := map[string]bool{}
	if upper >= lower {
		return out
	}
	for _, w := range words {
		if isAcronym(w) {
			for _, t := range terms(english, strings.ToLower(w)) {
				out[t] = true
			}
		}
	}
	return out
}

// isAcronym reports whether s looks like an abbreviation: one word with at
// least two capitals and nothing but letters and digits ("GCP2", "SoS").
func isAcronym(s string) bool {
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLetter(r), unicode.IsDigit(r):
		default:
			return false
		}
	}
	return upper >= 2
}
