package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestPersonalDetailsStayPrivate(t *testing.T) {
	shared := func(q string) request {
		r := askRequest(q)
		r.Options[optShare] = "true"
		return r
	}
	mention := func(q string, ch channelKind) request {
		return request{Kind: kindMessage, Command: cmdAsk, UserID: "111", Channel: ch,
			Options: map[string]string{optQuestion: q, optShare: "true"}}
	}
	tests := []struct {
		name          string
		req           request
		wantEphemeral bool
		wantPrivate   bool
		wantContent   []string // in order
		wantNot       string
	}{
		{"share:true is refused", shared("jay dob 12/03/2019 neglect"), true, true,
			[]string{sharedPrivatelyMsg, "Your question may contain personal details."}, ""},
		{"999 still comes first", shared("dob 12/03/2019 in danger"), true, true,
			[]string{"**If a child is in immediate danger, call 999 now.**", sharedPrivatelyMsg}, ""},
		{"private already: nothing to refuse", askRequest("dob 12/03/2019 neglect"), true, true,
			[]string{"Your question may contain personal details."}, sharedPrivatelyMsg},
		{"a mention in a channel is answered privately", mention("dob 12/03/2019", channelGuild), false, true,
			[]string{mentionPrivatelyMsg}, ""},
		{"a DM is private already", mention("dob 12/03/2019", channelDM), false, true,
			[]string{"Your question may contain personal details."}, "delete"},
		{"no personal details: shared as asked", shared("when should I escalate"), false, false, nil, sharedPrivatelyMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			got := b.handle(context.Background(), "test", tt.req)
			if got.Ephemeral != tt.wantEphemeral || got.Private != tt.wantPrivate {
				t.Errorf("ephemeral, private = %v, %v; want %v, %v", got.Ephemeral, got.Private, tt.wantEphemeral, tt.wantPrivate)
			}
			assertInOrder(t, "content", got.Content, tt.wantContent)
			if tt.wantNot != "" && strings.Contains(got.Content, tt.wantNot) {
				t.Errorf("content = %q, want no %q", got.Content, tt.wantNot)
			}
		})
	}
}

// mentionEvent is a guild message mentioning the bot (user 100).
func mentionEvent(id, content string) gatewayEvent {
	return gatewayEvent{"MESSAGE_CREATE", map[string]any{
		"id": id, "channel_id": "888", "guild_id": "999", "type": 0,
		"content":  content,
		"author":   map[string]any{"id": "112", "username": "sw"},
		"mentions": []any{map[string]any{"id": "100", "username": "guidance", "bot": true}},
	}}
}

// startGateway runs the gateway against f until the test ends; stop
// cancels it and returns what RunGateway returned.
func startGateway(t *testing.T, cfg Config, asker *fakeAsker) (done chan error, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan error, 1)
	go func() { done <- RunGateway(ctx, cfg, asker, nil) }()
	t.Cleanup(cancel)
	return done, func() error { cancel(); return <-done }
}

// sentMessage is a message the bot posted, as Discord reads it.
type sentMessage struct {
	Content   string           `json:"content"`
	Embeds    []map[string]any `json:"embeds"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	AllowedMentions struct {
		Parse *[]string `json:"parse"`
	} `json:"allowed_mentions"`
}

func decodeSent(tb testing.TB, rec recorded) sentMessage {
	tb.Helper()
	var m sentMessage
	if err := json.Unmarshal(rec.Body, &m); err != nil {
		tb.Fatalf("message %s: %v", rec.Body, err)
	}
	if p := m.AllowedMentions.Parse; p == nil || len(*p) != 0 {
		tb.Errorf("allowed_mentions = %s, want parse: []", rec.Body)
	}
	return m
}

func TestMentionWithPersonalDetailsIsAnsweredByDM(t *testing.T) {
	const question = "<@100> jay dob 12/03/2019 is this neglect"
	tests := []struct {
		name        string
		dmStatus    int // 0: the DM is delivered
		wantChannel string
		wantContent []string
		wantEmbeds  int
	}{
		{"DM delivered", 0, "7001", []string{mentionPrivatelyMsg}, 1},
		{"DMs closed: a notice that quotes nothing", http.StatusForbidden, "888", []string{mentionNoDMMsg, "999"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, mentionEvent("2001", question))
			if tt.dmStatus != 0 {
				f.plan("messages", tt.dmStatus)
			}
			cfg := f.config()
			cfg.ApplicationID = "555"
			done, stop := startGateway(t, cfg, &fakeAsker{})
			var last recorded
			for range 1 + min(tt.dmStatus, 1) {
				last = await(t, f.messages, done)
			}
			if want := api + "/channels/" + tt.wantChannel + "/messages"; last.Path != want {
				t.Errorf("answer went to %s, want %s", last.Path, want)
			}
			got := decodeSent(t, last)
			if got.Reference != nil {
				t.Errorf("message replies to %+v, want no reply (it would show the question again)", got.Reference)
			}
			assertInOrder(t, "content", got.Content, tt.wantContent)
			if strings.Contains(string(last.Body), "12/03/2019") {
				t.Errorf("message repeats the personal details: %s", last.Body)
			}
			if len(got.Embeds) != tt.wantEmbeds {
				t.Errorf("%d embeds, want %d", len(got.Embeds), tt.wantEmbeds)
			}
			if err := stop(); err != nil {
				t.Errorf("RunGateway = %v", err)
			}
			for _, p := range f.paths() {
				if p == "POST "+api+"/channels/888/messages" && tt.wantChannel != "888" {
					t.Errorf("answered in the channel as well as by DM")
				}
			}
		})
	}
}

func TestMessageReplyRetriesA429Once(t *testing.T) {
	tests := []struct {
		name      string
		statuses  []int
		fires     int // Retry-After waits the bot takes
		wantPosts int
	}{
		{"429, then sent", []int{http.StatusTooManyRequests}, 1, 2},
		{"429 twice: given up after one retry", []int{http.StatusTooManyRequests, http.StatusTooManyRequests}, 1, 2},
		{"403 (no Send Messages): not retried", []int{http.StatusForbidden}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, mentionEvent("2001", "<@100> what is neglect?"))
			f.plan("messages", tt.statuses...)
			timer := make(deferTimer)
			cfg := f.config()
			cfg.ApplicationID = "555"
			cfg.After = timer.after
			done, stop := startGateway(t, cfg, &fakeAsker{})
			for i := range tt.wantPosts {
				await(t, f.messages, done)
				if i < tt.fires {
					fire(t, timer, done)
				}
			}
			if err := stop(); err != nil {
				t.Errorf("RunGateway = %v", err)
			}
			posts := 0
			for _, p := range f.paths() {
				if p == "POST "+api+"/channels/888/messages" {
					posts++
				}
			}
			if posts != tt.wantPosts {
				t.Errorf("%d posts, want %d", posts, tt.wantPosts)
			}
		})
	}
}

func TestGatewayMessages(t *testing.T) {
	dm := gatewayEvent{"MESSAGE_CREATE", map[string]any{
		"id": "2101", "channel_id": "777", "type": 0, "content": "what is neglect?",
		"author": map[string]any{"id": "112", "username": "sw"},
	}}
	replyPing := gatewayEvent{"MESSAGE_CREATE", map[string]any{
		"id": "2102", "channel_id": "888", "guild_id": "999", "type": 19, "content": "thanks, that's helpful",
		"author":             map[string]any{"id": "112", "username": "sw"},
		"mentions":           []any{map[string]any{"id": "100", "username": "guidance", "bot": true}},
		"referenced_message": map[string]any{"id": "3001", "channel_id": "888", "author": map[string]any{"id": "100", "bot": true}},
	}}
	roleMention := gatewayEvent{"MESSAGE_CREATE", map[string]any{
		"id": "2103", "channel_id": "888", "guild_id": "999", "type": 0, "content": "<@&77> what is neglect?",
		"author": map[string]any{"id": "112"}, "mention_roles": []any{"77"}, "mentions": []any{},
	}}
	tests := []struct {
		name      string
		event     gatewayEvent
		wantPaths []string // messages posted
	}{
		{"a DM is answered in the DM", dm, []string{api + "/channels/777/messages"}},
		{"a reply to the bot without a mention asks nothing", replyPing, nil},
		{"a role mention is not the bot's", roleMention, nil},
	}
	// A DM after each event: once it is answered, the event before it
	// has been read.
	sentinel := gatewayEvent{"MESSAGE_CREATE", map[string]any{
		"id": "2199", "channel_id": "776", "type": 0, "content": "when should I escalate",
		"author": map[string]any{"id": "113"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, tt.event, sentinel)
			cfg := f.config()
			cfg.ApplicationID = "555"
			done, stop := startGateway(t, cfg, &fakeAsker{})
			want := append(tt.wantPaths, api+"/channels/776/messages")
			for range want {
				m := decodeSent(t, await(t, f.messages, done))
				if len(m.Embeds) != 1 {
					t.Errorf("DM reply has %d embeds, want the answer", len(m.Embeds))
				}
			}
			if err := stop(); err != nil { // waits for answers in flight
				t.Errorf("RunGateway = %v", err)
			}
			var posted []string
			for _, p := range f.paths() {
				if m, ok := strings.CutPrefix(p, "POST "); ok && strings.HasSuffix(m, "/messages") {
					posted = append(posted, m)
				}
			}
			slices.Sort(posted)
			slices.Sort(want)
			if strings.Join(posted, ",") != strings.Join(want, ",") {
				t.Errorf("messages posted to %q, want %q", posted, want)
			}
		})
	}
}
