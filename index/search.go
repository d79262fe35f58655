package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

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
// the question's glossary terms and page keywords ("reflective
// supervision training for SW team managers").
const (
	minScore       = 0.016
	relFloor       = 0.1 // hits below this share of the best are not shown
	candidates     = 12  // hits bleve returns for re-ranking
	minNameSignals = 2
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
	limit = guidance.ClampResults(limit)
	p := ix.plan(guidance.Normalise(q))
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
		f := p.fit(&ix.entries[id])
		if p.unknownAcronyms > 0 && f.signals < minNameSignals {
			continue
		}
		hits = append(hits, hit{id: id, raw: h.Score, cover: f.cover, final: h.Score * f.cover * f.cover})
	}
	// Ties go to the earlier document (a page before its sections), so
	// that results do not depend on the order bleve returns ties in.
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.final, a.final); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
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
