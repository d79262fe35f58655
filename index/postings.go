package index

import (
	"context"
	"fmt"
	"sort"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Postings, read once. Opening a term's postings in bleve's in-memory
// segment (a dictionary, an FST reader, a postings iterator and its
// decoders) was half of what a search allocated, for a handful of
// documents each. The index never changes once built, so every posting of
// the searched fields is read from bleve when the index is built, and
// searches are given bleve's searchers over a reader that serves term
// postings from that copy: the same documents, frequencies and norms, in
// the same order, so the same scores (TestExactExpansion compares the two
// on every question set). Everything else comes from bleve's own reader.

// copiedPosting is one document holding a term in a field, as bleve's reader
// gives it.
type copiedPosting struct {
	doc  uint64 // bleve's internal document number
	freq uint64
	norm float64
}

// postingsCopy holds the postings of every term of the searched fields.
type postingsCopy struct {
	fields map[string]map[string][]copiedPosting // field -> term -> postings, in document order
}

// copyPostings reads every copiedPosting of fields from r.
func copyPostings(r bleveindex.IndexReader, fields []string) (*postingsCopy, error) {
	c := &postingsCopy{fields: map[string]map[string][]copiedPosting{}}
	for _, field := range fields {
		terms, err := fieldTerms(r, field)
		if err != nil {
			return nil, err
		}
		byTerm := make(map[string][]copiedPosting, len(terms))
		for _, term := range terms {
			list, err := readPostings(r, field, term)
			if err != nil {
				return nil, err
			}
			byTerm[term] = list
		}
		c.fields[field] = byTerm
	}
	return c, nil
}

// fieldTerms lists the terms of field's dictionary.
func fieldTerms(r bleveindex.IndexReader, field string) ([]string, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var terms []string
	for {
		de, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			return terms, nil
		}
		terms = append(terms, de.Term)
	}
}

func readPostings(r bleveindex.IndexReader, field, term string) ([]copiedPosting, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	list := make([]copiedPosting, 0, tfr.Count())
	var d bleveindex.TermFieldDoc
	for {
		next, err := tfr.Next(d.Reset())
		if err != nil {
			return nil, err
		}
		if next == nil {
			break
		}
		list = append(list, copiedPosting{doc: next.ID.Value(), freq: next.Freq, norm: next.Norm})
	}
	if uint64(len(list)) != tfr.Count() {
		return nil, fmt.Errorf("postings of %q in %s: read %d of %d", term, field, len(list), tfr.Count())
	}
	return list, nil
}

// copiedReader is bleve's reader, serving term postings from the copy.
type copiedReader struct {
	bleveindex.IndexReader
	fuzzy  bleveindex.IndexReaderFuzzy // the same reader, for fuzzy terms
	copied *postingsCopy
}

func (r copiedReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (bleveindex.TermFieldReader, error) {
	byTerm, ok := r.copied.fields[field]
	if !ok || includeTermVectors { // positions were not copied
		return r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	}
	// A term the field does not hold has no postings, as in bleve.
	return &copiedTermReader{list: byTerm[string(term)], freq: includeFreq, norm: includeNorm}, nil
}

func (r copiedReader) FieldDictFuzzy(field, term string, fuzziness int, prefix string) (bleveindex.FieldDict, error) {
	return r.fuzzy.FieldDictFuzzy(field, term, fuzziness, prefix)
}

func (r copiedReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (bleveindex.FieldDict, bleveindex.FuzzyAutomaton, error) {
	return r.fuzzy.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
}

// copiedTermReader enumerates one term's copied postings.
type copiedTermReader struct {
	list       []copiedPosting
	at         int // the next copiedPosting
	freq, norm bool
}

func (t *copiedTermReader) Next(pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	if t.at >= len(t.list) {
		return nil, nil
	}
	p := t.list[t.at]
	t.at++
	if pre == nil {
		pre = &bleveindex.TermFieldDoc{}
	}
	pre.ID = bleveindex.NewIndexInternalID(pre.ID, p.doc)
	if t.freq {
		pre.Freq = p.freq
	}
	if t.norm {
		pre.Norm = p.norm
	}
	return pre, nil
}

// Advance moves to the first copiedPosting at or after id, backwards too, as
// bleve's reader does.
func (t *copiedTermReader) Advance(id bleveindex.IndexInternalID, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	doc := id.Value()
	t.at = sort.Search(len(t.list), func(i int) bool { return t.list[i].doc >= doc })
	return t.Next(pre)
}

func (t *copiedTermReader) Count() uint64 { return uint64(len(t.list)) }
func (t *copiedTermReader) Close() error  { return nil }
func (t *copiedTermReader) Size() int     { return 48 }
