package discord

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"guidance"
	"guidance/answer"
	"guidance/internal/evalset"
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

// Phone-sized answers: what a user reads of an answer, in characters.
const (
	answerMedianBudget = 900
	answerP90Budget    = 1000
)

// TestRealAnswerLengths renders the answer to every labelled question as
// Discord shows it and holds the lengths to a phone's screen: a median
// and a 90th percentile within budget, and nothing Discord would refuse or
// the renderer's safety net would have to cut.
func TestRealAnswerLengths(t *testing.T) {
	cfg := testConfig()
	cfg.QuestionsPerMinute = 1 << 20
	b, _ := newTestBot(t, cfg, realAsker(t))
	files, err := evalset.Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("question sets: %v (%d files)", err, len(files))
	}
	var seen, raw []int
	longest := ""
	for _, file := range files {
		qs, err := evalset.Read(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			rep := b.handle(context.Background(), "test", askRequest(q.Q))
			checkWithinDiscordLimits(t, q.Q, rep)
			resp := toInteractionResponse(kindCommand, rep)
			checkDiscordMessage(t, resp)
			text := messageText(resp)
			n := utf8.RuneCountInString(visibleText(text))
			if len(seen) == 0 || n > slices.Max(seen) {
				longest = q.Q
			}
			seen = append(seen, n)
			raw = append(raw, utf8.RuneCountInString(text))
		}
	}
	median, p90, most := percentile(seen, 50), percentile(seen, 90), slices.Max(seen)
	t.Logf("%d answers, characters a user reads: median %d, p90 %d, max %d (%q); with markup and link addresses: median %d, p90 %d, max %d",
		len(seen), median, p90, most, longest, percentile(raw, 50), percentile(raw, 90), slices.Max(raw))
	if median > answerMedianBudget || p90 > answerP90Budget {
		t.Errorf("median %d, p90 %d characters; want at most %d and %d", median, p90, answerMedianBudget, answerP90Budget)
	}
}

// checkWithinDiscordLimits fails when an answer is only within Discord's
// limits because message() cut it: the renderer must fit by design.
func checkWithinDiscordLimits(tb testing.TB, question string, rep reply) {
	tb.Helper()
	runes := utf8.RuneCountInString
	if n := runes(rep.Content); n > maxContent {
		tb.Errorf("%q: content has %d characters, over %d", question, n, maxContent)
	}
	for _, e := range rep.Embeds {
		total := runes(e.Title) + runes(e.Description) + runes(e.Footer)
		if runes(e.Title) > maxEmbedTitle || runes(e.Description) > maxEmbedDesc || runes(e.Footer) > maxFooter || len(e.Fields) > maxFields {
			tb.Errorf("%q: embed over a limit: title %d, description %d, footer %d, fields %d", question, runes(e.Title), runes(e.Description), runes(e.Footer), len(e.Fields))
		}
		for _, f := range e.Fields {
			total += runes(f.Name) + runes(f.Value)
			if runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
				tb.Errorf("%q: field %q over a limit: name %d, value %d", question, f.Name, runes(f.Name), runes(f.Value))
			}
		}
		if total > maxEmbedTotal {
			tb.Errorf("%q: embed has %d characters, over %d", question, total, maxEmbedTotal)
		}
	}
}

// messageText is a message's text as sent: content, then each embed's
// title, description, fields and footer.
func messageText(resp *discordgo.InteractionResponse) string {
	parts := []string{resp.Data.Content}
	for _, e := range resp.Data.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

var markdownLink = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)`)

// visibleText is what Discord shows of markdown: a link's label without
// its address, no emphasis marks, no subtext marks, escapes undone.
func visibleText(s string) string {
	s = markdownLink.ReplaceAllString(s, "$1")
	var out strings.Builder
	lineStart := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case lineStart && strings.HasPrefix(s[i:], "-# "):
			i += 2
		case c == '\\' && i+1 < len(s):
			i++
			out.WriteByte(s[i])
		case c == '*' || c == '`':
		default:
			out.WriteByte(c)
		}
		lineStart = s[i] == '\n'
	}
	return out.String()
}

func TestVisibleText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"• [Neglect – Signs](https://x.org/neglect/#signs)", "• Neglect – Signs"},
		{`[a \] b](https://x.org/)`, "a ] b"},
		{"**Open now** · *Example hours:* 9–5", "Open now · Example hours: 9–5"},
		{"Snippet.\n-# Last reviewed", "Snippet.\nLast reviewed"},
		{"a -# b", "a -# b"},
		{`the child\_is \*here\*`, "the child_is *here*"},
		{"On the site: `/escalation/`", "On the site: /escalation/"},
	}
	for _, tt := range tests {
		if got := visibleText(tt.in); got != tt.want {
			t.Errorf("visibleText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// percentile is the nearest-rank p-th percentile of xs.
func percentile(xs []int, p int) int {
	s := slices.Sorted(slices.Values(xs))
	return s[max(0, (p*len(s)+99)/100-1)]
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
