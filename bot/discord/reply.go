package discord

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// reply is what a handler answers, as plain data; toInteractionResponse and
// toMessageSend turn it into discordgo types and apply Discord's limits.
type reply struct {
	Content   string
	Embeds    []embed
	Links     []link   // link buttons under the message
	Buttons   []button // buttons that come back to the bot, after the links
	Ephemeral bool     // interactions only: seen by the asker alone
	Choices   []choice
	Results   int // for logs: sections (or contacts) in the answer
	// Private: the question looks as if it holds personal details, so
	// the answer is never posted where others can see it.
	Private bool
	// Emergency: the text starts with the 999 notice.
	Emergency bool
}

type embed struct {
	Title       string
	URL         string
	Description string
	Fields      []field
	Footer      string
	Color       int
}

type field struct {
	Name, Value string
	Inline      bool
}

type link struct{ Label, URL string }

type choice struct{ Name, Value string }

// Discord's limits, counted in characters (code points).
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000 // all embeds of one message together
	maxButtons     = 5    // per action row; one row is plenty here
	maxButtonLabel = 80
	maxURL         = 512
	maxChoices     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
)

// noMentions stops the bot pinging anyone, whatever text ends up in a reply.
// Parse must be an empty list, not null, for Discord to apply it.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func toInteractionResponse(k kind, r reply) *discordgo.InteractionResponse {
	if k == kindAutocomplete {
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: toChoices(r.Choices)},
		}
	}
	content, embeds, components := r.message()
	data := &discordgo.InteractionResponseData{
		Content:         content,
		Embeds:          embeds,
		Components:      components,
		AllowedMentions: noMentions(),
	}
	if r.Ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: data,
	}
}

// toMessageSend is the reply to a mention or DM, as a reply to that message.
func toMessageSend(r reply, ref *discordgo.MessageReference) *discordgo.MessageSend {
	content, embeds, components := r.message()
	return &discordgo.MessageSend{
		Content:         content,
		Embeds:          embeds,
		Components:      components,
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
}

func toChoices(cs []choice) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(cs), maxChoices))
	for _, c := range cs {
		if len(out) == maxChoices {
			break
		}
		name := truncate(strings.TrimSpace(c.Name), maxChoiceName)
		value := cut(c.Value, maxChoiceValue)
		if name == "" || value == "" {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: value})
	}
	return out
}

func (r reply) message() (string, []*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	content := truncate(r.Content, maxContent)
	budget := maxEmbedTotal
	var embeds []*discordgo.MessageEmbed
	for _, e := range r.Embeds {
		if len(embeds) == maxEmbeds {
			break
		}
		me := &discordgo.MessageEmbed{Color: e.Color, URL: linkURL(e.URL)}
		// Title and footer first: the footer is the privacy reminder and must
		// survive when a long description has to give way.
		me.Title = take(&budget, e.Title, maxEmbedTitle)
		if e.Footer != "" {
			me.Footer = &discordgo.MessageEmbedFooter{Text: take(&budget, e.Footer, maxFooter)}
		}
		me.Description = take(&budget, e.Description, maxEmbedDesc)
		for _, f := range e.Fields {
			if len(me.Fields) == maxFields {
				break
			}
			// Discord rejects empty field names and values.
			name := truncate(orBlank(f.Name), maxFieldName)
			value := truncate(orBlank(f.Value), maxFieldValue)
			n := utf8.RuneCountInString(name) + utf8.RuneCountInString(value)
			if n > budget {
				break
			}
			budget -= n
			me.Fields = append(me.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: f.Inline})
		}
		embeds = append(embeds, me)
	}
	var buttons []discordgo.MessageComponent
	for _, l := range r.Links {
		u := linkURL(l.URL)
		label := truncate(strings.TrimSpace(l.Label), maxButtonLabel)
		if u == "" || label == "" || len(buttons) == maxButtons {
			continue
		}
		buttons = append(buttons, discordgo.Button{Label: label, Style: discordgo.LinkButton, URL: u})
	}
	for _, bt := range r.Buttons {
		label := truncate(strings.TrimSpace(bt.Label), maxButtonLabel)
		if label == "" || bt.CustomID == "" || len(bt.CustomID) > maxCustomID || len(buttons) == maxButtons {
			continue
		}
		style := discordgo.SecondaryButton
		if bt.Primary {
			style = discordgo.PrimaryButton
		}
		buttons = append(buttons, discordgo.Button{Label: label, Style: style, CustomID: bt.CustomID})
	}
	var components []discordgo.MessageComponent
	if len(buttons) > 0 {
		components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
	}
	return content, embeds, components
}

// take truncates s to its limit and to what is left of the embed budget.
func take(budget *int, s string, limit int) string {
	s = truncate(s, min(limit, *budget))
	*budget -= utf8.RuneCountInString(s)
	return s
}

func orBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "\u200b" // zero-width space: Discord's accepted "empty"
	}
	return s
}

// linkURL is u if Discord will accept it as a link (absolute http(s), not
// too long), else "" so the link is left out rather than the reply refused.
func linkURL(u string) string {
	if u == "" || len(u) > maxURL {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return u
}

// truncate shortens s to at most n characters, ending with "…" when it had
// to cut, and never splits a UTF-8 sequence.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if n <= 0 {
		return ""
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimRightFunc(cut(s, n-1), unicode.IsSpace) + "…"
}

// cut keeps the first n characters of s, without an ellipsis.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
