package index

import (
	"unicode/utf8"
)

// correct replaces, in place, each word the guidance does not contain with
// the closest word of its titles, headings and keywords (fewest edits, then
// most documents). It returns the words it corrected, as typed.
func (ix *Index) correct(words []string) []string {
	var typos []string
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 5 || !isWord(w) || ix.known(w) {
			continue
		}
		if c := ix.closest(w, fuzziness(n)); c != "" {
			typos = append(typos, w)
			words[i] = c
		}
	}
	return typos
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
