package answer_test

import (
	"context"
	"slices"
	"testing"

	"guidance"
	"guidance/answer"
	"guidance/internal/guidancetest"
)

// TestCacheAgainstTheRealIndex checks that a cached answer is the answer
// the question gets when asked alone, whatever was asked before it: the
// cache key must not fold anything the index does not fold (capitals mark
// acronyms to the index).
func TestCacheAgainstTheRealIndex(t *testing.T) {
	alone, _ := guidancetest.RealAsker(t, answer.Options{CacheSize: -1})
	urls := func(a guidance.Asker, q string) []string {
		t.Helper()
		ans, err := a.Ask(context.Background(), guidance.Question{Text: q})
		if err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		var out []string
		for _, m := range ans.Results {
			out = append(out, m.URL)
		}
		return out
	}
	pairs := [][2]string{
		{"mash phone number", "MASH phone number"},
		{"what is GCP2", "what is gcp2"},
		{"SoS training", "sos training"},
		{"escalation", "Escalation"},
	}
	differ := 0
	for _, pair := range pairs {
		want := map[string][]string{pair[0]: urls(alone, pair[0]), pair[1]: urls(alone, pair[1])}
		if !slices.Equal(want[pair[0]], want[pair[1]]) {
			differ++
		}
		for _, order := range [][2]string{pair, {pair[1], pair[0]}} {
			cached, _ := guidancetest.RealAsker(t, answer.Options{})
			for _, q := range order {
				if got := urls(cached, q); !slices.Equal(got, want[q]) {
					t.Errorf("after asking %q, %q answered %v; alone it answers %v", order[0], q, got, want[q])
				}
			}
		}
	}
	if differ == 0 {
		t.Fatal("no pair answers differently by case, so this test could not catch a case-folding cache")
	}
}
