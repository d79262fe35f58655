package index

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

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

func TestAcronymTerms(t *testing.T) {
	m, err := newMapping(false)
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
		if got := strings.Join(slices.Sorted(maps.Keys(acronyms(tt.in, english))), " "); got != tt.want {
			t.Errorf("%s: acronyms(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
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

func TestIsAcronym(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"DNA", true}, {"SoS", true}, {"GCP2", true}, {"HV", true},
		{"Neglect", false}, {"face-to-face", false}, {"a", false}, {"", false},
	}
	for _, tt := range tests {
		if got := isAcronym(tt.word); got != tt.want {
			t.Errorf("isAcronym(%q) = %v, want %v", tt.word, got, tt.want)
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

func TestUnionFind(t *testing.T) {
	tests := []struct {
		name   string
		unions [][2]string // each pair is added, then merged
		same   [][2]string
		apart  [][2]string
	}{
		{"one pair", [][2]string{{"a", "b"}}, [][2]string{{"a", "b"}}, nil},
		{"two groups", [][2]string{{"a", "b"}, {"c", "d"}}, [][2]string{{"a", "b"}, {"c", "d"}}, [][2]string{{"a", "c"}, {"b", "d"}}},
		{"shared member merges", [][2]string{{"a", "b"}, {"c", "d"}, {"b", "c"}}, [][2]string{{"a", "d"}, {"b", "c"}}, nil},
		{"chain", [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "e"}}, [][2]string{{"a", "e"}}, nil},
		{"merging twice changes nothing", [][2]string{{"a", "b"}, {"b", "a"}, {"a", "b"}}, [][2]string{{"a", "b"}}, nil},
		{"self", [][2]string{{"a", "a"}, {"b", "c"}}, [][2]string{{"a", "a"}}, [][2]string{{"a", "b"}}},
	}
	for _, tt := range tests {
		u := unionFind{}
		for _, p := range tt.unions {
			u.add(p[0])
			u.add(p[1])
			u.union(p[0], p[1])
		}
		for _, p := range tt.same {
			if u.find(p[0]) != u.find(p[1]) {
				t.Errorf("%s: %s and %s are apart, want one group", tt.name, p[0], p[1])
			}
		}
		for _, p := range tt.apart {
			if u.find(p[0]) == u.find(p[1]) {
				t.Errorf("%s: %s and %s are in one group, want them apart", tt.name, p[0], p[1])
			}
		}
		for m := range u {
			if r := u.find(m); u.find(r) != r {
				t.Errorf("%s: root %s of %s is not its own root", tt.name, r, m)
			}
		}
	}
	u := unionFind{}
	if !u.add("a") || u.add("a") {
		t.Error("add reports a member as new only the first time")
	}
	u.add("b")
	u.union("a", "b")
	if u.find("a") != "b" {
		t.Errorf("union(a, b) put the group under %s, want b's root", u.find("a"))
	}
}
