package discord

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// kind is what sort of event a request came from.
type kind int

const (
	kindCommand      kind = iota + 1 // a slash command
	kindAutocomplete                 // the user is typing an option
	kindMessage                      // an @mention or a direct message
	kindComponent                    // a button under one of the bot's answers
)

func (k kind) String() string {
	switch k {
	case kindCommand:
		return "command"
	case kindAutocomplete:
		return "autocomplete"
	case kindMessage:
		return "message"
	case kindComponent:
		return "component"
	}
	return "unknown"
}

type channelKind string

const (
	channelGuild channelKind = "guild"
	channelDM    channelKind = "dm"
)

// request is a Discord event as the handlers see it: plain data, so the
// answering logic is tested without discordgo and shared by both transports.
type request struct {
	Kind    kind
	Command string            // "ask", "contacts", "link"; mentions are "ask"
	Options map[string]string // option values as text; booleans are "true"/"false"
	Focused string            // autocomplete: the option being typed
	UserID  string
	GuildID string // "" in direct messages
	Channel channelKind

	token string // the interaction's token: never logged, cut out of errors
}

// postsPublicly reports whether the reply is meant for the channel from
// the start (a "Post to channel" click), so a deferral is public too.
func (r request) postsPublicly() bool { return r.Kind == kindComponent && r.Command == actionPost }

var errUnsupported = errors.New("unsupported interaction")

// requestFromInteraction converts a slash command or autocomplete interaction.
func requestFromInteraction(i *discordgo.Interaction) (request, error) {
	var k kind
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		k = kindCommand
	case discordgo.InteractionApplicationCommandAutocomplete:
		k = kindAutocomplete
	case discordgo.InteractionMessageComponent:
		return requestFromClick(i)
	default:
		return request{}, fmt.Errorf("%w: type %d", errUnsupported, i.Type)
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name == "" {
		return request{}, fmt.Errorf("%w: no command name", errUnsupported)
	}
	req, err := newInteractionRequest(i, k, data.Name, make(map[string]string, len(data.Options)))
	if err != nil {
		return request{}, err
	}
	if data.CommandType == discordgo.MessageApplicationCommand {
		// The target message's text is the question; always private (no
		// share option), whoever wrote the message.
		req.Command = cmdAsk
		if data.Resolved != nil {
			if m := data.Resolved.Messages[data.TargetID]; m != nil {
				req.Options[optQuestion] = stripMentions(m.Content)
			}
		}
		return req, nil
	}
	for _, o := range data.Options {
		if o == nil {
			continue
		}
		req.Options[o.Name] = optionText(o.Value)
		if o.Focused {
			req.Focused = o.Name
		}
	}
	return req, nil
}

// requestFromClick converts a button click: the action dispatches, the
// whole id is checked by the handler.
func requestFromClick(i *discordgo.Interaction) (request, error) {
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok || data.CustomID == "" {
		return request{}, fmt.Errorf("%w: no custom id", errUnsupported)
	}
	return newInteractionRequest(i, kindComponent, actionOf(data.CustomID), map[string]string{optCustomID: data.CustomID})
}

// newInteractionRequest is what every interaction's request shares: where
// it came from and who sent it (an interaction without a user is refused).
func newInteractionRequest(i *discordgo.Interaction, k kind, command string, options map[string]string) (request, error) {
	req := request{Kind: k, Command: command, Options: options, GuildID: i.GuildID, Channel: channelDM, token: i.Token}
	if i.GuildID != "" {
		req.Channel = channelGuild
	}
	req.UserID = interactionUser(i)
	if req.UserID == "" {
		return request{}, fmt.Errorf("%w: no user", errUnsupported)
	}
	return req, nil
}

func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

func optionText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// requestFromMessage converts a message that is meant for the bot: a direct
// message, or a guild message that mentions it. Other messages (and every
// bot's, to avoid loops) give ok false.
func requestFromMessage(m *discordgo.Message, botID string) (req request, ok bool) {
	if m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || botID == "" || m.Author.ID == botID {
		return request{}, false
	}
	ch := channelDM
	if m.GuildID != "" {
		ch = channelGuild
		// The mention must be in the text: a reply to the bot's answer
		// pings it by default ("thanks, that's helpful"), which puts it in
		// Mentions without asking anything.
		if !mentionsUser(m, botID) || !mentionedInText(m.Content, botID) {
			return request{}, false
		}
	}
	return request{
		Kind:    kindMessage,
		Command: cmdAsk,
		Options: map[string]string{
			optQuestion: stripMention(m.Content, botID),
			optShare:    "true", // the user chose to ask where others can see
		},
		UserID:  m.Author.ID,
		GuildID: m.GuildID,
		Channel: ch,
	}, true
}

func mentionsUser(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

func mentionedInText(text, botID string) bool {
	return strings.Contains(text, "<@"+botID+">") || strings.Contains(text, "<@!"+botID+">")
}

// userMention matches any user, role or channel mention token.
var userMention = regexp.MustCompile(`<(?:@[!&]?|#)\d+>`)

// stripMentions removes every mention token from a message's text.
func stripMentions(text string) string {
	return strings.TrimSpace(userMention.ReplaceAllString(text, " "))
}

// stripMention removes the bot's mention tokens; what is left is the question.
func stripMention(text, botID string) string {
	text = strings.ReplaceAll(text, "<@"+botID+">", " ")
	text = strings.ReplaceAll(text, "<@!"+botID+">", " ")
	return strings.TrimSpace(text)
}
