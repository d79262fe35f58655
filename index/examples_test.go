package index

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestExampleSynonyms checks that examples and questions meet through the
// one-word synonyms: "worried" and "concerned" are matched as one word,
// and a word with no one-word synonym is left as the index holds it.
func TestExampleSynonyms(t *testing.T) {
	ix := realContentIndex(t)
	tests := []struct{ a, b string }{
		{"concerned about a child", "worried about a child"},
		{"my concerns", "my worries"},
		{"the kids", "the children"},
	}
	for _, tt := range tests {
		if got, want := ix.analyseExample(tt.a), ix.analyseExample(tt.b); !slices.Equal(got, want) {
			t.Errorf("analyseExample(%q) = %q, want %q as for %q", tt.a, got, want, tt.b)
		}
	}
	if got, want := ix.analyseExample("neglect at home"), ix.analyse("neglect at home"); !slices.Equal(got, want) {
		t.Errorf("analyseExample = %q, want %q", got, want)
	}
	sims, _ := ix.examples.match("I'm concerned about a child, who do I ring?", ix.analyseExample)
	plain, _ := ix.examples.match("I'm concerned about a child, who do I ring?", ix.analyse)
	if slices.Max(sims) <= slices.Max(plain) {
		t.Errorf("closest example %.3f with synonyms, %.3f without: want closer", slices.Max(sims), slices.Max(plain))
	}
}

// TestExampleCentroid checks the centroid similarity: an entry with one
// example is as close by its centroid as by that example, and a question
// that shares a little with each of an entry's examples leans to that
// entry even when another entry's single example is closer.
func TestExampleCentroid(t *testing.T) {
	analyse := func(s string) []string { return strings.Fields(strings.ToLower(s)) }
	x := newExampleIndex([][]string{
		{"worker closed", "no further action", "I disagree"},
		{"social worker closed it, no further"},
	}, analyse)
	q := "social worker closed it, no further action, I disagree"
	nearest, centroid := x.match(q, analyse)
	if got, want := centroid[1], nearest[1]; math.Abs(got-want) > 1e-9 {
		t.Errorf("one example: centroid %.4f, want its example's %.4f", got, want)
	}
	if nearest[0] >= nearest[1] {
		t.Fatalf("fixture: nearest %.3f, %.3f: want the single example closer", nearest[0], nearest[1])
	}
	if centroid[0] <= centroid[1] {
		t.Errorf("centroid %.3f for the entry whose examples share the question's words, %.3f for the other: want higher", centroid[0], centroid[1])
	}
	nearest, centroid = x.match("zebra crossing", analyse)
	for e := range nearest {
		if nearest[e] != 0 || centroid[e] != 0 {
			t.Errorf("entry %d, no shared feature: %.3f, %.3f, want 0", e, nearest[e], centroid[e])
		}
	}
}
