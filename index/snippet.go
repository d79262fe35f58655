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

// unit is a sentence or line of a section's text, ready to be shown.
type unit struct {
	start, end int    // where it is in the text, in bytes
	runes      int    // of the text there
	shown      string // on one line, without a list item's "- "
	shownRunes int
}

// splitUnits splits text into the units snippets are made of; entries
// keep theirs, so that searches need not split their texts again.
func splitUnits(text string) []unit {
	var out []unit
	for _, u := range sentences(text) {
		shown := strings.TrimPrefix(strings.Join(strings.Fields(text[u.start:u.end]), " "), "- ")
		out = append(out, unit{start: u.start, end: u.end, runes: utf8.RuneCountInString(text[u.start:u.end]),
			shown: shown, shownRunes: utf8.RuneCountInString(shown)})
	}
	return out
}

// snippet returns the best fragment of text (see pickSnippet).
func snippet(text string, spans []span, max int) string {
	return pickSnippet(splitUnits(text), spans, max)
}

// pickSnippet returns the best fragment of a text split into units: the
// run of whole sentences (or list items) of at most max runes holding the
// most distinct matched terms, as plain text on one line.
func pickSnippet(units []unit, spans []span, max int) string {
	if len(units) == 0 {
		return ""
	}
	// The spans starting in each unit (those that end in it matched), in
	// one pass: spans are in order.
	type spansIn struct{ from, to int }
	in := make([]spansIn, len(units))
	k := 0
	for i, u := range units {
		for k < len(spans) && spans[k].start < u.start {
			k++
		}
		j := k
		for j < len(spans) && spans[j].start < u.end {
			j++
		}
		in[i] = spansIn{k, j}
	}
	best, bestScore := 0, -1
	var seen []string
	for i := range units {
		seen = seen[:0]
		count, size := 0, 0
		for j := i; j < len(units); j++ {
			size += units[j].runes + 1
			if size > max && j > i {
				break
			}
			for _, sp := range spans[in[j].from:in[j].to] {
				if sp.end > units[j].end {
					continue
				}
				count++
				if !slices.Contains(seen, sp.term) {
					seen = append(seen, sp.term)
				}
			}
		}
		if score := len(seen)*100 + min(count, 99); score > bestScore {
			best, bestScore = i, score
		}
	}
	var b strings.Builder
	// Room for max runes, most of them one byte: one allocation.
	b.Grow(max + max/4 + len("…"))
	if best > 0 {
		b.WriteString("…")
	}
	n := 0 // runes written, the "…" not counted
	for j := best; j < len(units); j++ {
		part, pn := units[j].shown, units[j].shownRunes
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
		if best > 0 {
			out = "…" + truncate(out[len("…"):], max)
		} else {
			out = truncate(out, max)
		}
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
