package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"guidance"
)

// Result limits.
const (
	DefaultLimit = 5
	MaxLimit     = 25
)

// Relevance. Bleve's BM25 score says how well a section matches the words
// it shares with the question but not how much of the question it
// answers, and off-topic questions share a word or two with some section
// ("book a meeting room" with "how much room managers have"). So hits are
// re-ranked by score × coverage², where coverage is the IDF-weighted share
// of the question's terms the section holds (see plan.coverage), and the
// best must reach minScore, unless it holds the whole question.
//
// minScore is calibrated on testdata/questions.json: off-topic questions
// reach at most 0.012, the weakest answers found first start at 0.022
// (colloquial questions with words the guidance never uses) and single
// acronyms at 0.06. TestQuality guards the result.
const (
	minScore   = 0.016
	relFloor   = 0.1 // hits below this share of the best are not shown
	candidates = 12  // hits bleve returns for re-ranking
)

// relevant is the relevance floor. A section holding every term of the
// question (directly or through synonyms) is relevant however the terms
// score: a one-word question that is a page's keyword must find that page,
// in a small library as in a large one.
func (ix *Index) relevant(h hit) bool {
	return h.final >= ix.floor || (h.cover > 0.999 && h.raw > 0)
}

// Search finds the sections that best answer query, best first. It returns
// no matches when nothing is relevant enough.
func (ix *Index) Search(ctx context.Context, q string, limit int) ([]guidance.Match, error) {
	hits, err := ix.search(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	out := make([]guidance.Match, len(hits))
	for i, h := range hits {
		out[i] = h.match
	}
	return out, nil
}

type hit struct {
	id    int
	match guidance.Match
	raw   float64 // bleve's BM25 score
	cover float64 // share of the question the section holds
	final float64 // what results are ranked by
}

func (ix *Index) search(ctx context.Context, q string, limit int) ([]hit, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	p := ix.plan(Normalise(q))
	if p == nil {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(ix.query(p), max(limit, candidates), 0, false)
	req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: ix.stats}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, err := strconv.Atoi(h.ID)
		if err != nil || id < 0 || id >= len(ix.entries) {
			return nil, fmt.Errorf("search: unknown document %q", h.ID)
		}
		cover := p.coverage(&ix.entries[id])
		hits = append(hits, hit{id: id, raw: h.Score, cover: cover, final: h.Score * cover * cover})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].final > hits[j].final })
	if len(hits) == 0 || !ix.relevant(hits[0]) {
		return nil, nil
	}
	top := hits[0].final
	var out []hit
	for _, h := range hits {
		if len(out) == limit || h.final < top*relFloor {
			break
		}
		e := &ix.entries[h.id]
		h.match = guidance.Match{
			Title: e.page.Title, Section: e.section, URL: e.url, PageURL: e.pageURL,
			Score: math.Round(h.final*1000) / 1000, Text: e.text, Summary: e.page.Summary,
			Snippet: snippet(e.text, p.matches(e), snippetRunes),
		}
		out = append(out, h)
	}
	return out, nil
}
