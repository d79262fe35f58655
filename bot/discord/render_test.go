package discord

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"guidance"
)

func TestLead(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short enough: whole", "One. Two.", 20, "One. Two."},
		{"whole sentences that fit", "First one. Second one. Third one is long.", 25, "First one. Second one."},
		{"spaces folded", "First  one.\n Second one.", 30, "First one. Second one."},
		{"a long first sentence ends at a clause", "Talk to a manager about a case, including whether to escalate it now.", 50,
			"Talk to a manager about a case…"},
		{"a clause too early gives way to a word", "Yes, talk to a manager about the case that worries you now.", 40,
			"Yes, talk to a manager about the case…"},
		{"a dash is a clause boundary", "Escalation and professional disagreements – when to escalate and how", 50,
			"Escalation and professional disagreements…"},
		{"never mid-word", "Supercalifragilistic expialidocious words", 30, "Supercalifragilistic…"},
		{"one word longer than the budget", strings.Repeat("a", 30), 10, "aaaaaaaaa…"},
		{"characters, not bytes", "Élan. " + strings.Repeat("é", 20), 10, "Élan."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lead(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("lead(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.n {
				t.Errorf("lead(%q, %d) has %d characters", tt.in, tt.n, n)
			}
		})
	}
}

func TestStartAtSentence(t *testing.T) {
	first := "This first sentence is long enough, at a hundred and twenty characters or so, to fill more than half of the snippet budget."
	second := "The second one would take the snippet over its budget of two hundred characters, so it is left for the site to show."
	tests := []struct {
		name, snippet, text, want string
	}{
		{"a snippet at a sentence is kept", "Escalate when you disagree.", "", "Escalate when you disagree."},
		{"it ends at a sentence within the budget", first + " " + second, "", first},
		{"a snippet in mid-sentence starts at the next", "…of the Graded Care Profile 2. " + first + " " + second, "", first},
		{"no snippet: the section's opening", "", "Opening sentence. Next.", "Opening sentence. Next."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := startAtSentence(tt.snippet, tt.text)
			if got != tt.want {
				t.Errorf("startAtSentence = %q, want %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxSnippet {
				t.Errorf("%d characters, want at most %d", n, maxSnippet)
			}
		})
	}
}

func TestCitation(t *testing.T) {
	reviewed := time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)
	const doc = "The Board's response to the review (February 2017)"
	tests := []struct {
		name     string
		source   string
		reviewed time.Time
		want     string
	}{
		{"source and review date", doc, reviewed, "Source: " + doc + " · last reviewed 25 November 2026"},
		{"review date alone", "", reviewed, "Last reviewed 25 November 2026"},
		{"source alone", doc, time.Time{}, "Source: " + doc},
		{"neither", "", time.Time{}, ""},
		{"markdown in a source shows as written", "*Working* together", time.Time{}, `Source: \*Working\* together`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &guidance.Page{Title: "Escalation", URL: "/escalation/", LastReviewed: tt.reviewed,
				Sources:  guidance.Sources{Document: tt.source},
				Sections: []guidance.Section{{Heading: "When?", Anchor: "when", Level: 2, Text: "Now."}}}
			asker := &fakeAsker{}
			asker.setLibrary(&guidance.Library{Pages: []*guidance.Page{p}})
			b, _ := newTestBot(t, testConfig(), asker)
			if got := b.citation(guidance.Match{URL: testSite + "/escalation/#when"}); got != tt.want {
				t.Errorf("citation = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSeeAlsoTitle(t *testing.T) {
	top := guidance.Match{Title: "Escalation", Section: "When should I escalate?"}
	tests := []struct {
		name string
		m    guidance.Match
		want string
	}{
		{"same page: the heading alone", guidance.Match{Title: "Escalation", Section: "What to do now"}, "What to do now"},
		{"another page: page and heading", guidance.Match{Title: "Neglect", Section: "What to do now"}, "Neglect – What to do now"},
		{"a whole page: its title", guidance.Match{Title: "Escalation"}, "Escalation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := seeAlsoTitle(tt.m, top); got != tt.want {
				t.Errorf("seeAlsoTitle = %q, want %q", got, tt.want)
			}
		})
	}
}
