// Package discord is the Discord transport of the guidance bot: slash
// commands, autocomplete, @mentions and DMs, over the gateway
// (RunGateway) or the HTTP interactions endpoint (NewInteractionsHandler).
// It is the only package that imports discordgo: events become plain
// requests, handlers return plain replies, and the edges convert.
package discord

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode"

	"guidance"
)

// handler answers one kind of request. Errors become an apology to the
// user and a log line; they never reach Discord as a failure.
type handler func(ctx context.Context, req request) (reply, error)

type bot struct {
	asker      guidance.Asker
	log        *slog.Logger
	now        func() time.Time
	after      func(time.Duration) <-chan time.Time
	deferAfter time.Duration
	loc        *time.Location
	baseURL    string // makes bare site paths absolute
	hashKey    []byte
	questions  *limiter
	completes  *limiter
	commands   map[string]handler // slash commands and mentions
	completers map[string]handler // autocomplete, by command
	buttons    map[string]handler // button clicks, by action
	buttonKey  []byte             // signs button custom ids
	feedback   func(section string, helpful bool)
	table      sectionTablePtr // the sections buttons name, for the current library
}

const (
	defaultQuestionsPerMinute = 10
	// Autocomplete fires on every keystroke; generous, but still bounded.
	completionsPerMinute = 120
	maxContactsInAnswer  = 2 // phone-sized: the open ones come first
	maxSeeAlso           = 1
	moreResults          = 3 // what "More results" shows
	colourAnswer         = 0x005EB8
	colourEmergency      = 0xB00020

	// footerText closes every answer: the 999 line (guidance.EmergencyText,
	// a constant expression cannot call it) and the privacy reminder.
	footerText      = "If a child is in immediate danger, call 999. Do not share names or details that could identify a child or family."
	exampleMark     = "example — replace before publishing"
	searchFailedMsg = "Sorry — searching the guidance failed just now. Please try again in a moment."
	failedMsg       = "Sorry — something went wrong on our side answering that. Please try again in a moment, or call the consultation line. " + guidance.EmergencyText
)

func newBot(cfg Config, asker guidance.Asker, logger *slog.Logger) (*bot, error) {
	if asker == nil {
		return nil, errors.New("no asker")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	loc := cfg.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("Europe/London"); err != nil {
			return nil, fmt.Errorf("load Europe/London: %w", err)
		}
	}
	key := cfg.UserHashKey
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("user hash key: %w", err)
		}
	}
	perMinute := cfg.QuestionsPerMinute
	if perMinute <= 0 {
		perMinute = defaultQuestionsPerMinute
	}
	b := &bot{
		asker:      asker,
		log:        logger,
		now:        cfg.now,
		after:      cfg.after(),
		deferAfter: cmp.Or(cfg.DeferAfter, defaultDeferAfter),
		loc:        loc,
		baseURL:    strings.TrimRight(cfg.BaseURL, "/"),
		hashKey:    key,
		buttonKey:  buttonKey(cfg),
		feedback:   cfg.Feedback,
		questions:  newLimiter(perMinute, time.Minute),
		completes:  newLimiter(completionsPerMinute, time.Minute),
	}
	b.commands = map[string]handler{
		cmdAsk:      b.ask,
		cmdContacts: b.contacts,
		cmdLink:     b.link,
	}
	b.buttons = b.buttonHandlers()
	b.completers = map[string]handler{
		cmdAsk:      b.completeSection,
		cmdLink:     b.completeSection,
		cmdContacts: b.completeContact,
	}
	return b, nil
}

// handle dispatches one request and always returns something to send.
func (b *bot) handle(ctx context.Context, transport string, req request) (rep reply) {
	start := time.Now()
	outcome := "ok"
	defer func() {
		if v := recover(); v != nil {
			outcome = "panic"
			// The type only: a panic value could quote the question.
			b.log.LogAttrs(ctx, slog.LevelError, "discord handler panic",
				slog.String("command", req.Command),
				slog.String("panic_type", fmt.Sprintf("%T", v)),
				slog.String("stack", string(debug.Stack())))
			rep = apology(req, failedMsg)
		}
		// Autocomplete runs per keystroke: only its failures are worth Info.
		level := slog.LevelInfo
		if req.Kind == kindAutocomplete && outcome == "ok" {
			level = slog.LevelDebug
		}
		b.log.LogAttrs(ctx, level, "discord request",
			slog.String("transport", transport),
			slog.String("kind", req.Kind.String()),
			slog.String("command", req.Command),
			slog.String("user", b.hashUser(req.UserID)),
			slog.String("channel", string(req.Channel)),
			slog.Int("results", rep.Results),
			slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("outcome", outcome))
	}()

	table, limit := b.commands, b.questions
	switch {
	case req.Kind == kindAutocomplete:
		table, limit = b.completers, b.completes
	case req.Kind == kindComponent:
		// A click costs no search worth limiting as a question.
		table, limit = b.buttons, b.completes
	}
	h, ok := table[req.Command]
	if !ok && req.Kind == kindComponent {
		outcome = "forged_button"
		return apology(req, forgedButtonMsg+" "+guidance.EmergencyText)
	}
	if !ok {
		outcome = "unknown_command"
		return apology(req, "I don't know that command. Try /ask, /contacts or /link.")
	}
	// Who to call and a link cost no search: never refused as questions.
	if req.Kind == kindCommand && (req.Command == cmdContacts || req.Command == cmdLink) {
		limit = nil
	}
	if limit != nil && !limit.allow(req.UserID, b.now()) {
		outcome = "rate_limited"
		return apology(req, "You've asked a lot in the last minute — please wait a moment and try again. "+guidance.EmergencyText)
	}
	rep, err := h(ctx, req)
	if err != nil {
		outcome = "error"
		b.log.LogAttrs(ctx, slog.LevelError, "discord handler failed",
			slog.String("command", req.Command),
			slog.String("error", redact(err.Error(), req.Options)))
		// A handler may still have something useful to show (the 999
		// notice, who to call); otherwise apologise.
		if rep.Content == "" && len(rep.Embeds) == 0 {
			return apology(req, failedMsg)
		}
	}
	return rep
}

// apology is a private message (or, for autocomplete, no choices).
func apology(req request, msg string) reply {
	if req.Kind == kindAutocomplete {
		return reply{}
	}
	return reply{Content: msg, Ephemeral: true}
}

// redact removes the user's own words from an error message before logging.
func redact(msg string, options map[string]string) string {
	for _, v := range options {
		if len(v) >= 3 {
			msg = strings.ReplaceAll(msg, v, "[redacted]")
		}
	}
	return msg
}

// buttonKey signs button ids: the configured key, else one derived from
// the bot token (a secret every copy of the bot shares), else from the
// public key, when ids are in effect only checked against the index.
func buttonKey(cfg Config) []byte {
	if len(cfg.ButtonKey) > 0 {
		return cfg.ButtonKey
	}
	sum := sha256.Sum256([]byte("guidance discord buttons\x00" + cfg.BotToken + "\x00" + cfg.PublicKey))
	return sum[:]
}

func (b *bot) hashUser(id string) string {
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, b.hashKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

func (b *bot) ask(ctx context.Context, req request) (reply, error) {
	ephemeral := req.Kind != kindMessage && req.Options[optShare] != "true"
	q := strings.TrimSpace(req.Options[optQuestion])
	if !guidance.HasWord(q) {
		return reply{
			Content:   "Ask me a question in your own words, for example “when should I escalate a disagreement?”. " + footerText,
			Ephemeral: ephemeral,
		}, nil
	}
	ans, err := b.asker.Ask(ctx, guidance.Question{
		Text:   q, // the answerer normalises and bounds it
		UserID: b.hashUser(req.UserID),
		Limit:  1 + maxSeeAlso + moreResults,
	})
	if err != nil {
		// The asker may still have returned the 999 notice and contacts.
		ans.Results = nil
		ans.Notices = append(ans.Notices, guidance.Notice{Kind: guidance.NoticeNoResult, Text: searchFailedMsg})
	}
	rep := b.answerReply(ans)
	rep.Ephemeral = ephemeral
	if holdsPersonalDetails(ans) {
		rep = keepPrivate(rep, req)
	}
	if err != nil {
		return rep, fmt.Errorf("ask: %w", err)
	}
	rep.Buttons = b.answerButtons(ans, rep)
	return rep, nil
}

const (
	sharedPrivatelyMsg  = "Not posted to the channel: your question looks as if it holds personal details, so only you can see this answer."
	mentionPrivatelyMsg = "Your message in the channel looks as if it holds personal details, so I have answered you here, privately. Please delete that message."
	mentionNoDMMsg      = "I have not answered that here: the message looks as if it holds personal details. Please delete it, and ask me with /ask, where only you see the answer."
)

// holdsPersonalDetails reports whether the answerer's detector saw
// personal details in the question.
func holdsPersonalDetails(ans guidance.Answer) bool {
	for _, n := range ans.Notices {
		if n.Kind == guidance.NoticePersonalDetails {
			return true
		}
	}
	return false
}

// keepPrivate makes an answer to a question holding personal details
// private: ephemeral for a slash command (share:true refused, and said
// so), marked Private for a mention, which the gateway sends as a DM.
func keepPrivate(rep reply, req request) reply {
	rep.Private = true
	switch {
	case req.Kind == kindMessage && req.Channel == channelGuild:
		rep.Content = afterEmergency(rep, mentionPrivatelyMsg)
	case req.Kind != kindMessage && !rep.Ephemeral:
		rep.Ephemeral = true
		rep.Content = afterEmergency(rep, sharedPrivatelyMsg)
	}
	return rep
}

// afterEmergency adds a line to a reply's text, after the 999 notice
// when there is one: that always comes first.
func afterEmergency(rep reply, line string) string {
	if rep.Emergency {
		first, rest, _ := strings.Cut(rep.Content, "\n\n")
		return joinLines(joinLines(first, line), rest)
	}
	return joinLines(line, rep.Content)
}

func (b *bot) contacts(ctx context.Context, req request) (reply, error) {
	all := b.asker.Contacts()
	list := all
	if want := strings.TrimSpace(req.Options[optService]); want != "" {
		list = findContacts(all, want)
		if len(list) == 0 {
			return reply{
				Content:   "I don't know that service. Use /contacts on its own to see them all.",
				Ephemeral: true,
			}, nil
		}
	}
	if len(list) == 0 {
		return reply{Content: "No contacts are listed yet.", Ephemeral: true}, nil
	}
	now := b.now()
	return reply{
		Embeds: []embed{{
			Title:       "Who to call",
			Description: "“Open now” is for " + now.In(b.loc).Format("Monday 15:04") + " UK time.",
			Fields:      b.contactFields(list, now, maxFields, false),
			Footer:      footerText,
			Color:       colourAnswer,
		}},
		Ephemeral: true,
		Results:   len(list),
	}, nil
}

// findContacts matches an id (what autocomplete sends), then a name, then
// any contact whose name or id contains the text.
func findContacts(all []guidance.Contact, want string) []guidance.Contact {
	for _, c := range all {
		if c.ID == want || strings.EqualFold(c.Name, want) {
			return []guidance.Contact{c}
		}
	}
	w := foldText(want)
	var out []guidance.Contact
	for _, c := range all {
		if strings.Contains(foldText(c.Name), w) || strings.Contains(foldText(c.ID), w) {
			out = append(out, c)
		}
	}
	return out
}

// foldText lower-cases s and turns punctuation into spaces, so that
// "out of hours" finds "out-of-hours".
func foldText(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func (b *bot) link(ctx context.Context, req request) (reply, error) {
	topic := cut(strings.TrimSpace(req.Options[optTopic]), maxChoiceValue)
	if topic == "" {
		return reply{Content: "Start typing a topic and pick a section from the list.", Ephemeral: true}, nil
	}
	s, ok, err := b.resolveSection(ctx, topic)
	if err != nil {
		return reply{}, fmt.Errorf("link: %w", err)
	}
	if !ok {
		return reply{Content: "No section of the guidance matches that topic. Try /ask with your question.", Ephemeral: true}, nil
	}
	// Private first: a preview, and a button that posts the link alone.
	rep := reply{Content: b.linkText(s.Label, s.URL) + "\n\n" + linkPreviewMsg, Ephemeral: true, Results: 1}
	if t := b.sections(); t != nil {
		if ref, ok := t.byPath[sitePath(s.URL)]; ok {
			rep.Buttons = []button{{Label: "Post to channel", Primary: true,
				CustomID: b.customID(buttonID{action: actionPost, flags: flagLink, version: t.version, tokens: []string{sectionToken(ref.path)}})}}
		}
	}
	return rep, nil
}

const linkPreviewMsg = "Only you can see this. **Post to channel** shares the link (and only the link) with the channel."

// linkText is a section's title and address, as /link posts it.
func (b *bot) linkText(label, u string) string {
	target := b.absURL(u)
	if target == "" {
		target = "`" + u + "`"
	}
	return "**" + escapeMarkdown(label) + "**\n" + target
}

// resolveSection finds the section a /link topic names: the autocomplete
// choice it came from, else the best suggestion, else the best answer.
func (b *bot) resolveSection(ctx context.Context, topic string) (guidance.Suggestion, bool, error) {
	if t := b.sections(); t != nil && strings.HasPrefix(topic, "/") {
		if ref, ok := t.byPath[topic]; ok {
			return guidance.Suggestion{Label: sectionTitle(b.refMatch(ref)), URL: ref.path}, true, nil
		}
	}
	ss, err := b.asker.Suggest(ctx, topic, maxChoices)
	if err != nil {
		return guidance.Suggestion{}, false, err
	}
	candidates := ss
	// A chosen label is "Page – Heading"; suggestions match what is typed
	// from the start of a heading, so look the heading up as well.
	if i := strings.LastIndex(topic, " – "); i >= 0 {
		more, err := b.asker.Suggest(ctx, topic[i+len(" – "):], maxChoices)
		if err != nil {
			return guidance.Suggestion{}, false, err
		}
		candidates = append(candidates[:len(candidates):len(candidates)], more...)
	}
	for _, s := range candidates {
		if strings.EqualFold(strings.TrimSpace(cut(s.Label, maxChoiceValue)), topic) {
			return s, true, nil
		}
	}
	// A few words typed are a heading being looked for; a whole question
	// ("who do I call out of hours") is better answered by search.
	if len(ss) > 0 && len(strings.Fields(topic)) < 4 {
		return ss[0], true, nil
	}
	ans, err := b.asker.Ask(ctx, guidance.Question{Text: topic, Limit: 1})
	if err != nil {
		return guidance.Suggestion{}, false, err
	}
	if len(ans.Results) == 0 {
		if len(ss) > 0 {
			return ss[0], true, nil
		}
		return guidance.Suggestion{}, false, nil
	}
	m := ans.Results[0]
	return guidance.Suggestion{Label: sectionTitle(m), URL: m.URL}, true, nil
}

// completeSection suggests sections: on an empty field the most useful
// (each page's first question, in the home page's order), as the user
// types the headings that match, and for a whole question the sections
// that answer it best. Labels put the section first and the page second.
func (b *bot) completeSection(ctx context.Context, req request) (reply, error) {
	typed := cut(strings.TrimSpace(req.Options[req.Focused]), maxChoiceValue)
	var ss []guidance.Suggestion
	if typed == "" {
		ss = b.usefulSections()
	}
	if typed != "" && len(strings.Fields(typed)) >= 3 {
		ans, err := b.asker.Ask(ctx, guidance.Question{Text: typed, Limit: 5})
		if err == nil {
			for _, m := range ans.Results {
				ss = append(ss, guidance.Suggestion{Label: sectionTitle(m), URL: m.URL})
			}
		}
	}
	if typed != "" || len(ss) == 0 {
		more, err := b.asker.Suggest(ctx, typed, maxChoices)
		if err != nil {
			return reply{}, fmt.Errorf("suggest: %w", err)
		}
		ss = append(ss, more...)
	}
	out := []choice{}
	seen := make(map[string]bool)
	for _, s := range ss {
		name := choiceLabel(s.Label)
		// /ask searches what it is sent, so it gets the words; /link
		// gets the section's address, which it looks up exactly.
		value := cut(name, maxChoiceValue)
		if p := sitePath(s.URL); req.Command == cmdLink && p != "" && len(p) <= maxChoiceValue {
			value = p
		}
		if name == "" || seen[name] || seen[value] {
			continue
		}
		seen[name], seen[value] = true, true
		out = append(out, choice{Name: name, Value: value})
	}
	return reply{Choices: out[:min(len(out), maxChoices)], Results: len(out)}, nil
}

// choiceLabel turns "Page – Section" into "Section · Page", at most 100
// characters: what differs comes first, so the list is easy to scan.
func choiceLabel(label string) string {
	label = strings.TrimSpace(label)
	if page, section, ok := strings.Cut(label, " – "); ok && section != "" {
		label = section + " · " + page
	}
	return truncate(label, maxChoiceName)
}

// usefulSections are each page's first question, pages in the home
// page's order (their weight), for an empty autocomplete field.
func (b *bot) usefulSections() []guidance.Suggestion {
	t := b.sections()
	if t == nil {
		return nil
	}
	pages := slices.Clone(t.lib.Pages)
	slices.SortStableFunc(pages, func(a, b *guidance.Page) int { return a.Weight - b.Weight })
	var out []guidance.Suggestion
	for _, p := range pages {
		for _, s := range p.Sections {
			if s.Level == 2 && s.Anchor != "" {
				out = append(out, guidance.Suggestion{Label: p.Title + " – " + s.Heading, URL: s.URL(p)})
				break
			}
		}
	}
	return out
}

func (b *bot) completeContact(ctx context.Context, req request) (reply, error) {
	want := foldText(req.Options[req.Focused])
	var out []choice
	for _, c := range b.asker.Contacts() {
		if len(out) == maxChoices {
			break
		}
		if want == "" || strings.Contains(foldText(c.Name), want) || strings.Contains(foldText(c.ID), want) {
			out = append(out, choice{Name: c.Name, Value: c.ID})
		}
	}
	return reply{Choices: out, Results: len(out)}, nil
}

// logSend logs a send to Discord; the interaction token is part of the
// callback URL, which net/http and discordgo errors quote, so it is cut out.
func (b *bot) logSend(ctx context.Context, what string, req request, start time.Time, err error) {
	if err == nil {
		b.log.LogAttrs(ctx, slog.LevelDebug, what+" sent", slog.String("command", req.Command),
			slog.Float64("ms", float64(time.Since(start).Microseconds())/1000))
		return
	}
	msg := err.Error()
	if req.token != "" {
		msg = strings.ReplaceAll(msg, req.token, "[token]")
	}
	b.log.LogAttrs(ctx, slog.LevelWarn, what+" failed",
		slog.String("command", req.Command),
		slog.String("user", b.hashUser(req.UserID)),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("error", redact(msg, req.Options)))
}
