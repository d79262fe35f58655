package index_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"guidance/index"
)

// FuzzNormalise checks that any text, however broken, normalises to short,
// valid, printable text that normalises to itself, and that searching and
// suggesting with it return without panicking. Seeds are in
// testdata/fuzz/FuzzNormalise; `make fuzz` runs it.
func FuzzNormalise(f *testing.F) {
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
		got := index.Normalise(in)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalise(%q) = %q, not valid UTF-8", in, got)
		}
		if n := utf8.RuneCountInString(got); n > index.MaxQueryRunes {
			t.Fatalf("Normalise(%q) kept %d runes, want at most %d", in, n, index.MaxQueryRunes)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Normalise(%q) = %q, holds control or format character %U", in, got, r)
			}
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Normalise(%q) = %q, white space not collapsed", in, got)
		}
		if again := index.Normalise(got); again != got {
			t.Fatalf("Normalise is not idempotent: %q -> %q -> %q", in, got, again)
		}
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
