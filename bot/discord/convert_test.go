package discord

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

func TestRequestFromInteraction(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    request
		wantErr bool
	}{
		{
			name: "guild slash command",
			json: `{"type":2,"guild_id":"9","member":{"user":{"id":"42"}},"data":{"name":"ask","options":[{"name":"question","type":3,"value":"hi"},{"name":"share","type":5,"value":true}]}}`,
			want: request{Kind: kindCommand, Command: "ask", Options: map[string]string{"question": "hi", "share": "true"},
				UserID: "42", GuildID: "9", Channel: channelGuild},
		},
		{
			name: "DM autocomplete",
			json: `{"type":4,"user":{"id":"7"},"data":{"name":"link","options":[{"name":"topic","type":3,"value":"esc","focused":true}]}}`,
			want: request{Kind: kindAutocomplete, Command: "link", Options: map[string]string{"topic": "esc"},
				Focused: "topic", UserID: "7", Channel: channelDM},
		},
		{
			name: "button click",
			json: `{"type":3,"token":"t","guild_id":"9","member":{"user":{"id":"42"}},"data":{"custom_id":"g1:more::v:a:mac","component_type":2}}`,
			want: request{Kind: kindComponent, Command: actionMore, Options: map[string]string{optCustomID: "g1:more::v:a:mac"},
				UserID: "42", GuildID: "9", Channel: channelGuild, token: "t"},
		},
		{name: "button click without an id", json: `{"type":3,"user":{"id":"7"},"data":{"custom_id":""}}`, wantErr: true},
		{
			name: "message command: the message's text, privately",
			json: `{"type":2,"token":"t","guild_id":"9","member":{"user":{"id":"42"}},"data":{"name":"Ask the guidance","type":3,"target_id":"55",` +
				`"resolved":{"messages":{"55":{"id":"55","content":"<@7> is this neglect? <@&8>","author":{"id":"7"}}}}}}`,
			want: request{Kind: kindCommand, Command: cmdAsk, Options: map[string]string{optQuestion: "is this neglect?"},
				UserID: "42", GuildID: "9", Channel: channelGuild, token: "t"},
		},
		{name: "no user", json: `{"type":2,"data":{"name":"ask"}}`, wantErr: true},
		{name: "no command", json: `{"type":2,"user":{"id":"7"},"data":null}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var i discordgo.Interaction
			if err := json.Unmarshal([]byte(tt.json), &i); err != nil {
				t.Fatal(err)
			}
			got, err := requestFromInteraction(&i)
			if tt.wantErr {
				if !errors.Is(err, errUnsupported) {
					t.Errorf("err = %v, want errUnsupported", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("request = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRequestFromMessage(t *testing.T) {
	const botID = "100"
	bot := &discordgo.User{ID: botID, Bot: true}
	user := &discordgo.User{ID: "42"}
	tests := []struct {
		name   string
		msg    *discordgo.Message
		wantOK bool
		wantQ  string
		wantCh channelKind
	}{
		{"mention in a channel", &discordgo.Message{GuildID: "9", Author: user, Mentions: []*discordgo.User{bot}, Content: "<@100> what is neglect?"}, true, "what is neglect?", channelGuild},
		{"nickname mention form", &discordgo.Message{GuildID: "9", Author: user, Mentions: []*discordgo.User{bot}, Content: "hey <@!100>  escalation"}, true, "hey    escalation", channelGuild},
		{"direct message", &discordgo.Message{Author: user, Content: "what is GCP2"}, true, "what is GCP2", channelDM},
		{"channel message without mention", &discordgo.Message{GuildID: "9", Author: user, Content: "what is neglect?"}, false, "", ""},
		{"@everyone is not a mention of the bot", &discordgo.Message{GuildID: "9", Author: user, MentionEveryone: true, Content: "@everyone hi"}, false, "", ""},
		{"another bot", &discordgo.Message{Author: &discordgo.User{ID: "5", Bot: true}, Content: "hi"}, false, "", ""},
		{"the bot itself", &discordgo.Message{Author: &discordgo.User{ID: botID}, Content: "hi"}, false, "", ""},
		{"a webhook", &discordgo.Message{Author: user, WebhookID: "3", Content: "hi"}, false, "", ""},
		{"a reply to the bot's answer pings it, but asks nothing", &discordgo.Message{GuildID: "9", Author: user, Mentions: []*discordgo.User{bot},
			Content: "thanks, that's helpful", Type: discordgo.MessageTypeReply,
			ReferencedMessage: &discordgo.Message{ID: "3001", Author: bot}}, false, "", ""},
		{"a reply that mentions the bot is a question", &discordgo.Message{GuildID: "9", Author: user, Mentions: []*discordgo.User{bot},
			Content: "<@100> and what about neglect?", Type: discordgo.MessageTypeReply,
			ReferencedMessage: &discordgo.Message{ID: "3001", Author: bot}}, true, "and what about neglect?", channelGuild},
		{"a role mention is not the bot's (mention the bot itself)", &discordgo.Message{GuildID: "9", Author: user, MentionRoles: []string{"77"},
			Content: "<@&77> what is neglect?"}, false, "", ""},
		{"a reply in a DM is still a question", &discordgo.Message{Author: user, Content: "and thresholds?", Type: discordgo.MessageTypeReply,
			ReferencedMessage: &discordgo.Message{ID: "3001", Author: bot}}, true, "and thresholds?", channelDM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := requestFromMessage(tt.msg, botID)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				return
			}
			if got.Options[optQuestion] != tt.wantQ || got.Channel != tt.wantCh || got.Kind != kindMessage || got.Command != cmdAsk || got.UserID != "42" {
				t.Errorf("request = %+v, want question %q in %s", got, tt.wantQ, tt.wantCh)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"one two three", 8, "one two…"},
		{"one two three", 9, "one two…"}, // the space before the cut goes
		{"ééééé", 3, "éé…"},
		{"👩‍⚕️👩‍⚕️👩‍⚕️", 4, "👩‍⚕…"},
		{"abc", 0, ""},
		{"ab\xffcd", 10, "ab\uFFFDcd"},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("truncate(%q, %d) = %q: invalid or too long", tt.in, tt.n, got)
		}
	}
}

func TestMessageKeepsWithinDiscordLimits(t *testing.T) {
	huge := strings.Repeat("ű", 10000)
	var fields []field
	for range 40 {
		fields = append(fields, field{Name: huge, Value: huge})
	}
	fields = append(fields, field{Name: "", Value: " "})
	r := reply{
		Content: huge,
		Embeds:  []embed{{Title: huge, Description: huge, Fields: fields, Footer: footerText, URL: "javascript:alert(1)"}},
		Links: []link{
			{Label: huge, URL: testSite + "/ok/"},
			{Label: "relative", URL: "/relative/"},
			{Label: "too long", URL: testSite + "/" + strings.Repeat("a", 600)},
		},
	}
	content, embeds, components := r.message()
	if n := utf8.RuneCountInString(content); n != maxContent {
		t.Errorf("content has %d characters, want %d", n, maxContent)
	}
	e := embeds[0]
	total := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description) + utf8.RuneCountInString(e.Footer.Text)
	for _, f := range e.Fields {
		if n := utf8.RuneCountInString(f.Value); n > maxFieldValue {
			t.Errorf("field value has %d characters, want ≤ %d", n, maxFieldValue)
		}
		total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if utf8.RuneCountInString(e.Title) > maxEmbedTitle || utf8.RuneCountInString(e.Description) > maxEmbedDesc {
		t.Errorf("title %d / description %d characters: over the limit", utf8.RuneCountInString(e.Title), utf8.RuneCountInString(e.Description))
	}
	if total > maxEmbedTotal {
		t.Errorf("embed has %d characters, want ≤ %d", total, maxEmbedTotal)
	}
	if e.Footer.Text != footerText {
		t.Errorf("footer = %q, want it kept whole", e.Footer.Text)
	}
	if e.URL != "" {
		t.Errorf("embed URL = %q, want a non-http URL dropped", e.URL)
	}
	row := components[0].(discordgo.ActionsRow)
	if len(row.Components) != 1 {
		t.Fatalf("buttons = %d, want only the absolute, short URL", len(row.Components))
	}
	if b := row.Components[0].(discordgo.Button); utf8.RuneCountInString(b.Label) > maxButtonLabel || b.Style != discordgo.LinkButton {
		t.Errorf("button = %+v", b)
	}

	small := reply{Embeds: []embed{{Title: "t", Fields: []field{{Name: "", Value: ""}}}}}
	_, embeds, _ = small.message()
	if f := embeds[0].Fields[0]; f.Name == "" || f.Value == "" {
		t.Errorf("empty field = %+v, want placeholders Discord accepts", f)
	}
}

func TestEveryReplyBlocksMentions(t *testing.T) {
	r := reply{Content: "@everyone <@&1> <@2>", Ephemeral: true}
	for name, v := range map[string]any{
		"interaction": toInteractionResponse(kindCommand, r),
		"message":     toMessageSend(r, &discordgo.MessageReference{MessageID: "1"}),
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("%s JSON = %s, want allowed_mentions.parse = []", name, b)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	key := strings.Repeat("ab", 32)
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr string
	}{
		{"nothing set", nil, Config{}, ""},
		{"everything", map[string]string{
			"DISCORD_BOT_TOKEN": "Bot abc.def", "DISCORD_PUBLIC_KEY": key, "DISCORD_APPLICATION_ID": "123",
			"DISCORD_GUILD_ID": "456", "SHARD_ID": "1", "SHARD_COUNT": "4", "BASE_URL": "https://g.example.org/",
		}, Config{BotToken: "abc.def", PublicKey: key, ApplicationID: "123", GuildID: "456", ShardID: 1, ShardCount: 4, BaseURL: "https://g.example.org"}, ""},
		{"short key", map[string]string{"DISCORD_PUBLIC_KEY": "abcd"}, Config{}, "DISCORD_PUBLIC_KEY"},
		{"shard out of range", map[string]string{"SHARD_ID": "4", "SHARD_COUNT": "4"}, Config{}, "SHARD_ID=4"},
		{"shard not a number", map[string]string{"SHARD_COUNT": "two"}, Config{}, `SHARD_COUNT="two"`},
		{"guild not an id", map[string]string{"DISCORD_GUILD_ID": "my-server"}, Config{}, "DISCORD_GUILD_ID"},
		{"relative site", map[string]string{"BASE_URL": "guidance.local"}, Config{}, "BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want it to mention %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("config = %+v, want %+v", got, tt.want)
			}
		})
	}
}
