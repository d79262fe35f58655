package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"guidance/index"
	"guidance/internal/evalset"
	"guidance/internal/guidancetest"
	"guidance/markdown"
)

// BenchmarkBuild measures loading the real content and indexing it, which
// is what a start or a reload costs.
func BenchmarkBuild(b *testing.B) {
	fsys := os.DirFS("../content")
	for b.Loop() {
		lib, err := markdown.Load(fsys, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		ix, err := index.Build(lib, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
}

// BenchmarkBuildIndex measures indexing alone, content already parsed.
func BenchmarkBuildIndex(b *testing.B) {
	lib, err := markdown.Load(os.DirFS("../content"), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix, err := index.Build(lib, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
}

// BenchmarkSearch runs the question set round and round and reports the
// median and 99th percentile latency of one search.
func BenchmarkSearch(b *testing.B) {
	ix := guidancetest.MustBuild(b, guidancetest.MustLoad(b), index.Options{})
	qs, err := evalset.Read(filepath.Join(evalset.Dir(), "questions.json"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := ix.Search(ctx, qs[i%len(qs)].Q, 3); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	reportPercentiles(b, took)
}

// BenchmarkSuggest measures autocomplete on a few typical prefixes.
func BenchmarkSuggest(b *testing.B) {
	ix := guidancetest.MustBuild(b, guidancetest.MustLoad(b), index.Options{})
	prefixes := []string{"e", "esc", "what is", "neglect", "sup", "transfer s", "zzz"}
	ctx := context.Background()
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := ix.Suggest(ctx, prefixes[i%len(prefixes)], 25); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	reportPercentiles(b, took)
}

func reportPercentiles(b *testing.B, took []time.Duration) {
	b.Helper()
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds())
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkSearchWorstCase is the costliest question we can build: 32
// misspelt words (each a fuzzy lookup and a spelling correction), most
// near guidance words, at the length limit.
func BenchmarkSearchWorstCase(b *testing.B) {
	ix := guidancetest.MustBuild(b, guidancetest.MustLoad(b), index.Options{})
	words := []string{"escalaton", "neglact", "supervison", "chronolgy", "transferr", "complaince", "saftey", "thresold",
		"concernd", "profesional", "disagrement", "asessment", "attachmnet", "develpment", "safegaurding", "procedur"}
	var q []string
	for i := range 32 {
		q = append(q, words[i%len(words)])
	}
	question := strings.Join(q, " ")
	ctx := context.Background()
	for b.Loop() {
		if _, err := ix.Search(ctx, question, 3); err != nil {
			b.Fatal(err)
		}
	}
}
