package index_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"guidance/index"
)

// FuzzSearch checks that searching and suggesting with any text, however
// broken, return plain text without panicking. Seeds are in
// testdata/fuzz/FuzzSearch; `make fuzz` runs it longer.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"how do I escalate?", "GCP2", "escalaton proceedure", `title:foo AND (bar`, "\x00\x01\x02",
		"neg\u200blect", "\uff27\uff23\uff30\uff12", strings.Repeat("a", 8000), "was not brought\xff",
	} {
		f.Add(s)
	}
	ix, err := index.Build(fixture(f), index.Options{BaseURL: "https://example.org"})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = ix.Close() })
	f.Fuzz(func(t *testing.T, in string) {
		ms, err := ix.Search(context.Background(), in, 3)
		if err != nil {
			t.Fatalf("Search(%q): %v", in, err)
		}
		for _, m := range ms {
			if !utf8.ValidString(m.Snippet) || strings.Contains(m.Snippet, "<") {
				t.Fatalf("Search(%q) snippet %q is not plain text", in, m.Snippet)
			}
		}
		if _, err := ix.Suggest(context.Background(), in, 5); err != nil {
			t.Fatalf("Suggest(%q): %v", in, err)
		}
	})
}
