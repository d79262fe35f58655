package guidance_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"guidance"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "how do I escalate?", "how do I escalate?"},
		{"case is kept (capitals mark acronyms)", "MASH phone number", "MASH phone number"},
		{"surrounding and inner space", "  how   do\tI\n\nescalate  ", "how do I escalate"},
		{"control characters", "esca\x00late\x07 now\x1b[31m", "esca late now [31m"},
		{"zero-width and bidi marks", "neg\u200blect\u202e", "neg lect"},
		{"typographic quotes and dashes", "parent\u2019s \u201cwas not brought\u201d \u2013 why", "parent's \"was not brought\" - why"},
		{"full-width letters (NFKC)", "\uff27\uff23\uff30\uff12", "GCP2"},
		{"invalid UTF-8", "neglect\xff\xfe signs", "neglect signs"},
		{"query syntax is kept as text", `title:foo AND (bar`, `title:foo AND (bar`},
		{"empty", "", ""},
		{"only space", " \t\r\n ", ""},
	}
	for _, tt := range tests {
		if got := guidance.Normalise(tt.in); got != tt.want {
			t.Errorf("%s: Normalise(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNormaliseBoundsLength(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"8000 letters", strings.Repeat("a", 8000)},
		{"8000 chars of words", strings.Repeat("neglect ", 1000)},
		{"multi-byte", strings.Repeat("é", 5000)},
		{"a megabyte", strings.Repeat("escalate ", 120000)},
	}
	for _, tt := range tests {
		got := guidance.Normalise(tt.in)
		if n := utf8.RuneCountInString(got); n > guidance.MaxQuestionRunes || n < guidance.MaxQuestionRunes-10 {
			t.Errorf("%s: Normalise kept %d runes, want just under %d", tt.name, n, guidance.MaxQuestionRunes)
		}
		if strings.HasSuffix(tt.name, "words") && !strings.HasSuffix(got, " neglect") {
			t.Errorf("%s: Normalise cut a word in half: ...%q", tt.name, got[len(got)-20:])
		}
	}
}

func TestClampResults(t *testing.T) {
	tests := []struct{ in, want int }{
		{-3, guidance.DefaultResults}, {0, guidance.DefaultResults}, {1, 1},
		{guidance.MaxResults, guidance.MaxResults}, {guidance.MaxResults + 1, guidance.MaxResults}, {1000, guidance.MaxResults},
	}
	for _, tt := range tests {
		if got := guidance.ClampResults(tt.in); got != tt.want {
			t.Errorf("ClampResults(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestHasWord(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{{"", false}, {"?!  ...", false}, {"a", true}, {"999", true}, {"é", true}}
	for _, tt := range tests {
		if got := guidance.HasWord(tt.in); got != tt.want {
			t.Errorf("HasWord(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzNormalise checks that any text, however broken, normalises to short,
// valid, printable text that normalises to itself. Seeds are in
// testdata/fuzz/FuzzNormalise; `make fuzz` runs it longer.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		"how do I escalate?", "GCP2", "escalaton proceedure", `title:foo AND (bar`, "\x00\x01\x02",
		"neg\u200blect", "\uff27\uff23\uff30\uff12", strings.Repeat("a", 8000), "was not brought\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := guidance.Normalise(in)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalise(%q) = %q, not valid UTF-8", in, got)
		}
		if n := utf8.RuneCountInString(got); n > guidance.MaxQuestionRunes {
			t.Fatalf("Normalise(%q) kept %d runes, want at most %d", in, n, guidance.MaxQuestionRunes)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Normalise(%q) = %q, holds control or format character %U", in, got, r)
			}
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Normalise(%q) = %q, white space not collapsed", in, got)
		}
		if again := guidance.Normalise(got); again != got {
			t.Fatalf("Normalise is not idempotent: %q -> %q -> %q", in, got, again)
		}
	})
}
