package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// buttonsOf lists a reply's buttons as "label" (links) or "label:action".
func buttonsOf(rep reply) []string {
	var out []string
	for _, l := range rep.Links {
		out = append(out, l.Label)
	}
	for _, b := range rep.Buttons {
		out = append(out, b.Label+":"+actionOf(b.CustomID))
	}
	return out
}

// customIDFor is the id of the button with this action under rep.
func customIDFor(tb testing.TB, rep reply, action string) string {
	tb.Helper()
	for _, b := range rep.Buttons {
		if actionOf(b.CustomID) == action {
			return b.CustomID
		}
	}
	tb.Fatalf("no %q button in %v", action, buttonsOf(rep))
	return ""
}

func TestAnswerButtons(t *testing.T) {
	shared := askRequest("when should I escalate")
	shared.Options[optShare] = "true"
	noSite := testConfig()
	noSite.BaseURL = ""
	tests := []struct {
		name string
		cfg  Config
		req  request
		want []string
	}{
		{"private answer", testConfig(), askRequest("when should I escalate"),
			[]string{"Open in the guidance", "More results:more", "Post to channel:post", "Helpful:yes", "Not helpful:no"}},
		{"shared answer: nothing to post", testConfig(), shared,
			[]string{"Open in the guidance", "More results:more", "Helpful:yes", "Not helpful:no"}},
		{"no published address: no link", noSite, askRequest("when should I escalate"),
			[]string{"More results:more", "Post to channel:post", "Helpful:yes", "Not helpful:no"}},
		{"no result: no buttons", testConfig(), askRequest("football"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, tt.cfg, &fakeAsker{})
			rep := b.handle(context.Background(), "test", tt.req)
			if got := buttonsOf(rep); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("buttons = %q, want %q", got, tt.want)
			}
			for _, bt := range rep.Buttons {
				if len(bt.CustomID) > maxCustomID {
					t.Errorf("%s: custom id has %d characters, want at most %d", bt.Label, len(bt.CustomID), maxCustomID)
				}
				if strings.Contains(bt.CustomID, "escalate") {
					t.Errorf("%s: custom id %q holds words of the question", bt.Label, bt.CustomID)
				}
			}
		})
	}
}

func click(customID string) request {
	return request{Kind: kindComponent, Command: actionOf(customID), Options: map[string]string{optCustomID: customID},
		UserID: "111", GuildID: "999", Channel: channelGuild}
}

type feedbackLog struct {
	mu  sync.Mutex
	got []string
}

func (f *feedbackLog) record(section string, helpful bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	verdict := "no"
	if helpful {
		verdict = "yes"
	}
	f.got = append(f.got, section+" "+verdict)
}

func TestButtonClicks(t *testing.T) {
	tamper := func(id string) string {
		last := "A"
		if strings.HasSuffix(id, "A") {
			last = "B"
		}
		return id[:len(id)-1] + last
	}
	tests := []struct {
		name          string
		question      string
		action        string
		change        func(id string, asker *fakeAsker) string
		wantEphemeral bool
		wantContent   []string
		wantTitle     string
		wantFeedback  string
	}{
		{name: "more results", question: "escalate", action: actionMore, wantEphemeral: true, wantTitle: "More results"},
		{name: "post to channel", question: "escalate", action: actionPost, wantEphemeral: false,
			wantTitle: "Escalation and professional disagreements – When should I escalate?"},
		{name: "post an emergency answer: 999 first", question: "urgent: child hurt", action: actionPost,
			wantContent: []string{"**If a child is in immediate danger, call 999.**"},
			wantTitle:   "Escalation and professional disagreements – When should I escalate?"},
		{name: "post refused: personal details", question: "dob 12/03/2019 escalate", action: actionPost, wantEphemeral: true,
			wantContent: []string{postRefusedMsg, "999"}},
		{name: "helpful", question: "escalate", action: actionYes, wantEphemeral: true,
			wantContent: []string{thanksMsg}, wantFeedback: "/escalation/#when-should-i-escalate yes"},
		{name: "not helpful", question: "escalate", action: actionNo, wantEphemeral: true,
			wantContent: []string{thanksMsg}, wantFeedback: "/escalation/#when-should-i-escalate no"},
		{name: "forged", question: "escalate", action: actionYes, wantEphemeral: true,
			change:      func(id string, _ *fakeAsker) string { return tamper(id) },
			wantContent: []string{forgedButtonMsg, "999"}},
		{name: "another section, same signature", question: "escalate", action: actionYes, wantEphemeral: true,
			change: func(id string, _ *fakeAsker) string {
				parts := strings.Split(id, ":")
				parts[4] = sectionToken("/neglect/#signs-of-neglect")
				return strings.Join(parts, ":")
			},
			wantContent: []string{forgedButtonMsg}},
		{name: "too long", question: "escalate", action: actionYes, wantEphemeral: true,
			change:      func(id string, _ *fakeAsker) string { return id + strings.Repeat("x", maxCustomID) },
			wantContent: []string{forgedButtonMsg}},
		{name: "stale: the guidance changed", question: "escalate", action: actionMore, wantEphemeral: true,
			change: func(id string, asker *fakeAsker) string {
				lib := *testLibrary
				lib.Pages = lib.Pages[1:]
				asker.setLibrary(&lib)
				return id
			},
			wantContent: []string{staleButtonMsg, "999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asker := &fakeAsker{}
			fb := &feedbackLog{}
			cfg := testConfig()
			cfg.Feedback = fb.record
			b, logs := newTestBot(t, cfg, asker)
			answer := b.handle(context.Background(), "test", askRequest(tt.question))
			id := customIDFor(t, answer, tt.action)
			if tt.change != nil {
				id = tt.change(id, asker)
			}
			got := b.handle(context.Background(), "test", click(id))
			if got.Ephemeral != tt.wantEphemeral {
				t.Errorf("ephemeral = %v, want %v", got.Ephemeral, tt.wantEphemeral)
			}
			assertInOrder(t, "content", got.Content, tt.wantContent)
			var title string
			if len(got.Embeds) > 0 {
				title = got.Embeds[0].Title
			}
			if title != tt.wantTitle {
				t.Errorf("title = %q, want %q", title, tt.wantTitle)
			}
			if gotFB := strings.Join(fb.got, ","); gotFB != tt.wantFeedback {
				t.Errorf("feedback = %q, want %q", gotFB, tt.wantFeedback)
			}
			out, _ := json.Marshal(got)
			for _, secret := range []string{"dob", "12/03/2019", "urgent"} {
				if strings.Contains(string(out), secret) || strings.Contains(logs.String(), secret) {
					t.Errorf("the click's reply or logs repeat the question (%q)", secret)
				}
			}
		})
	}
}

func TestMoreResultsAreTheNextSections(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	answer := b.handle(context.Background(), "test", askRequest("escalate"))
	got := b.handle(context.Background(), "test", click(customIDFor(t, answer, actionMore)))
	var names []string
	for _, f := range got.Embeds[0].Fields {
		names = append(names, f.Name)
	}
	// The answer showed two; the third and fourth are next.
	if want := "Supervision|Chronologies – Keeping one"; strings.Join(names, "|") != want {
		t.Fatalf("more results = %q, want %q", names, want)
	}
	if !strings.HasPrefix(got.Embeds[0].Fields[1].Value, "First sentence of Keeping one.") {
		t.Errorf("snippet = %q, want the section's opening sentences", got.Embeds[0].Fields[1].Value)
	}
}

func TestButtonClickOverTheEndpoint(t *testing.T) {
	asker := &fakeAsker{}
	h, _ := newTestInteractions(t, asker)
	cfg := testConfig() // as newTestInteractions configures it: the same key
	cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
	b, _ := newTestBot(t, cfg, asker)
	answer := b.handle(context.Background(), "test", askRequest("escalate"))
	tests := []struct {
		name, action  string
		wantEphemeral bool
	}{
		{"more", actionMore, true},
		{"post", actionPost, false},
		{"helpful", actionYes, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, raw := postSigned(t, h, map[string]any{
				"id": "1001", "application_id": "555", "type": discordgo.InteractionMessageComponent, "token": "secret-interaction-token",
				"guild_id": "999", "channel_id": "888",
				"member": map[string]any{"user": map[string]any{"id": "111"}},
				"data":   map[string]any{"custom_id": customIDFor(t, answer, tt.action), "component_type": 2},
			})
			wantMessage(t, got, tt.wantEphemeral)
			if strings.Contains(raw, "not one of this bot") {
				t.Errorf("the endpoint refused a button the bot made (same config, same key): %s", raw)
			}
		})
	}
}

func TestButtonKeyIsSharedByCopiesWithTheSameConfig(t *testing.T) {
	a := testConfig()
	a.BotToken = "token-a"
	other := a
	other.BotToken = "token-b"
	tests := []struct {
		name      string
		clickedOn Config
		want      string
	}{
		{"same token", a, thanksMsg},
		{"another bot's token", other, forgedButtonMsg},
	}
	mk, _ := newTestBot(t, a, &fakeAsker{})
	answer := mk.handle(context.Background(), "test", askRequest("escalate"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, tt.clickedOn, &fakeAsker{})
			got := b.handle(context.Background(), "test", click(customIDFor(t, answer, actionYes)))
			if !strings.HasPrefix(got.Content, tt.want) {
				t.Errorf("content = %q, want %q", got.Content, tt.want)
			}
		})
	}
}

var _ libraryHolder = (*fakeAsker)(nil)

// postSigned posts v to the endpoint, signed, and decodes the response.
func postSigned(tb testing.TB, h http.Handler, v map[string]any) (response, string) {
	tb.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(tb, testKey, testNow, body))
	var got response
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		tb.Fatalf("response %s: %v", w.Body, err)
	}
	return got, w.Body.String()
}

func TestLinkPreviewPostsTheLinkOnly(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	preview := b.handle(context.Background(), "test", request{Kind: kindCommand, Command: cmdLink, UserID: "1",
		Options: map[string]string{optTopic: "who do I call when I want to escalate"}})
	if !preview.Ephemeral {
		t.Fatalf("preview is public: %q", preview.Content)
	}
	got := b.handle(context.Background(), "test", click(customIDFor(t, preview, actionPost)))
	want := "**Escalation and professional disagreements – When should I escalate?**\n" + testSite + "/escalation/#when-should-i-escalate"
	if got.Ephemeral || got.Content != want || len(got.Embeds) != 0 {
		t.Errorf("posted %+v, want public %q alone", got, want)
	}
}

// editBody is an edit of the original response as Discord reads it.
type editBody struct {
	Content         string                     `json:"content"`
	Embeds          []discordgo.MessageEmbed   `json:"embeds"`
	Components      []json.RawMessage          `json:"components"`
	AllowedMentions *struct{ Parse *[]string } `json:"allowed_mentions"`
}

func decodeEdit(tb testing.TB, rec recorded) editBody {
	tb.Helper()
	var e editBody
	if err := json.Unmarshal(rec.Body, &e); err != nil {
		tb.Fatalf("edit body %s: %v", rec.Body, err)
	}
	if e.AllowedMentions == nil || e.AllowedMentions.Parse == nil || len(*e.AllowedMentions.Parse) != 0 {
		tb.Errorf("edit allowed_mentions = %s, want parse: []", rec.Body)
	}
	return e
}

// wantDeferred checks a first response is a deferral, private or not.
func wantDeferred(tb testing.TB, body []byte, ephemeral bool) {
	tb.Helper()
	var got response
	if err := json.Unmarshal(body, &got); err != nil {
		tb.Fatalf("response %s: %v", body, err)
	}
	if got.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		tb.Fatalf("response = %s, want a deferral (type 5)", body)
	}
	gotEph := got.Data != nil && got.Data.Flags&int(discordgo.MessageFlagsEphemeral) != 0
	if gotEph != ephemeral {
		tb.Errorf("deferral ephemeral = %v, want %v (%s)", gotEph, ephemeral, body)
	}
}

// wantSlowAnswer checks the edit that follows a deferral is the answer.
func wantSlowAnswer(tb testing.TB, rec recorded, token string) editBody {
	tb.Helper()
	if want := api + "/webhooks/555/" + token + "/messages/@original"; rec.Method != http.MethodPatch || rec.Path != want {
		tb.Errorf("edit = %s %s, want PATCH %s", rec.Method, rec.Path, want)
	}
	e := decodeEdit(tb, rec)
	if strings.Contains(e.Content, "failed") {
		tb.Errorf("edit content = %q, want the answer, not an apology", e.Content)
	}
	if len(e.Embeds) != 1 || e.Embeds[0].Title != "Escalation and professional disagreements – When should I escalate?" {
		tb.Errorf("edit embeds = %+v, want the answer", e.Embeds)
	}
	return e
}

func TestSlowAnswerIsDeferredOverHTTP(t *testing.T) {
	tests := []struct {
		name        string
		share       bool
		wantContent string
	}{
		{"private", false, ""},
		{"share:true is answered privately, with a way to post it", true, "Post to channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			asker := newSlowAsker()
			timer := make(deferTimer)
			cfg := f.config()
			cfg.BotToken = "" // an HTTP-only deployment: edits need no bot token
			cfg.After = timer.after
			cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
			h, err := NewInteractionsHandler(cfg, asker, nil)
			if err != nil {
				t.Fatal(err)
			}
			opts := []map[string]any{opt(optQuestion, "when should I escalate", false)}
			if tt.share {
				opts = append(opts, opt(optShare, true, false))
			}
			w := httptest.NewRecorder()
			served := make(chan struct{})
			go func() {
				defer close(served)
				h.ServeHTTP(w, signed(t, testKey, testNow, interactionJSON(t, discordgo.InteractionApplicationCommand, cmdAsk, opts...)))
			}()
			if budget := <-asker.entered; budget < 10*time.Second {
				t.Errorf("the search was given %v, want far more than Discord's 3 s once it can be deferred", budget)
			}
			timer.fire()
			<-served
			wantDeferred(t, w.Body.Bytes(), true)
			close(asker.release)
			edit := await(t, f.edits, nil)
			if edit.Auth != "" {
				t.Errorf("edit sent Authorization %q, want none (the token in the URL authorises it)", edit.Auth)
			}
			got := wantSlowAnswer(t, edit, "secret-interaction-token")
			if !strings.Contains(got.Content, tt.wantContent) {
				t.Errorf("edit content = %q, want %q", got.Content, tt.wantContent)
			}
		})
	}
}

// deferredGateway is the gateway running against a fake Discord that sends
// one /ask, answered by a slow asker, with the defer timer in the test's hands.
type deferredGateway struct {
	f      *fakeDiscord
	asker  *slowAsker
	cancel context.CancelFunc
	done   chan error
}

// startDeferredGateway starts it and waits until the answer is deferred.
func startDeferredGateway(t *testing.T, token string) *deferredGateway {
	t.Helper()
	g := &deferredGateway{
		f:     newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", askInteraction("1001", token)}),
		asker: newSlowAsker(), done: make(chan error, 1),
	}
	timer := make(deferTimer)
	cfg := g.f.config()
	cfg.ApplicationID = "555"
	cfg.After = timer.after
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	t.Cleanup(cancel)
	go func() { g.done <- RunGateway(ctx, cfg, g.asker, nil) }()
	await(t, g.asker.entered, g.done)
	timer.fire()
	wantDeferred(t, await(t, g.f.callbacks, g.done).Body, true)
	return g
}

func TestSlowAnswerIsDeferredOverTheGateway(t *testing.T) {
	g := startDeferredGateway(t, "interaction-token-secret")
	close(g.asker.release)
	wantSlowAnswer(t, await(t, g.f.edits, g.done), "interaction-token-secret")
	g.cancel()
	if err := <-g.done; err != nil {
		t.Errorf("RunGateway = %v", err)
	}
}

func TestFastAnswerIsNotDeferred(t *testing.T) {
	// The timer is never fired: the answer goes in the first response.
	f := newFakeDiscord(t)
	cfg := f.config()
	cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
	h, err := NewInteractionsHandler(cfg, &fakeAsker{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(t, testKey, testNow, interactionJSON(t, discordgo.InteractionApplicationCommand, cmdAsk, opt(optQuestion, "escalate", false))))
	var got response
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	wantMessage(t, got, true)
	select {
	case e := <-f.edits:
		t.Errorf("unexpected edit %s", e.Body)
	default:
	}
}

func TestMessageCommandOverTheEndpoint(t *testing.T) {
	asker := &fakeAsker{}
	h, _ := newTestInteractions(t, asker)
	got, raw := postSigned(t, h, map[string]any{
		"id": "1001", "application_id": "555", "type": 2, "token": "secret-interaction-token",
		"guild_id": "999", "channel_id": "888",
		"member": map[string]any{"user": map[string]any{"id": "111"}},
		"data": map[string]any{"id": "9", "name": cmdAskMessage, "type": 3, "target_id": "55",
			"resolved": map[string]any{"messages": map[string]any{"55": map[string]any{
				"id": "55", "channel_id": "888", "content": "<@7> when should I escalate this?", "author": map[string]any{"id": "7"}}}}},
	})
	wantMessage(t, got, true)
	if q := asker.lastQuestion(t).Text; q != "when should I escalate this?" {
		t.Errorf("asked %q, want the message's text without mentions", q)
	}
	if len(got.Data.Embeds) != 1 {
		t.Errorf("response = %s, want the answer", raw)
	}
}
