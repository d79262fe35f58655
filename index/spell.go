package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Spelling is handled twice, and neither can replace the other without
// changing results:
//
//   - correct (with editDistance, an optimal string alignment distance)
//     rewrites a word the guidance never uses as the closest word of its
//     titles, headings and keywords before the question is analysed. So the
//     correction is what gets stemmed, weighed in coverage, found in
//     concepts and searched in the English and concept fields. It counts
//     swapped neighbours ("complaince") as one edit, allows two edits in
//     words of eight letters or more, keeps the first letter, and picks one
//     word (fewest edits, then most documents).
//   - fuzzyQuery asks bleve (a Levenshtein automaton over the plain_head
//     dictionary) for every word within one edit of the word as typed and
//     scores each with BM25, halved for a word one edit away. It adds to
//     the score of sections whose titles, headings or keywords hold close
//     variants ("procedures" as well as "procedure"), whatever their first
//     letter, and leaves coverage alone.
//
// Bleve's fuzzy dictionary lookup (FieldDictFuzzy, the same automaton)
// could find candidates for correct, but not the same ones: it counts a
// swap as two edits, so a swap in a word under eight letters would go
// uncorrected, and it stops at two edits, so a long word with a swap and
// another slip would too. Dropping fuzzyQuery would lower the scores of the
// sections it adds to.

// correct replaces, in place, each word the guidance does not contain with
// the closest word of its titles, headings and keywords (fewest edits, then
// most documents). Words under five letters are not corrected: "book" is
// one edit from "look", and short words are rarely mistyped. Nor are words
// with digits ("s47", "5pm"). It returns the words it corrected, as typed.
func (ix *Index) correct(words []string) []string {
	var typos []string
	tried := 0
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 5 || hasDigit(w) || ix.known(w) {
			continue
		}
		// Bounded: a question of nothing but misspellings is the costliest
		// there is, and a real one holds a few at most.
		if tried++; tried > maxCorrections {
			break
		}
		if c := ix.closest(w, fuzziness(n)); c != "" {
			typos = append(typos, w)
			words[i] = c
		}
	}
	return typos
}

// known reports whether word's stem, or the concept it names, is in the index.
func (ix *Index) known(word string) bool {
	ts := terms(ix.english, word)
	if len(ts) == 0 {
		return true // a stop word: nothing to correct
	}
	for _, t := range ts {
		if ix.df[t] == 0 && ix.synonyms[t] == nil {
			return false
		}
	}
	return true
}

// hasDigit reports whether w holds an ASCII digit.
func hasDigit(w string) bool {
	for _, r := range w {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// fuzziness is how many edits correct allows in a word of that many runes:
// one up to seven, two beyond.
func fuzziness(runes int) int {
	if runes < 8 {
		return 1
	}
	return 2
}

// headWord is a word of the titles, headings and keywords, for correction.
type headWord struct {
	runes []rune
	word  string
	docs  int
}

// closest finds the head word at most fuzz edits from w. Typos rarely hit
// the first letter, so only words sharing it are tried: that also keeps
// the scan to a few dozen words.
func (ix *Index) closest(w string, fuzz int) string {
	rs := []rune(w)
	best, bestDist, bestDocs := "", fuzz+1, 0
	for _, c := range ix.heads[rs[0]] {
		if d := len(c.runes) - len(rs); d > fuzz || -d > fuzz {
			continue
		}
		d := editDistance(rs, c.runes, fuzz)
		if d <= fuzz && (d < bestDist || (d == bestDist && c.docs > bestDocs)) {
			best, bestDist, bestDocs = c.word, d, c.docs
		}
	}
	return best
}

// editDistance is the optimal string alignment distance (insertions,
// deletions, substitutions and swaps of neighbours each cost one), or
// limit+1 once it must exceed limit.
func editDistance(a, b []rune, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// fuzzyQuery matches each misspelt word, as typed, to the words one edit
// away in the titles, headings and keywords, so close variants of the
// correction ("procedures" as well as "procedure") count too.
// maxCorrections bounds the unknown words one question may have corrected.
const maxCorrections = 8

// maxFuzzy bounds the fuzzy lookups one question makes.
const maxFuzzy = 2

func fuzzyQuery(typos []string) query.Query {
	var fuzzy []query.Query
	// Each fuzzy query builds a Levenshtein automaton, the dearest part of a
	// question full of typos; the corrected words are searched anyway.
	for _, w := range typos[:min(len(typos), maxFuzzy)] {
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
