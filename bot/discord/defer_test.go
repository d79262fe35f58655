package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

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

func TestSlowAnswerIsDeferredOverTheGateway(t *testing.T) {
	interaction := gatewayAsk("when should I escalate")
	f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", interaction})
	asker := newSlowAsker()
	timer := make(deferTimer)
	cfg := f.config()
	cfg.ApplicationID = "555"
	cfg.After = timer.after
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- RunGateway(ctx, cfg, asker, nil) }()

	await(t, asker.entered, done)
	timer.fire()
	cb := await(t, f.callbacks, done)
	wantDeferred(t, cb.Body, true)
	close(asker.release)
	wantSlowAnswer(t, await(t, f.edits, done), "interaction-token-secret")
	cancel()
	if err := <-done; err != nil {
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
	body, err := json.Marshal(map[string]any{
		"id": "1001", "application_id": "555", "type": 2, "token": "secret-interaction-token",
		"guild_id": "999", "channel_id": "888",
		"member": map[string]any{"user": map[string]any{"id": "111"}},
		"data": map[string]any{"id": "9", "name": cmdAskMessage, "type": 3, "target_id": "55",
			"resolved": map[string]any{"messages": map[string]any{"55": map[string]any{
				"id": "55", "channel_id": "888", "content": "<@7> when should I escalate this?", "author": map[string]any{"id": "7"}}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(t, testKey, testNow, body))
	var got response
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("response %s: %v", w.Body, err)
	}
	wantMessage(t, got, true)
	if q := asker.lastQuestion(t).Text; q != "when should I escalate this?" {
		t.Errorf("asked %q, want the message's text without mentions", q)
	}
	if len(got.Data.Embeds) != 1 {
		t.Errorf("response = %s, want the answer", w.Body)
	}
}
