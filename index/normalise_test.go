package index

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "how do I escalate?", "how do I escalate?"},
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
		if got := Normalise(tt.in); got != tt.want {
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
		got := Normalise(tt.in)
		if n := utf8.RuneCountInString(got); n > MaxQueryRunes {
			t.Errorf("%s: Normalise kept %d runes, want at most %d", tt.name, n, MaxQueryRunes)
		}
		if strings.HasSuffix(tt.name, "words") && strings.HasSuffix(got, " neglec") {
			t.Errorf("%s: Normalise cut a word in half: ...%q", tt.name, got[len(got)-20:])
		}
	}
}

func TestContentWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// Filler goes here; stop words ("you", "what") go in the analyzer.
		{"Can you please tell me what disguised compliance means?", "you me what disguised compliance"},
		{"hi, what's the consultation line number", "the consultation line number"},
		{"GCP2", "gcp2"},
		{"4x4x4 model", "4x4x4 model"},
		{"face-to-face handover", "face to face handover"},
		{"please", ""},
		{"who do I call after 5 pm", "who do i call after 5pm"},
		{"tbh i think the family is pretty hostile", "i the family is hostile"},
	}
	for _, tt := range tests {
		if got := strings.Join(contentWords(tt.in), " "); got != tt.want {
			t.Errorf("contentWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := strings.Repeat("neglect ", 100)
	if n := len(contentWords(long)); n != maxQueryWords {
		t.Errorf("contentWords kept %d words of 100, want %d", n, maxQueryWords)
	}
}

func TestQuestionWordsMarksFiller(t *testing.T) {
	tests := []struct {
		in   string
		want string // filler in brackets
	}{
		{"nobody is doing anything", "[nobody] is [doing] [anything]"},
		{"mum says everything's fine", "mum [says] [everything's] fine"},
		{"call at 9 am", "call at 9am"},
		{"section 17 am", "section 17 [am]"}, // not an hour
	}
	for _, tt := range tests {
		words, isFiller := questionWords(tt.in)
		var b strings.Builder
		for i, w := range words {
			if i > 0 {
				b.WriteByte(' ')
			}
			if isFiller[i] {
				w = "[" + w + "]"
			}
			b.WriteString(w)
		}
		if got := b.String(); got != tt.want {
			t.Errorf("questionWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	english := m.AnalyzerNamed(analyzerEnglish)
	tests := []struct {
		name, in string
		want     string // terms, sorted
	}{
		{"acronym", "MASH phone number", "mash"},
		{"mixed case acronym", "is SoS training compulsory", "so"},
		{"acronym with a digit", "what is GCP2", "gcp2"},
		{"two acronyms", "HR and IT policy", "hr"}, // "IT" is a stop word
		{"shouted question", "WHAT IS THE MASH NUMBER", ""},
		{"operator in capitals", "neglect AND drift", ""},
		{"one capital", "Loxley House", ""},
		{"no capitals", "mash phone number", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(sortedKeys(names(tt.in, english)), " "); got != tt.want {
			t.Errorf("%s: names(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"neglect", "neglect", 2, 0},
		{"neglet", "neglect", 2, 1},            // missing letter
		{"neglecct", "neglect", 2, 1},          // extra letter
		{"neglact", "neglect", 2, 1},           // wrong letter
		{"complaince", "compliance", 2, 1},     // swapped neighbours
		{"escalaton", "escalation", 2, 1},      //
		{"proceedure", "procedure", 2, 1},      //
		{"safegaurding", "safeguarding", 2, 1}, // swap
		{"annual", "action", 2, 3},             // over the limit: limit+1
		{"", "abc", 5, 3},
		{"abc", "", 5, 3},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestAcronyms(t *testing.T) {
	tests := []struct {
		acronym, phrase string
		isAcronym, abbr bool
	}{
		{"DNA", "did not attend", true, true},
		{"WNB", "was not brought", true, true},
		{"SoS", "Signs of Safety", true, true},
		{"GCP2", "Graded Care Profile 2", true, true},
		{"BBB", "Birth, Bump and Baby", true, true},
		{"CIN", "children in need", true, true},
		{"OOH", "out of hours", true, true},
		{"DNA", "did attend", true, false},
		{"Neglect", "no early lead", false, false},
		{"face-to-face", "face to face", false, false},
		{"HV", "health", true, false}, // one word is not a phrase
	}
	for _, tt := range tests {
		if got := isAcronym(tt.acronym); got != tt.isAcronym {
			t.Errorf("isAcronym(%q) = %v, want %v", tt.acronym, got, tt.isAcronym)
		}
		if got := abbreviates(tt.acronym, tt.phrase); got != tt.abbr {
			t.Errorf("abbreviates(%q, %q) = %v, want %v", tt.acronym, tt.phrase, got, tt.abbr)
		}
	}
}

func TestSnippetHelpers(t *testing.T) {
	text := "A first sentence that is long enough to fill most of the window. Second one talks about neglect.\n- a list item\n- another item about neglect"
	spans := []span{}
	for i := 0; ; {
		j := strings.Index(text[i:], "neglect")
		if j < 0 {
			break
		}
		spans = append(spans, span{start: i + j, end: i + j + len("neglect"), term: "neglect"})
		i += j + 1
	}
	got := snippet(text, spans, 60)
	if !strings.HasPrefix(got, "…Second one") {
		t.Errorf("snippet = %q, want it to start at the sentence with the first match", got)
	}
	if n := utf8.RuneCountInString(got); n > 61 {
		t.Errorf("snippet is %d runes, want at most 61 (60 and the …)", n)
	}
	if got := snippet("", nil, 60); got != "" {
		t.Errorf("snippet of empty text = %q, want empty", got)
	}
	if got := truncate("one two three four", 10); got != "one two…" {
		t.Errorf("truncate = %q, want %q", got, "one two…")
	}
	for _, r := range snippet(strings.Repeat("word ", 200), nil, 50) {
		if unicode.IsControl(r) {
			t.Errorf("snippet holds control character %q", r)
		}
	}
}
