package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"guidance"
	"guidance/answer"
	"guidance/internal/guidancetest"
)

// These tests run the handlers on the real content and answerer, to check
// the contract the fake stands in for (label format, notices, errors).

func realAsker(tb testing.TB) guidance.Asker {
	tb.Helper()
	a, _ := guidancetest.RealAsker(tb, answer.Options{})
	return a
}

func TestRealAnswers(t *testing.T) {
	b, logs := newTestBot(t, testConfig(), realAsker(t))
	tests := []struct {
		name         string
		question     string
		wantEmbed    bool
		wantResults  bool
		wantFirstIs  string // content prefix
		wantNoPrefix string
	}{
		{"ordinary", "when should I escalate a disagreement", true, true, "", "Do not type names"},
		{"acronym", "what is GCP2", true, true, "", ""},
		{"danger", "a child is home alone right now", true, false, "**If a child is in immediate danger, call 999.**", ""},
		{"off topic", "football scores", true, false, "Nothing in the guidance answers", ""},
		{"personal details", "baby born on 01/02/2024 not brought to appointments", true, true, "Your question may contain personal details", ""},
		{"@everyone", "@everyone what is neglect", true, true, "", ""},
		{"query syntax", `+neglect -"hungry" title:x* (a OR b)~2 ^ \`, true, false, "", ""},
		{"8,000 characters", strings.Repeat("supervision ", 700), true, false, "", ""},
		{"no words", "?? !!", false, false, "Ask me a question", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := b.handle(context.Background(), "test", askRequest(tt.question))
			if (len(rep.Embeds) > 0) != tt.wantEmbed {
				t.Fatalf("embeds = %d, want embed %v (content %q)", len(rep.Embeds), tt.wantEmbed, rep.Content)
			}
			if tt.wantResults && rep.Results == 0 {
				t.Errorf("no results, want some")
			}
			if !strings.HasPrefix(rep.Content, tt.wantFirstIs) {
				t.Errorf("content = %q, want it to start %q", rep.Content, tt.wantFirstIs)
			}
			if tt.wantNoPrefix != "" && strings.HasPrefix(rep.Content, tt.wantNoPrefix) {
				t.Errorf("content = %q, want no generic privacy line (the footer has it)", rep.Content)
			}
			checkDiscordMessage(t, toInteractionResponse(kindCommand, rep))
		})
	}
	if out := logs.String(); strings.Contains(out, "football") || strings.Contains(out, "escalate a") {
		t.Errorf("logs quote a question:\n%s", out)
	}
}

// TestRealLinkRoundTrip picks each autocomplete choice for a prefix and
// checks /link posts exactly that section.
func TestRealLinkRoundTrip(t *testing.T) {
	asker := realAsker(t)
	cfg := testConfig()
	cfg.QuestionsPerMinute = 1000
	b, _ := newTestBot(t, cfg, asker)
	ctx := context.Background()
	for _, prefix := range []string{"esc", "what", "neglect", "sup"} {
		rep := b.handle(ctx, "test", request{Kind: kindAutocomplete, Command: cmdLink, UserID: "1",
			Focused: optTopic, Options: map[string]string{optTopic: prefix}})
		if len(rep.Choices) == 0 || len(rep.Choices) > maxChoices {
			t.Fatalf("%q: %d choices, want 1–25", prefix, len(rep.Choices))
		}
		want, err := asker.Suggest(ctx, prefix, maxChoices)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range rep.Choices {
			link := b.handle(ctx, "test", request{Kind: kindCommand, Command: cmdLink, UserID: "1",
				Options: map[string]string{optTopic: c.Value}})
			wantURL := testSite + want[i].URL
			if !strings.Contains(link.Content, "\n"+wantURL+"\n") {
				t.Errorf("%q choice %q: /link posted %q, want %s", prefix, c.Value, link.Content, wantURL)
			}
		}
	}
}

func checkDiscordMessage(tb testing.TB, resp *discordgo.InteractionResponse) {
	tb.Helper()
	d := resp.Data
	if n := utf8.RuneCountInString(d.Content); n > maxContent {
		tb.Errorf("content has %d characters", n)
	}
	if d.AllowedMentions == nil || d.AllowedMentions.Parse == nil || len(d.AllowedMentions.Parse) != 0 {
		tb.Errorf("allowed mentions = %+v, want parse: []", d.AllowedMentions)
	}
	for _, e := range d.Embeds {
		if e.Footer == nil || e.Footer.Text != footerText {
			tb.Errorf("embed %q has no privacy footer", e.Title)
		}
		if e.URL != "" && !strings.HasPrefix(e.URL, testSite+"/") {
			tb.Errorf("embed URL %q is not on the site", e.URL)
		}
		for _, f := range e.Fields {
			if f.Name == "" || f.Value == "" || utf8.RuneCountInString(f.Value) > maxFieldValue {
				tb.Errorf("field %q: empty or too long", f.Name)
			}
		}
	}
	if _, err := json.Marshal(resp); err != nil {
		tb.Error(err)
	}
}

func BenchmarkRealAutocompleteHandler(b *testing.B) {
	bt := benchBot(b)
	bt.asker = realAsker(b)
	prefixes := []string{"e", "esc", "what is", "neglect", "sup", "transfer s", "zzz"}
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		req := request{Kind: kindAutocomplete, Command: cmdAsk, UserID: "111", Focused: optQuestion,
			Options: map[string]string{optQuestion: prefixes[i%len(prefixes)]}}
		rep := bt.handle(ctx, "bench", req)
		if _, err := json.Marshal(toInteractionResponse(req.Kind, rep)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkRealAskHandler(b *testing.B) {
	bt := benchBot(b)
	bt.asker = realAsker(b)
	questions := []string{
		"when should I escalate a disagreement", "what is GCP2", "mum says everything's fine but the kids are always hungry",
		"DNA or was not brought?", "escalaton proceedure", "football scores", "a child is home alone right now",
	}
	ctx := context.Background()
	i, results := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		req := askRequest(questions[i%len(questions)])
		rep := bt.handle(ctx, "bench", req)
		if len(rep.Embeds) == 0 {
			b.Fatalf("%q: no embed: %q", req.Options[optQuestion], rep.Content)
		}
		if _, err := json.Marshal(toInteractionResponse(req.Kind, rep)); err != nil {
			b.Fatal(err)
		}
		results += rep.Results
		i++
	}
	b.ReportMetric(float64(results)/float64(i), "results/op")
}
