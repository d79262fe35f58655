package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"guidance"
)

const (
	maxInteractionBody = 64 << 10
	maxSignatureAge    = 5 * time.Minute
	// Discord's clock and ours may differ a little; a timestamp further
	// ahead than this is a replay being prepared, not skew.
	maxSignatureAhead = time.Minute
	// Discord waits 3 s for the HTTP response; leave room to write it.
	handleTimeout = 2500 * time.Millisecond
)

// InteractionsHandler serves POST /interactions. Answers it deferred are
// sent after their request has ended: Shutdown waits for them.
type InteractionsHandler struct {
	mux http.Handler
	h   *interactions
}

func (x *InteractionsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x.mux.ServeHTTP(w, r)
}

// Shutdown waits, until ctx ends, for the deferred answers still being
// worked out or sent; call it once the HTTP server has stopped taking
// requests. It returns an error saying how many were left when ctx ends first.
func (x *InteractionsHandler) Shutdown(ctx context.Context) error {
	if n, err := x.h.pending.shutdown(ctx); err != nil {
		return fmt.Errorf("interactions shutdown: %d deferred answers not sent: %w", n, err)
	}
	return nil
}

// NewInteractionsHandler serves POST /interactions: Discord's signed
// webhooks for slash commands and autocomplete, answered in the response
// body. It needs cfg.PublicKey and no bot token, and keeps no state but the
// rate limiter, so it scales behind a load balancer.
func NewInteractionsHandler(cfg Config, asker guidance.Asker, logger *slog.Logger) (*InteractionsHandler, error) {
	key, err := parsePublicKey(cfg.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("interactions handler: %w", err)
	}
	b, err := newBot(cfg, asker, logger)
	if err != nil {
		return nil, fmt.Errorf("interactions handler: %w", err)
	}
	// Edits after a deferral go to Discord's webhook endpoints, which the
	// interaction token authorises: no bot token is needed.
	rest, err := newSession(cfg)
	if err != nil {
		return nil, fmt.Errorf("interactions handler: %w", err)
	}
	if cfg.BotToken == "" {
		rest.Token = ""
	}
	h := &interactions{key: key, bot: b, rest: rest, now: cfg.now, seen: map[string]time.Time{}, logs: newLimiter(rejectLogsPerMinute, time.Minute)}
	mux := http.NewServeMux()
	mux.Handle("POST /interactions", h)
	return &InteractionsHandler{mux: mux, h: h}, nil
}

type interactions struct {
	key  ed25519.PublicKey
	bot  *bot
	rest *discordgo.Session
	now  func() time.Time

	// seen holds the signatures of requests inside the timestamp window, so
	// that a captured request cannot be played again within it. Per
	// process: behind a load balancer a replay may reach another copy,
	// which is why the window is short.
	mu      sync.Mutex
	seen    map[string]time.Time // signature → when it stops mattering
	logs    *limiter             // bounds the log lines refusals write
	sweepAt int                  // sweep expired signatures at this size (amortised)

	pending inflight // answers being worked out or sent, deferred ones past their request
}

// rejectLogsPerMinute bounds "interaction rejected" log lines.
const rejectLogsPerMinute = 20

// replayed records sig and reports whether it was already seen.
func (h *interactions) replayed(sig string) bool {
	now := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if until, ok := h.seen[sig]; ok && now.Before(until) {
		return true
	}
	if len(h.seen) >= h.sweepAt {
		for s, until := range h.seen {
			if !now.Before(until) {
				delete(h.seen, s)
			}
		}
		h.sweepAt = max(4096, 2*len(h.seen))
	}
	h.seen[sig] = now.Add(maxSignatureAge + maxSignatureAhead)
	return false
}

func (h *interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxInteractionBody {
		h.fail(w, r, http.StatusRequestEntityTooLarge, "body larger than 64 KB")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "body larger than 64 KB")
			return
		}
		h.fail(w, r, http.StatusBadRequest, "could not read body")
		return
	}
	if reason := h.verify(r, body); reason != "" {
		h.fail(w, r, http.StatusUnauthorized, "invalid request signature: "+reason)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		h.fail(w, r, http.StatusBadRequest, "body is not a Discord interaction (invalid JSON)")
		return
	}
	if i.Type == discordgo.InteractionPing {
		h.writeBody(w, []byte(`{"type":1}`))
		return
	}
	req, err := requestFromInteraction(&i)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	// The first response goes in this HTTP response; an answer that
	// takes longer than the defer delay follows as an edit over REST, so
	// its work must outlive this request.
	first := make(chan []byte, 1)
	// Once shutdown has begun (no request should still arrive) the
	// answer goes out untracked rather than not at all.
	tracked := h.pending.start()
	send := interactionSender{
		respond: func(ctx context.Context, body []byte) error {
			first <- body
			return nil
		},
		edit: func(ctx context.Context, edit *discordgo.WebhookEdit) error {
			_, err := h.rest.InteractionResponseEdit(&i, edit, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
			return err
		},
		followup: func(ctx context.Context, msg *discordgo.WebhookParams) error {
			_, err := h.rest.FollowupMessageCreate(&i, true, msg, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
			return err
		},
	}
	go func() {
		if tracked {
			defer h.pending.done()
		}
		h.bot.answerInteraction(context.WithoutCancel(r.Context()), "http", req, send)
	}()
	h.writeBody(w, <-first)
}

// verify checks the timestamp window and the Ed25519 signature over
// timestamp+body; it returns why a request fails, or "".
func (h *interactions) verify(r *http.Request, body []byte) string {
	ts := r.Header.Get("X-Signature-Timestamp")
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "missing or malformed timestamp"
	}
	age := h.now().Sub(time.Unix(secs, 0))
	if age > maxSignatureAge {
		return "timestamp too old"
	}
	if age < -maxSignatureAhead {
		return "timestamp in the future"
	}
	// VerifyInteraction reads the body itself; give it the bytes we hold.
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, h.key) {
		return "signature does not match"
	}
	// Keyed on the signature's bytes, not its text: hex in another letter
	// case is the same signature.
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil {
		return "signature does not match"
	}
	if h.replayed(string(sig)) {
		return "request already seen"
	}
	return ""
}

func (h *interactions) writeBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// fail refuses a request. Its log line is rate-limited: a flood of forged
// requests must not fill the disk or bury real warnings.
func (h *interactions) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if h.logs.allow("rejected", h.now()) {
		h.bot.log.LogAttrs(r.Context(), slog.LevelWarn, "interaction rejected",
			slog.Int("status", status), slog.String("reason", msg))
	}
	http.Error(w, msg, status)
}
