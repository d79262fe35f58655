package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// testKey is a real Ed25519 key pair; Discord holds the private half.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func newTestInteractions(tb testing.TB, asker *fakeAsker) (http.Handler, *syncBuffer) {
	tb.Helper()
	cfg := testConfig()
	cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
	logs := &syncBuffer{}
	h, err := NewInteractionsHandler(cfg, asker, newJSONLogger(logs))
	if err != nil {
		tb.Fatalf("NewInteractionsHandler: %v", err)
	}
	return h, logs
}

// signed is a request as Discord sends it, signed with key at ts.
func signed(tb testing.TB, key ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	tb.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	return r
}

func interactionJSON(tb testing.TB, typ discordgo.InteractionType, name string, options ...map[string]any) []byte {
	tb.Helper()
	v := map[string]any{
		"id": "1001", "application_id": "555", "type": typ, "token": "secret-interaction-token",
		"guild_id": "999", "channel_id": "888",
		"member": map[string]any{"user": map[string]any{"id": "111", "username": "hv"}},
	}
	if name != "" {
		if options == nil {
			options = []map[string]any{}
		}
		v["data"] = map[string]any{"id": "2", "name": name, "type": 1, "options": options}
	}
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func opt(name string, value any, focused bool) map[string]any {
	o := map[string]any{"name": name, "value": value, "type": discordgo.ApplicationCommandOptionString}
	if _, ok := value.(bool); ok {
		o["type"] = discordgo.ApplicationCommandOptionBoolean
	}
	if focused {
		o["focused"] = true
	}
	return o
}

// response is the interaction response as Discord reads it.
type response struct {
	Type int `json:"type"`
	Data *struct {
		Content         string                                     `json:"content"`
		Flags           int                                        `json:"flags"`
		Embeds          []discordgo.MessageEmbed                   `json:"embeds"`
		Components      []json.RawMessage                          `json:"components"`
		AllowedMentions *struct{ Parse *[]string }                 `json:"allowed_mentions"`
		Choices         []discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

func TestInteractionsEndpoint(t *testing.T) {
	ask := func(q string, extra ...map[string]any) []byte {
		return interactionJSON(t, discordgo.InteractionApplicationCommand, cmdAsk, append([]map[string]any{opt(optQuestion, q, false)}, extra...)...)
	}
	tests := []struct {
		name  string
		body  []byte
		check func(t *testing.T, got response, raw string, asker *fakeAsker)
	}{
		{"ping", interactionJSON(t, discordgo.InteractionPing, ""), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			if raw != `{"type":1}` {
				t.Errorf("body = %s, want PONG {\"type\":1}", raw)
			}
		}},
		{"ask", ask("when should I escalate"), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, true)
			if len(got.Data.Embeds) != 1 || got.Data.Embeds[0].Title != "Escalation and professional disagreements – When should I escalate?" {
				t.Errorf("embeds = %+v", got.Data.Embeds)
			}
			if !strings.Contains(raw, `"url":"`+testSite+`/escalation/#when-should-i-escalate"`) || !strings.Contains(raw, `"style":5`) {
				t.Errorf("no link button to the section in %s", raw)
			}
		}},
		{"ask shared", ask("escalate", opt(optShare, true, false)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, false)
		}},
		{"ask in danger", ask("a child in danger"), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, true)
			if !strings.HasPrefix(got.Data.Content, "**If a child is in immediate danger, call 999 now.**") {
				t.Errorf("content = %q, want the 999 notice first", got.Data.Content)
			}
		}},
		{"@everyone in a question", ask("@everyone <@&42> what is neglect"), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, true)
			if strings.Contains(raw, "@everyone") {
				t.Errorf("response repeats @everyone: %s", raw)
			}
		}},
		{"8,000-character question", ask(strings.Repeat("neglect ", 1000)), func(t *testing.T, got response, raw string, asker *fakeAsker) {
			wantMessage(t, got, true)
			if got := asker.lastQuestion(t).Text; got != strings.TrimSpace(strings.Repeat("neglect ", 1000)) {
				t.Errorf("asked %d characters, want the question passed on whole for the answerer to bound", len(got))
			}
		}},
		{"query syntax characters", ask(`+neglect -"hungry" title:x* (a OR b)~2 ^ \`), func(t *testing.T, got response, raw string, asker *fakeAsker) {
			wantMessage(t, got, true)
			if q := asker.lastQuestion(t).Text; q != `+neglect -"hungry" title:x* (a OR b)~2 ^ \` {
				t.Errorf("asked %q, want the text unchanged", q)
			}
		}},
		{"contacts", interactionJSON(t, discordgo.InteractionApplicationCommand, cmdContacts), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, true)
			if len(got.Data.Embeds) != 1 || len(got.Data.Embeds[0].Fields) != len(testContacts) {
				t.Errorf("embeds = %+v, want every contact", got.Data.Embeds)
			}
		}},
		{"link", interactionJSON(t, discordgo.InteractionApplicationCommand, cmdLink, opt(optTopic, "Neglect – Signs of neglect", false)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			wantMessage(t, got, true) // a preview, with a button that posts it
			if want := testSite + "/neglect/#signs-of-neglect"; !strings.Contains(got.Data.Content, want) {
				t.Errorf("content = %q, want the URL %s", got.Data.Content, want)
			}
		}},
		{"autocomplete ask", interactionJSON(t, discordgo.InteractionApplicationCommandAutocomplete, cmdAsk, opt(optQuestion, "", true)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			if got.Type != int(discordgo.InteractionApplicationCommandAutocompleteResult) || len(got.Data.Choices) != 3 {
				t.Errorf("type %d with %d choices, want 8 with 3 (each page's first question)", got.Type, len(got.Data.Choices))
			}
		}},
		{"autocomplete, nothing matches: choices is an empty list, not missing", interactionJSON(t, discordgo.InteractionApplicationCommandAutocomplete, cmdLink, opt(optTopic, "zzzz", true)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			if raw != `{"type":8,"data":{"choices":[]}}` {
				t.Errorf("body = %s, want {\"type\":8,\"data\":{\"choices\":[]}}", raw)
			}
		}},
		{"autocomplete contacts", interactionJSON(t, discordgo.InteractionApplicationCommandAutocomplete, cmdContacts, opt(optService, "citycare safe", true)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			if len(got.Data.Choices) != 1 || got.Data.Choices[0].Value != "citycare-duty" {
				t.Errorf("choices = %+v, want citycare-duty", got.Data.Choices)
			}
		}},
		{"autocomplete link", interactionJSON(t, discordgo.InteractionApplicationCommandAutocomplete, cmdLink, opt(optTopic, "neglect", true)), func(t *testing.T, got response, raw string, _ *fakeAsker) {
			if len(got.Data.Choices) != 1 || got.Data.Choices[0].Name != "Signs of neglect · Neglect" || got.Data.Choices[0].Value != "/neglect/#signs-of-neglect" {
				t.Errorf("choices = %+v", got.Data.Choices)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asker := &fakeAsker{}
			h, logs := newTestInteractions(t, asker)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, signed(t, testKey, testNow, tt.body))
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			raw := w.Body.String()
			var got response
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatalf("response %s: %v", raw, err)
			}
			tt.check(t, got, raw, asker)
			if strings.Contains(logs.String(), "secret-interaction-token") {
				t.Errorf("logs contain the interaction token:\n%s", logs)
			}
		})
	}
}

// wantMessage checks a message response: type 4, no pings, and private or not.
func wantMessage(tb testing.TB, got response, ephemeral bool) {
	tb.Helper()
	if got.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || got.Data == nil {
		tb.Fatalf("response = %+v, want a channel message", got)
	}
	if am := got.Data.AllowedMentions; am == nil || am.Parse == nil || len(*am.Parse) != 0 {
		tb.Errorf("allowed_mentions = %+v, want parse: []", am)
	}
	if gotEph := got.Data.Flags&int(discordgo.MessageFlagsEphemeral) != 0; gotEph != ephemeral {
		tb.Errorf("ephemeral = %v, want %v", gotEph, ephemeral)
	}
}

func TestInteractionsEndpointRejects(t *testing.T) {
	_, otherKey, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	ping := interactionJSON(t, discordgo.InteractionPing, "")
	tests := []struct {
		name     string
		req      func(t *testing.T) *http.Request
		want     int
		wantBody string
	}{
		{"wrong key", func(t *testing.T) *http.Request { return signed(t, otherKey, testNow, ping) }, 401, "signature does not match"},
		{"body changed after signing", func(t *testing.T) *http.Request {
			r := signed(t, testKey, testNow, ping)
			r.Body = io.NopCloser(strings.NewReader(`{"type":2}`))
			return r
		}, 401, "signature does not match"},
		{"no signature", func(t *testing.T) *http.Request {
			r := signed(t, testKey, testNow, ping)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, "invalid request signature"},
		{"signature not hex", func(t *testing.T) *http.Request {
			r := signed(t, testKey, testNow, ping)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401, "invalid request signature"},
		{"no timestamp", func(t *testing.T) *http.Request {
			r := signed(t, testKey, testNow, ping)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401, "timestamp"},
		{"stale timestamp", func(t *testing.T) *http.Request {
			return signed(t, testKey, testNow.Add(-5*time.Minute-time.Second), ping)
		}, 401, "timestamp too old"},
		{"future timestamp", func(t *testing.T) *http.Request {
			return signed(t, testKey, testNow.Add(2*time.Minute), ping)
		}, 401, "timestamp in the future"},
		{"oversized body", func(t *testing.T) *http.Request {
			return signed(t, testKey, testNow, bytes.Repeat([]byte(" "), maxInteractionBody+1))
		}, 413, "64 KB"},
		{"oversized body without a length", func(t *testing.T) *http.Request {
			r := signed(t, testKey, testNow, bytes.Repeat([]byte(" "), maxInteractionBody+1))
			r.ContentLength = -1
			return r
		}, 413, "64 KB"},
		{"bad JSON, signed", func(t *testing.T) *http.Request { return signed(t, testKey, testNow, []byte(`{"type":`)) }, 400, "invalid JSON"},
		{"JSON of the wrong shape, signed", func(t *testing.T) *http.Request {
			return signed(t, testKey, testNow, []byte(`{"type":"ping"}`))
		}, 400, "invalid JSON"},
		{"button click without an id, signed", func(t *testing.T) *http.Request {
			return signed(t, testKey, testNow, []byte(`{"type":3,"user":{"id":"1"},"data":{"custom_id":""}}`))
		}, 400, "unsupported interaction"},
		{"GET", func(t *testing.T) *http.Request { return httptest.NewRequest(http.MethodGet, "/interactions", nil) }, 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newTestInteractions(t, &fakeAsker{})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tt.req(t))
			if w.Code != tt.want {
				t.Errorf("status = %d, want %d", w.Code, tt.want)
			}
			if !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("body = %q, want it to say %q", w.Body, tt.wantBody)
			}
		})
	}
}

func TestInteractionsEndpointOverHTTP(t *testing.T) {
	// Through a real server and client: the 64 KB cap and the mount path.
	h, _ := newTestInteractions(t, &fakeAsker{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tt := range []struct {
		body []byte
		want int
	}{
		{interactionJSON(t, discordgo.InteractionPing, ""), 200},
		{bytes.Repeat([]byte("x"), 2*maxInteractionBody), 413},
	} {
		r := signed(t, testKey, testNow, tt.body)
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/interactions", bytes.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = r.Header
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%d-byte body: status = %d, want %d", len(tt.body), resp.StatusCode, tt.want)
		}
	}
}

func TestNewInteractionsHandlerNeedsAKey(t *testing.T) {
	for _, key := range []string{"", "abc", strings.Repeat("z", 64)} {
		cfg := testConfig()
		cfg.PublicKey = key
		if _, err := NewInteractionsHandler(cfg, &fakeAsker{}, nil); err == nil {
			t.Errorf("public key %q: err = nil, want an error", key)
		}
	}
	cfg := testConfig()
	cfg.PublicKey = strings.Repeat("ab", 32)
	if _, err := NewInteractionsHandler(cfg, nil, nil); err == nil {
		t.Errorf("nil asker: err = nil, want an error")
	}
}

func TestInteractionsEndpointRefusesReplays(t *testing.T) {
	h, _ := newTestInteractions(t, &fakeAsker{})
	ping := interactionJSON(t, discordgo.InteractionPing, "")
	first := signed(t, testKey, testNow, ping)
	again := signed(t, testKey, testNow, ping) // the same bytes, captured and sent again
	shouted := signed(t, testKey, testNow, ping)
	// The same signature in upper-case hex is the same signature.
	shouted.Header.Set("X-Signature-Ed25519", strings.ToUpper(shouted.Header.Get("X-Signature-Ed25519")))
	for i, tt := range []struct {
		req  *http.Request
		want int
	}{{first, 200}, {again, 401}, {shouted, 401}, {signed(t, testKey, testNow.Add(time.Second), ping), 200}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, tt.req)
		if w.Code != tt.want {
			t.Errorf("request %d: status = %d, want %d (%s)", i, w.Code, tt.want, w.Body)
		}
	}
}

// TestRejectionLogsAreBounded: a flood of forged requests writes a bounded
// number of log lines.
func TestRejectionLogsAreBounded(t *testing.T) {
	h, logs := newTestInteractions(t, &fakeAsker{})
	for range 500 {
		req := signed(t, testKey, testNow, interactionJSON(t, discordgo.InteractionPing, ""))
		req.Header.Set("X-Signature-Ed25519", strings.Repeat("00", 64))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("forged request: %d, want 401", w.Code)
		}
	}
	if n := strings.Count(logs.String(), "interaction rejected"); n == 0 || n > rejectLogsPerMinute {
		t.Errorf("%d rejection log lines for 500 forged requests, want 1 to %d", n, rejectLogsPerMinute)
	}
}
