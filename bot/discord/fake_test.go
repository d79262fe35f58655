package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"guidance"
)

// fakeAsker answers from a fixed library, recording what it was asked.
//   - a question containing "football" has no result;
//   - one containing "danger" carries the 999 notice (and the
//     personal-details one), one containing "urgent" the 999 notice
//     alone, one containing "dob" the personal-details notice alone;
//   - one containing "boom" panics, one containing "fail" errors (with
//     the 999 notice and a contact if it also says "danger").
type fakeAsker struct {
	quiet     bool // benchmarks: record nothing
	mu        sync.Mutex
	questions []guidance.Question
	prefixes  []string
	library   *guidance.Library // nil: testLibrary
}

var weekdays5 = []string{"mon", "tue", "wed", "thu", "fri"}

var testContacts = []guidance.Contact{
	{
		ID: "consultation-line", Name: "Children's Social Care consultation line",
		Who: "Schools and safeguarding nurses", Phone: "0115 496 0123",
		Hours:    []guidance.Hours{{Days: weekdays5, From: "09:00", To: "17:00"}},
		Notes:    "Advice from a team manager about a case that worries you.",
		Fallback: 1,
	},
	{
		ID: "citycare-duty", Name: "CityCare Safeguarding Team duty", Email: "duty@example.org",
		Hours: []guidance.Hours{{Days: weekdays5, From: "13:00", To: "17:00"}},
	},
	{
		ID: "emergency-duty", Name: "Emergency Duty Team", Phone: "0115 496 0999",
		Hours: []guidance.Hours{{Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, From: "00:00", To: "24:00"}},
	},
	{ // example hours, and its number still to be filled in
		ID: "out-of-hours", Name: "CityCare out-of-hours safeguarding advice",
		Hours:   []guidance.Hours{{Days: weekdays5, From: "09:00", To: "20:00"}},
		Example: true,
	},
}

var testMatches = []guidance.Match{
	{
		Title: "Escalation and professional disagreements", Section: "When should I escalate?",
		URL: "/escalation/#when-should-i-escalate", PageURL: "/escalation/",
		Snippet: "Escalate when you *disagree* with a decision and the child_is still at risk.",
		Summary: "How to challenge a decision.",
	},
	{Title: "Neglect", Section: "Signs of neglect", URL: "/neglect/#signs-of-neglect", Snippet: "Hungry children."},
	{Title: "Supervision", URL: "/supervision/", Snippet: "Talk it through."},
	{Title: "Chronologies", Section: "Keeping one", URL: "/chronologies/#keeping-one", Snippet: "Dates."},
}

// testSuggestions has more than 25 entries and some labels over 100 characters.
var testSuggestions = func() []guidance.Suggestion {
	out := []guidance.Suggestion{
		{Label: "Escalation and professional disagreements – When should I escalate?", URL: "/escalation/#when-should-i-escalate"},
		{Label: "Escalation and professional disagreements – Who do I escalate to?", URL: "/escalation/#who-do-i-escalate-to"},
		{Label: "Neglect – Signs of neglect", URL: "/neglect/#signs-of-neglect"},
		{Label: "Thresholds – " + strings.Repeat("A very long heading ", 8), URL: "/thresholds/#long"},
	}
	for i := range 30 {
		out = append(out, guidance.Suggestion{Label: fmt.Sprintf("Section %02d – Topic", i), URL: fmt.Sprintf("/s/#t%d", i)})
	}
	return out
}()

func (f *fakeAsker) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	if !f.quiet {
		f.mu.Lock()
		f.questions = append(f.questions, q)
		f.mu.Unlock()
	}
	text := strings.ToLower(q.Text)
	switch {
	case strings.Contains(text, "boom"):
		panic("fake asker exploded on " + q.Text)
	case strings.Contains(text, "fail"):
		// Like the real answerer: what it can still say comes with the error.
		var partial guidance.Answer
		if strings.Contains(text, "danger") {
			partial.Notices = []guidance.Notice{{Kind: guidance.NoticeEmergency, Text: "If a child is in immediate danger, call 999."}}
			partial.Contacts = testContacts[2:]
		}
		return partial, fmt.Errorf("search %q: %w", q.Text, errors.New("index closed"))
	case strings.Contains(text, "football"):
		return guidance.Answer{
			Query:    q.Text,
			Notices:  []guidance.Notice{{Kind: guidance.NoticeNoResult, Text: "Nothing in the guidance matches that."}},
			Contacts: testContacts[:1],
		}, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > len(testMatches) {
		limit = len(testMatches)
	}
	ans := guidance.Answer{Query: q.Text, Results: testMatches[:limit], Contacts: testContacts[:2]}
	if strings.Contains(text, "urgent") {
		ans.Notices = []guidance.Notice{{Kind: guidance.NoticeEmergency, Text: guidance.EmergencyText}}
	}
	if strings.Contains(text, "dob") {
		ans.Notices = []guidance.Notice{{Kind: guidance.NoticePersonalDetails, Text: "Your question may contain personal details."}}
	}
	if strings.Contains(text, "danger") {
		ans.Notices = []guidance.Notice{
			{Kind: guidance.NoticePersonalDetails, Text: "Please do not type names."},
			{Kind: guidance.NoticeEmergency, Text: "If a child is in immediate danger, call 999 now."},
		}
	}
	return ans, nil
}

func (f *fakeAsker) Suggest(ctx context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	if !f.quiet {
		f.mu.Lock()
		f.prefixes = append(f.prefixes, prefix)
		f.mu.Unlock()
	}
	var out []guidance.Suggestion
	p := strings.ToLower(prefix)
	for _, s := range testSuggestions {
		if len(out) == limit {
			break
		}
		if strings.Contains(strings.ToLower(s.Label), p) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeAsker) Contacts() []guidance.Contact { return testContacts }

// Library is the guidance testMatches come from, unless the test set another.
func (f *fakeAsker) Library() *guidance.Library {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.library != nil {
		return f.library
	}
	return testLibrary
}

func (f *fakeAsker) setLibrary(lib *guidance.Library) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.library = lib
}

// testLibrary holds a page for each of testMatches, and one more section.
var testLibrary = func() *guidance.Library {
	lib := &guidance.Library{Contacts: testContacts}
	for _, m := range testMatches {
		page, anchor, _ := strings.Cut(m.URL, "#")
		p := &guidance.Page{Title: m.Title, URL: page, Summary: m.Summary, ContactIDs: []string{"citycare-duty", "consultation-line"},
			LastReviewed: time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)}
		p.Sections = []guidance.Section{{Heading: m.Title, Level: 1, Text: "An introduction."}}
		if anchor != "" {
			p.Sections = append(p.Sections, guidance.Section{Heading: m.Section, Anchor: anchor, Level: 2,
				Text: "First sentence of " + m.Section + ". Second sentence, longer, with more detail in it."})
		}
		lib.Pages = append(lib.Pages, p)
	}
	return lib
}()

func (f *fakeAsker) lastQuestion(tb testing.TB) guidance.Question {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.questions) == 0 {
		tb.Fatal("asker was not asked")
	}
	return f.questions[len(f.questions)-1]
}

// testNow is a Tuesday, 10:00 in London (GMT): the consultation line is
// open, the CityCare duty line (afternoons) is not.
var testNow = time.Date(2026, time.March, 10, 10, 0, 0, 0, time.UTC)

const testSite = "https://guidance.example.org"

// clock is a settable time for rate-limit tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer is a log sink safe for the goroutines discordgo starts.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testConfig() Config {
	return Config{
		BaseURL:     testSite,
		Now:         func() time.Time { return testNow },
		UserHashKey: []byte("test key"),
		// Never defer, unless a test fires the timer itself.
		After: func(time.Duration) <-chan time.Time { return nil },
	}
}

// slowAsker is an index that takes as long as the test says: Ask blocks
// until release is closed, after saying on entered that it has started.
type slowAsker struct {
	fakeAsker
	entered chan time.Duration // the time Ask was given (its context's deadline)
	release chan struct{}
}

func newSlowAsker() *slowAsker {
	return &slowAsker{entered: make(chan time.Duration, 1), release: make(chan struct{})}
}

func (s *slowAsker) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	budget := time.Duration(-1)
	if d, ok := ctx.Deadline(); ok {
		budget = time.Until(d)
	}
	s.entered <- budget
	select {
	case <-s.release:
	case <-ctx.Done():
		return guidance.Answer{}, ctx.Err()
	}
	return s.fakeAsker.Ask(ctx, q)
}

// deferTimer is a defer timer the test fires.
type deferTimer chan time.Time

func (d deferTimer) after(time.Duration) <-chan time.Time { return d }
func (d deferTimer) fire()                                { d <- time.Time{} }

func newTestBot(tb testing.TB, cfg Config, asker guidance.Asker) (*bot, *syncBuffer) {
	tb.Helper()
	logs := &syncBuffer{}
	b, err := newBot(cfg, asker, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		tb.Fatalf("newBot: %v", err)
	}
	return b, logs
}

func askRequest(question string) request {
	return request{
		Kind: kindCommand, Command: cmdAsk, Options: map[string]string{optQuestion: question},
		UserID: "111", GuildID: "999", Channel: channelGuild,
	}
}

func answerWithNoResults() guidance.Answer { return guidance.Answer{Query: "x"} }

func newJSONLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }
