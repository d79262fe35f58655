package discord

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// awaitState reads states until want (a prefix) arrives, returning those seen.
func awaitState(tb testing.TB, states <-chan string, done chan error, want string) []string {
	tb.Helper()
	var seen []string
	for {
		s := await(tb, states, done)
		seen = append(seen, s)
		if strings.HasPrefix(s, want) {
			return seen
		}
	}
}

// count is how many of seen are s.
func count(seen []string, s string) int {
	n := 0
	for _, x := range seen {
		if x == s {
			n++
		}
	}
	return n
}

func TestGatewayRetriesAFailedStart(t *testing.T) {
	interaction := askInteraction("1001", "tok-1")
	f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", interaction})
	f.refuse = 2 // Discord unreachable twice
	timer := make(deferTimer)
	states := make(chan string, 64)
	cfg := f.config()
	cfg.ApplicationID = "555"
	cfg.After = timer.after
	cfg.State = func(s string) { states <- s }
	done, stop := startGateway(t, cfg, &fakeAsker{})

	for attempt := range 2 {
		seen := awaitState(t, states, done, "not connected")
		if got := seen[len(seen)-1]; !strings.Contains(got, "attempt "+string(rune('1'+attempt))) {
			t.Errorf("state = %q, want it to say which attempt failed", got)
		}
		timer.fire() // the backoff passes
	}
	awaitState(t, states, done, "open")
	wantAnswered(t, await(t, f.callbacks, done))
	if err := stop(); err != nil {
		t.Errorf("RunGateway = %v", err)
	}
}

func TestGatewayReconnectsAndResumes(t *testing.T) {
	tests := []struct {
		name, how string
	}{
		{"Discord asks for a reconnect (op 7)", "reconnect"},
		{"the connection drops", "drop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", askInteraction("1001", "tok-1")})
			f.afterReady = tt.how
			f.afterResume = []gatewayEvent{{"INTERACTION_CREATE", askInteraction("1002", "tok-2")}}
			states := make(chan string, 64)
			cfg := f.config()
			cfg.ApplicationID = "555"
			cfg.State = func(s string) { states <- s }
			done, stop := startGateway(t, cfg, &fakeAsker{})

			wantAnswered(t, await(t, f.callbacks, done))
			resume := await(t, f.resumes, done)
			if resume["session_id"] != "session-1" {
				t.Errorf("resume = %v, want session-1 resumed", resume)
			}
			cb := await(t, f.callbacks, done)
			if !strings.Contains(cb.Path, "/1002/tok-2/") {
				t.Errorf("callback after resuming = %s, want interaction 1002's", cb.Path)
			}
			wantAnswered(t, cb)
			// discordgo runs each event's handlers in a goroutine of their
			// own, so the states arrive in no set order: wait for the
			// reconnect and all three opens (on Ready, once the session
			// is open, on Resumed) whatever their order.
			var seen []string
			for !slices.Contains(seen, "reconnecting") || count(seen, "open") < 3 {
				seen = append(seen, await(t, states, done))
			}
			if err := stop(); err != nil {
				t.Errorf("RunGateway = %v", err)
			}
			t.Logf("states: %q", seen)
		})
	}
}

func askInteraction(id, token string) map[string]any {
	return map[string]any{
		"id": id, "application_id": "555", "type": 2, "token": token,
		"guild_id": "999", "channel_id": "888",
		"member": map[string]any{"user": map[string]any{"id": "111", "username": "hv"}},
		"data": map[string]any{"id": "2", "name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": "when should I escalate"},
		}},
	}
}

// wantAnswered checks a callback is a private answer.
func wantAnswered(tb testing.TB, cb recorded) {
	tb.Helper()
	var resp response
	if err := json.Unmarshal(cb.Body, &resp); err != nil {
		tb.Fatalf("callback %s: %v", cb.Body, err)
	}
	wantMessage(tb, resp, true)
	if len(resp.Data.Embeds) != 1 {
		tb.Errorf("callback = %s, want the answer", cb.Body)
	}
}
