package discord

import (
	"context"
	"encoding/json"
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
)

// interactionSender is how a transport talks back to Discord about one
// interaction: its first response (in the HTTP body, or a callback over
// REST) and, after a deferral, the edit of that response.
type interactionSender struct {
	respond func(ctx context.Context, body []byte) error
	edit    func(ctx context.Context, edit *discordgo.WebhookEdit) error
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
	ctx, cancel := context.WithTimeout(base, callbackTimeout)
	defer cancel()
	start := time.Now()
	err := send.edit(ctx, toWebhookEdit(rep))
	b.logSend(ctx, "interaction edit", req, start, err)
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
	ctx, cancel := context.WithTimeout(base, callbackTimeout)
	defer cancel()
	start := time.Now()
	err = send.respond(ctx, body)
	b.logSend(ctx, "interaction callback", req, start, err)
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

func joinLines(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}
