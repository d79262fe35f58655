package discord

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"guidance"
)

func TestTestNowIsTuesdayMorningInLondon(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	got := testNow.In(b.loc).Format("Mon 15:04 MST")
	if want := "Tue 10:00 GMT"; got != want {
		t.Fatalf("testNow in London = %q, want %q", got, want)
	}
}

func TestAsk(t *testing.T) {
	tests := []struct {
		name          string
		req           request
		wantEphemeral bool
		wantContent   []string // substrings, in order
		wantTitle     string
		wantResults   int
		wantButton    string
	}{
		{
			name:          "private by default",
			req:           askRequest("when should I escalate"),
			wantEphemeral: true,
			wantTitle:     "Escalation and professional disagreements – When should I escalate?",
			wantResults:   2,
			wantButton:    testSite + "/escalation/#when-should-i-escalate",
		},
		{
			name: "share posts to the channel",
			req: func() request {
				r := askRequest("when should I escalate")
				r.Options[optShare] = "true"
				return r
			}(),
			wantEphemeral: false,
			wantTitle:     "Escalation and professional disagreements – When should I escalate?",
			wantResults:   2,
			wantButton:    testSite + "/escalation/#when-should-i-escalate",
		},
		{
			name: "mention is public",
			req: request{Kind: kindMessage, Command: cmdAsk, UserID: "111", Channel: channelGuild,
				Options: map[string]string{optQuestion: "escalate?", optShare: "true"}},
			wantEphemeral: false,
			wantTitle:     "Escalation and professional disagreements – When should I escalate?",
			wantResults:   2,
			wantButton:    testSite + "/escalation/#when-should-i-escalate",
		},
		{
			name:          "danger puts 999 first",
			req:           askRequest("child in danger at home"),
			wantEphemeral: true,
			wantContent:   []string{"**If a child is in immediate danger, call 999 now.**", "Please do not type names."},
			wantTitle:     "Escalation and professional disagreements – When should I escalate?",
			wantResults:   2,
			wantButton:    testSite + "/escalation/#when-should-i-escalate",
		},
		{
			name:          "no result says so and gives the consultation line",
			req:           askRequest("football scores"),
			wantEphemeral: true,
			wantContent:   []string{"Nothing in the guidance matches that."},
			wantTitle:     "Who to ask",
		},
		{
			name:          "empty question gets help",
			req:           askRequest("   "),
			wantEphemeral: true,
			wantContent:   []string{"Ask me a question", footerText},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			got := b.handle(context.Background(), "test", tt.req)
			if got.Ephemeral != tt.wantEphemeral {
				t.Errorf("Ephemeral = %v, want %v", got.Ephemeral, tt.wantEphemeral)
			}
			if got.Results != tt.wantResults {
				t.Errorf("Results = %d, want %d", got.Results, tt.wantResults)
			}
			assertInOrder(t, "content", got.Content, tt.wantContent)
			if tt.wantTitle == "" {
				if len(got.Embeds) != 0 {
					t.Errorf("embeds = %+v, want none", got.Embeds)
				}
				return
			}
			if len(got.Embeds) != 1 {
				t.Fatalf("embeds = %d, want 1", len(got.Embeds))
			}
			e := got.Embeds[0]
			if e.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", e.Title, tt.wantTitle)
			}
			if e.Footer != footerText {
				t.Errorf("footer = %q, want %q", e.Footer, footerText)
			}
			var gotButton string
			if len(got.Links) > 0 {
				gotButton = got.Links[0].URL
			}
			if gotButton != tt.wantButton {
				t.Errorf("button URL = %q, want %q", gotButton, tt.wantButton)
			}
		})
	}
}

func TestAskAnswerEmbed(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	got := b.handle(context.Background(), "test", askRequest("escalate"))
	e := got.Embeds[0]
	if want := "Escalate when you \\*disagree\\* with a decision and the child\\_is still at risk.\n-# Last reviewed 25 November 2026"; e.Description != want {
		t.Errorf("description = %q, want %q (snippet, markdown escaped, then the review date)", e.Description, want)
	}
	if e.URL != testSite+"/escalation/#when-should-i-escalate" {
		t.Errorf("title URL = %q", e.URL)
	}
	fields := map[string]string{}
	var names []string
	for _, f := range e.Fields {
		fields[f.Name] = f.Value
		names = append(names, f.Name)
	}
	wantNames := []string{"See also", "Children's Social Care consultation line", "CityCare Safeguarding Team duty"}
	if strings.Join(names, "|") != strings.Join(wantNames, "|") {
		t.Fatalf("fields = %q, want %q", names, wantNames)
	}
	wantAlso := "• [Neglect – Signs of neglect](" + testSite + "/neglect/#signs-of-neglect)"
	if got := fields["See also"]; got != wantAlso {
		t.Errorf("see also = %q, want %q", got, wantAlso)
	}
	// Brief: status and details; what each is for is left to /contacts.
	for _, c := range []struct{ name, want string }{
		{"Children's Social Care consultation line", "**Open now** · Mon–Fri 09:00–17:00\nPhone: 0115 496 0123"},
		{"CityCare Safeguarding Team duty", "Closed now · opens 1pm today · Mon–Fri 13:00–17:00\nEmail: duty@example.org"},
	} {
		if got := fields[c.name]; got != c.want {
			t.Errorf("%s = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAskPassesQuestionAsText(t *testing.T) {
	long := strings.Repeat("é", 8000)
	tests := []struct {
		name     string
		question string
		want     string
	}{
		{"query syntax is just text", `title:"x" +must -not ~fuzzy* ?^2 (a OR b) \ /re/ {}[]`, `title:"x" +must -not ~fuzzy* ?^2 (a OR b) \ /re/ {}[]`},
		// The answerer normalises and bounds every question, for every transport.
		{"8000 characters are passed on for the answerer to bound", long, long},
		{"@everyone is only text", "@everyone what is neglect <@&123>", "@everyone what is neglect <@&123>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asker := &fakeAsker{}
			b, _ := newTestBot(t, testConfig(), asker)
			rep := b.handle(context.Background(), "test", askRequest(tt.question))
			q := asker.lastQuestion(t)
			if q.Text != tt.want {
				t.Errorf("asked %d runes %.40q…, want %d runes %.40q…", utf8.RuneCountInString(q.Text), q.Text, utf8.RuneCountInString(tt.want), tt.want)
			}
			if q.UserID == "111" || q.UserID == "" {
				t.Errorf("asker got user id %q, want the hash", q.UserID)
			}
			if strings.Contains(rep.Content, "@everyone") {
				t.Errorf("reply echoes the question: %q", rep.Content)
			}
		})
	}
}

func TestAnswerNotices(t *testing.T) {
	emergency := guidance.Notice{Kind: guidance.NoticeEmergency, Text: "If a child is in immediate danger, call 999."}
	generic := guidance.Notice{Kind: guidance.NoticePrivacy, Text: "Do not type names."}
	details := guidance.Notice{Kind: guidance.NoticePersonalDetails, Text: "Your question may contain personal details."}
	tests := []struct {
		name    string
		notices []guidance.Notice
		want    string
	}{
		{"the generic reminder is left to the footer", []guidance.Notice{generic}, ""},
		{"personal details are pointed out", []guidance.Notice{details}, "Your question may contain personal details."},
		{"999 comes first, in bold", []guidance.Notice{details, emergency, generic},
			"**If a child is in immediate danger, call 999.**\n\nYour question may contain personal details."},
		{"an empty emergency notice still says 999", []guidance.Notice{{Kind: guidance.NoticeEmergency}}, "**" + guidance.EmergencyText + "**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			rep := b.answerReply(guidance.Answer{Notices: tt.notices, Results: testMatches[:1]})
			if rep.Content != tt.want {
				t.Errorf("content = %q, want %q", rep.Content, tt.want)
			}
		})
	}
}

func TestAskFailureStillShows999AndContacts(t *testing.T) {
	b, logs := newTestBot(t, testConfig(), &fakeAsker{})
	rep := b.handle(context.Background(), "test", askRequest("fail: child in danger"))
	assertInOrder(t, "content", rep.Content, []string{"**If a child is in immediate danger, call 999.**", searchFailedMsg})
	if len(rep.Embeds) != 1 || rep.Embeds[0].Fields[0].Name != "Emergency Duty Team" {
		t.Errorf("embeds = %+v, want the contacts the asker still gave", rep.Embeds)
	}
	if !rep.Ephemeral {
		t.Errorf("Ephemeral = false, want true")
	}
	if !strings.Contains(logs.String(), `"outcome":"error"`) {
		t.Errorf("logs lack the error outcome:\n%s", logs)
	}
}

func TestNoResultFallsBackToTheFallbackContacts(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	rep := b.answerReply(answerWithNoResults())
	if len(rep.Embeds) != 1 || len(rep.Embeds[0].Fields) != 1 {
		t.Fatalf("reply = %+v, want one embed with one contact", rep)
	}
	if got, want := rep.Embeds[0].Fields[0].Name, "Children's Social Care consultation line"; got != want {
		t.Errorf("contact = %q, want %q", got, want)
	}
	if want := "I couldn't find a section of the guidance that answers that. You can talk it through with one of these contacts."; rep.Content != want {
		t.Errorf("content = %q, want %q", rep.Content, want)
	}
}

func TestContacts(t *testing.T) {
	tests := []struct {
		name      string
		service   string
		wantNames []string
		wantText  string
	}{
		{"all: open now first, then by opening, examples last", "", []string{"Children's Social Care consultation line", "Emergency Duty Team",
			"CityCare Safeguarding Team duty", "CityCare out-of-hours safeguarding advice"}, ""},
		{"by id from autocomplete", "citycare-duty", []string{"CityCare Safeguarding Team duty"}, ""},
		{"free text, whatever the punctuation", "out of hours", []string{"CityCare out-of-hours safeguarding advice"}, ""},
		{"by part of a name", "duty", []string{"Emergency Duty Team", "CityCare Safeguarding Team duty"}, ""},
		{"unknown", "fire brigade", nil, "I don't know that service."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			rep := b.handle(context.Background(), "test", request{
				Kind: kindCommand, Command: cmdContacts, UserID: "1",
				Options: map[string]string{optService: tt.service},
			})
			if !rep.Ephemeral {
				t.Errorf("Ephemeral = false, want true")
			}
			if tt.wantText != "" {
				if !strings.Contains(rep.Content, tt.wantText) {
					t.Errorf("content = %q, want %q", rep.Content, tt.wantText)
				}
				return
			}
			var names []string
			for _, f := range rep.Embeds[0].Fields {
				names = append(names, f.Name)
			}
			if strings.Join(names, "|") != strings.Join(tt.wantNames, "|") {
				t.Errorf("contacts = %q, want %q", names, tt.wantNames)
			}
			if got, want := rep.Embeds[0].Description, "“Open now” is for Tuesday 10:00 UK time."; got != want {
				t.Errorf("description = %q, want %q", got, want)
			}
		})
	}
}

func TestContactsAreOpenInLondonTime(t *testing.T) {
	// 16:30 UTC on a July Tuesday is 17:30 BST: the consultation line has closed.
	cfg := testConfig()
	cfg.Now = func() time.Time { return time.Date(2026, time.July, 14, 16, 30, 0, 0, time.UTC) }
	b, _ := newTestBot(t, cfg, &fakeAsker{})
	rep := b.handle(context.Background(), "test", request{Kind: kindCommand, Command: cmdContacts, UserID: "1",
		Options: map[string]string{optService: "consultation-line"}})
	if got := rep.Embeds[0].Fields[0].Value; !strings.HasPrefix(got, "Closed now · opens 9am tomorrow") {
		t.Errorf("consultation line at 17:30 BST = %q, want closed, opening 9am tomorrow", got)
	}
}

func TestLink(t *testing.T) {
	tests := []struct {
		name          string
		site          string
		topic         string
		wantContent   string
		wantEphemeral bool
	}{
		{"autocomplete choice", testSite, "Neglect – Signs of neglect",
			"**Neglect – Signs of neglect**\n" + testSite + "/neglect/#signs-of-neglect", true},
		{"typed text takes the best suggestion", testSite, "escalat",
			"**Escalation and professional disagreements – When should I escalate?**\n" + testSite + "/escalation/#when-should-i-escalate", true},
		{"a cut-off long label still resolves", testSite, cut(testSuggestions[3].Label, maxChoiceValue),
			"**Thresholds – A very long heading", true},
		{"no suggestion falls back to the answer", testSite, "supervise xyz",
			"**Escalation and professional disagreements – When should I escalate?**", true},
		{"nothing matches", testSite, "football",
			"No section of the guidance matches that topic.", true},
		{"no site URL shows the path", "", "Neglect – Signs of neglect",
			"**Neglect – Signs of neglect**\n`/neglect/#signs-of-neglect`", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.BaseURL = tt.site
			b, _ := newTestBot(t, cfg, &fakeAsker{})
			rep := b.handle(context.Background(), "test", request{Kind: kindCommand, Command: cmdLink, UserID: "1",
				Options: map[string]string{optTopic: tt.topic}})
			if !strings.HasPrefix(rep.Content, tt.wantContent) {
				t.Errorf("content = %q, want prefix %q", rep.Content, tt.wantContent)
			}
			if rep.Ephemeral != tt.wantEphemeral {
				t.Errorf("Ephemeral = %v, want %v (a preview first)", rep.Ephemeral, tt.wantEphemeral)
			}
			// Sections of testLibrary can be posted.
			inLibrary := strings.Contains(rep.Content, "/neglect/") || strings.Contains(rep.Content, "/escalation/")
			if inLibrary && !slices.Contains(buttonsOf(rep), "Post to channel:post") {
				t.Errorf("buttons = %q, want Post to channel", buttonsOf(rep))
			}
		})
	}
}

func TestAutocomplete(t *testing.T) {
	tests := []struct {
		name        string
		command     string
		option      string
		typed       string
		wantCount   int
		wantFirst   choice
		wantPrefix  string // what Suggest was called with
		wantSuggest bool
	}{
		{"ask, nothing typed yet: each page's first question", cmdAsk, optQuestion, "", 3,
			choice{"When should I escalate? · Escalation and professional disagreements", "When should I escalate? · Escalation and professional disagreements"}, "", false},
		{"ask, typing: the section first, the page second", cmdAsk, optQuestion, "  neglect ", 1,
			choice{"Signs of neglect · Neglect", "Signs of neglect · Neglect"}, "neglect", true},
		{"ask, a whole question: the sections that answer it first", cmdAsk, optQuestion, "how do I escalate this", 4,
			choice{"When should I escalate? · Escalation and professional disagreements", "When should I escalate? · Escalation and professional disagreements"}, "how do I escalate this", true},
		{"link, long label; the value is the address", cmdLink, optTopic, "thresholds", 1,
			choice{truncate(strings.Repeat("A very long heading ", 8)+" · Thresholds", 100), "/thresholds/#long"}, "thresholds", true},
		{"link, typed text is capped", cmdLink, optTopic, strings.Repeat("x", 300), 0, choice{}, strings.Repeat("x", 100), true},
		{"contacts by name", cmdContacts, optService, "CONSULT", 1,
			choice{"Children's Social Care consultation line", "consultation-line"}, "", false},
		{"contacts, nothing typed", cmdContacts, optService, "", 4,
			choice{"Children's Social Care consultation line", "consultation-line"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asker := &fakeAsker{}
			b, _ := newTestBot(t, testConfig(), asker)
			rep := b.handle(context.Background(), "test", request{
				Kind: kindAutocomplete, Command: tt.command, UserID: "1",
				Options: map[string]string{tt.option: tt.typed}, Focused: tt.option,
			})
			resp := toInteractionResponse(kindAutocomplete, rep)
			if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Errorf("type = %v, want autocomplete result", resp.Type)
			}
			got := resp.Data.Choices
			if len(got) != tt.wantCount {
				t.Fatalf("choices = %d, want %d", len(got), tt.wantCount)
			}
			for _, c := range got {
				if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
					t.Errorf("choice name %q has %d characters, want 1–100", c.Name, n)
				}
				if n := utf8.RuneCountInString(c.Value.(string)); n < 1 || n > 100 {
					t.Errorf("choice value %q has %d characters, want 1–100", c.Value, n)
				}
			}
			if len(got) > 0 && (got[0].Name != tt.wantFirst.Name || got[0].Value != tt.wantFirst.Value) {
				t.Errorf("first choice = %q/%q, want %q/%q", got[0].Name, got[0].Value, tt.wantFirst.Name, tt.wantFirst.Value)
			}
			if tt.wantSuggest {
				if len(asker.prefixes) != 1 || asker.prefixes[0] != tt.wantPrefix {
					t.Errorf("Suggest called with %q, want [%q]", asker.prefixes, tt.wantPrefix)
				}
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	clk := &clock{t: testNow}
	cfg := testConfig()
	cfg.Now = clk.now
	b, logs := newTestBot(t, cfg, &fakeAsker{})
	ctx := context.Background()
	for i := range 10 {
		if rep := b.handle(ctx, "test", askRequest("escalate")); len(rep.Embeds) == 0 {
			t.Fatalf("question %d: %q, want an answer", i+1, rep.Content)
		}
		// Typing does not use up questions.
		b.handle(ctx, "test", request{Kind: kindAutocomplete, Command: cmdAsk, UserID: "111", Focused: optQuestion})
	}
	rep := b.handle(ctx, "test", askRequest("escalate"))
	if !rep.Ephemeral || !strings.Contains(rep.Content, "please wait a moment") || len(rep.Embeds) != 0 {
		t.Errorf("11th question = %+v, want a polite private refusal", rep)
	}
	if !strings.Contains(logs.String(), `"outcome":"rate_limited"`) {
		t.Errorf("logs lack the rate-limited outcome:\n%s", logs)
	}
	// Who to call and links are never refused as questions.
	for _, r := range []request{
		{Kind: kindCommand, Command: cmdContacts, UserID: "111", Options: map[string]string{}},
		{Kind: kindCommand, Command: cmdLink, UserID: "111", Options: map[string]string{optTopic: "Neglect – Signs of neglect"}},
	} {
		if rep := b.handle(ctx, "test", r); strings.Contains(rep.Content, "please wait a moment") {
			t.Errorf("/%s after 10 questions = %q, want it answered", r.Command, rep.Content)
		}
	}
	other := askRequest("escalate")
	other.UserID = "222"
	if rep := b.handle(ctx, "test", other); len(rep.Embeds) == 0 {
		t.Errorf("another user = %q, want an answer", rep.Content)
	}
	clk.add(time.Minute + time.Second)
	if rep := b.handle(ctx, "test", askRequest("escalate")); len(rep.Embeds) == 0 {
		t.Errorf("a minute later = %q, want an answer", rep.Content)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(2, time.Minute)
	steps := []struct {
		at   time.Duration
		key  string
		want bool
	}{
		{0, "a", true},
		{time.Second, "a", true},
		{2 * time.Second, "a", false},
		{2 * time.Second, "b", true},
		{time.Minute, "a", true}, // the first is exactly a window old and no longer counts
		{time.Minute + time.Second, "a", true},
		{time.Minute + 2*time.Second, "a", false},
		{3 * time.Minute, "a", true}, // after a sweep that forgets "b"
	}
	for i, s := range steps {
		if got := l.allow(s.key, testNow.Add(s.at)); got != s.want {
			t.Errorf("step %d (%v, %s): allow = %v, want %v", i, s.at, s.key, got, s.want)
		}
	}
	if len(l.seen) != 1 {
		t.Errorf("limiter remembers %d users after a sweep, want 1", len(l.seen))
	}
}

func TestPanicIsRecovered(t *testing.T) {
	b, logs := newTestBot(t, testConfig(), &fakeAsker{})
	rep := b.handle(context.Background(), "test", askRequest("boom secret-question-words"))
	if !rep.Ephemeral || !strings.HasPrefix(rep.Content, "Sorry") || !strings.Contains(rep.Content, "999") {
		t.Errorf("reply after panic = %+v, want a private apology with 999", rep)
	}
	if rep := b.handle(context.Background(), "test", askRequest("escalate")); len(rep.Embeds) != 1 {
		t.Errorf("next question = %+v, want an answer", rep)
	}
	out := logs.String()
	if !strings.Contains(out, `"outcome":"panic"`) || !strings.Contains(out, "discord handler panic") {
		t.Errorf("logs lack the panic:\n%s", out)
	}
	if strings.Contains(out, "secret-question-words") {
		t.Errorf("logs quote the question:\n%s", out)
	}
}

func TestErrorIsApologisedAndRedacted(t *testing.T) {
	b, logs := newTestBot(t, testConfig(), &fakeAsker{})
	rep := b.handle(context.Background(), "test", askRequest("fail about Jane Doe"))
	if !strings.HasPrefix(rep.Content, "Sorry") {
		t.Errorf("content = %q, want an apology", rep.Content)
	}
	out := logs.String()
	if !strings.Contains(out, "index closed") {
		t.Errorf("logs lack the error:\n%s", out)
	}
	if strings.Contains(out, "Jane Doe") {
		t.Errorf("logs quote the question:\n%s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	rep := b.handle(context.Background(), "test", request{Kind: kindCommand, Command: "nope", UserID: "1"})
	if !rep.Ephemeral || !strings.Contains(rep.Content, "I don't know that command") {
		t.Errorf("reply = %+v", rep)
	}
}

func TestLogsCarryNoQuestionOrUserID(t *testing.T) {
	b, logs := newTestBot(t, testConfig(), &fakeAsker{})
	b.handle(context.Background(), "test", askRequest("my neighbour Alice Smith at 12 Acacia Road"))
	out := logs.String()
	for _, secret := range []string{"Alice", "Acacia", `"111"`} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{`"command":"ask"`, `"results":2`, `"user":"` + b.hashUser("111") + `"`, `"ms":`, `"kind":"command"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
}

func assertInOrder(tb testing.TB, what, got string, want []string) {
	tb.Helper()
	rest := got
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			tb.Errorf("%s = %q, want it to contain %q (in order)", what, got, w)
			return
		}
		rest = rest[i+len(w):]
	}
}

func TestAnswersCarryTwoContactsAnd999OnDanger(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	emergency := guidance.Contact{ID: "999", Name: "999", Phone: "999", Emergency: true,
		Hours: []guidance.Hours{{Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, From: "00:00", To: "24:00"}}}
	toConfirm := guidance.Contact{ID: "tbc", Name: "Route to be confirmed", Placeholder: true}
	example := guidance.Contact{ID: "example", Name: "Example line", Phone: "0115 496 0400", Example: true,
		Hours: []guidance.Hours{{Days: weekdays5, From: "09:00", To: "17:00"}}}
	withFirst := func(c guidance.Contact) []guidance.Contact { return append([]guidance.Contact{c}, testContacts...) }
	tests := []struct {
		name     string
		contacts []guidance.Contact
		danger   bool
		want     []string
	}{
		{"an answer is phone-sized: open ones first", testContacts, false,
			[]string{"Children's Social Care consultation line", "Emergency Duty Team"}},
		{"999 leads on danger, and takes no one's place", withFirst(emergency), true,
			[]string{"999", "Children's Social Care consultation line", "Emergency Duty Team"}},
		{"without danger 999 is left to the footer, even listed first", withFirst(emergency), false,
			[]string{"Children's Social Care consultation line", "Emergency Duty Team"}},
		{"no number yet: after everyone who can be called, examples too", []guidance.Contact{toConfirm, example}, false,
			[]string{"Example line", "Route to be confirmed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range b.answerContacts(tt.contacts, tt.danger) {
				got = append(got, f.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("contacts = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContactOrderAndWording(t *testing.T) {
	weekdays := func(from, to string) []guidance.Hours {
		return []guidance.Hours{{Days: weekdays5, From: from, To: to}}
	}
	emergency := guidance.Contact{ID: "999", Name: "Emergency services (999)", Phone: "999", Emergency: true,
		Hours: []guidance.Hours{{Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, From: "00:00", To: "24:00"}}}
	office := guidance.Contact{ID: "office", Name: "Office line", Phone: "0115 496 0100", Hours: weekdays("09:00", "17:00")}
	evening := guidance.Contact{ID: "evening", Name: "Out-of-hours line", Phone: "0115 496 0300", Hours: weekdays("17:00", "20:00")}
	example := guidance.Contact{ID: "example", Name: "Example line", Phone: "0115 496 0400", Hours: weekdays("00:00", "24:00"), Example: true}
	blank := guidance.Contact{ID: "blank", Name: "Line to be confirmed", Hours: weekdays("09:00", "17:00")}
	london := func(day, hour, minute int) time.Time { // March 2026: GMT
		return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
	}
	tests := []struct {
		name      string
		now       time.Time
		contacts  []guidance.Contact
		wantOrder []string
		wantText  map[string][]string // by id, substrings in order
		wantNot   map[string]string
	}{
		{
			name: "Tuesday 18:43: the out-of-hours line is open, and first", now: london(10, 18, 43),
			contacts:  []guidance.Contact{office, example, evening},
			wantOrder: []string{"evening", "office", "example"},
			wantText: map[string][]string{
				"evening": {"**Open now** · Mon–Fri 17:00–20:00", "Phone: 0115 496 0300"},
				"office":  {"Closed now · opens 9am tomorrow · Mon–Fri 09:00–17:00"},
				"example": {"*Example hours:* Mon–Fri 00:00–24:00 (not real hours)", "Phone: 0115 496 0400 (example — replace before publishing)"},
			},
			wantNot: map[string]string{"example": "Open now"},
		},
		{
			name: "Friday 21:00: both closed, the one opening first leads", now: london(13, 21, 0),
			contacts:  []guidance.Contact{evening, office},
			wantOrder: []string{"office", "evening"},
			wantText: map[string][]string{
				"office":  {"Closed now · opens 9am Monday"},
				"evening": {"Closed now · opens 5pm Monday"},
			},
		},
		{
			name: "on danger, 999 stays first", now: london(10, 10, 0),
			contacts:  []guidance.Contact{emergency, evening, office},
			wantOrder: []string{"999", "office", "evening"},
		},
		{
			name: "an example contact is never open, even around the clock", now: london(10, 10, 0),
			contacts:  []guidance.Contact{example, office},
			wantOrder: []string{"office", "example"},
			wantNot:   map[string]string{"example": "opens"},
		},
		{
			name: "no hours: neither open nor closed", now: london(10, 10, 0),
			contacts:  []guidance.Contact{{ID: "tbc", Name: "Route to be confirmed", Placeholder: true}},
			wantOrder: []string{"tbc"},
			wantText:  map[string][]string{"tbc": {"Hours not listed\n", "Phone: number to be confirmed by the publisher"}},
			wantNot:   map[string]string{"tbc": "Closed"},
		},
		{
			name: "no number yet: said so, never blank", now: london(10, 10, 0),
			contacts:  []guidance.Contact{blank},
			wantOrder: []string{"blank"},
			wantText:  map[string][]string{"blank": {"Phone: number to be confirmed by the publisher"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			byName := map[string]string{}
			for _, c := range tt.contacts {
				byName[c.Name] = c.ID
			}
			fields := b.contactFields(tt.contacts, tt.now, maxFields, false) // as /contacts lists them
			var order []string
			values := map[string]string{}
			for _, f := range fields {
				order = append(order, byName[f.Name])
				values[byName[f.Name]] = f.Value
			}
			if strings.Join(order, ",") != strings.Join(tt.wantOrder, ",") {
				t.Errorf("order = %q, want %q", order, tt.wantOrder)
			}
			for id, want := range tt.wantText {
				assertInOrder(t, id, values[id], want)
			}
			for id, not := range tt.wantNot {
				if strings.Contains(values[id], not) {
					t.Errorf("%s = %q, want no %q", id, values[id], not)
				}
			}
		})
	}
}
