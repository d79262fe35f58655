package answer_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"guidance"
	"guidance/answer"
	"guidance/internal/guidancetest"
)

// markdownLink is Markdown link syntax: [text](target), or its remains.
var markdownLink = regexp.MustCompile(`\]\(|\[[^\]]*\]|/glossary/#`)

// TestRealAnswersShowNoMarkdownLinks: the guidance links jargon to the
// glossary where each page first uses it; what the bot shows of a section
// (its text, and the snippet cut from it) has the link's words, never its
// Markdown.
func TestRealAnswersShowNoMarkdownLinks(t *testing.T) {
	lib := guidancetest.MustLoad(t)
	glossaryLinks := 0
	for _, p := range lib.Pages {
		for _, l := range p.Links {
			if strings.HasPrefix(l.Target, "/glossary/#") {
				glossaryLinks++
			}
		}
		for _, s := range p.Sections {
			if m := markdownLink.FindString(s.Text); m != "" {
				t.Errorf("%s: section %q text holds %q: %q", p.File, s.Heading, m, s.Text)
			}
		}
	}
	if glossaryLinks < 100 {
		t.Fatalf("the content has %d glossary links, so this test could not show that links are dropped", glossaryLinks)
	}

	a, _ := guidancetest.RealAsker(t, answer.Options{})
	tests := []struct {
		question string
		linked   string // words the content links to the glossary, which an answer shows as text
	}{
		{"what is signs of safety", "Signs of Safety"},
		{"graded care profile 2 neglect tool", "Graded Care Profile 2"},
		{"record missed appointments as was not brought", "was not brought"},
		{"does every case need a chronology", "chronology"},
		{"what is the family support pathway", "Family Support Pathway"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), guidance.Question{Text: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			shown := false
			for _, m := range ans.Results {
				for field, text := range map[string]string{"snippet": m.Snippet, "text": m.Text} {
					if got := markdownLink.FindString(text); got != "" {
						t.Errorf("%s %s holds %q: %q", m.URL, field, got, text)
					}
				}
				shown = shown || strings.Contains(strings.ToLower(m.Text), strings.ToLower(tt.linked))
			}
			if !shown {
				t.Errorf("no result shows %q, which the content links to the glossary", tt.linked)
			}
		})
	}
}
