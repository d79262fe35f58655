package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"guidance"
)

// Relevance. Bleve's BM25 score says how well a section matches the words
// it shares with the question but not how much of the question it
// answers, and off-topic questions share a word or two with some section
// ("book a meeting room" with "how much room managers have"). So hits are
// re-ranked by score × coverage², where coverage is the IDF-weighted share
// of the question the section holds (see plan.fit), and the best must
// reach minScore, unless it holds the whole question.
//
// minScore is calibrated on testdata/questions: TestRelevanceFloorMargin
// lists every question's best score, docs/search.md the figures and history.
//
// A question naming an acronym the guidance never uses ("MASH phone
// number", "sickness absence policy HR") is almost always about that
// thing, which the guidance does not cover, however well the rest of it
// matches: a section answers it only if it also holds minNameSignals of
// the question's glossary terms ("reflective supervision training for SW
// team managers"). One whose page's main topic the question names ("GSCB
// Factsheet 2: Child Neglect", "levels of supervision for SSFT staff") is
// offered as related: four real questions in 547 had been dead ends.
const (
	minScore       = 0.019
	relFloor       = 0.1 // hits below this share of the best are not shown
	candidates     = 12  // hits bleve returns for re-ranking
	minNameSignals = 1
)

// relevant is the relevance floor. A section holding every term of the
// question (directly or through synonyms) is relevant however the terms
// score: a one-word question that is a page's keyword must find that page,
// in a small library as in a large one.
func (ix *Index) relevant(h hit) bool {
	return h.final >= ix.floor || (h.cover > 0.999 && h.raw > 0)
}

// namesEnough reports whether a section that fits p as f may be offered:
// a question with an abbreviation the guidance does not know is answered
// only by a section holding minNameSignals of its names, and offered as
// related by one whose page's main topic it names.
func (p *plan) namesEnough(f fit) bool {
	return f.signals >= p.namesNeeded() || f.topic
}

// namesNeeded is how many of the question's names a section must hold to
// answer it.
func (p *plan) namesNeeded() int {
	if p.unknownAcronyms == 0 {
		return 0
	}
	return minNameSignals
}

// Search finds the sections that best answer query, best first. It returns
// no matches when nothing is relevant enough.
func (ix *Index) Search(ctx context.Context, q string, limit int) ([]guidance.Match, error) {
	text := guidance.Normalise(q)
	hits, err := ix.search(ctx, text, limit)
	if err != nil {
		return nil, err
	}
	var out []guidance.Match
	// A question asking what a name means is answered by its glossary
	// entry, first; the sections that use the name follow (not the
	// glossary's introduction).
	glossary := ""
	t, unsure, ok := ix.definitions.lookup(text)
	if ok && unsure && len(hits) > 0 && !hits[0].match.Related {
		ok = false // the search answers it: a name of a topic
	}
	if ok {
		d := ix.definitions.match(t, ix.base)
		out, glossary = append(out, d), d.PageURL
	}
	for _, h := range hits {
		if len(out) < guidance.ClampResults(limit) && h.match.PageURL != glossary {
			out = append(out, h.match)
		}
	}
	return out, nil
}

// hit is a candidate while results are ranked.
type hit struct {
	id    int
	raw   float64 // bleve's BM25 score
	cover float64 // share of the question the section holds
	final float64 // the lexical score: raw × cover²
	sim   float64 // similarity of the section's closest example question
	cent  float64 // similarity of the centroid of its example questions
	rank  float64 // what results are ranked by
	// signals counts the question's glossary names the section holds.
	signals int
}

// result is a hit shown, and what it shows.
type result struct {
	hit
	match guidance.Match
}

// Fusing the rankings. The lexical ranking (BM25 × coverage²) knows
// the guidance's words; the example rankings (similarity to the closest
// of the questions each section says it answers, and to their centroid)
// know the practitioner's. Reciprocal rank fusion adds 1/(fuseK + rank)
// from each, so no score scale needs calibrating against another.
// Measured side by side on the seen question sets, fusion beat the
// lexical ranking alone and a weighted sum of scores on every blind set;
// the centroid ranking added 4 first and 5 in three over the real
// questions, 6 and 5 over the blind sets (docs/search.md has the grids).
const (
	fuseK       = 5.0
	minSim      = 0.15 // an example less similar than this does not count
	exampleTop  = 8    // entries the example ranking may add beyond bleve's
	sureSim     = 0.45 // an example this close answers the question
	relevantSim = 0.36 // with the lexical floor met, this close answers it
)

// search ranks the sections for text, a question already normalised.
func (ix *Index) search(ctx context.Context, text string, limit int) ([]result, error) {
	limit = guidance.ClampResults(limit)
	p := ix.plan(text)
	if p == nil {
		// Only filler and stop words ("why is nobody doing anything?"):
		// nothing to search for, but a section may say it answers it.
		p = &plan{}
	}
	docs, err := ix.collect(ctx, ix.query(p), max(limit, candidates))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// The ranking sees bleve's best candidates only, whatever the limit,
	// so that asking for more results never changes the first ones (the
	// bot asks for 3, the ask API for up to 20); the documents past them
	// only lengthen a long list.
	docs, tail := docs[:min(len(docs), candidates)], docs[min(len(docs), candidates):]
	hits := make([]hit, 0, len(docs)+exampleTop)
	seen := make([]bool, len(ix.entries))
	for _, d := range docs {
		f := p.fit(&ix.entries[d.id])
		if !p.namesEnough(f) {
			continue
		}
		seen[d.id] = true
		hits = append(hits, hit{id: d.id, raw: d.score, cover: f.cover, final: d.score * f.cover * f.cover, signals: f.signals})
	}
	sims, cents := ix.examples.match(text, ix.analyseExample)
	for _, id := range topSims(sims, exampleTop) {
		if seen[id] || sims[id] < minSim {
			continue
		}
		if f := p.fit(&ix.entries[id]); p.namesEnough(f) {
			seen[id] = true
			hits = append(hits, hit{id: id, cover: f.cover, signals: f.signals})
		}
	}
	for i := range hits {
		if sims != nil {
			hits[i].sim, hits[i].cent = sims[hits[i].id], cents[hits[i].id]
		}
	}
	fuse(hits)
	// Ties go to the earlier document (a page before its sections), so
	// that results do not depend on the order bleve returns ties in.
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(hits) == 0 {
		return nil, nil
	}
	// Off-topic only if no hit shares a guidance concept: with three
	// rankings fused, the first may be one only the examples' centroid
	// favours while a lower one holds the question's concept.
	if !slices.ContainsFunc(hits, ix.sharesConcept) {
		return nil, nil // shares no guidance concept: off-topic
	}
	top := hits[0].rank // results are shown down to a share of the best fused rank
	runnerUp := ix.votePages(hits)
	ix.preferGuidance(hits, text)
	// A section let in only by its page's topic ("GSCB factsheet: child
	// neglect") may help, but the abbreviation may be what was asked about.
	related := !ix.answers(hits[0], runnerUp) || hits[0].signals < p.namesNeeded()
	ix.diversify(hits, top*relFloor)
	var out []result
	for _, h := range hits {
		if len(out) == limit || h.rank < top*relFloor {
			return out, nil
		}
		out = append(out, ix.result(h, p, related))
	}
	// A long list goes on with the documents past the candidates, in
	// bleve's order, each ranked as the next lexical rank alone would be
	// and never above the result before it.
	for i, d := range tail {
		if seen[d.id] {
			continue
		}
		f := p.fit(&ix.entries[d.id])
		if !p.namesEnough(f) {
			continue
		}
		h := hit{id: d.id, raw: d.score, cover: f.cover, final: d.score * f.cover * f.cover, signals: f.signals,
			rank: 1 / (fuseK + float64(candidates+1+i))}
		if len(out) > 0 {
			h.rank = min(h.rank, out[len(out)-1].rank)
		}
		if len(out) == limit || h.rank < top*relFloor {
			break
		}
		out = append(out, ix.result(h, p, related))
	}
	return out, nil
}

// sharesConcept reports whether hit h shares a guidance concept with the
// question.
func (ix *Index) sharesConcept(h hit) bool {
	return ix.confident(h) || ix.relevant(h) || h.sim >= minSim || h.signals > 0
}

// result is hit h shown as an answer to the question planned as p.
func (ix *Index) result(h hit, p *plan, related bool) result {
	e := &ix.entries[h.id]
	return result{hit: h, match: guidance.Match{
		Title: e.page.Title, Section: e.section, URL: e.url, PageURL: e.pageURL,
		Score: math.Round(h.rank*10000) / 10000, Text: e.text, Summary: e.page.Summary,
		Snippet: pickSnippet(e.units, p.matches(e), snippetRunes), Related: related,
	}}
}

// collect returns bleve's best n documents for q, best first. The
// reference mode (Options.bleveSynonyms) asks bleve's search request, which
// expands synonyms; otherwise the searchers are run directly (see
// collector).
func (ix *Index) collect(ctx context.Context, q query.Query, n int) ([]scoredDoc, error) {
	if !ix.bleveSynonyms {
		return ix.collector.collect(ctx, q, ix.stats, ix.mapping, n)
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: ix.stats}
	// Break ties by id inside bleve too: otherwise which of several equal
	// scores make the cut varies from one process to the next.
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	docs := make([]scoredDoc, len(res.Hits))
	for i, h := range res.Hits {
		id, err := strconv.Atoi(h.ID)
		if err != nil || id < 0 || id >= len(ix.entries) {
			return nil, fmt.Errorf("unknown document %q", h.ID)
		}
		docs[i] = scoredDoc{id, h.Score}
	}
	return docs, nil
}

// preferGuidanceWithin is how far down the guidance page may be found.
const preferGuidanceWithin = 5

// preferGuidance puts the guidance page ahead of the review's record of
// the same recommendation when both match: the record says what agencies
// said in 2017, the page what to do now. A question that names the
// recommendation's number asks for the record.
func (ix *Index) preferGuidance(hits []hit, text string) {
	first := &ix.entries[hits[0].id]
	if first.guidance == "" {
		return
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' })
	if slices.Contains(words, strconv.Itoa(first.recommendation)) {
		return
	}
	for i := 1; i < min(len(hits), preferGuidanceWithin); i++ {
		if ix.entries[hits[i].id].pageURL == first.guidance {
			h := hits[i]
			copy(hits[1:i+1], hits[:i])
			hits[0] = h
			return
		}
	}
}

// fuse ranks hits by reciprocal rank fusion of their lexical score and
// their two example similarities.
func fuse(hits []hit) {
	for i := range hits {
		hits[i].rank = 0
	}
	for _, ranking := range [][]int{
		ranks(hits, func(h hit) float64 { return h.final }, 0),
		ranks(hits, func(h hit) float64 { return h.sim }, minSim),
		ranks(hits, func(h hit) float64 { return h.cent }, 0),
	} {
		for i, r := range ranking {
			if r > 0 {
				hits[i].rank += 1 / (fuseK + float64(r))
			}
		}
	}
}

// ranks numbers hits from 1 by score, by their place in hits, leaving out
// (as 0) those not above floor.
func ranks(hits []hit, score func(hit) float64, floor float64) []int {
	// Sorting positions, not hits: a hit carries its whole match.
	by := make([]int, len(hits))
	for i := range by {
		by[i] = i
	}
	slices.SortStableFunc(by, func(a, b int) int {
		if c := cmp.Compare(score(hits[b]), score(hits[a])); c != 0 {
			return c
		}
		return cmp.Compare(hits[a].id, hits[b].id)
	})
	out := make([]int, len(hits))
	for r, i := range by {
		if s := score(hits[i]); s > floor || (floor > 0 && s == floor) {
			out[i] = r + 1
		}
	}
	return out
}

// answers reports whether the best hit answers the question, rather than
// only being related to it: an example question very like it, or the
// lexical floor met with a fairly close example or the whole question
// found in the section. (Most of the question, with no close example,
// also let through "transfer my pension" and "threshold for council
// tax".) Chosen on the seen sets to keep off-topic questions from being
// answered while most right answers are (the grid is in docs/search.md).
//
// A close race between two pages (the runner-up with closeRace of the
// winner's votes) is not an answer either, unless an example question
// settles it.
func (ix *Index) answers(h hit, runnerUp float64) bool {
	return ix.confident(h) && (runnerUp < closeRace || h.sim >= decisiveSim)
}

func (ix *Index) confident(h hit) bool {
	return h.sim >= sureSim || (ix.relevant(h) && (h.sim >= relevantSim || h.cover > 0.999))
}

// Page votes. A question is usually about one topic, and the page that
// holds it tends to place several sections among the best hits, while a
// wrong page places one section by chance on a shared word. So the first
// result is the best section of the page with most votes: each of the
// best pageVoteDepth hits votes its rank for its page, a page's second
// section pageVoteDecay of its rank, its third that share again. Measured
// on the seen sets (docs/search.md has the grid): decays of 0.2 to 0.4
// over 6 to 8 hits all gained, and 0.3 over 6 most.
const (
	pageVoteDepth = 6
	pageVoteDecay = 0.3
	closeRace     = 0.8  // a runner-up page with this share of the votes makes the answer "related"
	decisiveSim   = 0.55 // an example this close answers the question even in a close race
)

// votePages moves the best section of the page with most votes first,
// ranked by those votes, and returns the runner-up page's votes as a
// share of the winner's.
func (ix *Index) votePages(hits []hit) float64 {
	votes := map[string]float64{}
	sections := map[string]int{}
	winner, best := "", 0.0
	for _, h := range hits[:min(pageVoteDepth, len(hits))] {
		page := ix.entries[h.id].pageURL
		votes[page] += h.rank * math.Pow(pageVoteDecay, float64(sections[page]))
		sections[page]++
		// Ties go to the page whose section ranks higher, seen first.
		if votes[page] > best {
			winner, best = page, votes[page]
		}
	}
	if best == 0 {
		return 0
	}
	runnerUp := 0.0
	for page, v := range votes {
		if page != winner {
			runnerUp = max(runnerUp, v)
		}
	}
	for i, h := range hits {
		if ix.entries[h.id].pageURL == winner {
			copy(hits[1:i+1], hits[:i])
			hits[0] = h
			hits[0].rank = best
			break
		}
	}
	return runnerUp / best
}

// diversify gives the third place to a page not in the first two: the best
// hit of such a page (above floor) moves up to third, and the hits it
// passes show its score at most, so that scores still fall. A question
// whose best page is wrong then shows two or three pages, and the first
// page keeps its second section when that ranks second. Measured on the
// ten seen page-level sets: hit@3 summed 9.536 → 9.576, no set lost
// anything (hit@1 cannot change); three different pages in the first three
// gained one question more but hid the second section of the page shown
// first. (The rule before, another page only when one page filled all
// three places, had lifted the real questions' hit@3 from 0.897 to 0.914.)
func (ix *Index) diversify(hits []hit, floor float64) {
	if len(hits) < 3 {
		return
	}
	p0, p1 := ix.entries[hits[0].id].pageURL, ix.entries[hits[1].id].pageURL
	shown := func(h hit) bool { p := ix.entries[h.id].pageURL; return p == p0 || p == p1 }
	if !shown(hits[2]) {
		return
	}
	for i := 3; i < len(hits) && hits[i].rank >= floor; i++ {
		if !shown(hits[i]) {
			h := hits[i]
			copy(hits[3:i+1], hits[2:i])
			hits[2] = h
			for j := 3; j <= i; j++ {
				hits[j].rank = min(hits[j].rank, h.rank)
			}
			return
		}
	}
}
