package discord

import (
	"github.com/bwmarrin/discordgo"

	"guidance"
)

// Command and option names, shared by the definitions and the handlers.
const (
	cmdAsk      = "ask"
	cmdContacts = "contacts"
	cmdLink     = "link"
	// cmdAskMessage is the message context-menu command: a message's
	// own text, asked privately.
	cmdAskMessage = "Ask the guidance"

	optQuestion = "question"
	optShare    = "share"
	optService  = "service"
	optTopic    = "topic"
	optCustomID = "custom_id" // a button click's id, as an option

	// Button actions, the first part of a button's custom id.
	actionPost = "post"
)

// maxQuestionLen is the longest question Discord lets a user type: what the
// answerer keeps of any question. Longer text can still arrive (mentions,
// forged-but-signed tests); the answerer cuts it.
const maxQuestionLen = guidance.MaxQuestionRunes

// Commands is the one definition of the bot's slash commands, used by the
// gateway at start-up and by `bot register`.
func Commands() []*discordgo.ApplicationCommand {
	// Guild channels and the bot's own DMs; not group DMs, where the bot
	// cannot see who else is reading.
	contexts := []discordgo.InteractionContextType{
		discordgo.InteractionContextGuild,
		discordgo.InteractionContextBotDM,
	}
	installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	one := 1
	return []*discordgo.ApplicationCommand{
		{
			Type:             discordgo.ChatApplicationCommand,
			Name:             cmdAsk,
			Description:      "Ask the safeguarding guidance a question (only you see the answer)",
			Contexts:         &contexts,
			IntegrationTypes: &installs,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optQuestion,
					Description:  "Your question. No names or details that could identify a child or family.",
					Required:     true,
					Autocomplete: true,
					MinLength:    &one,
					MaxLength:    maxQuestionLen,
				},
				{
					Type:        discordgo.ApplicationCommandOptionBoolean,
					Name:        optShare,
					Description: "Post the answer in the channel for everyone (default: only you)",
				},
			},
		},
		{
			Type:             discordgo.ChatApplicationCommand,
			Name:             cmdContacts,
			Description:      "Who to call: services, opening hours and which are open now",
			Contexts:         &contexts,
			IntegrationTypes: &installs,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optService,
					Description:  "One service (leave empty for all)",
					Autocomplete: true,
					MaxLength:    100,
				},
			},
		},
		{
			Type:             discordgo.ChatApplicationCommand,
			Name:             cmdLink,
			Description:      "Post a link to a section of the guidance in this channel",
			Contexts:         &contexts,
			IntegrationTypes: &installs,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optTopic,
					Description:  "Start typing a topic and pick a section",
					Required:     true,
					Autocomplete: true,
					MinLength:    &one,
					MaxLength:    100,
				},
			},
		},
		{
			// Right-click (or long-press) a message → Apps → Ask the guidance.
			Type:             discordgo.MessageApplicationCommand,
			Name:             cmdAskMessage,
			Contexts:         &contexts,
			IntegrationTypes: &installs,
		},
	}
}
