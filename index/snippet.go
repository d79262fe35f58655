package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range of a section's text that matched.
type span struct {
	start, end int
	term       string
}

// matches returns where the question's terms are in e's text, in order.
func (p *plan) matches(e *entry) []span {
	var out []span
	for _, sp := range e.spans {
		for _, t := range p.terms {
			if sp.term == t {
				out = append(out, sp)
				break
			}
		}
	}
	return out
}

const snippetRunes = 240

// snippet returns the best fragment of text: the run of whole sentences (or
// list items) of at most max runes holding the most distinct matched terms,
// as plain text on one line.
func snippet(text string, spans []span, max int) string {
	units := sentences(text)
	if len(units) == 0 {
		return ""
	}
	// Runes and matched terms of each unit, in one pass (spans are in order).
	runes := make([]int, len(units))
	terms := make([][]string, len(units))
	k := 0
	for i, u := range units {
		runes[i] = utf8.RuneCountInString(text[u.start:u.end])
		for k < len(spans) && spans[k].start < u.start {
			k++
		}
		for j := k; j < len(spans) && spans[j].start < u.end; j++ {
			if spans[j].end <= u.end {
				terms[i] = append(terms[i], spans[j].term)
			}
		}
	}
	best, bestScore := 0, -1
	var seen []string
	for i := range units {
		seen, count, size := seen[:0], 0, 0
		for j := i; j < len(units); j++ {
			size += runes[j] + 1
			if size > max && j > i {
				break
			}
			for _, t := range terms[j] {
				count++
				if !slices.Contains(seen, t) {
					seen = append(seen, t)
				}
			}
		}
		if score := len(seen)*100 + min(count, 99); score > bestScore {
			best, bestScore = i, score
		}
	}
	var b strings.Builder
	n := 0 // runes written
	for j := best; j < len(units); j++ {
		part := strings.Join(strings.Fields(text[units[j].start:units[j].end]), " ")
		part = strings.TrimPrefix(part, "- ")
		pn := utf8.RuneCountInString(part)
		if n > 0 && n+2+pn > max {
			break
		}
		if n > 0 {
			// List items and table rows carry no full stop of their own.
			if r, _ := utf8.DecodeLastRuneInString(b.String()); !strings.ContainsRune(".?!:;…", r) {
				if next, _ := utf8.DecodeRuneInString(part); unicode.IsUpper(next) {
					b.WriteByte('.')
				} else {
					b.WriteByte(';')
				}
				n++
			}
			b.WriteByte(' ')
			n++
		}
		b.WriteString(part)
		n += pn
	}
	out := b.String()
	if n > max {
		out = truncate(out, max)
	}
	if best > 0 {
		out = "…" + out
	}
	return out
}

// sentences splits text into sentences and lines, as byte ranges.
func sentences(text string) []span {
	var out []span
	start := 0
	emit := func(end int) {
		if strings.TrimSpace(text[start:end]) != "" {
			out = append(out, span{start: start, end: end})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			emit(i)
			start = i + 1
		case (text[i] == '.' || text[i] == '?' || text[i] == '!' || text[i] == ':') &&
			i+1 < len(text) && text[i+1] == ' ':
			emit(i + 1)
		}
	}
	emit(len(text))
	return out
}

// truncate cuts s to at most max runes at a word boundary, adding "…".
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
