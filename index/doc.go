// Package index is the search index over the guidance: one bleve document
// per section plus one per page, BM25 in an in-memory scorch index, with
// glossary terms as synonyms. Search turns a practitioner's question into
// term, fuzzy and disjunction queries (user text is never parsed as query
// syntax), re-ranks by how much of the question a section covers, and
// returns nothing below a relevance floor. Results are guidance.Match
// values: bleve types never leave this package. See docs/search.md.
package index
