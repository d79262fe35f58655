package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// api is the REST path prefix discordgo uses.
var api = "/api/v" + discordgo.APIVersion

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeDiscord is Discord's REST API and gateway on loopback.
type fakeDiscord struct {
	tb    testing.TB
	srv   *httptest.Server
	appID string
	// events are dispatched after READY, in order.
	events []gatewayEvent

	mu       sync.Mutex
	requests []recorded
	// planned are status codes to answer, in turn, before succeeding,
	// by route ("messages", "dm", "callback", "edit", "followup"); 429s
	// carry retry_after 0.25.
	planned map[string][]int

	// Gateway behaviour: refuse this many connections first; after the
	// first connection's events and first callback, "reconnect" (op 7) or
	// "drop" it; afterResume are the events sent on a resumed connection.
	refuse      int
	afterReady  string
	afterResume []gatewayEvent
	conns       int

	identify      chan map[string]any
	resumes       chan map[string]any
	callbacksSeen chan struct{}
	registered    chan recorded
	callbacks     chan recorded
	messages      chan recorded
	edits         chan recorded
	followups     chan recorded
}

type recorded struct {
	Method, Path, Host, Auth string
	Body                     []byte
}

type gatewayEvent struct {
	Type string
	Data any
}

func newFakeDiscord(tb testing.TB, events ...gatewayEvent) *fakeDiscord {
	tb.Helper()
	f := &fakeDiscord{
		tb: tb, appID: "555", events: events,
		identify:      make(chan map[string]any, 1),
		resumes:       make(chan map[string]any, 1),
		callbacksSeen: make(chan struct{}, 16),
		registered:    make(chan recorded, 4),
		callbacks:     make(chan recorded, 4),
		messages:      make(chan recorded, 4),
		edits:         make(chan recorded, 4),
		followups:     make(chan recorded, 4),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api+"/oauth2/applications/@me", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		writeJSON(w, map[string]string{"id": f.appID, "name": "guidance"})
	})
	register := func(w http.ResponseWriter, r *http.Request) {
		rec := f.record(r)
		f.registered <- rec
		// Discord answers with the commands it now has, ids added.
		var cmds []map[string]any
		if err := json.Unmarshal(rec.Body, &cmds); err != nil {
			http.Error(w, `{"message":"bad body"}`, http.StatusBadRequest)
			return
		}
		for i, c := range cmds {
			c["id"] = string(rune('a' + i))
		}
		writeJSON(w, cmds)
	}
	mux.HandleFunc("PUT "+api+"/applications/{app}/commands", register)
	mux.HandleFunc("PUT "+api+"/applications/{app}/guilds/{guild}/commands", register)
	mux.HandleFunc("POST "+api+"/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		f.callbacks <- f.record(r)
		if f.failPlanned(w, "callback") {
			return
		}
		f.callbacksSeen <- struct{}{}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST "+api+"/channels/{channel}/messages", func(w http.ResponseWriter, r *http.Request) {
		f.messages <- f.record(r)
		if f.failPlanned(w, "messages") {
			return
		}
		writeJSON(w, map[string]string{"id": "3001", "channel_id": r.PathValue("channel")})
	})
	mux.HandleFunc("POST "+api+"/users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		if f.failPlanned(w, "dm") {
			return
		}
		writeJSON(w, map[string]any{"id": "7001", "type": 1})
	})
	mux.HandleFunc("PATCH "+api+"/webhooks/{app}/{token}/messages/@original", func(w http.ResponseWriter, r *http.Request) {
		f.edits <- f.record(r)
		if f.failPlanned(w, "edit") {
			return
		}
		writeJSON(w, map[string]string{"id": "4001"})
	})
	mux.HandleFunc("POST "+api+"/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		f.followups <- f.record(r)
		if f.failPlanned(w, "followup") {
			return
		}
		writeJSON(w, map[string]string{"id": "4002"})
	})
	mux.HandleFunc("/gateway-ws/", f.gateway)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		tb.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
	})
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.srv.Close)
	return f
}

// plan makes route answer these statuses, in turn, before succeeding.
func (f *fakeDiscord) plan(route string, statuses ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.planned == nil {
		f.planned = map[string][]int{}
	}
	f.planned[route] = append(f.planned[route], statuses...)
}

func (f *fakeDiscord) failPlanned(w http.ResponseWriter, route string) bool {
	f.mu.Lock()
	q := f.planned[route]
	if len(q) == 0 {
		f.mu.Unlock()
		return false
	}
	status := q[0]
	f.planned[route] = q[1:]
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusTooManyRequests {
		fmt.Fprint(w, `{"message":"You are being rate limited.","retry_after":0.25,"global":false}`)
		return true
	}
	fmt.Fprintf(w, `{"message":"Missing Access","code":50001,"status":%d}`, status)
	return true
}

// paths lists the requests Discord got, as "METHOD path".
func (f *fakeDiscord) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (f *fakeDiscord) record(r *http.Request) recorded {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{Method: r.Method, Path: r.URL.EscapedPath(), Host: r.Header.Get("X-Original-Host"), Auth: r.Header.Get("Authorization"), Body: body}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()
	return rec
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// gateway plays Discord's side of the connection: HELLO, wait for
// IDENTIFY, READY, then the test's events; heartbeats are acknowledged.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.conns++
	conn, refuse, after, resumed := f.conns, f.refuse > 0, f.afterReady, f.afterResume
	if refuse {
		f.refuse--
	}
	f.mu.Unlock()
	if refuse { // Discord unreachable, or down
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	up := websocket.Upgrader{}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		f.tb.Errorf("upgrade: %v", err)
		return
	}
	defer c.Close()
	var wmu sync.Mutex
	send := func(v any) {
		wmu.Lock()
		defer wmu.Unlock()
		if err := c.WriteJSON(v); err != nil {
			f.tb.Logf("gateway write: %v", err)
		}
	}
	send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	var p struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	for p.Op != 2 && p.Op != 6 {
		if err := c.ReadJSON(&p); err != nil {
			f.tb.Errorf("read identify: %v", err)
			return
		}
	}
	events := f.events
	if p.Op == 6 { // RESUME: same session, missed events replayed
		f.resumes <- p.D
		send(map[string]any{"op": 0, "t": "RESUMED", "s": 100, "d": map[string]any{}})
		events = resumed
	} else {
		f.identify <- p.D
		send(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
			"v": 10, "session_id": "session-1",
			"user":        map[string]any{"id": "100", "username": "guidance", "bot": true},
			"application": map[string]any{"id": f.appID},
			"guilds":      []any{},
		}})
	}
	for i, e := range events {
		send(map[string]any{"op": 0, "t": e.Type, "s": 100*conn + i + 2, "d": e.Data})
	}
	if conn == 1 && after != "" {
		// Wait for the first answer, then end this connection.
		<-f.callbacksSeen
		switch after {
		case "reconnect": // op 7: Discord asks the client to reconnect and resume
			send(map[string]any{"op": 7, "d": nil})
		case "drop": // the connection dies without a close frame
			c.UnderlyingConn().Close()
			return
		}
	}
	for {
		var p struct {
			Op int `json:"op"`
		}
		if err := c.ReadJSON(&p); err != nil {
			return // the bot closed the connection
		}
		if p.Op == 1 {
			send(map[string]any{"op": 11})
		}
	}
}

// client sends what discordgo addresses to discord.com to the fake instead,
// leaving discordgo's endpoint variables alone.
func (f *fakeDiscord) client() *http.Client {
	target, err := url.Parse(f.srv.URL)
	if err != nil {
		f.tb.Fatal(err)
	}
	return &http.Client{Transport: rewriteHost{target: target, next: f.srv.Client().Transport}}
}

type rewriteHost struct {
	target *url.URL
	next   http.RoundTripper
}

func (rt rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Original-Host", r.URL.Host)
	r.URL.Scheme, r.URL.Host, r.Host = rt.target.Scheme, rt.target.Host, ""
	return rt.next.RoundTrip(r)
}

func (f *fakeDiscord) config() Config {
	cfg := testConfig()
	cfg.BotToken = "bot-token-secret"
	cfg.HTTPClient = f.client()
	cfg.GatewayURL = "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gateway-ws"
	return cfg
}

// gatewayAsk is an /ask interaction as the gateway delivers it, in a guild.
func gatewayAsk(question string) map[string]any {
	return map[string]any{
		"id": "1001", "application_id": "555", "type": 2, "token": "interaction-token-secret",
		"guild_id": "999", "channel_id": "888",
		"member": map[string]any{"user": map[string]any{"id": "111", "username": "hv"}},
		"data": map[string]any{"id": "2", "name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": question},
		}},
	}
}

func TestGateway(t *testing.T) {
	interaction := gatewayAsk("@everyone when should I escalate")
	mention := map[string]any{
		"id": "2001", "channel_id": "888", "guild_id": "999", "type": 0,
		"content":  "<@100> what is neglect?",
		"author":   map[string]any{"id": "112", "username": "sw"},
		"mentions": []any{map[string]any{"id": "100", "username": "guidance", "bot": true}},
	}
	ignored := map[string]any{ // no mention: not for the bot
		"id": "2002", "channel_id": "888", "guild_id": "999", "type": 0,
		"content": "", "author": map[string]any{"id": "113"}, "mentions": []any{},
	}
	f := newFakeDiscord(t,
		gatewayEvent{"MESSAGE_CREATE", ignored},
		gatewayEvent{"INTERACTION_CREATE", interaction},
		gatewayEvent{"MESSAGE_CREATE", mention},
	)
	cfg := f.config()
	cfg.GuildID = "999"
	cfg.ShardID, cfg.ShardCount = 0, 2
	logs := &syncBuffer{}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- RunGateway(ctx, cfg, &fakeAsker{}, newJSONLogger(logs)) }()

	// Registration: derived application id, the guild, the golden payload.
	reg := await(t, f.registered, done)
	if want := api + "/applications/555/guilds/999/commands"; reg.Path != want || reg.Method != http.MethodPut {
		t.Errorf("registration = %s %s, want PUT %s", reg.Method, reg.Path, want)
	}
	if reg.Host != "discord.com" || reg.Auth != "Bot bot-token-secret" {
		t.Errorf("registration went to %q with %q, want discord.com with the bot token", reg.Host, reg.Auth)
	}
	checkGolden(t, "commands.json", reg.Body)

	id := await(t, f.identify, done)
	if got := id["intents"]; got != float64(gatewayIntents) {
		t.Errorf("intents = %v, want %d (guilds, guild messages, DMs)", got, gatewayIntents)
	}
	if got, _ := json.Marshal(id["shard"]); string(got) != "[0,2]" {
		t.Errorf("shard = %s, want [0,2]", got)
	}

	cb := await(t, f.callbacks, done)
	if want := api + "/interactions/1001/interaction-token-secret/callback"; cb.Path != want {
		t.Errorf("callback path = %s, want %s", cb.Path, want)
	}
	var resp response
	if err := json.Unmarshal(cb.Body, &resp); err != nil {
		t.Fatalf("callback body %s: %v", cb.Body, err)
	}
	wantMessage(t, resp, true)
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Escalation and professional disagreements – When should I escalate?" {
		t.Errorf("callback embeds = %+v", resp.Data.Embeds)
	}
	if bytes.Contains(cb.Body, []byte("@everyone")) {
		t.Errorf("callback repeats @everyone: %s", cb.Body)
	}

	msg := await(t, f.messages, done)
	if want := api + "/channels/888/messages"; msg.Path != want {
		t.Errorf("reply path = %s, want %s", msg.Path, want)
	}
	var sent struct {
		Content         string           `json:"content"`
		Flags           int              `json:"flags"`
		Embeds          []map[string]any `json:"embeds"`
		AllowedMentions struct {
			Parse *[]string `json:"parse"`
		} `json:"allowed_mentions"`
		Reference struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := json.Unmarshal(msg.Body, &sent); err != nil {
		t.Fatalf("reply body %s: %v", msg.Body, err)
	}
	if sent.Reference.MessageID != "2001" || sent.Flags != 0 || len(sent.Embeds) != 1 {
		t.Errorf("reply = %s, want a public answer replying to message 2001", msg.Body)
	}
	if p := sent.AllowedMentions.Parse; p == nil || len(*p) != 0 {
		t.Errorf("reply allowed_mentions = %s, want parse: []", msg.Body)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunGateway after cancel = %v, want nil", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var paths []string
	for _, r := range f.requests {
		paths = append(paths, r.Method+" "+r.Path)
	}
	// The ignored message got no reply; the application id was asked once.
	// Events are handled concurrently, so the order is not asserted.
	slices.Sort(paths)
	want := []string{
		"GET " + api + "/oauth2/applications/@me",
		"POST " + api + "/channels/888/messages",
		"POST " + api + "/interactions/1001/interaction-token-secret/callback",
		"PUT " + api + "/applications/555/guilds/999/commands",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests to Discord:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
	out := logs.String()
	for _, secret := range []string{"bot-token-secret", "interaction-token-secret", "escalate", "neglect?"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
}

func TestGatewayOtherShardDoesNotRegister(t *testing.T) {
	interaction := map[string]any{
		"id": "1002", "application_id": "555", "type": 4, "token": "tok", "user": map[string]any{"id": "7"},
		"data": map[string]any{"id": "2", "name": "contacts", "type": 1, "options": []any{
			map[string]any{"name": "service", "type": 3, "value": "duty", "focused": true},
		}},
	}
	f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", interaction})
	cfg := f.config()
	cfg.ShardID, cfg.ShardCount = 1, 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- RunGateway(ctx, cfg, &fakeAsker{}, nil) }()

	if got, _ := json.Marshal(await(t, f.identify, done)["shard"]); string(got) != "[1,2]" {
		t.Errorf("shard = %s, want [1,2]", got)
	}
	cb := await(t, f.callbacks, done)
	var resp response
	if err := json.Unmarshal(cb.Body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Type != 8 || len(resp.Data.Choices) != 2 {
		t.Errorf("autocomplete callback = %s, want 2 choices", cb.Body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunGateway after cancel = %v, want nil", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.requests {
		if r.Method == http.MethodPut {
			t.Errorf("shard 1 registered commands: %s %s", r.Method, r.Path)
		}
	}
}

func TestRegisterCommands(t *testing.T) {
	tests := []struct {
		name      string
		appID     string
		guild     string
		wantPaths []string
	}{
		{"global, application id given", "555", "", []string{"PUT " + api + "/applications/555/commands"}},
		{"one guild", "555", "999", []string{"PUT " + api + "/applications/555/guilds/999/commands"}},
		{"application id asked of Discord", "", "", []string{"GET " + api + "/oauth2/applications/@me", "PUT " + api + "/applications/555/commands"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			cfg := f.config()
			cfg.ApplicationID, cfg.GuildID = tt.appID, tt.guild
			n, err := RegisterCommands(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(Commands()) {
				t.Errorf("registered %d, want %d", n, len(Commands()))
			}
			reg := <-f.registered
			checkGolden(t, "commands.json", reg.Body)
			var paths []string
			for _, r := range f.requests {
				paths = append(paths, r.Method+" "+r.Path)
			}
			if strings.Join(paths, "\n") != strings.Join(tt.wantPaths, "\n") {
				t.Errorf("requests = %q, want %q", paths, tt.wantPaths)
			}
		})
	}
}

func TestRegisterCommandsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"401: Unauthorized","code":0}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	target, _ := url.Parse(srv.URL)
	cfg := testConfig()
	cfg.BotToken = "wrong"
	cfg.ApplicationID = "555"
	cfg.HTTPClient = &http.Client{Transport: rewriteHost{target: target, next: http.DefaultTransport}}
	_, err := RegisterCommands(context.Background(), cfg)
	if err == nil || !strings.HasPrefix(err.Error(), "register commands: ") || !strings.Contains(err.Error(), "401") {
		t.Errorf("err = %v, want a wrapped 401", err)
	}
	cfg.BotToken = ""
	if _, err := RegisterCommands(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Errorf("no token: err = %v, want it to name DISCORD_BOT_TOKEN", err)
	}
	if err := RunGateway(context.Background(), cfg, &fakeAsker{}, nil); err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Errorf("RunGateway without a token: err = %v, want it to name DISCORD_BOT_TOKEN", err)
	}
}

func TestCommandsFitDiscordRules(t *testing.T) {
	for _, c := range Commands() {
		if c.Type == discordgo.MessageApplicationCommand {
			// Context-menu commands: a name of 1–32 characters, no description.
			if n := len([]rune(c.Name)); n < 1 || n > 32 || c.Description != "" || len(c.Options) > 0 {
				t.Errorf("message command %q: name of %d characters, description %q, %d options; want 1–32, none, none", c.Name, n, c.Description, len(c.Options))
			}
			continue
		}
		if n := len([]rune(c.Description)); n < 1 || n > 100 {
			t.Errorf("/%s description has %d characters, want 1–100", c.Name, n)
		}
		for _, o := range c.Options {
			if n := len([]rune(o.Description)); n < 1 || n > 100 {
				t.Errorf("/%s %s description has %d characters, want 1–100", c.Name, o.Name, n)
			}
			if o.Autocomplete && len(o.Choices) > 0 {
				t.Errorf("/%s %s has autocomplete and fixed choices", c.Name, o.Name)
			}
		}
	}
}

// awaitLimit stops a test that waits for something that will never come,
// rather than the whole run hanging until go test's own timeout.
const awaitLimit = time.Minute

// await receives from ch, failing if the bot stops first (RunGateway,
// or an endpoint's Shutdown, returns on done). A bot that sent what the
// test awaits and then stopped has not failed: when both are ready, select
// picks either, so ch is looked at again, and the bot's result put back
// on done for the test to read.
func await[T any](tb testing.TB, ch <-chan T, done chan error) T {
	tb.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(awaitLimit):
		tb.Fatalf("nothing arrived in %s", awaitLimit)
		panic("unreachable")
	case err := <-done:
		select {
		case v := <-ch:
			done <- err
			return v
		default:
		}
		tb.Fatalf("the bot stopped before sending what the test awaits: %v", err)
		panic("unreachable")
	}
}

// checkGolden compares JSON with testdata/name, indented; -update rewrites it.
func checkGolden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		tb.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, buf.Bytes(), want)
	}
}
