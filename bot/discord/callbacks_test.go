package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func rateLimited(wait time.Duration) error {
	return &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: wait}}}
}

func forbidden() error {
	return &discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusForbidden}}
}

func TestWithRetry(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	short, cancelShort := context.WithTimeout(context.Background(), time.Second)
	defer cancelShort()
	tests := []struct {
		name      string
		ctx       context.Context
		errs      []error // what each send returns, in turn; nil after
		wantSends int
		wantWaits []time.Duration
		wantErr   bool
	}{
		{"sent", context.Background(), nil, 1, nil, false},
		{"429: sent again after its Retry-After", context.Background(), []error{rateLimited(250 * time.Millisecond)}, 2, []time.Duration{250 * time.Millisecond}, false},
		{"429 twice: given up after one retry", context.Background(), []error{rateLimited(time.Second), rateLimited(time.Second)}, 2, []time.Duration{time.Second}, true},
		{"403: not retried", context.Background(), []error{forbidden()}, 1, nil, true},
		{"Retry-After over 5 s: not waited for", context.Background(), []error{rateLimited(6 * time.Second)}, 1, nil, true},
		{"Retry-After past the deadline: not waited for", short, []error{rateLimited(4 * time.Second)}, 1, nil, true},
		{"cancelled while waiting: not sent again", cancelled, []error{rateLimited(time.Second)}, 1, []time.Duration{time.Second}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			var waits []time.Duration
			b.after = func(d time.Duration) <-chan time.Time {
				waits = append(waits, d)
				ch := make(chan time.Time, 1)
				if tt.ctx.Err() == nil {
					ch <- time.Time{}
				}
				return ch
			}
			sends := 0
			err := b.withRetry(tt.ctx, func(context.Context) error {
				sends++
				if sends <= len(tt.errs) {
					return tt.errs[sends-1]
				}
				return nil
			})
			if sends != tt.wantSends {
				t.Errorf("%d sends, want %d", sends, tt.wantSends)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if !equalDurations(waits, tt.wantWaits) {
				t.Errorf("waited %v, want %v", waits, tt.wantWaits)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDiscordStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"403", forbidden(), http.StatusForbidden},
		{"429", rateLimited(time.Second), http.StatusTooManyRequests},
		{"wrapped", errors.Join(errors.New("edit"), forbidden()), http.StatusForbidden},
		{"no answer", context.DeadlineExceeded, 0},
	}
	for _, tt := range tests {
		if got := discordStatus(tt.err); got != tt.want {
			t.Errorf("%s: discordStatus = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// checkLogsQuiet fails when logs quote the question or hold the token.
func checkLogsQuiet(tb testing.TB, logs, question, token string) {
	tb.Helper()
	for _, secret := range []string{question, token} {
		if strings.Contains(logs, secret) {
			tb.Errorf("logs hold %q:\n%s", secret, logs)
		}
	}
}

func TestGatewayCallbackFailures(t *testing.T) {
	const question, token = "when should I escalate", "interaction-token-secret"
	tests := []struct {
		name      string
		statuses  []int // the callback's answers before it succeeds
		fires     int   // Retry-After waits the bot takes
		callbacks int
		wantLost  bool
	}{
		{"429: sent again after its Retry-After", []int{http.StatusTooManyRequests}, 1, 2, false},
		{"429 twice: given up, and said so", []int{http.StatusTooManyRequests, http.StatusTooManyRequests}, 1, 2, true},
		{"403: not retried, and said so", []int{http.StatusForbidden}, 0, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", askInteraction("1001", token)})
			f.plan("callback", tt.statuses...)
			timer := make(deferTimer)
			cfg := f.config()
			cfg.ApplicationID = "555"
			cfg.After = timer.after
			logs := &syncBuffer{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- RunGateway(ctx, cfg, &fakeAsker{}, newJSONLogger(logs)) }()
			var last recorded
			for i := range tt.callbacks {
				last = await(t, f.callbacks, done)
				if i == 0 {
					// Shut down: RunGateway returns once the bot is done
					// with the answer, retry included.
					cancel()
				}
				if i < tt.fires {
					fire(t, timer, done)
				}
			}
			if err := <-done; err != nil {
				t.Errorf("RunGateway = %v", err)
			}
			var got response
			if err := json.Unmarshal(last.Body, &got); err != nil || got.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || got.Data == nil || len(got.Data.Embeds) != 1 {
				t.Errorf("callback = %s, want the answer each time", last.Body)
			}
			if n := len(f.callbacks); n != 0 {
				t.Errorf("%d callbacks more than the %d wanted", n, tt.callbacks)
			}
			out := logs.String()
			if lost := strings.Contains(out, `"msg":"interaction reply lost"`); lost != tt.wantLost {
				t.Errorf("reply lost logged: %v, want %v\n%s", lost, tt.wantLost, out)
			}
			checkLogsQuiet(t, out, question, token)
		})
	}
}

// deferredFailure is a way a deferred answer's edit can go, and what the
// bot must do about it.
type deferredFailure struct {
	name             string
	edit, followup   []int // statuses before success, by route
	fires            int   // Retry-After waits, after the deferral
	edits, followups int
	wantLost         bool
}

func deferredFailures() []deferredFailure {
	return []deferredFailure{
		{name: "edit 429: edited after its Retry-After", edit: []int{http.StatusTooManyRequests}, fires: 1, edits: 2},
		{name: "edit 403: the answer goes as a follow-up", edit: []int{http.StatusForbidden}, edits: 1, followups: 1},
		{name: "edit 429 twice: a follow-up", edit: []int{http.StatusTooManyRequests, http.StatusTooManyRequests}, fires: 1, edits: 2, followups: 1},
		{name: "edit and follow-up 403: lost, and said so", edit: []int{http.StatusForbidden}, followup: []int{http.StatusForbidden}, edits: 1, followups: 1, wantLost: true},
	}
}

// checkDeferredDelivery checks what a deferred answer's failures led to,
// once the bot is done with it.
func checkDeferredDelivery(tb testing.TB, f *fakeDiscord, edits, followups []recorded, wantLost bool, logs string) {
	tb.Helper()
	const token = "secret-interaction-token"
	for _, e := range edits {
		wantSlowAnswer(tb, e, token)
	}
	if n := len(f.edits) + len(f.followups); n != 0 {
		tb.Errorf("%d edits or follow-ups more than wanted", n)
	}
	for _, fu := range followups {
		if want := api + "/webhooks/555/" + token; fu.Method != http.MethodPost || fu.Path != want {
			tb.Errorf("follow-up = %s %s, want POST %s", fu.Method, fu.Path, want)
		}
		var got struct {
			Flags  int                      `json:"flags"`
			Embeds []discordgo.MessageEmbed `json:"embeds"`
		}
		if err := json.Unmarshal(fu.Body, &got); err != nil {
			tb.Fatalf("follow-up %s: %v", fu.Body, err)
		}
		if got.Flags&int(discordgo.MessageFlagsEphemeral) == 0 || len(got.Embeds) != 1 {
			tb.Errorf("follow-up = %s, want the answer, private", fu.Body)
		}
	}
	if lost := strings.Contains(logs, `"msg":"interaction reply lost"`); lost != wantLost {
		tb.Errorf("reply lost logged: %v, want %v\n%s", lost, wantLost, logs)
	}
	checkLogsQuiet(tb, logs, "when should I escalate", token)
}

// awaitDeferredSends takes the edits and follow-ups one deferred answer
// makes, firing the Retry-After waits after the first edits.
func awaitDeferredSends(tb testing.TB, f *fakeDiscord, timer deferTimer, fires, edits, followups int, done chan error) (e, fu []recorded) {
	tb.Helper()
	for i := range edits {
		e = append(e, await(tb, f.edits, done))
		if i < fires {
			fire(tb, timer, done)
		}
	}
	for range followups {
		fu = append(fu, await(tb, f.followups, done))
	}
	return e, fu
}

// fire fires the bot's timer, failing if the bot stops without waiting.
func fire(tb testing.TB, timer deferTimer, done chan error) {
	tb.Helper()
	select {
	case timer <- time.Time{}:
	case err := <-done:
		tb.Fatalf("the bot stopped without waiting: %v", err)
	}
}

// newDeferringEndpoint is an HTTP-only endpoint talking to f, whose
// timer the test fires: to defer, and for each Retry-After.
func newDeferringEndpoint(tb testing.TB, f *fakeDiscord, asker *slowAsker, timer deferTimer, logs *syncBuffer) *InteractionsHandler {
	tb.Helper()
	cfg := f.config()
	cfg.BotToken = ""
	cfg.After = timer.after
	cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
	h, err := NewInteractionsHandler(cfg, asker, newJSONLogger(logs))
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// askDeferred posts a slow /ask and returns once it is deferred; the
// answer is worked out when the test closes asker.release.
func askDeferred(tb testing.TB, h http.Handler, asker *slowAsker, timer deferTimer) {
	tb.Helper()
	w := httptest.NewRecorder()
	served := make(chan struct{})
	go func() {
		defer close(served)
		h.ServeHTTP(w, signed(tb, testKey, testNow, interactionJSON(tb, discordgo.InteractionApplicationCommand, cmdAsk, opt(optQuestion, "when should I escalate", false))))
	}()
	<-asker.entered
	timer.fire()
	<-served
	wantDeferred(tb, w.Body.Bytes(), true)
}

func TestDeferredEditFailuresOverHTTP(t *testing.T) {
	for _, tt := range deferredFailures() {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			f.plan("edit", tt.edit...)
			f.plan("followup", tt.followup...)
			asker, timer, logs := newSlowAsker(), make(deferTimer), &syncBuffer{}
			h := newDeferringEndpoint(t, f, asker, timer, logs)
			askDeferred(t, h, asker, timer)
			// Shutdown returns once the bot is done with the answer.
			shut := make(chan error, 1)
			go func() { shut <- h.Shutdown(context.Background()) }()
			close(asker.release)
			edits, followups := awaitDeferredSends(t, f, timer, tt.fires, tt.edits, tt.followups, shut)
			if err := <-shut; err != nil {
				t.Fatal(err)
			}
			checkDeferredDelivery(t, f, edits, followups, tt.wantLost, logs.String())
		})
	}
}

func TestDeferredEditFailuresOverTheGateway(t *testing.T) {
	for _, tt := range deferredFailures() {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, gatewayEvent{"INTERACTION_CREATE", askInteraction("1001", "secret-interaction-token")})
			f.plan("edit", tt.edit...)
			f.plan("followup", tt.followup...)
			asker, timer, logs := newSlowAsker(), make(deferTimer), &syncBuffer{}
			cfg := f.config()
			cfg.ApplicationID = "555"
			cfg.After = timer.after
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- RunGateway(ctx, cfg, asker, newJSONLogger(logs)) }()
			await(t, asker.entered, done)
			timer.fire()
			wantDeferred(t, await(t, f.callbacks, done).Body, true)
			cancel() // RunGateway returns once the bot is done with the answer
			close(asker.release)
			edits, followups := awaitDeferredSends(t, f, timer, tt.fires, tt.edits, tt.followups, done)
			if err := <-done; err != nil {
				t.Errorf("RunGateway = %v", err)
			}
			checkDeferredDelivery(t, f, edits, followups, tt.wantLost, logs.String())
		})
	}
}

func TestShutdownWaitsForDeferredAnswers(t *testing.T) {
	t.Run("HTTP endpoint", func(t *testing.T) {
		f := newFakeDiscord(t)
		asker, timer, logs := newSlowAsker(), make(deferTimer), &syncBuffer{}
		h := newDeferringEndpoint(t, f, asker, timer, logs)
		askDeferred(t, h, asker, timer)

		// Past its deadline, shutdown says what it leaves unsent.
		expired, cancel := context.WithCancel(context.Background())
		cancel()
		if err := h.Shutdown(expired); err == nil || !strings.Contains(err.Error(), "1 deferred answers not sent") {
			t.Errorf("Shutdown with the answer pending = %v, want it counted as not sent", err)
		}
		// Otherwise it waits for the edit.
		shut := make(chan error, 1)
		go func() { shut <- h.Shutdown(context.Background()) }()
		close(asker.release)
		if err := <-shut; err != nil {
			t.Errorf("Shutdown = %v", err)
		}
		wantEditSent(t, f, "secret-interaction-token", "Shutdown")
	})
	t.Run("gateway", func(t *testing.T) {
		g := startDeferredGateway(t, "interaction-token-secret")
		g.cancel() // shutdown while the answer is still being worked out
		close(g.asker.release)
		if err := <-g.done; err != nil {
			t.Errorf("RunGateway = %v", err)
		}
		wantEditSent(t, g.f, "interaction-token-secret", "RunGateway")
	})
}

// wantEditSent checks that the deferred answer's edit was sent before what
// shut down returned.
func wantEditSent(tb testing.TB, f *fakeDiscord, token, what string) {
	tb.Helper()
	select {
	case e := <-f.edits:
		wantSlowAnswer(tb, e, token)
	default:
		tb.Errorf("%s returned before the deferred answer was sent", what)
	}
}
