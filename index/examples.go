package index

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// exampleIndex matches a question against the questions each section says
// it answers (its questions block): the words practitioners use, which the
// guidance's own prose often does not. A question is a bag of weighted
// features — stemmed words, word pairs and letter 4-grams (so typos and
// shorthand still meet) — compared by cosine similarity with every example;
// a section scores as its closest example.
type exampleIndex struct {
	postings map[string][]examplePosting // feature -> examples holding it
	idf      map[string]float64
	rareIDF  float64   // the weight of a word no example holds
	norms    []float64 // per example
	owner    []int     // example -> entry
	entries  int
	// scratch holds the per-example dot products of one match, reused:
	// a fresh slice per question was a tenth of what a search allocates.
	scratch sync.Pool
}

type examplePosting struct {
	example int
	weight  float64
}

// feature is one feature of a text and how often it occurs.
type feature struct {
	name  string
	count float64
}

// Letter n-grams count for less than words: they are many, and loose.
const gramWeight = 0.35

// exampleFeatures are the features of a text, in the order they first
// occur (a fixed order keeps sums, and so ties, the same in every process).
func exampleFeatures(text string, analyse func(string) ([]string, []string)) []feature {
	var out []feature
	at := map[string]int{}
	add := func(name string, n float64) {
		if i, ok := at[name]; ok {
			out[i].count += n
			return
		}
		at[name] = len(out)
		out = append(out, feature{name, n})
	}
	terms, words := analyse(text)
	if len(words) == 0 {
		return nil // only stop words: nothing to match on
	}
	prev := ""
	for _, t := range terms {
		add("w|"+t, 1)
		if prev != "" {
			add("b|"+prev+" "+t, 0.5)
		}
		prev = t
	}
	// Letter n-grams of every word: stop words among them make a question
	// of many everyday words less like a short example.
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 4 {
			continue
		}
		p := " " + w + " "
		for i := 0; i+4 <= len(p); i++ {
			add("c|"+p[i:i+4], gramWeight)
		}
	}
	return out
}

// newExampleIndex indexes examples[i], the questions of entry i.
func newExampleIndex(examples [][]string, analyse func(string) ([]string, []string)) *exampleIndex {
	x := &exampleIndex{postings: map[string][]examplePosting{}, idf: map[string]float64{}, entries: len(examples)}
	var all [][]feature
	df := map[string]int{}
	for entry, qs := range examples {
		for _, q := range qs {
			fs := exampleFeatures(q, analyse)
			all = append(all, fs)
			x.owner = append(x.owner, entry)
			for _, f := range fs {
				df[f.name]++
			}
		}
	}
	n := float64(len(all))
	x.rareIDF = math.Log(1 + n/0.5)
	for f, d := range df {
		x.idf[f] = math.Log(1 + n/float64(d))
	}
	x.norms = make([]float64, len(all))
	for i, fs := range all {
		sum := 0.0
		for _, f := range fs {
			w := (1 + math.Log(1+f.count)) * x.idf[f.name]
			x.postings[f.name] = append(x.postings[f.name], examplePosting{example: i, weight: w})
			sum += w * w
		}
		x.norms[i] = math.Sqrt(sum)
	}
	return x
}

// match returns, for each entry, the cosine similarity of its closest
// example to the question (0 when none shares a feature with it).
func (x *exampleIndex) match(question string, analyse func(string) ([]string, []string)) []float64 {
	if x == nil || len(x.norms) == 0 {
		return nil
	}
	dots, _ := x.scratch.Get().(*[]float64)
	if dots == nil || len(*dots) != len(x.norms) {
		d := make([]float64, len(x.norms))
		dots = &d
	}
	defer func() {
		clear(*dots)
		x.scratch.Put(dots)
	}()
	qnorm := 0.0
	for _, f := range exampleFeatures(question, analyse) {
		idf, ok := x.idf[f.name]
		if !ok {
			if !strings.HasPrefix(f.name, "w|") {
				continue // letter n-grams and pairs of unknown words say little
			}
			// Words no example uses still count against the match: one
			// shared word in a long off-topic question is a weak one.
			idf = x.rareIDF
		}
		w := (1 + math.Log(1+f.count)) * idf
		qnorm += w * w
		for _, p := range x.postings[f.name] {
			(*dots)[p.example] += w * p.weight
		}
	}
	if qnorm == 0 {
		return nil
	}
	qnorm = math.Sqrt(qnorm)
	best := make([]float64, x.entries)
	for ex, dot := range *dots {
		if dot == 0 {
			continue
		}
		if sim, e := dot/(qnorm*x.norms[ex]), x.owner[ex]; sim > best[e] {
			best[e] = sim
		}
	}
	return best
}

// topSims are the ids of the n entries most similar to the question, best
// first, leaving out those with no similarity at all.
func topSims(sims []float64, n int) []int {
	// Kept in order as they come: ids rise, so an equal one goes after.
	ids := make([]int, 0, n+1)
	for id, s := range sims {
		if s <= 0 {
			continue
		}
		i := len(ids)
		for i > 0 && s > sims[ids[i-1]] {
			i--
		}
		if i < n {
			ids = slices.Insert(ids, i, id)
			ids = ids[:min(len(ids), n)]
		}
	}
	return ids
}
