package index

import (
	"maps"
	"math"
	"slices"
	"strings"
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
	rareIDF  float64   // the weight of a feature no example holds
	norms    []float64 // per example
	owner    []int     // example -> entry
}

type examplePosting struct {
	example int
	weight  float64
}

// Letter n-grams count for less than words: they are many, and loose.
const gramWeight = 0.35

// exampleFeatures are the features of a text with their raw counts.
func exampleFeatures(text string, analyse func(string) ([]string, []string)) map[string]float64 {
	fs := map[string]float64{}
	terms, words := analyse(text)
	prev := ""
	for _, t := range terms {
		fs["w|"+t]++
		if prev != "" {
			fs["b|"+prev+" "+t] += 0.5
		}
		prev = t
	}
	if len(words) == 0 {
		return fs // only stop words: nothing to match on
	}
	// Letter n-grams of every word: stop words among them make a question
	// of many everyday words less like a short example.
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 4 {
			continue
		}
		p := " " + w + " "
		for i := 0; i+4 <= len(p); i++ {
			fs["c|"+p[i:i+4]] += gramWeight
		}
	}
	return fs
}

// newExampleIndex indexes examples[i], the questions of entry i.
func newExampleIndex(examples [][]string, analyse func(string) ([]string, []string)) *exampleIndex {
	x := &exampleIndex{postings: map[string][]examplePosting{}, idf: map[string]float64{}}
	var all []map[string]float64
	df := map[string]int{}
	for entry, qs := range examples {
		for _, q := range qs {
			fs := exampleFeatures(q, analyse)
			all = append(all, fs)
			x.owner = append(x.owner, entry)
			for f := range fs {
				df[f]++
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
		// In a fixed order, so that sums, and ties, come out the same in
		// every process.
		for _, f := range slices.Sorted(maps.Keys(fs)) {
			c := fs[f]
			w := (1 + math.Log(1+c)) * x.idf[f]
			x.postings[f] = append(x.postings[f], examplePosting{example: i, weight: w})
			sum += w * w
		}
		x.norms[i] = math.Sqrt(sum)
	}
	return x
}

// match returns, for each entry with an example sharing a feature with the
// question, the cosine similarity of its closest example.
func (x *exampleIndex) match(question string, analyse func(string) ([]string, []string)) map[int]float64 {
	if x == nil || len(x.norms) == 0 {
		return nil
	}
	q := exampleFeatures(question, analyse)
	dots := map[int]float64{}
	qnorm := 0.0
	for _, f := range slices.Sorted(maps.Keys(q)) {
		c := q[f]
		idf, ok := x.idf[f]
		if !ok {
			if !strings.HasPrefix(f, "w|") {
				continue // letter n-grams and pairs of unknown words say little
			}
			// Words no example uses still count against the match: one
			// shared word in a long off-topic question is a weak one.
			idf = x.rareIDF
		}
		w := (1 + math.Log(1+c)) * idf
		qnorm += w * w
		if !ok {
			continue
		}
		for _, p := range x.postings[f] {
			dots[p.example] += w * p.weight
		}
	}
	if qnorm == 0 {
		return nil
	}
	qnorm = math.Sqrt(qnorm)
	best := map[int]float64{}
	for _, ex := range slices.Sorted(maps.Keys(dots)) {
		sim := dots[ex] / (qnorm * x.norms[ex])
		if e := x.owner[ex]; sim > best[e] {
			best[e] = sim
		}
	}
	return best
}
