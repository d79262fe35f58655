package discord

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	// Discord counts its 3 s from the event. An answer not ready within
	// this is deferred ("thinking…") and the original response edited
	// once it is: the interaction token lasts 15 minutes.
	defaultDeferAfter = time.Second
	// answerTimeout bounds one answer once it may be deferred: long
	// enough for a slow index, far inside the token's 15 minutes.
	answerTimeout = 30 * time.Second
	// editTimeout bounds delivering a deferred answer: the edit and a
	// follow-up, each with one wait for a 429's Retry-After.
	editTimeout = 15 * time.Second
)

// interactionSender is how a transport talks back to Discord about one
// interaction: its first response (in the HTTP body, or a callback over
// REST) and, after a deferral, the edit of that response or, when the
// edit fails, a follow-up message.
type interactionSender struct {
	respond  func(ctx context.Context, body []byte) error
	edit     func(ctx context.Context, edit *discordgo.WebhookEdit) error
	followup func(ctx context.Context, msg *discordgo.WebhookParams) error
}

// answerInteraction answers req: at once when the reply is ready within
// the defer delay, else a deferred response first and the reply as an
// edit of it. Autocomplete cannot be deferred and keeps its short budget.
// It returns once everything is sent (or has failed, which is logged).
func (b *bot) answerInteraction(base context.Context, transport string, req request, send interactionSender) {
	if req.Kind == kindAutocomplete {
		ctx, cancel := context.WithTimeout(base, handleTimeout)
		rep := b.handle(ctx, transport, req)
		cancel()
		b.sendFirst(base, req, send, toInteractionResponse(req.Kind, rep))
		return
	}
	done := make(chan reply, 1)
	go func() {
		ctx, cancel := context.WithTimeout(base, answerTimeout)
		defer cancel()
		done <- b.handle(ctx, transport, req)
	}()
	select {
	case rep := <-done:
		b.sendFirst(base, req, send, toInteractionResponse(req.Kind, rep))
		return
	case <-b.after(b.deferAfter):
	}
	// Private unless the reply is meant for the channel from the start
	// (a button that posts): whether a question may be shown is only
	// known once it is answered, so a slow /ask share:true answers
	// privately and offers "Post to channel".
	if !b.sendFirst(base, req, send, deferredResponse(!req.postsPublicly())) {
		<-done
		return
	}
	rep := <-done
	if !rep.Ephemeral || req.Options[optShare] == "true" {
		rep = privateAfterDefer(rep, req)
	}
	ctx, cancel := context.WithTimeout(base, editTimeout)
	defer cancel()
	b.sendEdit(ctx, req, send, rep)
}

// sendEdit puts a deferred answer in place of "thinking…". When the edit
// fails (403, a second 429, Discord down) a follow-up message, which
// Discord routes and limits apart, carries it instead; the answer is only
// lost, and logged as lost, when both fail.
func (b *bot) sendEdit(ctx context.Context, req request, send interactionSender, rep reply) {
	start := time.Now()
	err := b.withRetry(ctx, func(ctx context.Context) error { return send.edit(ctx, toWebhookEdit(rep)) })
	b.logSend(ctx, "interaction edit", req, start, err)
	if err == nil || send.followup == nil {
		b.lostIf(ctx, req, err)
		return
	}
	start = time.Now()
	err = b.withRetry(ctx, func(ctx context.Context) error { return send.followup(ctx, toFollowup(rep)) })
	b.logSend(ctx, "interaction follow-up", req, start, err)
	b.lostIf(ctx, req, err)
}

// lostIf logs, as an error, that the user got no answer at all: an
// interaction can carry nothing else once its sends have failed, and
// posting elsewhere could show a private answer to others.
func (b *bot) lostIf(ctx context.Context, req request, err error) {
	if err == nil {
		return
	}
	b.log.LogAttrs(ctx, slog.LevelError, "interaction reply lost",
		slog.String("command", req.Command),
		slog.String("user", b.hashUser(req.UserID)),
		slog.Int("status", discordStatus(err)))
}

// withRetry sends and, when Discord answers 429, sends once more after
// its Retry-After, if that is at most maxRetryWait and ends before ctx.
func (b *bot) withRetry(ctx context.Context, send func(context.Context) error) error {
	err := send(ctx)
	wait, ok := retryAfter(err)
	if !ok || wait > maxRetryWait {
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
		return err // it could not be sent in time: do not wait for nothing
	}
	select {
	case <-ctx.Done():
		return err
	case <-b.after(wait):
	}
	return send(ctx)
}

// maxRetryWait is the longest Retry-After a send waits for.
const maxRetryWait = 5 * time.Second

// retryAfter is how long a 429 asks to wait.
func retryAfter(err error) (time.Duration, bool) {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil && rl.RetryAfter >= 0 {
		return rl.RetryAfter, true
	}
	return 0, false
}

// discordStatus is the HTTP status Discord answered a failed send with,
// or 0 when it did not answer (a timeout, a closed connection).
func discordStatus(err error) int {
	var rest *discordgo.RESTError
	switch {
	case errors.As(err, &rest) && rest.Response != nil:
		return rest.Response.StatusCode
	case errors.As(err, new(*discordgo.RateLimitError)):
		return http.StatusTooManyRequests
	}
	return 0
}

// privateAfterDefer is a reply sent into a private deferred response: it
// says why a shared answer came privately.
func privateAfterDefer(rep reply, req request) reply {
	if req.postsPublicly() {
		return rep
	}
	rep.Ephemeral = true
	if req.Options[optShare] == "true" && !rep.Private {
		rep.Content = joinLines(rep.Content, "That took a moment, so the answer is shown to you first: use **Post to channel** to share it.")
	}
	return rep
}

func (b *bot) sendFirst(base context.Context, req request, send interactionSender, resp *discordgo.InteractionResponse) bool {
	body, err := encodeResponse(resp)
	if err != nil {
		b.logSend(base, "interaction callback", req, time.Now(), err)
		return false
	}
	// Within Discord's 3 s: a 429 is waited out only if that still fits.
	ctx, cancel := context.WithTimeout(base, callbackTimeout)
	defer cancel()
	start := time.Now()
	err = b.withRetry(ctx, func(ctx context.Context) error { return send.respond(ctx, body) })
	b.logSend(ctx, "interaction callback", req, start, err)
	b.lostIf(ctx, req, err)
	return err == nil
}

func deferredResponse(ephemeral bool) *discordgo.InteractionResponse {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return resp
}

// encodeResponse is the response as Discord reads it. Autocomplete always
// carries a "choices" list, empty included (discordgo leaves it out).
func encodeResponse(resp *discordgo.InteractionResponse) ([]byte, error) {
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return json.Marshal(resp)
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if resp.Data != nil && resp.Data.Choices != nil {
		choices = resp.Data.Choices
	}
	return json.Marshal(struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		} `json:"data"`
	}{Type: resp.Type, Data: struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}{choices}})
}

// toWebhookEdit is a reply as an edit of the original response. Every
// field is set, so nothing of the "thinking…" placeholder is left.
func toWebhookEdit(r reply) *discordgo.WebhookEdit {
	content, embeds, components := r.message()
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &components,
		AllowedMentions: noMentions(),
	}
}

// toFollowup is a reply as a follow-up message, private when it is.
func toFollowup(r reply) *discordgo.WebhookParams {
	content, embeds, components := r.message()
	p := &discordgo.WebhookParams{
		Content:         content,
		Embeds:          embeds,
		Components:      components,
		AllowedMentions: noMentions(),
	}
	if r.Ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}

func joinLines(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}
