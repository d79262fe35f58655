package index

import (
	"bytes"
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
//
// A section also scores as the centroid of its examples (the sum of their
// unit vectors: a Rocchio classifier): a long situation told in many words
// is rarely close to any one short example, but its words together lean
// towards the section whose examples, taken together, use them.
type exampleIndex struct {
	ids      map[string]int32   // feature -> its number
	postings [][]examplePosting // by feature: the examples holding it
	idf      []float64          // by feature
	rareIDF  float64            // the weight of a word no example holds
	norms    []float64          // per example
	owner    []int              // example -> entry
	entries  int
	// centroid holds, by feature, the entries whose centroid has it (in
	// examplePosting.example), and centroidNorms their lengths.
	centroid      [][]examplePosting
	centroidNorms []float64
	// scratch is what one match works in, reused: fresh slices per
	// question were a tenth of what a search allocated.
	scratch sync.Pool // *matchScratch
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

// eachFeature calls add with each feature of text as it occurs, its name
// in a buffer reused from one call to the next, and what it counts for.
// It reports false when the text is only stop words: nothing to match on.
func eachFeature(text string, analyse func(string) []string, add func(name []byte, n float64)) bool {
	terms := analyse(text)
	if len(terms) == 0 {
		return false
	}
	var name []byte
	prev := ""
	for _, t := range terms {
		add(append(append(name[:0], "w|"...), t...), 1)
		if prev != "" {
			add(append(append(append(append(name[:0], "b|"...), prev...), ' '), t...), 0.5)
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
			add(append(append(name[:0], "c|"...), p[i:i+4]...), gramWeight)
		}
	}
	return true
}

// exampleFeatures are the features of a text, in the order they first
// occur (a fixed order keeps sums, and so ties, the same in every process).
func exampleFeatures(text string, analyse func(string) []string) []feature {
	var out []feature
	at := map[string]int{}
	eachFeature(text, analyse, func(name []byte, n float64) {
		if i, ok := at[string(name)]; ok {
			out[i].count += n
			return
		}
		at[string(name)] = len(out)
		out = append(out, feature{string(name), n})
	})
	return out
}

// newExampleIndex indexes examples[i], the questions of entry i.
func newExampleIndex(examples [][]string, analyse func(string) []string) *exampleIndex {
	x := &exampleIndex{ids: map[string]int32{}, entries: len(examples)}
	var all [][]feature
	var df []int
	for entry, qs := range examples {
		for _, q := range qs {
			fs := exampleFeatures(q, analyse)
			all = append(all, fs)
			x.owner = append(x.owner, entry)
			for _, f := range fs {
				id, ok := x.ids[f.name]
				if !ok {
					id = int32(len(df))
					x.ids[f.name] = id
					df = append(df, 0)
				}
				df[id]++
			}
		}
	}
	n := float64(len(all))
	x.rareIDF = math.Log(1 + n/0.5)
	x.idf = make([]float64, len(df))
	for id, d := range df {
		x.idf[id] = math.Log(1 + n/float64(d))
	}
	x.postings = make([][]examplePosting, len(df))
	x.norms = make([]float64, len(all))
	for i, fs := range all {
		sum := 0.0
		for _, f := range fs {
			id := x.ids[f.name]
			w := (1 + math.Log(1+f.count)) * x.idf[id]
			x.postings[id] = append(x.postings[id], examplePosting{example: i, weight: w})
			sum += w * w
		}
		x.norms[i] = math.Sqrt(sum)
	}
	x.centroids()
	return x
}

// centroids sums each entry's example vectors, each made unit length, so
// that every example weighs the same whatever its length.
func (x *exampleIndex) centroids() {
	x.centroid = make([][]examplePosting, len(x.postings))
	x.centroidNorms = make([]float64, x.entries)
	for id, ps := range x.postings {
		// An example's postings come in example order, so an entry's
		// examples are next to each other.
		for _, p := range ps {
			e, w := x.owner[p.example], p.weight/x.norms[p.example]
			if n := len(x.centroid[id]); n > 0 && x.centroid[id][n-1].example == e {
				x.centroid[id][n-1].weight += w
				continue
			}
			x.centroid[id] = append(x.centroid[id], examplePosting{example: e, weight: w})
		}
		for _, p := range x.centroid[id] {
			x.centroidNorms[p.example] += p.weight * p.weight
		}
	}
	for e, n := range x.centroidNorms {
		x.centroidNorms[e] = math.Sqrt(n)
	}
}

// matchScratch is what one match works in.
type matchScratch struct {
	dots []float64 // per example
	cdot []float64 // per entry: with its centroid
	at   []int32   // per feature: its place in seen, plus one (0: not seen)
	seen []seenFeature
}

// seenFeature is a feature of the question, in the order it first occurs:
// a feature some example holds, or a word none does.
type seenFeature struct {
	id    int32 // -1: a word no example holds
	word  string
	count float64
}

// match returns, for each entry, the cosine similarity of its closest
// example to the question (0 when none shares a feature with it), and of
// the centroid of its examples.
func (x *exampleIndex) match(question string, analyse func(string) []string) (nearest, centroid []float64) {
	if x == nil || len(x.norms) == 0 {
		return nil, nil
	}
	sc, _ := x.scratch.Get().(*matchScratch)
	if sc == nil {
		sc = &matchScratch{dots: make([]float64, len(x.norms)), cdot: make([]float64, x.entries), at: make([]int32, len(x.idf))}
	}
	defer func() {
		clear(sc.dots)
		clear(sc.cdot)
		for _, f := range sc.seen {
			if f.id >= 0 {
				sc.at[f.id] = 0
			}
		}
		sc.seen = sc.seen[:0]
		x.scratch.Put(sc)
	}()
	eachFeature(question, analyse, func(name []byte, n float64) {
		if id, ok := x.ids[string(name)]; ok {
			if i := sc.at[id]; i > 0 {
				sc.seen[i-1].count += n
			} else {
				sc.seen = append(sc.seen, seenFeature{id: id, count: n})
				sc.at[id] = int32(len(sc.seen))
			}
			return
		}
		// Letter n-grams and pairs of unknown words say little.
		if !bytes.HasPrefix(name, []byte("w|")) {
			return
		}
		for i := range sc.seen {
			if sc.seen[i].id < 0 && sc.seen[i].word == string(name) {
				sc.seen[i].count += n
				return
			}
		}
		sc.seen = append(sc.seen, seenFeature{id: -1, word: string(name), count: n})
	})
	qnorm := 0.0
	for _, f := range sc.seen {
		// Words no example uses still count against the match: one shared
		// word in a long off-topic question is a weak one.
		idf := x.rareIDF
		if f.id >= 0 {
			idf = x.idf[f.id]
		}
		w := (1 + math.Log(1+f.count)) * idf
		qnorm += w * w
		if f.id >= 0 {
			for _, p := range x.postings[f.id] {
				sc.dots[p.example] += w * p.weight
			}
			for _, p := range x.centroid[f.id] {
				sc.cdot[p.example] += w * p.weight
			}
		}
	}
	if qnorm == 0 {
		return nil, nil
	}
	qnorm = math.Sqrt(qnorm)
	nearest = make([]float64, x.entries)
	for ex, dot := range sc.dots {
		if dot == 0 {
			continue
		}
		if sim, e := dot/(qnorm*x.norms[ex]), x.owner[ex]; sim > nearest[e] {
			nearest[e] = sim
		}
	}
	centroid = make([]float64, x.entries)
	for e, dot := range sc.cdot {
		if dot != 0 {
			centroid[e] = dot / (qnorm * x.centroidNorms[e])
		}
	}
	return nearest, centroid
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
