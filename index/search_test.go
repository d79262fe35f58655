package index_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"guidance"
	"guidance/index"
	"guidance/markdown"
)

// fixture is a small library written for these tests, so that they do not
// depend on the wording of the real content.
func fixture(tb testing.TB) *guidance.Library {
	tb.Helper()
	front := func(title, summary, extra string) string {
		return "---\ntitle: \"" + title + "\"\nsummary: \"" + summary + "\"\n" +
			"last_reviewed: 2026-01-01\nreview_due: 2027-01-01\nsources:\n  document: \"Review\"\n" + extra + "---\n\n"
	}
	files := fstest.MapFS{
		"escalation.md": {Data: []byte(front("Escalation", "How to challenge a decision about a child.",
			"contacts: [\"consultation-line\"]\n") +
			"Challenge decisions that leave a child unsafe.\n" +
			"\n{{< questions >}}\n- why is nobody doing anything\n- I don't agree with the decision\n{{< /questions >}}\n" + "\n" +
			"## When should I escalate?\n\nEscalate when you think a decision leaves a child unsafe, or when a case is stuck and nothing moves.\n" +
			"\n{{< questions >}}\n- I disagree with a professional's decision\n- nobody is doing anything\n- how do I escalate a concern\n{{< /questions >}}\n" + "\n" +
			"## Escalating out of hours\n\nIn the evening, call the out-of-hours safeguarding service for support with an urgent issue.\n" +
			"\n{{< questions >}}\n- OOH advice\n- who do I call in the evening\n{{< /questions >}}\n")},
		"neglect.md": {Data: []byte(front("Neglect", "How to recognise neglect.",
			"topics: [\"neglect\", \"assessment\"]\n") +
			"## What is the Graded Care Profile 2?\n\nThe Graded Care Profile 2 is a tool for assessing the impact of neglect on a child.\n" +
			"\n{{< questions >}}\n- GCP2 tool\n- how do I assess neglect\n- graded care profile training\n{{< /questions >}}\n" + "\n" +
			"## Why say was not brought?\n\nA child cannot take themselves to an appointment. Record that the child was not brought rather than that they did not attend. " +
			"The policy on missed appointments now gives more weight to neglect, and staff have been told about the change in briefings and in supervision. " +
			"This keeps attention on the adults responsible for getting the child there.\n" +
			"\n{{< questions >}}\n- child keeps missing appointments\n- is missing hospital appointments neglect\n- WNB or DNA\n{{< /questions >}}\n")},
		"supervision.md": {Data: []byte(front("Supervision", "What good supervision looks like.",
			"") +
			"## What must a supervision policy include?\n\nManagerial oversight, critical reflection and personal support.\n" +
			"\n{{< questions >}}\n- what should supervision cover\n- reflective supervision\n{{< /questions >}}\n" + "\n" +
			"## How much room do managers have?\n\nManagers set local team practice within the shared procedures.\n")},
		"glossary.md": {Data: []byte(front("Glossary", "Acronyms explained.",
			"terms:\n  - term: \"GCP2\"\n    expansion: \"Graded Care Profile 2\"\n    aliases: [\"GCP\"]\n"+
				"  - term: \"DNA\"\n    expansion: \"did not attend\"\n  - term: \"OOH\"\n    expansion: \"out of hours\"\n") +
			"Terms used in this guide.\n")},
		"contacts.md": {Data: []byte(front("Contacts", "Who to call.",
			"contacts_list:\n  - id: consultation-line\n    name: \"Consultation line\"\n    phone: \"0115 496 0100\"\n    example: true\n"+
				"    hours:\n      - days: [mon]\n        from: \"09:00\"\n        to: \"17:00\"\n") +
			"## Consultation line\n\nTalk a worry through with a team manager.\n")},
	}
	lib, problems := markdown.Parse(files)
	if errs := problems.Errors(); len(errs) > 0 {
		tb.Fatalf("fixture content: %v", errs)
	}
	return lib
}

func build(tb testing.TB, lib *guidance.Library, opts index.Options) *index.Index {
	tb.Helper()
	ix, err := index.Build(lib, opts)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return ix
}

func search(tb testing.TB, ix *index.Index, q string) []guidance.Match {
	tb.Helper()
	ms, err := ix.Search(context.Background(), q, 5)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q, err)
	}
	return ms
}

func TestBuildIndexesPagesAndSections(t *testing.T) {
	lib := fixture(t)
	ix := build(t, lib, index.Options{})
	want := 0
	for _, p := range lib.Pages {
		want++ // the page itself
		for _, s := range p.Sections {
			if s.Level > 1 {
				want++
			}
		}
	}
	if got := ix.Len(); got != want {
		t.Errorf("Len() = %d, want %d (one per page and one per section)", got, want)
	}
}

func TestBuildRejectsNilLibrary(t *testing.T) {
	if _, err := index.Build(nil, index.Options{}); err == nil {
		t.Error("Build(nil) succeeded, want an error")
	}
}

func TestSearchFindsTheRightSection(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	tests := []firstResultCase{
		{"heading words", "when should I escalate", "Escalation › When should I escalate?"},
		{"keyword of the page", "disagree", "Escalation › "},
		{"glossary acronym for a phrase in the text", "GCP2", "Neglect › What is the Graded Care Profile 2?"},
		{"glossary alias", "scoring the GCP", "Neglect › What is the Graded Care Profile 2?"},
		// Asking what an abbreviation is gets its glossary entry first.
		{"what an abbreviation is", "what is GCP", "Glossary › GCP2"},
		{"glossary acronym and the phrase it abbreviates", "DNA", "Neglect › Why say was not brought?"},
		{"acronym of a glossary phrase", "OOH", "Escalation › Escalating out of hours"},
		{"typo of one letter", "escalaton", "Escalation › When should I escalate?"},
		{"typo of two letters", "supervison polcy", "Supervision › What must a supervision policy include?"},
		{"swapped letters", "negelct graded care", "Neglect › What is the Graded Care Profile 2?"},
		{"stemming", "escalated", "Escalation › "},
		{"upper case and punctuation", "WAS NOT BROUGHT?!", "Neglect › Why say was not brought?"},
	}
	checkFirstResults(t, ix, tests)
}

type firstResultCase struct {
	name, query, want string // want: "Title › Section", or a prefix of it
}

// checkFirstResults runs each query and compares its first result.
func checkFirstResults(t *testing.T, ix *index.Index, tests []firstResultCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := search(t, ix, tt.query)
			if len(ms) == 0 {
				t.Fatalf("Search(%q) found nothing, want %s", tt.query, tt.want)
			}
			if got := ms[0].Title + " › " + ms[0].Section; !strings.HasPrefix(got, tt.want) {
				t.Errorf("Search(%q)[0] = %s, want %s", tt.query, got, tt.want)
			}
		})
	}
}

// TestSearchUnderstandsColloquialQuestions covers questions full of words
// the guidance never uses, or whose telling words are filler.
func TestSearchUnderstandsColloquialQuestions(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	tests := []firstResultCase{
		{"unknown words around a concept", "my lad keeps missing his dentist and hospital appointments, is that neglect",
			"Neglect › Why say was not brought?"},
		{"a question the page says it answers, made of filler words", "why is nobody doing anything?", "Escalation › "},
		{"negated word", "I really don't agree", "Escalation › "},
		{"unknown acronym with a concept", "SW wants to escalate out of hours", "Escalation › Escalating out of hours"},
		{"shouted question", "HOW DO I ESCALATE", "Escalation › "},
	}
	checkFirstResults(t, ix, tests)
}

func TestSearchReturnsNothingWhenNothingIsRelevant(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	tests := []string{
		"football scores",
		"where is the canteen",
		"how do I book annual leave",
		"book a meeting room", // "room" is in a heading, nothing else is
		"printer not working", // everyday words only
		"",
		"   \t\n",
		"what is it?",    // only stop words
		"please tell me", // only filler
		"!!!???",
	}
	for _, q := range tests {
		if ms := search(t, ix, q); len(ms) != 0 {
			t.Errorf("Search(%q) = %d results (first %s › %s), want none", q, len(ms), ms[0].Title, ms[0].Section)
		}
	}
}

// TestUnknownAcronymIsOnlyRelated: "MASH out of hours" names a service the
// guidance does not cover; the out-of-hours section may help, but it is
// not the answer.
func TestUnknownAcronymIsOnlyRelated(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	for _, q := range []string{"MASH out of hours", "LADO escalation"} {
		for _, m := range search(t, ix, q) {
			if !m.Related {
				t.Errorf("Search(%q) offers %s › %s as an answer, want it marked related", q, m.Title, m.Section)
			}
		}
	}
}

// TestUnknownAcronymWithPageTopic: a question that names an unknown
// abbreviation and the main topic of a page gets that page's sections, as
// related; without the topic it gets nothing.
func TestUnknownAcronymWithPageTopic(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	ms := search(t, ix, "GSCB factsheet: child neglect")
	if len(ms) == 0 {
		t.Fatal("GSCB factsheet: child neglect: no results, want the neglect page's sections")
	}
	for _, m := range ms {
		if m.Title != "Neglect" || !m.Related {
			t.Errorf("got %s › %s (related %v), want Neglect sections, related", m.Title, m.Section, m.Related)
		}
	}
	if ms := search(t, ix, "GSCB factsheet"); len(ms) != 0 {
		t.Errorf("GSCB factsheet: %d results (first %s › %s), want none", len(ms), ms[0].Title, ms[0].Section)
	}
	// Only a page's main topic counts.
	if ms := search(t, ix, "MASH assessment"); len(ms) != 0 {
		t.Errorf("MASH assessment: %d results (first %s › %s), want none", len(ms), ms[0].Title, ms[0].Section)
	}
}

func TestSearchTreatsQuerySyntaxAsText(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	for _, q := range []string{
		`title:foo AND (bar`, `+neglect -supervision`, `"unclosed`, `neglect~2^5`, `/regexp.*/`, `heading:*`,
		`\`, `{}[]()`, `neglect OR 1=1; DROP TABLE`,
	} {
		if _, err := ix.Search(context.Background(), q, 5); err != nil {
			t.Errorf("Search(%q) error: %v", q, err)
		}
	}
	// Syntax around real words still finds them.
	if ms := search(t, ix, `title:neglect AND (graded care`); len(ms) == 0 || !strings.Contains(ms[0].Section, "Graded Care") {
		t.Errorf("Search with query syntax around words did not find the Graded Care Profile section: %v", ms)
	}
}

// manySections is a library with more sections, all answering the same
// question equally well, than any limit allows, so limit tests can fail.
func manySections(tb testing.TB, n int) *guidance.Library {
	tb.Helper()
	p := &guidance.Page{File: "many.md", URL: "/many/", Title: "Many", Summary: "Many sections."}
	for i := range n {
		p.Sections = append(p.Sections, guidance.Section{
			Heading: fmt.Sprintf("Option %d for escalating neglect", i), Anchor: fmt.Sprintf("option-%d", i), Level: 2, Line: i + 1,
			Text: "Escalate a neglect concern about a child through supervision.",
		})
	}
	if n <= guidance.MaxResults || n <= guidance.MaxSuggestions {
		tb.Fatalf("manySections(%d): want more sections than any limit", n)
	}
	return &guidance.Library{Pages: []*guidance.Page{p}}
}

func TestSearchLimit(t *testing.T) {
	ix := build(t, manySections(t, 40), index.Options{})
	tests := []struct {
		limit, want int
	}{
		{1, 1}, {2, 2}, {0, guidance.DefaultResults}, {-3, guidance.DefaultResults}, {guidance.MaxResults, guidance.MaxResults}, {1000, guidance.MaxResults},
	}
	for _, tt := range tests {
		ms, err := ix.Search(context.Background(), "escalate neglect supervision child", tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != tt.want {
			t.Errorf("Search(limit %d) = %d results, want %d", tt.limit, len(ms), tt.want)
		}
	}
}

func TestSearchResultFields(t *testing.T) {
	tests := []struct {
		name, base, wantURL, wantPage string
	}{
		{"site paths", "", "/neglect/#why-say-was-not-brought", "/neglect/"},
		{"absolute with a base URL", "https://guidance.example.org/", "https://guidance.example.org/neglect/#why-say-was-not-brought", "https://guidance.example.org/neglect/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(t, fixture(t), index.Options{BaseURL: tt.base})
			ms := search(t, ix, "was not brought")
			if len(ms) == 0 {
				t.Fatal("no results")
			}
			m := ms[0]
			if m.URL != tt.wantURL || m.PageURL != tt.wantPage {
				t.Errorf("URL, PageURL = %q, %q, want %q, %q", m.URL, m.PageURL, tt.wantURL, tt.wantPage)
			}
			if m.Title != "Neglect" || m.Summary != "How to recognise neglect." || !strings.HasPrefix(m.Text, "A child cannot take") {
				t.Errorf("Title, Summary, Text = %q, %q, %q", m.Title, m.Summary, m.Text)
			}
			if m.Score <= 0 {
				t.Errorf("Score = %v, want > 0", m.Score)
			}
		})
	}
}

func TestDefinitionComesFirstOnce(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	ms, err := ix.Search(context.Background(), "what does GCP2 stand for?", guidance.MaxResults)
	if err != nil || len(ms) < 2 {
		t.Fatalf("Search = %d results, %v: want the definition and the sections using it", len(ms), err)
	}
	if got, want := ms[0].URL, "/glossary/#gcp2"; got != want || ms[0].Related {
		t.Errorf("first result %s (related %v), want the answer %s", got, ms[0].Related, want)
	}
	for _, m := range ms[1:] {
		if m.PageURL == ms[0].PageURL {
			t.Errorf("the glossary again after its entry: %s", m.URL)
		}
	}
}

func TestSearchOrdersByScore(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	ms, err := ix.Search(context.Background(), "child neglect escalate supervision", guidance.MaxResults)
	if err != nil || len(ms) < 3 {
		t.Fatalf("Search = %d results, %v: want at least 3 to check their order", len(ms), err)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Score > ms[i-1].Score {
			t.Errorf("result %d scores %v, more than result %d (%v)", i, ms[i].Score, i-1, ms[i-1].Score)
		}
	}
}

func TestSnippetIsBestPlainFragment(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	ms := search(t, ix, "adults responsible")
	if len(ms) == 0 {
		t.Fatal("no results")
	}
	got := ms[0].Snippet
	if !strings.Contains(got, "adults responsible") {
		t.Errorf("snippet %q does not hold the matched words", got)
	}
	if !strings.HasPrefix(got, "…") {
		t.Errorf("snippet %q starts at the section's start, want the later sentence that matches, marked with …", got)
	}
	if strings.ContainsAny(got, "<>") || strings.Contains(got, "\n") {
		t.Errorf("snippet %q is not plain text on one line", got)
	}
	if n := utf8.RuneCountInString(got); n > 250 {
		t.Errorf("snippet is %d runes, want at most 250", n)
	}
}

func TestSearchIsSafeForConcurrentUse(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				q := []string{"escalate", "GCP2", "neglect", "football"}[(i+j)%4]
				if _, err := ix.Search(context.Background(), q, 3); err != nil {
					errs <- fmt.Errorf("Search(%q): %w", q, err)
					return
				}
				if _, err := ix.Suggest(context.Background(), q[:2], 5); err != nil {
					errs <- fmt.Errorf("Suggest(%q): %w", q[:2], err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSearchHonoursCancelledContext(t *testing.T) {
	ix := build(t, fixture(t), index.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, "escalate", 3); err == nil {
		t.Error("Search with a cancelled context succeeded, want an error")
	}
}

func TestCloseTwice(t *testing.T) {
	ix, err := index.Build(fixture(t), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("first Close: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// Closing an index while searches run (a reload that outlives a request)
// lets each search finish or fail with an error: no panic, no race.
func TestCloseDuringSearches(t *testing.T) {
	ix, err := index.Build(fixture(t), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	started := make(chan struct{}, 4)
	for range 4 {
		wg.Go(func() {
			started <- struct{}{}
			for range 50 {
				if _, err := ix.Search(context.Background(), "escalate a neglect case", 3); err != nil {
					return // closed under it
				}
			}
		})
	}
	for range 4 {
		<-started
	}
	if err := ix.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	wg.Wait()
	if _, err := ix.Search(context.Background(), "escalate", 3); err == nil {
		t.Error("Search after Close succeeded, want an error")
	}
}

func TestSuggest(t *testing.T) {
	ix := build(t, fixture(t), index.Options{BaseURL: "https://example.org"})
	tests := []struct {
		prefix string
		limit  int
		want   []string // labels, in order
	}{
		{"when", 0, []string{"Escalation – When should I escalate?"}},
		{"WHEN sh", 0, []string{"Escalation – When should I escalate?"}},
		// Heading prefixes come before page-title prefixes, then words inside.
		{"escalat", 0, []string{"Escalation – Escalating out of hours", "Escalation – When should I escalate?"}},
		{"graded", 0, []string{"Neglect – What is the Graded Care Profile 2?"}},
		{"supervision pol", 0, []string{"Supervision – What must a supervision policy include?"}},
		{"what must a supervision pol", 0, []string{"Supervision – What must a supervision policy include?"}},
		{"w", 1, []string{"Escalation – When should I escalate?"}}, // heading prefixes, by label
		{"zzz", 0, nil},
		{"", 0, nil},
		{"   ", 0, nil},
	}
	for _, tt := range tests {
		got, err := ix.Suggest(context.Background(), tt.prefix, tt.limit)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", tt.prefix, err)
		}
		var labels []string
		for _, s := range got {
			labels = append(labels, s.Label)
		}
		if strings.Join(labels, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Suggest(%q, %d) = %q, want %q", tt.prefix, tt.limit, labels, tt.want)
		}
	}
}

func TestSuggestURLsAndLimit(t *testing.T) {
	ix := build(t, manySections(t, 40), index.Options{BaseURL: "https://example.org"})
	got, err := ix.Suggest(context.Background(), "o", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != guidance.MaxSuggestions {
		t.Errorf("Suggest returned %d, want %d", len(got), guidance.MaxSuggestions)
	}
	for _, s := range got {
		if !strings.HasPrefix(s.URL, "https://example.org/") || !strings.Contains(s.URL, "#") {
			t.Errorf("suggestion %q has URL %q, want an absolute URL with an anchor", s.Label, s.URL)
		}
	}
}
