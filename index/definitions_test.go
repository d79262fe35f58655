package index

import (
	"context"
	"strings"
	"testing"

	"guidance"
)

// TestDefinitionAsks checks every ask's own examples against the real
// glossary: each match example is a definition question by that ask, and
// no no_match example is one by any ask.
func TestDefinitionAsks(t *testing.T) {
	lib := realLibrary(t)
	asks, err := parseDefinitionAsks(definitionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	all := newDefinitions(lib, asks)
	if all.page == nil {
		t.Fatal("no glossary page found for the terms' URLs")
	}
	for _, a := range asks {
		if len(a.Match) == 0 || len(a.NoMatch) == 0 {
			t.Errorf("ask %q: want at least one match and one no_match example", a.Ask)
		}
		only := newDefinitions(lib, []definitionAsk{a})
		for _, q := range a.Match {
			if _, _, ok := only.lookup(q); !ok {
				t.Errorf("ask %q does not match its example %q", a.Ask, q)
			}
		}
		for _, q := range a.NoMatch {
			// Another ask's no_match may still be a bare name, asked only
			// if the search is unsure.
			if term, unsure, ok := all.lookup(q); ok && (a.unsure || !unsure) {
				t.Errorf("ask %q: no_match example %q is taken as asking what %q means", a.Ask, q, term.Term)
			}
		}
	}
}

func TestDefinitionMatch(t *testing.T) {
	lib := &guidance.Library{
		Pages: []*guidance.Page{{Title: "Glossary", URL: "/glossary/", Summary: "Acronyms explained."}},
		Glossary: []guidance.Term{{Term: "NCSCB", Expansion: "Nottingham City Safeguarding Children Board",
			Aliases: []string{"the Board"}, Description: "It published the response.", URL: "/glossary/#ncscb"}},
	}
	asks, err := parseDefinitionAsks(definitionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	d := newDefinitions(lib, asks)
	tests := []struct {
		q    string
		want bool
	}{
		{"what does NCSCB stand for", true},
		{"What's NCSCB?", true},
		{"what does the board stand for", true},
		{"ncscb meaning", true},
		{"What is the NCSCB?", false}, // past an article, asked only if the search is unsure
		{"what does the NCSCB stand for", false},
		{"what is ncscb", false}, // not typed as an abbreviation
		{"NCSCB", false},         // a search for its topic, unless the search is unsure
		{"what does NCSCB stand for in a strategy meeting", false},
		{"WHAT DOES NCSCB STAND FOR", true},
		{"what does Nottingham City Safeguarding Children Board stand for", true}, // the longest name
		{"NCSCB – Nottingham City Safeguarding Children Board", true},
		{"NCSCB – Nottingham City Safeguarding Children Boards", true}, // singular or plural
		{"what does NCSCBs stand for", true},
		{"what does İNCSCB stand for", false}, // lower-casing İ shortens it
		{"İİİ meaning?", false},
		{"ȺȺȺȺȺȺȺȺȺȺȺȺ acronym", false}, // lower-casing Ⱥ lengthens it: the span once ran past the end
		{"", false},
	}
	for _, tt := range tests {
		_, unsure, got := d.lookup(tt.q)
		got = got && !unsure
		if got != tt.want {
			t.Errorf("lookup(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	got := d.match(&lib.Glossary[0], "https://example.org")
	want := guidance.Match{Title: "Glossary", Section: "NCSCB", URL: "https://example.org/glossary/#ncscb",
		PageURL: "https://example.org/glossary/", Score: 1, Summary: "Acronyms explained.",
		Text:    "NCSCB: Nottingham City Safeguarding Children Board. It published the response.",
		Snippet: "NCSCB: Nottingham City Safeguarding Children Board. It published the response."}
	if got != want {
		t.Errorf("match =\n%+v\nwant\n%+v", got, want)
	}
	// A general term the response does not use may help, but answers nothing.
	general := guidance.Term{Term: "EHA", Expansion: "Early Help Assessment", Scope: guidance.TermGeneral, URL: "/glossary/#eha"}
	if !d.match(&general, "").Related {
		t.Error("a general term's entry is offered as the answer, want related")
	}
}

// TestNamesOne checks the test every question passes before the asks are
// tried: some run of its words is a name, wherever it is and however long.
func TestNamesOne(t *testing.T) {
	lib := &guidance.Library{Glossary: []guidance.Term{
		{Term: "CIN", Expansion: "Child in Need", URL: "/glossary/#cin"},
		{Term: "GCP2", Expansion: "Graded Care Profile 2", URL: "/glossary/#gcp2"},
	}}
	d := newDefinitions(lib, nil)
	tests := []struct {
		folded string
		want   bool
	}{
		{"CIN", true},
		{"what is a Child in Need", true},
		{"Child in Need meaning", true},
		{"is it graded care profile 2 or not", true},
		{"graded care profile", false}, // a name's first words only
		{"child in", false},
		{"CINEMA times", false}, // a name inside a word
		{"a GCP2", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := d.namesOne(tt.folded); got != tt.want {
			t.Errorf("namesOne(%q) = %v, want %v", tt.folded, got, tt.want)
		}
	}
}

func TestParseDefinitionAsksRefusesBadAsks(t *testing.T) {
	for _, src := range []string{
		"asks:\n  - ask: \"what does it mean\"\n",
		"asks:\n  - ask: \"{name} or {name}\"\n",
		"asks:\n  - ask: \"{name}\"\n    only: [capitals]\n",
		"asks: [",
	} {
		if _, err := parseDefinitionAsks(src); err == nil || !strings.HasPrefix(err.Error(), "definitions: ") {
			t.Errorf("parseDefinitionAsks(%q) = %v, want a definitions error", src, err)
		}
	}
}

// TestBareNameIsDefinedWhenUnsure checks the unsure asks on the real
// content: a name that no page is about gets its glossary entry first; a
// name of a topic gets the topic.
func TestBareNameIsDefinedWhenUnsure(t *testing.T) {
	ix := realContentIndex(t)
	tests := []struct{ q, wantFirst string }{
		{"NCSCB", "/glossary/#ncscb"},
		{"NCCP", "/glossary/#nccp"},
		{"GCP2", "/neglect/#what-is-the-graded-care-profile-2"},
		{"datix", "/serious-incidents/#how-does-citycare-report-serious-incidents"},
		// A full name asked about, when no section answers it.
		{"What is a Local Safeguarding Children Board?", "/glossary/#lscb"},
	}
	for _, tt := range tests {
		ms, err := ix.Search(context.Background(), tt.q, 3)
		if err != nil || len(ms) == 0 {
			t.Fatalf("Search(%q) = %d results, %v", tt.q, len(ms), err)
		}
		if ms[0].URL != tt.wantFirst {
			t.Errorf("Search(%q) first = %s, want %s", tt.q, ms[0].URL, tt.wantFirst)
		}
	}
}
