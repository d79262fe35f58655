package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"guidance"
)

// asked is the questions block every section of valid content carries.
const asked = "\n{{< questions >}}\n- one way to ask\n- another way\n- a third\n- a fourth\n- a fifth\n{{< /questions >}}\n"

// askContent is a small content directory for the ask command.
func askContent(tb testing.TB) string {
	tb.Helper()
	front := func(title, extra string) string {
		return "---\ntitle: \"" + title + "\"\nsummary: \"About " + title + ".\"\n" +
			"last_reviewed: 2026-01-01\nreview_due: 2099-01-01\nsources:\n  document: \"Review\"\n" + extra + "---\n\n"
	}
	return writeFiles(tb, map[string]string{
		"escalation.md": front("Escalation", "contacts: [\"consultation-line\"]\n") +
			"## When should I escalate?\n\nEscalate when a decision leaves a child unsafe and talking has not settled it.\n" + asked,
		"neglect.md": front("Neglect", "") +
			"## Why say was not brought?\n\nA child cannot take themselves to an appointment, so record that the child was not brought.\n" +
			"\n{{< questions >}}\n- WNB or DNA?\n- missed appointments\n- why not did not attend\n- recording a missed visit\n- child not brought to clinic\n{{< /questions >}}\n",
		"contacts.md": front("Contacts", "contacts_list:\n"+
			"  - id: consultation-line\n    name: \"Consultation line\"\n    phone: \"0115 496 0100\"\n    example: true\n    fallback: 1\n    hours:\n      - days: [mon, tue, wed, thu, fri]\n        from: \"09:00\"\n        to: \"17:00\"\n"+
			"  - id: emergency-999\n    name: \"Emergency services\"\n    phone: \"999\"\n    emergency: true\n    hours:\n      - days: [mon, tue, wed, thu, fri, sat, sun]\n        from: \"00:00\"\n        to: \"24:00\"\n") +
			"## Consultation line\n\nTalk a worry through with a team manager.\n" + asked,
	})
}

// jsonLine is the ask contract as outside tools read it.
type jsonLine struct {
	Query      string `json:"query"`
	Confidence string `json:"confidence"`
	Results    []struct {
		Title, Section, URL, Snippet, Text string
		Score                              float64
	} `json:"results"`
	Contacts []guidance.Contact `json:"contacts"`
	Notices  []guidance.Notice  `json:"notices"`
	Error    string             `json:"error"`
}

func decodeLines(tb testing.TB, out string) []jsonLine {
	tb.Helper()
	var lines []jsonLine
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		var j jsonLine
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			tb.Fatalf("output line is not JSON: %v\n%s", err, l)
		}
		lines = append(lines, j)
	}
	return lines
}

func TestAskPrintsReadableAnswer(t *testing.T) {
	dir := askContent(t)
	out, _, err := runBot(t, nil, "", "ask", "--content", dir, "--base-url", "https://guidance.example.org", "when", "should", "I", "escalate?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	for _, want := range []string{
		"Do not type names",
		"1. Escalation › When should I escalate?",
		"Escalate when a decision leaves a child unsafe",
		"https://guidance.example.org/escalation/#when-should-i-escalate",
		"Consultation line: 0115 496 0100 (example number) · Mon–Fri 09:00–17:00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskEmergencyComesFirst(t *testing.T) {
	out, _, err := runBot(t, nil, "", "ask", "--content", askContent(t), "baby", "not", "breathing")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	if first := strings.SplitN(out, "\n", 2)[0]; !strings.Contains(first, "call 999") {
		t.Errorf("first line = %q, want the 999 notice\n%s", first, out)
	}
}

func TestAskJSON(t *testing.T) {
	dir := askContent(t)
	env := map[string]string{"BASE_URL": "https://example.org/"}
	out, _, err := runBot(t, env, "", "ask", "--json", "--limit", "1", "--content", dir, "WNB")
	if err != nil {
		t.Fatalf("ask --json: %v", err)
	}
	lines := decodeLines(t, out)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	got := lines[0]
	if got.Query != "WNB" || len(got.Results) != 1 {
		t.Fatalf("query %q with %d results, want WNB with 1", got.Query, len(got.Results))
	}
	r := got.Results[0]
	if r.URL != "https://example.org/neglect/#why-say-was-not-brought" || r.Section != "Why say was not brought?" ||
		!strings.HasPrefix(r.Text, "A child cannot") || r.Snippet == "" || r.Score <= 0 {
		t.Errorf("result = %+v", r)
	}
	if n := len(got.Notices); n < 2 || got.Notices[n-2].Kind != guidance.NoticePrivacy || got.Notices[n-1].Kind != guidance.NoticeSafetyNet {
		t.Errorf("notices = %+v, want the privacy notice, then the 999 line", got.Notices)
	}
	if len(got.Contacts) == 0 || got.Contacts[0].ID != "consultation-line" {
		t.Errorf("contacts = %+v, want the consultation line (the page has none of its own)", got.Contacts)
	}
}

func TestAskJSONBatchKeepsOrder(t *testing.T) {
	dir := askContent(t)
	stdin := "when should I escalate\n\nfootball scores\r\na child is at risk right now\n" +
		strings.Repeat("x", 200000) + "\n" + "title:foo AND (bar\nwas not brought" // no final newline
	out, _, err := runBot(t, nil, stdin, "ask", "--json", "--content", dir, "-")
	if err != nil {
		t.Fatalf("ask --json -: %v", err)
	}
	lines := decodeLines(t, out)
	if len(lines) != 7 {
		t.Fatalf("%d lines for 7 questions:\n%s", len(lines), out)
	}
	tests := []struct {
		query     string
		answered  bool // confidence "answer"
		emergency bool
		err       bool
	}{
		{"when should I escalate", true, false, false},
		{"", false, false, true},
		{"football scores", false, false, false},
		{"a child is at risk right now", false, true, false},
		{strings.Repeat("x", 300), false, false, false},
		{"title:foo AND (bar", false, false, false},
		{"was not brought", true, false, false},
	}
	for i, tt := range tests {
		l := lines[i]
		if l.Query != tt.query {
			t.Errorf("line %d: query %.40q, want %.40q", i, l.Query, tt.query)
		}
		if answered := l.Confidence == guidance.ConfidenceAnswer; answered != tt.answered || answered && len(l.Results) == 0 {
			t.Errorf("line %d (%.30q): confidence %q with %d results, want answered: %v", i, l.Query, l.Confidence, len(l.Results), tt.answered)
		}
		if emergency := len(l.Notices) > 0 && l.Notices[0].Kind == guidance.NoticeEmergency; emergency != tt.emergency {
			t.Errorf("line %d (%.30q): emergency first = %v, want %v", i, l.Query, emergency, tt.emergency)
		}
		if (l.Error != "") != tt.err {
			t.Errorf("line %d (%.30q): error %q, want error: %v", i, l.Query, l.Error, tt.err)
		}
		if len(l.Contacts) == 0 {
			t.Errorf("line %d (%.30q): no contacts", i, l.Query)
		}
	}
}

func TestAskBadInput(t *testing.T) {
	dir := askContent(t)
	tests := []struct {
		name  string
		args  []string
		usage bool // a usage error (exit 2) rather than any error
		ok    bool
	}{
		{"no question", []string{"ask", "--content", dir}, true, false},
		{"empty question", []string{"ask", "--content", dir, "   "}, true, false},
		{"control characters only", []string{"ask", "--content", dir, "\x00\x01\x1b"}, true, false},
		{"limit too small", []string{"ask", "--limit", "0", "--content", dir, "neglect"}, true, false},
		{"limit too large", []string{"ask", "--limit", "1000", "--content", dir, "neglect"}, true, false},
		{"unknown flag", []string{"ask", "--frob", "neglect"}, true, false},
		{"8000 characters", []string{"ask", "--content", dir, strings.Repeat("neglect ", 1000)}, false, true},
		{"control characters in a question", []string{"ask", "--content", dir, "neg\x00lect\x07 signs"}, false, true},
		{"query syntax", []string{"ask", "--content", dir, "title:foo AND (bar"}, false, true},
		{"empty question as JSON", []string{"ask", "--json", "--content", dir, " "}, false, true},
		{"missing content", []string{"ask", "--content", dir + "/nowhere", "neglect"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runBot(t, nil, "", tt.args...)
			var usage usageError
			switch {
			case tt.ok && err != nil:
				t.Errorf("got error %v, want none", err)
			case !tt.ok && err == nil:
				t.Error("got no error")
			case !tt.ok && tt.usage && !errors.As(err, &usage):
				t.Errorf("got %v, want a usage error", err)
			}
		})
	}
}

func TestAskRealContentAnswersFromTheRightPage(t *testing.T) {
	out, _, err := runBot(t, nil, "", "ask", "--json", "--content", "../content", "DNA or was not brought?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	got := decodeLines(t, out)[0]
	if len(got.Results) == 0 || !strings.Contains(got.Results[0].URL, "#") || !strings.Contains(strings.ToLower(got.Results[0].Text), "was not brought") {
		t.Errorf("top result = %+v, want a section about \"was not brought\"", got.Results)
	}
}
