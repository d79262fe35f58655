package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The benchmarks measure the bot's own work around a trivial asker: request
// to reply, Discord limits, JSON, and for the endpoint the Ed25519 check.
// The real asker's search time adds to these.

func benchBot(b *testing.B) *bot {
	b.Helper()
	clk := &clock{t: testNow}
	cfg := testConfig()
	// Ten seconds a request keeps every user under the limits.
	cfg.Now = func() time.Time { clk.add(10 * time.Second); return clk.now() }
	bt, err := newBot(cfg, &fakeAsker{quiet: true}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	return bt
}

func benchHandle(b *testing.B, req request) {
	bt := benchBot(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rep := bt.handle(ctx, "bench", req)
		if _, err := json.Marshal(toInteractionResponse(req.Kind, rep)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAutocompleteHandler(b *testing.B) {
	benchHandle(b, request{Kind: kindAutocomplete, Command: cmdAsk, UserID: "111", Focused: optQuestion,
		Options: map[string]string{optQuestion: "esc"}})
}

func BenchmarkAskHandler(b *testing.B) {
	benchHandle(b, askRequest("when should I escalate a disagreement"))
}

// benchEndpoint serves one signed interaction again and again; the bot is
// built directly so its clock can move and keep the user under the limit.
func benchEndpoint(b *testing.B, body []byte) {
	ih := &interactions{key: testKey.Public().(ed25519.PublicKey), bot: benchBot(b), now: func() time.Time { return testNow }}
	signedReq := signed(b, testKey, testNow, body)
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
		r.Header = signedReq.Header
		w := httptest.NewRecorder()
		ih.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

func BenchmarkEndpointAutocomplete(b *testing.B) {
	benchEndpoint(b, interactionJSON(b, discordgo.InteractionApplicationCommandAutocomplete, cmdAsk, opt(optQuestion, "esc", true)))
}

func BenchmarkEndpointAsk(b *testing.B) {
	benchEndpoint(b, interactionJSON(b, discordgo.InteractionApplicationCommand, cmdAsk, opt(optQuestion, "when should I escalate", false)))
}
