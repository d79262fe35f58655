package index

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

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
const IndexVersion = 3

const (
	docType           = "section"
	synonymSource     = "guidance_synonyms"
	synonymCollection = "guidance"
)

// Field names of an indexed section.
const (
	fieldTitle          = "title"
	fieldHeading        = "heading"
	fieldAbout          = "about" // the page's summary and topics
	fieldBody           = "body"
	fieldExamples       = "examples"        // the questions the section says it answers
	fieldConcepts       = "concepts"        // concepts named anywhere in the section or its page's summary
	fieldConceptHeading = "concept_heading" // concepts named in the heading
	fieldPlainHead      = "plain_head"      // title and heading, unstemmed, for fuzzy matching
)

// englishFields are the fields analysed with the English analyzer: an
// entry's terms are theirs.
var englishFields = []string{fieldTitle, fieldHeading, fieldAbout, fieldBody, fieldExamples}

// searchedFields are the fields queries score with BM25.
var searchedFields = append(slices.Clone(englishFields),
	fieldConcepts, fieldConceptHeading, fieldPlainHead)

// unknownShare: a word the guidance never uses counts, where a section holds
// a signal, like a word found in one section in unknownShare (calibrated:
// see docs/search.md).
const unknownShare = 3

// Options tune Build.
type Options struct {
	// BaseURL, when set, makes result URLs absolute ("https://example.org").
	BaseURL string

	// bleveSynonyms has bleve expand concepts through its synonym source,
	// the reference TestExactExpansion checks the engine's own expansion
	// against.
	bleveSynonyms bool
}

// Index is a search index over a Library. It is safe for concurrent use.
//
// Bleve holds the documents and scores them. What else searches need is
// kept here, each for a reason bleve cannot serve:
//   - entries: each document's terms, concepts and body spans, for coverage
//     and snippets. Bleve keeps no per-document term sets (no term vectors
//     or doc values are indexed), and coverage needs them for every
//     candidate of every search.
//   - df: documents holding a term in any English field. Bleve's
//     dictionaries count per field, and the union is not their sum.
//   - conceptDF: documents naming any member of a synonym group, which no
//     bleve dictionary counts.
//   - stats: BM25's field lengths, which bleve gets wrong (see finishStats).
//   - heads: bleve's plain_head dictionary, read once and grouped by first
//     letter for spelling correction (see correct).
//   - synonyms: the concepts' synonym groups. Queries expand a concept to
//     its synonyms themselves (synonymQuery), as bleve's synonym searcher
//     does, so that the synonyms a field never holds can be left out
//     without changing a score (exactDisjunction).
//   - collector: a copy of the searched fields' postings (whose lengths are
//     each field's document counts, for those exact scores), and what
//     running bleve's searchers on it needs (see collect.go, postings.go).
//
// TestStatisticsMatchBleve checks the first two against bleve's postings.
type Index struct {
	idx           bleve.Index
	entries       []entry // by document id
	suggest       []suggestion
	english       analysis.Analyzer
	concept       analysis.Analyzer
	conceptFilter *conceptFilter      // the concept analyzer's last step, run on English tokens
	synonyms      map[string][]string // concept token -> every token of its synonym group
	exampleWord   map[string]string   // one-word synonym -> the word examples are matched as (see analyseExample)
	df            map[string]int      // English term -> documents containing it
	conceptDF     map[string]int      // root of a concept's synonym group -> documents naming it
	signal        map[string]bool     // concepts that are glossary terms
	// unknownWeight is what a word the guidance never uses counts for in
	// coverage when the section holds a signal (see plan.fit).
	unknownWeight float64
	stats         *search.BM25Stats
	examples      *exampleIndex       // the sections' own questions, matched by similarity
	definitions   *definitions        // glossary entries for "what does X stand for"
	base          string              // Options.BaseURL without a trailing slash
	bleveSynonyms bool                // Options.bleveSynonyms
	floor         float64             // relevance floor (minScore; tests may lower it to calibrate)
	heads         map[rune][]headWord // words of titles and headings by first letter
	collector     *collector          // runs bleve's searchers (see collect)
	mapping       mapping.IndexMapping
	closeOnce     sync.Once
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

	// Where each English term of the body sits in text, for snippets;
	// kept here so searches need not ask bleve for match locations.
	spans []span
	units []unit // the text's sentences and lines, for snippets
	// examples are the questions the section says it answers.
	examples []string
	// topic is the analysed terms of its page's main topic (the first in
	// its front matter), unless every one of them is in most entries.
	topic []string
	// On the review's record of a recommendation: its number, and the
	// address of the guidance page the tracker links it to.
	recommendation int
	guidance       string
}

// document is what bleve indexes for one section or page.
type document struct {
	Title          string   `json:"title"`
	Heading        string   `json:"heading"`
	About          []string `json:"about"`
	Body           string   `json:"body"`
	Examples       []string `json:"examples"`
	Concepts       []string `json:"concepts"`
	ConceptHeading string   `json:"concept_heading"`
	PlainHead      []string `json:"plain_head"`
	URL            string   `json:"url"` // not indexed: results take it from the entry
}

// BleveType tells the mapping which document mapping applies.
func (document) BleveType() string { return docType }

// Build indexes every page of lib and every section of every page.
func Build(lib *guidance.Library, opts Options) (*Index, error) {
	if lib == nil {
		return nil, errors.New("build index: no library")
	}
	m, err := newMapping(opts.bleveSynonyms)
	if err != nil {
		return nil, fmt.Errorf("build index: mapping: %w", err)
	}
	english := m.AnalyzerNamed(analyzerEnglish)
	groups, concepts := synonymGroups(lib, english)
	if err := addConceptAnalyzer(m, concepts); err != nil {
		return nil, fmt.Errorf("build index: concepts: %w", err)
	}
	if opts.bleveSynonyms {
		if err := m.AddSynonymSource(synonymSource, map[string]any{
			"collection": synonymCollection, "analyzer": analyzerConcept,
		}); err != nil {
			return nil, fmt.Errorf("build index: synonym source: %w", err)
		}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("build index: mapping: %w", err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix := &Index{
		idx: bi, english: english, concept: m.AnalyzerNamed(analyzerConcept),
		conceptFilter: newConceptFilter(concepts),
		floor:         minScore, synonyms: map[string][]string{}, exampleWord: map[string]string{}, df: map[string]int{},
		conceptDF: map[string]int{}, signal: signals(lib, english),
		bleveSynonyms: opts.bleveSynonyms,
	}
	asks, err := parseDefinitionAsks(definitionsYAML)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix.definitions, ix.base = newDefinitions(lib, asks), strings.TrimRight(opts.BaseURL, "/")
	if err := ix.fill(lib, ix.base, groups); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix.mapping = m
	return ix, nil
}

func newMapping(bleveSynonyms bool) (*mapping.IndexMappingImpl, error) {
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
	for _, name := range englishFields {
		dm.AddFieldMappingsAt(name, text(analyzerEnglish))
	}
	dm.AddFieldMappingsAt(fieldPlainHead, text(analyzerPlain))
	for _, name := range []string{fieldConcepts, fieldConceptHeading} {
		concepts := text(analyzerConcept)
		if bleveSynonyms {
			concepts.SynonymSource = synonymSource
		}
		dm.AddFieldMappingsAt(name, concepts)
	}
	m.AddDocumentMapping(docType, dm)
	return m, nil
}

// fill indexes lib's pages and sections and the synonym definitions, then
// works out the statistics searches need.
func (ix *Index) fill(lib *guidance.Library, base string, groups [][]string) error {
	b := &builder{ix: ix, batch: ix.idx.NewBatch(), base: base, lengths: map[string]int{}}
	for _, p := range lib.Pages {
		page := ix.analysePage(p)
		intro, introAsked := "", []string(nil)
		for _, s := range p.Sections {
			if s.Level <= 1 {
				intro, introAsked = s.Text, s.Examples
			}
		}
		// The page itself: title and summary, with its introduction as text.
		if err := b.addEntry(page, "", intro, p.URL, introAsked); err != nil {
			return err
		}
		for _, s := range p.Sections {
			if s.Level <= 1 {
				continue
			}
			if err := b.addEntry(page, s.Heading, s.Text, s.URL(p), s.Examples); err != nil {
				return err
			}
			ix.suggest = append(ix.suggest, newSuggestion(p.Title, s.Heading, base+s.URL(p)))
		}
	}
	sortSuggestions(ix.suggest)
	if err := ix.indexSynonyms(b.batch, groups); err != nil {
		return err
	}
	if err := ix.idx.Batch(b.batch); err != nil {
		return err
	}
	asked := make([][]string, len(ix.entries))
	for i, e := range ix.entries {
		asked[i] = e.examples
	}
	ix.examples = newExampleIndex(asked, ix.analyseExample)
	return ix.finishStats(b.lengths)
}

// builder is what fill carries from entry to entry.
type builder struct {
	ix    *Index
	batch *bleve.Batch
	base  string // Options.BaseURL without a trailing slash
	// lengths counts the tokens of each field over every document, for
	// BM25 (see finishStats).
	lengths map[string]int
}

// analysedPage is what a page's own fields analyse to, once for all its
// entries. Bleve analyses every field again when it indexes, but keeps no
// per-document term sets: this analysis is what entries are made of.
type analysedPage struct {
	page  *guidance.Page
	title analysis.TokenStream
	about []analysis.TokenStream // summary, then topics
	// The concepts named in the title and the summary.
	titleConcepts, summaryConcepts analysis.TokenStream
}

// analysePage analyses the fields every entry of p shares.
func (ix *Index) analysePage(p *guidance.Page) *analysedPage {
	a := &analysedPage{
		page:  p,
		title: ix.english.Analyze([]byte(p.Title)),
		about: analyseAll(ix.english, append([]string{p.Summary}, p.Topics...)),
	}
	a.titleConcepts = ix.conceptFilter.Filter(a.title)
	a.summaryConcepts = ix.conceptFilter.Filter(a.about[0])
	return a
}

// analyseAll runs a over each of values.
func analyseAll(a analysis.Analyzer, values []string) []analysis.TokenStream {
	out := make([]analysis.TokenStream, len(values))
	for i, v := range values {
		out[i] = a.Analyze([]byte(v))
	}
	return out
}

// addEntry adds the entry and the bleve document for one section of a
// page, or for the page itself when heading is "".
func (b *builder) addEntry(page *analysedPage, heading, text, url string, examples []string) error {
	ix, p := b.ix, page.page
	id := strconv.Itoa(len(ix.entries))
	e := entry{page: p, section: heading, text: text, url: b.base + url, pageURL: b.base + p.URL,
		terms: map[string]bool{}, concepts: map[string]bool{}, examples: examples}
	e.recommendation, e.guidance = recordOf(p, url)
	if e.guidance != "" {
		e.guidance = b.base + e.guidance
	}
	d := document{
		Title: p.Title, Heading: heading, About: append([]string{p.Summary}, p.Topics...),
		Body: text, Examples: examples,
		PlainHead:      []string{p.Title, heading},
		Concepts:       []string{p.Title, heading, p.Summary, text},
		ConceptHeading: heading, URL: e.url,
	}
	head := ix.english.Analyze([]byte(heading))
	headConcepts := ix.conceptFilter.Filter(head)
	conceptHeading := headConcepts
	if heading == "" { // the page's own heading is its title
		d.ConceptHeading, conceptHeading = p.Title, page.titleConcepts
	}
	body := ix.english.Analyze([]byte(text))
	for _, tok := range body {
		e.spans = append(e.spans, span{start: tok.Start, end: tok.End, term: string(tok.Term)})
	}
	e.units = splitUnits(text)
	bodyConcepts := ix.conceptFilter.Filter(body)

	// The questions the section answers are its words too, for coverage.
	asked := make([]analysis.TokenStream, len(examples))
	for i, q := range examples {
		asked[i] = ix.english.Analyze([]byte(q))
	}
	addTokens(e.terms, page.title, head, body)
	addTokens(e.terms, asked...)
	addTokens(e.terms, page.about...)
	addTokens(e.concepts, page.titleConcepts, headConcepts, page.summaryConcepts, bodyConcepts)

	b.count(fieldTitle, page.title)
	b.count(fieldHeading, head)
	b.count(fieldAbout, page.about...)
	b.count(fieldBody, body)
	b.count(fieldExamples, asked...)

	b.count(fieldConcepts, page.titleConcepts, headConcepts, page.summaryConcepts, bodyConcepts)
	b.count(fieldConceptHeading, conceptHeading)

	ix.entries = append(ix.entries, e)
	return b.batch.Index(id, d)
}

// recordOf finds, for a section of the review's record (anchored
// #recommendation-N…), the recommendation's number and the guidance page
// the tracker links it to.
func recordOf(p *guidance.Page, url string) (int, string) {
	_, anchor, _ := strings.Cut(url, "#recommendation-")
	digits := strings.TrimRightFunc(anchor[:min(len(anchor), 2)], func(r rune) bool { return r < '0' || r > '9' })
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, ""
	}
	for _, r := range p.Recommendations {
		if r.Number == n && r.Page != "" {
			page, _, _ := strings.Cut(r.Page, "#")
			return n, page
		}
	}
	return 0, ""
}

// addTokens adds the terms of every token of ts to set.
func addTokens(set map[string]bool, ts ...analysis.TokenStream) {
	for _, t := range ts {
		for _, tok := range t {
			set[string(tok.Term)] = true
		}
	}
}

// count adds the tokens of ts to field's length.
func (b *builder) count(field string, ts ...analysis.TokenStream) {
	for _, t := range ts {
		b.lengths[field] += len(t)
	}
}

// indexSynonyms adds each synonym group to the batch as a bleve synonym
// definition, and to ix.synonyms as concept tokens.
func (ix *Index) indexSynonyms(batch *bleve.Batch, groups [][]string) error {
	for i, g := range groups {
		if ix.bleveSynonyms {
			if err := batch.IndexSynonym("syn"+strconv.Itoa(i), synonymCollection, &bleve.SynonymDefinition{Synonyms: g}); err != nil {
				return fmt.Errorf("synonyms %q: %w", g, err)
			}
		}
		var members []string
		for _, s := range g {
			members = append(members, terms(ix.concept, s)...)
		}
		oneWord := ""
		for _, m := range members {
			ix.synonyms[m] = members
			if oneWord == "" && !strings.Contains(m, " ") {
				oneWord = m
			}
		}
		for _, m := range members {
			if oneWord != "" && m != oneWord && !strings.Contains(m, " ") {
				ix.exampleWord[m] = oneWord
			}
		}
	}
	return nil
}

// finishStats works out, once every document is indexed, the statistics
// that coverage, spelling and BM25 need.
//
// Field lengths: bleve's BM25 takes a field's average length to be its
// number of distinct terms divided by the number of documents (synonym
// definitions included), which for prose is a fraction of the true average
// and drowns long fields. Searches pass the true totals instead
// (PreSearchData, see search); TestBM25FieldLengths fails if bleve changes.
// Bleve keeps no token totals, and adding up the frequencies of every
// posting would add a quarter to a build, so lengths are the tokens fill
// counted in the analysis entries need anyway.
func (ix *Index) finishStats(lengths map[string]int) error {
	ix.countDocuments()
	ix.findTopics()
	ix.unknownWeight = idfOf(len(ix.entries), len(ix.entries)/unknownShare)
	adv, err := ix.idx.Advanced()
	if err != nil {
		return err
	}
	if ix.collector, err = newCollector(adv, len(ix.entries), searchedFields); err != nil {
		return err
	}
	n, err := ix.readHeads()
	if err != nil {
		return err
	}
	// plain_head's length counts each document's distinct words, not its
	// tokens; scores are calibrated with it so.
	lengths[fieldPlainHead] = n
	// A field no document fills (a library with no keywords at all) still
	// needs a length, or bleve refuses every search that names it.
	for _, f := range searchedFields {
		lengths[f] = max(lengths[f], 1)
	}
	// Bleve's own document count includes the synonym definitions.
	ix.stats = &search.BM25Stats{DocCount: float64(len(ix.entries)), FieldCardinality: lengths}
	return nil
}

// countDocuments sets df and conceptDF from the entries.
func (ix *Index) countDocuments() {
	for i := range ix.entries {
		e := &ix.entries[i]
		for t := range e.terms {
			ix.df[t]++
		}
		roots := map[string]bool{}
		for c := range e.concepts {
			roots[ix.root(c)] = true
		}
		for r := range roots {
			ix.conceptDF[r]++
		}
	}
}

// findTopics sets each entry's topic from its page's front matter; it
// needs df.
func (ix *Index) findTopics() {
	topics := map[string][]string{}
	for i := range ix.entries {
		e := &ix.entries[i]
		if len(e.page.Topics) == 0 {
			continue
		}
		topic, ok := topics[e.page.Topics[0]]
		if !ok {
			topic = terms(ix.english, e.page.Topics[0])
			if !slices.ContainsFunc(topic, func(t string) bool { return ix.df[t] <= len(ix.entries)/2 }) {
				topic = nil
			}
			topics[e.page.Topics[0]] = topic
		}
		e.topic = topic
	}
}

// readHeads sets heads from bleve's plain_head dictionary, which is in term
// order (closest relies on it to break ties). It returns the sum of the
// dictionary's document counts.
func (ix *Index) readHeads() (int, error) {
	dict, err := ix.idx.FieldDict(fieldPlainHead)
	if err != nil {
		return 0, err
	}
	defer dict.Close()
	ix.heads = map[rune][]headWord{}
	sum := 0
	for {
		de, err := dict.Next()
		if err != nil {
			return 0, err
		}
		if de == nil {
			return sum, nil
		}
		rs := []rune(de.Term)
		ix.heads[rs[0]] = append(ix.heads[rs[0]], headWord{runes: rs, word: de.Term, docs: int(de.Count)})
		sum += int(de.Count)
	}
}

// Close releases the index.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() { ix.closeErr = ix.collector.close(ix.idx.Close) })
	return ix.closeErr
}

// Len is the number of documents (pages and sections) indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// synonymGroups collects groups of equivalent terms: each glossary entry
// (term, expansion, aliases) and the everyday groups. It also returns
// every concept the concept analyzer must recognise: the analysed form of
// each group member.
func synonymGroups(lib *guidance.Library, english analysis.Analyzer) ([][]string, []string) {
	concepts := map[string]bool{}
	analysed := func(s string) string { return strings.Join(terms(english, s), " ") }
	// Groups that share a member are merged (on analysed forms), so each
	// term is in one group and its synonyms are not counted twice.
	merged := unionFind{}
	spelling := map[string]string{} // analysed form -> first spelling seen
	var order []string
	addGroup := func(members []string) {
		first := ""
		for _, m := range members {
			a := analysed(m)
			if a == "" {
				continue
			}
			if merged.add(a) {
				spelling[a] = m
				order = append(order, a)
			}
			concepts[a] = true
			if first == "" {
				first = a
			} else {
				merged.union(a, first)
			}
		}
	}
	for _, t := range lib.Glossary {
		addGroup(append([]string{t.Term, t.Expansion}, t.Aliases...))
	}
	for _, g := range everyday {
		addGroup(g)
	}
	byRoot := map[string][]string{}
	var roots []string
	for _, a := range order {
		r := merged.find(a)
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
	return groups, slices.Sorted(maps.Keys(concepts))
}

// unionFind partitions strings into groups: add makes a group of one, union
// merges two groups, find names a group by one of its members.
type unionFind map[string]string // member -> parent; a root is its own parent

// add adds a as a group of its own, unless it is already in one. It
// reports whether a was new.
func (u unionFind) add(a string) bool {
	if _, ok := u[a]; ok {
		return false
	}
	u[a] = a
	return true
}

// find returns the root of a's group; a must have been added.
func (u unionFind) find(a string) string {
	if u[a] == a {
		return a
	}
	u[a] = u.find(u[a])
	return u[a]
}

// union merges the groups of a and b under b's root.
func (u unionFind) union(a, b string) {
	if ra, rb := u.find(a), u.find(b); ra != rb {
		u[ra] = rb
	}
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

// signals are the analysed forms of every glossary term, expansion and
// alias: the words that name what the guidance is about, as against
// everyday words.
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
	return out
}
