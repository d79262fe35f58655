package index

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"guidance"
	"guidance/internal/evalset"
)

// TestExactExpansion checks that leaving out the terms a field never holds
// (exactDisjunction) and expanding concepts to their synonyms ourselves
// (synonymQuery) score every question of every set exactly as bleve's own
// synonym source and full disjunctions do.
func TestExactExpansion(t *testing.T) {
	lib := realLibrary(t)
	ours, bleves := buildIndex(t, lib, Options{}), buildIndex(t, lib, Options{bleveSynonyms: true})
	files, err := filepath.Glob(filepath.Join(evalset.Dir(), "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(evalset.Dir(), "..", "pages", "*.json"))
	files = append(files, more...)
	checked := 0
	for _, f := range files {
		qs, err := evalset.Read(f)
		if err != nil {
			continue // not a question set
		}
		for _, q := range qs {
			got, err := ours.search(context.Background(), guidance.Normalise(q.Q), 10)
			if err != nil {
				t.Fatal(err)
			}
			want, err := bleves.search(context.Background(), guidance.Normalise(q.Q), 10)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			if len(got) != len(want) {
				t.Errorf("%q: %d hits, bleve's expansion %d", q.Q, len(got), len(want))
				continue
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.id != w.id || g.match.Related != w.match.Related || math.Abs(g.raw-w.raw) > 1e-9*math.Max(1, math.Abs(w.raw)) {
					t.Errorf("%q: hit %d is entry %d scoring %.12f, bleve's expansion entry %d scoring %.12f", q.Q, i, g.id, g.raw, w.id, w.raw)
					break
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d questions, want the question sets' 1,000 and more", checked)
	}
	t.Logf("%d questions score the same", checked)
}
