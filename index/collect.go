package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Collecting hits. Bleve's searchers score every document; its search
// request then wraps them in machinery these searches do not use (a top-N
// heap, sort keys, field loading, a document-match pool made afresh for
// every search) that allocated a third of what a search did, and garbage
// collection was most of the slowest 1% of searches. So the searchers are
// run here, on a pool kept from one search to the next, with the same
// scores and the same order: score, then document id as text, as the
// request's sort "-_score", "_id" gives. TestExactExpansion compares the
// two on every question set.

// scoredDoc is a document bleve matched: the entry's id and its score.
type scoredDoc struct {
	id    int
	score float64
}

// errClosed is returned by searches on a closed index.
var errClosed = errors.New("index is closed")

// collector is what running bleve's searchers needs, made once per index.
type collector struct {
	// mu keeps Close from releasing the index under a search.
	mu      sync.RWMutex
	closed  bool
	index   bleveindex.Index
	byInner map[string]int // bleve's internal document id -> entry id
	// idOrder is each entry's place among the ids sorted as text, for
	// breaking ties as bleve's sort by _id does.
	idOrder []int
	copied  *postingsCopy // the searched fields' postings (see copyPostings)
	pools   sync.Pool     // *search.DocumentMatchPool
}

// newCollector maps bleve's internal ids to entries (n is their number)
// and copies the postings of fields.
func newCollector(ix bleveindex.Index, n int, fields []string) (*collector, error) {
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if _, ok := r.(bleveindex.IndexReaderFuzzy); !ok {
		return nil, errors.New("collector: bleve's reader finds no fuzzy terms")
	}
	copied, err := copyPostings(r, fields)
	if err != nil {
		return nil, fmt.Errorf("collector: %w", err)
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	c := &collector{index: ix, byInner: map[string]int{}, idOrder: make([]int, n), copied: copied}
	for {
		inner, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if inner == nil {
			break
		}
		ext, err := r.ExternalID(inner)
		if err != nil {
			return nil, err
		}
		// Synonym definitions (in the reference mode) are no entries.
		if id, err := strconv.Atoi(ext); err == nil && id >= 0 && id < n {
			c.byInner[string(inner)] = id
		}
	}
	if len(c.byInner) != n {
		return nil, fmt.Errorf("collector: bleve holds %d of %d entries", len(c.byInner), n)
	}
	byText := make([]int, n)
	for i := range byText {
		byText[i] = i
	}
	slices.SortFunc(byText, func(a, b int) int {
		return strings.Compare(strconv.Itoa(a), strconv.Itoa(b))
	})
	for place, id := range byText {
		c.idOrder[id] = place
	}
	return c, nil
}

// checkDoneEvery is how many documents are scored between looks at the
// context.
const checkDoneEvery = 256

// collect scores q's documents and returns the best n, best first.
func (c *collector) collect(ctx context.Context, q query.Query, stats *search.BM25Stats, m mapping.IndexMapping, n int) ([]scoredDoc, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, errClosed
	}
	r, err := c.index.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// What bleve's search request tells its searchers: score by BM25, with
	// the index's own field lengths (see finishStats).
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(bm25Model))
	ctx = context.WithValue(ctx, search.BM25StatsKey, stats)
	cr := copiedReader{IndexReader: r, fuzzy: r.(bleveindex.IndexReaderFuzzy), copied: c.copied}
	s, err := q.Searcher(ctx, cr, m, search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	pool, _ := c.pools.Get().(*search.DocumentMatchPool)
	if pool == nil {
		pool = search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0)
	}
	// A match the searcher keeps is not put back; Get makes another.
	defer c.pools.Put(pool)
	sc := &search.SearchContext{DocumentMatchPool: pool, IndexReader: cr}
	top := make([]scoredDoc, 0, n+1)
	for seen := 0; ; seen++ {
		if seen%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := s.Next(sc)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			return top, nil
		}
		id, ok := c.byInner[string(dm.IndexInternalID)]
		score := dm.Score
		pool.Put(dm)
		if !ok {
			return nil, fmt.Errorf("unknown document %x", []byte(dm.IndexInternalID))
		}
		top = c.insert(top, scoredDoc{id, score}, n)
	}
}

// insert adds d to top, kept in order and at most n long.
func (c *collector) insert(top []scoredDoc, d scoredDoc, n int) []scoredDoc {
	i := len(top)
	for i > 0 && c.before(d, top[i-1]) {
		i--
	}
	if i >= n {
		return top
	}
	top = slices.Insert(top, i, d)
	return top[:min(len(top), n)]
}

// before is the order of bleve's sort "-_score", "_id".
func (c *collector) before(a, b scoredDoc) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return c.idOrder[a.id] < c.idOrder[b.id]
}

func bm25Model() string { return bleveindex.BM25Scoring }

func (c *collector) close(release func() error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return release()
}
