package index

import (
	"slices"
	"testing"
)

// TestPageTopics checks which main topics single out a page: "neglect"
// does; "safeguarding", in most sections of the real content, does not.
func TestPageTopics(t *testing.T) {
	ix := realContentIndex(t)
	tests := []struct {
		page string
		want []string
	}{
		{"/neglect/", []string{"neglect"}},
		{"/supervision/", []string{"supervis"}},
		{"/", nil},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(ix.entries, func(e entry) bool { return e.url == tt.page })
		if i < 0 {
			t.Fatalf("no entry %s", tt.page)
		}
		if got := ix.entries[i].topic; !slices.Equal(got, tt.want) {
			t.Errorf("topic of %s = %q, want %q", tt.page, got, tt.want)
		}
	}
}
