package index

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"guidance"
)

// IndexVersion changes whenever the mapping, the analysis or the way
// documents are made changes, so that what a process serves can be told
// apart from what an older build served.
const IndexVersion = 2

const (
	docType           = "section"
	synonymSource     = "guidance_synonyms"
	synonymCollection = "guidance"
)

// Field names of an indexed section.
const (
	fieldTitle      = "title"
	fieldHeading    = "heading"
	fieldAbout      = "about" // the page's summary and topics
	fieldKeywords   = "keywords"
	fieldBody       = "body"
	fieldConcepts   = "concepts"        // concepts named anywhere in the section or its page's summary
	fieldConceptHd  = "concept_heading" // concepts named in the heading
	fieldPlainHead  = "plain_head"      // title, heading and keywords, unstemmed, for fuzzy matching
	fieldKeyPhrases = "keyword_phrases" // the page's keywords as concepts, for phrases of filler words
)

// searchedFields are the fields queries score with BM25.
var searchedFields = []string{fieldTitle, fieldHeading, fieldAbout, fieldKeywords, fieldBody,
	fieldConcepts, fieldConceptHd, fieldPlainHead, fieldKeyPhrases}

// unknownShare: a word the guidance never uses counts, where a section holds
// a signal, like a word found in one section in unknownShare. Coverage on
// both question sets is flat for shares from 2 to 5 (see docs/search.md).
const unknownShare = 3

// Options tune Build.
type Options struct {
	// BaseURL, when set, makes result URLs absolute ("https://example.org").
	BaseURL string
}

// Index is a search index over a Library. It is safe for concurrent use.
type Index struct {
	idx       bleve.Index
	entries   []entry // by document id
	suggest   []suggestion
	english   analysis.Analyzer
	plain     analysis.Analyzer
	concept   analysis.Analyzer
	conceptOf analysis.TokenFilter // the concept analyzer's last step, run on English tokens
	vocab     map[string]bool      // English-analysed terms of every field
	plainVoc  map[string]bool      // unstemmed words of every field
	synonyms  map[string][]string  // concept token -> every token of its synonym group
	df        map[string]int       // English term -> documents containing it
	conceptDF map[string]int       // root of a concept's synonym group -> documents naming it
	signal    map[string]bool      // concepts that are glossary terms or page keywords
	// unknownWeight is what a word the guidance never uses counts for in
	// coverage when the section holds a signal (see plan.fit).
	unknownWeight float64
	stats         *search.BM25Stats
	floor         float64             // relevance floor (minScore; tests may lower it to calibrate)
	heads         map[rune][]headWord // words of titles, headings and keywords by first letter
	closeMu       sync.Once
	closeErr      error
}

// entry is what a document id stands for; results are made from it, so
// nothing needs to be stored in bleve.
type entry struct {
	page    *guidance.Page
	section string // heading; "" for the page itself
	text    string
	url     string
	pageURL string
	// For the relevance floor: English-analysed terms of every field, and
	// the concepts (glossary terms, keyword phrases) named in the text or
	// the page's keywords.
	terms    map[string]bool
	concepts map[string]bool
	// keywords are the page's one-word keywords, English-analysed.
	keywords map[string]bool

	// Where each English term of the body sits in text, for snippets;
	// kept here so searches need not ask bleve for match locations.
	spans []span
}

// document is what bleve indexes for one section or page.
type document struct {
	Title      string   `json:"title"`
	Heading    string   `json:"heading"`
	About      []string `json:"about"`
	Keywords   []string `json:"keywords"`
	Body       string   `json:"body"`
	Concepts   []string `json:"concepts"`
	ConceptHd  string   `json:"concept_heading"`
	PlainHead  []string `json:"plain_head"`
	KeyPhrases []string `json:"keyword_phrases"`
	URL        string   `json:"url"` // not indexed: results take it from the entry
}

// BleveType tells the mapping which document mapping applies.
func (document) BleveType() string { return docType }

// Build indexes every page of lib and every section of every page.
func Build(lib *guidance.Library, opts Options) (*Index, error) {
	if lib == nil {
		return nil, errors.New("build index: no library")
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("build index: mapping: %w", err)
	}
	english := m.AnalyzerNamed(analyzerEnglish)
	groups, concepts := synonymGroups(lib, english)
	if err := addConceptAnalyzer(m, concepts); err != nil {
		return nil, fmt.Errorf("build index: concepts: %w", err)
	}
	if err := m.AddSynonymSource(synonymSource, map[string]any{
		"collection": synonymCollection, "analyzer": analyzerConcept,
	}); err != nil {
		return nil, fmt.Errorf("build index: synonym source: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("build index: mapping: %w", err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix := &Index{
		idx: bi, english: english, plain: m.AnalyzerNamed(analyzerPlain), concept: m.AnalyzerNamed(analyzerConcept),
		conceptOf: newConceptTokens(concepts),
		floor:     minScore, vocab: map[string]bool{}, synonyms: map[string][]string{}, df: map[string]int{},
		conceptDF: map[string]int{}, signal: signals(lib, english),
	}
	if err := ix.fill(lib, strings.TrimRight(opts.BaseURL, "/"), groups); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("build index: %w", err)
	}
	return ix, nil
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	m.DefaultMapping.Enabled = false
	m.DefaultMapping.Dynamic = false
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerEnglish
	dm := bleve.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.DocValues = false
		f.IncludeInAll = false
		// No term vectors: no phrase queries, and snippets use offsets kept in entries.
		f.IncludeTermVectors = false
		return f
	}
	for _, name := range []string{fieldTitle, fieldHeading, fieldAbout, fieldKeywords, fieldBody} {
		dm.AddFieldMappingsAt(name, text(analyzerEnglish))
	}
	dm.AddFieldMappingsAt(fieldPlainHead, text(analyzerPlain))
	for _, name := range []string{fieldConcepts, fieldConceptHd, fieldKeyPhrases} {
		concepts := text(analyzerConcept)
		concepts.SynonymSource = synonymSource
		dm.AddFieldMappingsAt(name, concepts)
	}
	m.AddDocumentMapping(docType, dm)
	return m, nil
}

// fill indexes lib's pages and sections and the synonym definitions.
func (ix *Index) fill(lib *guidance.Library, base string, groups [][]string) error {
	batch := ix.idx.NewBatch()
	// Bleve's BM25 takes a field's average length to be its number of
	// distinct terms divided by the number of documents (synonym
	// definitions included), which for prose is a fraction of the true
	// average and drowns long fields. Counting tokens here gives searches
	// the true averages.
	lengths := map[string]int{}
	headDocs := map[string]int{}
	// Bleve analyses every field when it indexes but keeps no per-document
	// term sets. The analysis below mirrors it for what searches need from
	// memory: each section's terms and concepts (for coverage), where body
	// terms sit (for snippets), field lengths (for BM25) and the words of
	// headings (for spelling correction). Page-level fields are analysed
	// once per page.
	type tokens = analysis.TokenStream
	analyse := func(a analysis.Analyzer, values ...string) []tokens {
		out := make([]tokens, len(values))
		for i, v := range values {
			out[i] = a.Analyze([]byte(v))
		}
		return out
	}
	count := func(field string, ts ...tokens) {
		for _, t := range ts {
			lengths[field] += len(t)
		}
	}
	addTerms := func(e *entry, ts ...tokens) {
		for _, t := range ts {
			for _, tok := range t {
				e.terms[string(tok.Term)] = true
			}
		}
	}
	addConcepts := func(e *entry, ts ...tokens) (n int) {
		for _, t := range ts {
			for _, tok := range ix.conceptOf.Filter(t) {
				e.concepts[string(tok.Term)] = true
				n++
			}
		}
		return n
	}
	headWords := func(values ...string) map[string]bool {
		set := map[string]bool{}
		for _, t := range analyse(ix.plain, values...) {
			for _, tok := range t {
				set[string(tok.Term)] = true
			}
		}
		return set
	}
	for _, p := range lib.Pages {
		title := ix.english.Analyze([]byte(p.Title))
		about := analyse(ix.english, append([]string{p.Summary}, p.Topics...)...)
		keywords := analyse(ix.english, p.Keywords...)
		pageHead := headWords(append([]string{p.Title}, p.Keywords...)...)
		pageKeys := map[string]bool{}
		for _, k := range keywords {
			if len(k) == 1 {
				pageKeys[string(k[0].Term)] = true
			}
		}
		add := func(heading, text, url string) error {
			id := strconv.Itoa(len(ix.entries))
			e := entry{page: p, section: heading, text: text, url: base + url, pageURL: base + p.URL,
				terms: map[string]bool{}, concepts: map[string]bool{}, keywords: pageKeys}
			d := document{
				Title: p.Title, Heading: heading, About: append([]string{p.Summary}, p.Topics...),
				Keywords: p.Keywords, Body: text,
				PlainHead: append([]string{p.Title, heading}, p.Keywords...),
				Concepts:  []string{p.Title, heading, p.Summary, text},
				ConceptHd: heading, URL: e.url, KeyPhrases: p.Keywords,
			}
			head := ix.english.Analyze([]byte(heading))
			if heading == "" {
				d.ConceptHd, head = p.Title, nil
			}
			body := ix.english.Analyze([]byte(text))
			for _, tok := range body {
				e.spans = append(e.spans, span{start: tok.Start, end: tok.End, term: string(tok.Term)})
			}
			addTerms(&e, title, head, body)
			addTerms(&e, about...)
			addTerms(&e, keywords...)
			count(fieldTitle, title)
			count(fieldHeading, head)
			count(fieldAbout, about...)
			count(fieldKeywords, keywords...)
			count(fieldBody, body)
			lengths[fieldConcepts] += addConcepts(&e, title, head, about[0], body)
			if heading == "" {
				lengths[fieldConceptHd] += len(ix.conceptOf.Filter(title))
			} else {
				lengths[fieldConceptHd] += len(ix.conceptOf.Filter(head))
			}
			// Keywords name the page's concepts too, for coverage.
			addConcepts(&e, keywords...)
			hw := headWords(heading)
			for w := range pageHead {
				hw[w] = true
			}
			for w := range hw {
				headDocs[w]++
			}
			lengths[fieldPlainHead] += len(hw)
			for _, k := range keywords {
				lengths[fieldKeyPhrases] += len(ix.conceptOf.Filter(k))
			}
			for t := range e.terms {
				ix.vocab[t] = true
				ix.df[t]++
			}
			ix.entries = append(ix.entries, e)
			return batch.Index(id, d)
		}
		intro := ""
		for _, s := range p.Sections {
			if s.Level <= 1 {
				intro = s.Text
			}
		}
		// The page itself: title, summary and keywords, with its introduction as text.
		if err := add("", intro, p.URL); err != nil {
			return err
		}
		for _, s := range p.Sections {
			if s.Level <= 1 {
				continue
			}
			if err := add(s.Heading, s.Text, s.URL(p)); err != nil {
				return err
			}
			ix.suggest = append(ix.suggest, newSuggestion(p.Title, s.Heading, base+s.URL(p)))
		}
	}
	for i, g := range groups {
		if err := batch.IndexSynonym("syn"+strconv.Itoa(i), synonymCollection, &bleve.SynonymDefinition{Synonyms: g}); err != nil {
			return fmt.Errorf("synonyms %q: %w", g, err)
		}
		var members []string
		for _, s := range g {
			members = append(members, terms(ix.concept, s)...)
		}
		for _, m := range members {
			ix.synonyms[m] = members
		}
	}
	for i := range ix.entries {
		roots := map[string]bool{}
		for c := range ix.entries[i].concepts {
			roots[ix.root(c)] = true
		}
		for r := range roots {
			ix.conceptDF[r]++
		}
	}
	ix.unknownWeight = idfOf(len(ix.entries), len(ix.entries)/unknownShare)
	ix.heads = map[rune][]headWord{}
	for _, w := range sortedKeys(toSet(headDocs)) {
		rs := []rune(w)
		ix.heads[rs[0]] = append(ix.heads[rs[0]], headWord{runes: rs, word: w, docs: headDocs[w]})
	}
	sortSuggestions(ix.suggest)
	// A field no document fills (a library with no keywords at all) still
	// needs a length, or bleve refuses every search that names it.
	for _, f := range searchedFields {
		lengths[f] = max(lengths[f], 1)
	}
	ix.stats = &search.BM25Stats{DocCount: float64(len(ix.entries)), FieldCardinality: lengths}
	return ix.idx.Batch(batch)
}

// Close releases the index.
func (ix *Index) Close() error {
	ix.closeMu.Do(func() { ix.closeErr = ix.idx.Close() })
	return ix.closeErr
}

// Len is the number of documents (pages and sections) indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// synonymGroups collects groups of equivalent terms: each glossary entry
// (term, expansion, aliases) and each acronym among a page's keywords with
// the keyword phrase it abbreviates ("DNA" and "did not attend"). It also
// returns every concept the concept analyzer must recognise: the analysed
// form of each group member and of each multi-word keyword.
func synonymGroups(lib *guidance.Library, english analysis.Analyzer) ([][]string, []string) {
	concepts := map[string]bool{}
	analysed := func(s string) string { return strings.Join(terms(english, s), " ") }
	// Groups that share a member are merged (union-find on analysed forms),
	// so each term is in one group and its synonyms are not counted twice.
	parent := map[string]string{}
	var find func(string) string
	find = func(a string) string {
		if parent[a] == a {
			return a
		}
		parent[a] = find(parent[a])
		return parent[a]
	}
	spelling := map[string]string{} // analysed form -> first spelling seen
	var order []string
	addGroup := func(members []string) {
		first := ""
		for _, m := range members {
			a := analysed(m)
			if a == "" {
				continue
			}
			if _, ok := parent[a]; !ok {
				parent[a] = a
				spelling[a] = m
				order = append(order, a)
			}
			concepts[a] = true
			if first == "" {
				first = a
			} else if ra, rb := find(a), find(first); ra != rb {
				parent[ra] = rb
			}
		}
	}
	for _, t := range lib.Glossary {
		addGroup(append([]string{t.Term, t.Expansion}, t.Aliases...))
	}
	for _, g := range everyday {
		addGroup(g)
	}
	for _, p := range lib.Pages {
		for _, k := range p.Keywords {
			if a := analysed(k); strings.Contains(a, " ") {
				concepts[a] = true
			}
			if !isAcronym(k) {
				continue
			}
			for _, phrase := range p.Keywords {
				if phrase != k && abbreviates(k, phrase) {
					addGroup([]string{k, phrase})
				}
			}
		}
	}
	byRoot := map[string][]string{}
	var roots []string
	for _, a := range order {
		r := find(a)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], spelling[a])
	}
	var groups [][]string
	for _, r := range roots {
		if len(byRoot[r]) > 1 {
			groups = append(groups, byRoot[r])
		}
	}
	return groups, sortedKeys(concepts)
}

// everyday are words people type for the words the guidance uses. They are
// plain English, not answers: the glossary and keywords carry the domain.
var everyday = [][]string{
	{"kids", "children"},
	{"kid", "child"},
	{"mum", "mother"},
	{"mam", "mother"},
	{"mom", "mother"},
	{"dad", "father"},
	{"parent", "carer"},
	{"stepdad", "stepfather"},
	{"boss", "manager"},
	{"telephone", "phone"},
	{"ring", "call"},
	{"handoff", "handover"},
	{"worried", "concerned"},
	{"worry", "concern"},
}

// isAcronym reports whether s looks like an abbreviation: one word with at
// least two capitals ("DNA", "SoS", "GCP2", "HVs").
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

// abbreviates reports whether acronym is made of the initials of phrase's
// words, with or without its small joining words ("Signs of Safety" is SoS,
// "Birth, Bump and Baby" is BBB).
func abbreviates(acronym, phrase string) bool {
	words := strings.FieldsFunc(phrase, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) < 2 {
		return false
	}
	var all, content strings.Builder
	for _, w := range words {
		first := []rune(w)[0]
		if unicode.IsDigit(first) {
			all.WriteString(w)
			content.WriteString(w)
			continue
		}
		all.WriteRune(unicode.ToLower(first))
		switch strings.ToLower(w) {
		case "and", "of", "the", "for", "to", "a":
		default:
			content.WriteRune(unicode.ToLower(first))
		}
	}
	a := strings.ToLower(acronym)
	return a == all.String() || a == content.String()
}

// signals are the analysed forms of every glossary term, expansion and
// alias and of every page keyword: the words that name what the guidance
// is about, as against everyday words.
func signals(lib *guidance.Library, english analysis.Analyzer) map[string]bool {
	out := map[string]bool{}
	add := func(s string) {
		if a := strings.Join(terms(english, s), " "); a != "" {
			out[a] = true
		}
	}
	for _, t := range lib.Glossary {
		add(t.Term)
		add(t.Expansion)
		for _, a := range t.Aliases {
			add(a)
		}
	}
	for _, p := range lib.Pages {
		for _, k := range p.Keywords {
			add(k)
		}
	}
	return out
}
