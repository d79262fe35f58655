package answer_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"guidance"
	"guidance/answer"
)

// fakeSearcher returns canned matches and records what it was asked.
type fakeSearcher struct {
	matches []guidance.Match
	err     error
	queries []string
	limits  []int
}

func (f *fakeSearcher) Search(_ context.Context, q string, limit int) ([]guidance.Match, error) {
	f.queries = append(f.queries, q)
	f.limits = append(f.limits, limit)
	return f.matches, f.err
}

func (f *fakeSearcher) Suggest(_ context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	return []guidance.Suggestion{{Label: "Suggested for " + prefix, URL: "/x/"}}, nil
}

func library() *guidance.Library {
	contact := func(id string, fallback int) guidance.Contact {
		return guidance.Contact{ID: id, Name: id, Fallback: fallback, Emergency: id == "emergency-999",
			Hours: []guidance.Hours{{Days: []string{"mon"}, From: "09:00", To: "17:00"}}}
	}
	return &guidance.Library{
		Pages: []*guidance.Page{
			{Title: "Escalation", URL: "/escalation/", ContactIDs: []string{"consultation-forum", "citycare-duty"}},
			{Title: "Neglect", URL: "/neglect/"},
		},
		Contacts: []guidance.Contact{
			contact("emergency-999", 4), contact("consultation-line", 1), contact("consultation-forum", 0),
			contact("citycare-duty", 2), contact("citycare-out-of-hours", 3),
		},
	}
}

func newAnswerer(tb testing.TB, lib *guidance.Library, s guidance.Searcher, opts answer.Options) *answer.Answerer {
	tb.Helper()
	a, err := answer.New(lib, s, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func ids(cs []guidance.Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func kinds(ns []guidance.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

func TestAsk(t *testing.T) {
	escalation := guidance.Match{Title: "Escalation", Section: "When should I escalate?", URL: "/escalation/#when-should-i-escalate", PageURL: "/escalation/"}
	neglect := guidance.Match{Title: "Neglect", Section: "Signs", URL: "/neglect/#signs", PageURL: "/neglect/"}
	fallback := []string{"consultation-line", "citycare-duty", "citycare-out-of-hours", "emergency-999"}
	tests := []struct {
		name         string
		question     string
		matches      []guidance.Match
		wantNotices  []string
		wantContacts []string
		wantResults  int
	}{
		{
			name: "answer with the top page's contacts", question: "how do I escalate",
			matches:     []guidance.Match{escalation, neglect},
			wantNotices: []string{guidance.NoticePrivacy, guidance.NoticeSafetyNet}, wantContacts: []string{"consultation-forum", "citycare-duty"}, wantResults: 2,
		},
		{
			name: "page without contacts falls back to consultation contacts", question: "signs of neglect",
			matches:     []guidance.Match{neglect},
			wantNotices: []string{guidance.NoticePrivacy, guidance.NoticeSafetyNet}, wantContacts: fallback, wantResults: 1,
		},
		{
			name: "no result", question: "where is the canteen",
			wantNotices: []string{guidance.NoticeNoResult, guidance.NoticePrivacy, guidance.NoticeSafetyNet}, wantContacts: fallback,
		},
		{
			name: "danger comes first even with results", question: "a child is at risk right now, how do I escalate",
			matches:     []guidance.Match{escalation},
			wantNotices: []string{guidance.NoticeEmergency, guidance.NoticePrivacy}, wantContacts: []string{"emergency-999", "consultation-forum", "citycare-duty"}, wantResults: 1,
		},
		{
			name: "danger with no result", question: "baby not breathing",
			wantNotices:  []string{guidance.NoticeEmergency, guidance.NoticeNoResult, guidance.NoticePrivacy},
			wantContacts: []string{"emergency-999", "consultation-line", "citycare-duty", "citycare-out-of-hours"},
		},
		{
			name: "match found by page URL when the title is unknown", question: "escalate",
			matches:     []guidance.Match{{Title: "Renamed", PageURL: "https://example.org/escalation/"}},
			wantNotices: []string{guidance.NoticePrivacy, guidance.NoticeSafetyNet}, wantContacts: []string{"consultation-forum", "citycare-duty"}, wantResults: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeSearcher{matches: tt.matches}
			a := newAnswerer(t, library(), s, answer.Options{})
			got, err := a.Ask(context.Background(), guidance.Question{Text: tt.question})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if k := kinds(got.Notices); !slices.Equal(k, tt.wantNotices) {
				t.Errorf("notices = %q, want %q", k, tt.wantNotices)
			}
			if c := ids(got.Contacts); !slices.Equal(c, tt.wantContacts) {
				t.Errorf("contacts = %q, want %q", c, tt.wantContacts)
			}
			if len(got.Results) != tt.wantResults {
				t.Errorf("%d results, want %d", len(got.Results), tt.wantResults)
			}
			if got.Query != tt.question {
				t.Errorf("Query = %q, want %q", got.Query, tt.question)
			}
			if got.Emergency() != (tt.wantNotices[0] == guidance.NoticeEmergency) {
				t.Errorf("Emergency() = %v with notices %q", got.Emergency(), kinds(got.Notices))
			}
		})
	}
}

func TestAskEmergencyText(t *testing.T) {
	a := newAnswerer(t, library(), &fakeSearcher{}, answer.Options{})
	got, err := a.Ask(context.Background(), guidance.Question{Text: "kid is in danger"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Notices) == 0 || got.Notices[0].Text != "If a child is in immediate danger, call 999." {
		t.Errorf("first notice = %+v, want the 999 notice", got.Notices)
	}
}

func TestAskEmptyQuestion(t *testing.T) {
	for _, q := range []string{"", "   ", "\x00\x01", "?!…"} {
		s := &fakeSearcher{}
		a := newAnswerer(t, library(), s, answer.Options{})
		got, err := a.Ask(context.Background(), guidance.Question{Text: q})
		if !errors.Is(err, answer.ErrEmptyQuestion) {
			t.Errorf("Ask(%q) error = %v, want ErrEmptyQuestion", q, err)
		}
		if len(s.queries) != 0 {
			t.Errorf("Ask(%q) searched for %q, want no search", q, s.queries)
		}
		if k := kinds(got.Notices); !slices.Contains(k, guidance.NoticePrivacy) || len(got.Contacts) == 0 {
			t.Errorf("Ask(%q) = notices %q, %d contacts, want the privacy notice and contacts", q, k, len(got.Contacts))
		}
	}
}

func TestAskSearchError(t *testing.T) {
	a := newAnswerer(t, library(), &fakeSearcher{err: errors.New("index closed")}, answer.Options{})
	got, err := a.Ask(context.Background(), guidance.Question{Text: "a child is in danger now"})
	if err == nil || !strings.Contains(err.Error(), "index closed") {
		t.Errorf("error = %v, want the search error wrapped", err)
	}
	if !got.Emergency() || len(got.Contacts) == 0 || got.Contacts[0].ID != "emergency-999" {
		t.Errorf("answer on error = %+v, want the 999 notice and 999 first", got)
	}
}

func TestAskLimit(t *testing.T) {
	tests := []struct {
		opts     answer.Options
		question int
		want     int
	}{
		{answer.Options{}, 0, 3},
		{answer.Options{Limit: 7}, 0, 7},
		{answer.Options{Limit: 7}, 2, 2},
	}
	for _, tt := range tests {
		s := &fakeSearcher{}
		a := newAnswerer(t, library(), s, tt.opts)
		if _, err := a.Ask(context.Background(), guidance.Question{Text: "neglect", Limit: tt.question}); err != nil {
			t.Fatal(err)
		}
		if got := s.limits[0]; got != tt.want {
			t.Errorf("options %+v, question limit %d: searched with limit %d, want %d", tt.opts, tt.question, got, tt.want)
		}
	}
}

func TestAskNormalisesQuestion(t *testing.T) {
	s := &fakeSearcher{}
	a := newAnswerer(t, library(), s, answer.Options{})
	if _, err := a.Ask(context.Background(), guidance.Question{Text: "  signs\x00 of\tneglect  "}); err != nil {
		t.Fatal(err)
	}
	if want := "signs of neglect"; len(s.queries) != 1 || s.queries[0] != want {
		t.Errorf("searched for %q, want %q", s.queries, want)
	}
}

func TestPrivacyNotice(t *testing.T) {
	tests := []struct {
		q        string
		personal bool
	}{
		{"how do I escalate", false},
		{"child dob 12/03/2019 missed appointments", true},
		{"NHS number 943 476 5919", true},
		{"family at NG7 2RD", true},
		{"mum's email is jo@example.org", true},
		{"what did recommendation 17 ask", false},
	}
	for _, tt := range tests {
		a := newAnswerer(t, library(), &fakeSearcher{}, answer.Options{})
		got, err := a.Ask(context.Background(), guidance.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		var kind, text string
		for _, n := range got.Notices {
			if n.Kind == guidance.NoticePrivacy || n.Kind == guidance.NoticePersonalDetails {
				kind, text = n.Kind, n.Text
			}
		}
		wantKind, want := guidance.NoticePrivacy, answer.PrivacyText
		if tt.personal {
			wantKind, want = guidance.NoticePersonalDetails, answer.PrivacyDetailsText
		}
		if kind != wantKind || text != want {
			t.Errorf("Ask(%q) privacy notice = %s %q, want %s %q", tt.q, kind, text, wantKind, want)
		}
	}
}

func TestAskNeverLogsQuestion(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := newAnswerer(t, library(), &fakeSearcher{}, answer.Options{Logger: logger})
	const secret = "Jayden Smith-Okafor"
	if _, err := a.Ask(context.Background(), guidance.Question{Text: "is " + secret + " at risk", UserID: "u1"}); err != nil {
		t.Fatal(err)
	}
	if logs.Len() == 0 {
		t.Fatal("nothing logged at debug level; the test cannot tell whether the question would be")
	}
	if strings.Contains(logs.String(), "Jayden") || strings.Contains(logs.String(), "Okafor") {
		t.Errorf("log holds the question: %s", logs.String())
	}
}

func TestSuggestAndContacts(t *testing.T) {
	a := newAnswerer(t, library(), &fakeSearcher{}, answer.Options{})
	s, err := a.Suggest(context.Background(), "esc", 5)
	if err != nil || len(s) != 1 || s[0].Label != "Suggested for esc" {
		t.Errorf("Suggest = %v, %v, want the searcher's suggestion", s, err)
	}
	cs := a.Contacts()
	if len(cs) != 5 {
		t.Fatalf("Contacts() = %d contacts, want 5", len(cs))
	}
	cs[0].Name = "changed"
	if a.Contacts()[0].Name == "changed" {
		t.Error("Contacts() returns the answerer's own slice; callers can change it")
	}
}

// countingSearcher counts searches, to see what the cache saves.
type countingSearcher struct{ n int }

func (c *countingSearcher) Search(_ context.Context, q string, limit int) ([]guidance.Match, error) {
	c.n++
	return []guidance.Match{{Title: "T", Section: q, URL: "/t/"}}, nil
}
func (c *countingSearcher) Suggest(context.Context, string, int) ([]guidance.Suggestion, error) {
	return nil, nil
}

func TestAnswerCache(t *testing.T) {
	tests := []struct {
		name      string
		cacheSize int
		asks      []guidance.Question
		want      int // searches
	}{
		{"repeat is served from the cache", 0, []guidance.Question{{Text: "escalation"}, {Text: " escalation\t"}}, 1},
		// Capitals mark acronyms to the index, so another case is another question.
		{"another case is another question", 0, []guidance.Question{{Text: "mash number"}, {Text: "MASH number"}}, 2},
		{"another limit is another answer", 0, []guidance.Question{{Text: "escalation"}, {Text: "escalation", Limit: 5}}, 2},
		{"cache off", -1, []guidance.Question{{Text: "escalation"}, {Text: "escalation"}}, 2},
		{"evicted after two generations", 1, []guidance.Question{{Text: "a1"}, {Text: "b2"}, {Text: "c3"}, {Text: "a1"}}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &countingSearcher{}
			a := newAnswerer(t, nil, s, answer.Options{CacheSize: tt.cacheSize})
			for _, q := range tt.asks {
				if _, err := a.Ask(context.Background(), q); err != nil {
					t.Fatal(err)
				}
			}
			if s.n != tt.want {
				t.Errorf("searches = %d, want %d", s.n, tt.want)
			}
		})
	}
}

// TestEveryAnswerShows999 checks the safety net: 999 first when danger is
// seen, the same line last otherwise, on every path (results, none, empty
// question, a failed search).
func TestEveryAnswerShows999(t *testing.T) {
	searchers := map[string]guidance.Searcher{
		"results":   &fakeSearcher{matches: []guidance.Match{{Title: "Neglect", URL: "/neglect/"}}},
		"no result": &fakeSearcher{},
		"failing":   &fakeSearcher{err: errors.New("index closed")},
	}
	for name, s := range searchers {
		for _, q := range []string{"signs of neglect", "baby not breathing", "?!", ""} {
			got, _ := newAnswerer(t, library(), s, answer.Options{CacheSize: -1}).Ask(context.Background(), guidance.Question{Text: q})
			n := got.Notices
			first := len(n) > 0 && n[0].Kind == guidance.NoticeEmergency
			last := len(n) > 0 && n[len(n)-1].Kind == guidance.NoticeSafetyNet
			if first == last || !strings.Contains(n[0].Text+n[len(n)-1].Text, "999") {
				t.Errorf("%s, %q: notices %q, want 999 first (danger) or last (otherwise), exactly once", name, q, kinds(n))
			}
		}
	}
}

func TestLibraryIsTheOneAnswered(t *testing.T) {
	lib := &guidance.Library{Pages: []*guidance.Page{{Title: "Neglect", URL: "/neglect/"}}}
	a, err := answer.New(lib, nil, answer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Library(); got != lib {
		t.Errorf("Library() = %p, want the library given to New (%p)", got, lib)
	}
}
