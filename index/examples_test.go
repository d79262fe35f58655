package index

import (
	"slices"
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
	sims := ix.examples.match("I'm concerned about a child, who do I ring?", ix.analyseExample)
	plain := ix.examples.match("I'm concerned about a child, who do I ring?", ix.analyse)
	if slices.Max(sims) <= slices.Max(plain) {
		t.Errorf("closest example %.3f with synonyms, %.3f without: want closer", slices.Max(sims), slices.Max(plain))
	}
}
