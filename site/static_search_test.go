package site_test

// The search box on a plain static host: Pagefind alone, no /api/ask.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"guidance/bot/web"
)

// pageQuestion is one question of a page-level set: the pages a reader would
// accept as the right place.
type pageQuestion struct {
	Q     string   `json:"q"`
	Pages []string `json:"pages"`
}

// staticSearchMin is the share of questions whose right page must be in the
// first three results.
const staticSearchMin = 0.80

// TestStaticSearchQuality types every question of a page-level set into the
// real search box of the built site, served by a plain static file server
// (no /api/ask, the production headers), and scores the right page in the
// first three results. STATIC_SEARCH_SET names another set (same format:
// [{"q": "...", "pages": ["/escalation/"]}]); STATIC_SEARCH_MIN another
// threshold; STATIC_SEARCH_SITE an already built site (such as public) to
// score instead of building one.
func TestStaticSearchQuality(t *testing.T) {
	set := os.Getenv("STATIC_SEARCH_SET")
	if set == "" {
		set = filepath.Join("..", "testdata", "questions", "static-search.json")
	}
	threshold := staticSearchMin
	if s := os.Getenv("STATIC_SEARCH_MIN"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("STATIC_SEARCH_MIN: %v", err)
		}
		threshold = v
	}
	b, err := os.ReadFile(set)
	if err != nil {
		t.Fatal(err)
	}
	var qs []pageQuestion
	if err := json.Unmarshal(b, &qs); err != nil {
		t.Fatalf("%s: %v", set, err)
	}
	if len(qs) == 0 {
		t.Fatalf("%s: no questions", set)
	}
	dir := os.Getenv("STATIC_SEARCH_SITE")
	if dir == "" {
		dir = builtSite(t)
	}
	// Plain files with the production headers (CSP included): what any
	// static host serves, and nothing answers /api/ask.
	srv := httptest.NewServer(web.SecurityHeaders(http.FileServer(http.Dir(dir))))
	t.Cleanup(srv.Close)
	ctx := newTab(t, time.Duration(len(qs))*3*time.Second+time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible(chromedp.ID("search-q"))); err != nil {
		t.Fatal(err)
	}

	hits, first := 0, 0
	var slowest time.Duration
	for i, q := range qs {
		query := strings.Join(strings.Fields(q.Q), " ")
		got, took, err := typeSearch(ctx, query)
		if err != nil {
			t.Fatalf("question %d %q: %v", i+1, query, err)
		}
		slowest = max(slowest, took)
		rank := 0
		for r, u := range got {
			for _, want := range q.Pages {
				if u == want && rank == 0 {
					rank = r + 1
				}
			}
		}
		if rank == 1 {
			first++
		}
		if rank > 0 && rank <= 3 {
			hits++
		} else {
			t.Logf("miss: %q want %v, got %v", query, q.Pages, got)
		}
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if loc != srv.URL+"/search/" {
		t.Errorf("after searching the address is %q: questions must stay out of it", loc)
	}
	rate := float64(hits) / float64(len(qs))
	t.Logf("%s: right page first %d/%d (%.3f), in the top 3 %d/%d (%.3f); slowest search %v",
		filepath.Base(set), first, len(qs), float64(first)/float64(len(qs)), hits, len(qs), rate, slowest.Round(time.Millisecond))
	if rate < threshold {
		t.Errorf("right page in the top 3 for %.3f of %s, want at least %.2f", rate, filepath.Base(set), threshold)
	}
}

// typeSearch types query into the search box, presses Enter, waits for the
// results and returns the page paths listed, in order.
func typeSearch(ctx context.Context, query string) ([]string, time.Duration, error) {
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`)); err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if err := chromedp.Do(tctx, chromedp.SendKeys(chromedp.ID("search-q"), query+kb.Enter)); err != nil {
		return nil, 0, err
	}
	q, _ := json.Marshal("“" + query + "”")
	done := fmt.Sprintf(`document.getElementById("search-status").textContent.includes(%s)`, q)
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](done, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("search-status")))
		return nil, 0, fmt.Errorf("no results shown (status %q): %w", status, err)
	}
	took := time.Since(start)
	got, err := eval[[]string](tctx, `[...document.querySelectorAll("#search-results > li .search-result__title a")].map(a => new URL(a.href).pathname)`)
	return got, took, err
}
