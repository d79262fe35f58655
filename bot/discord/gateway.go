package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"guidance"
)

// gatewayIntents are the least the bot needs: guilds (the gateway expects
// it for guild events), guild messages and DMs for @mentions and direct
// questions. No privileged intent: Discord still delivers the text of
// messages that mention the bot and of DMs.
const gatewayIntents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

const (
	registerTimeout = 30 * time.Second
	// An interaction's first response must reach Discord within 3 s of
	// the event; past that the token is useless, so stop trying.
	callbackTimeout = 3 * time.Second
	messageTimeout  = 10 * time.Second
)

// RunGateway connects to Discord with cfg.BotToken, registers the slash
// commands (globally, or to cfg.GuildID; shard 0 only), answers
// interactions, @mentions and DMs, and returns nil once ctx is cancelled
// and in-flight answers are sent.
func RunGateway(ctx context.Context, cfg Config, asker guidance.Asker, logger *slog.Logger) error {
	if cfg.BotToken == "" {
		return errors.New("run gateway: DISCORD_BOT_TOKEN is not set")
	}
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("run gateway: %w", err)
	}
	b, err := newBot(cfg, asker, logger)
	if err != nil {
		return fmt.Errorf("run gateway: %w", err)
	}
	s, err := newSession(cfg)
	if err != nil {
		return fmt.Errorf("run gateway: %w", err)
	}
	s.Identify.Intents = gatewayIntents
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}

	// Shard 0 registers for all. A failure is logged, not fatal: commands
	// registered before stay in place, and answering matters more.
	if cfg.ShardID == 0 {
		rctx, cancel := context.WithTimeout(ctx, registerTimeout)
		appID, n, err := registerCommands(rctx, s, cfg)
		cancel()
		if err != nil {
			b.log.LogAttrs(ctx, slog.LevelError, "discord commands not registered", slog.String("error", err.Error()))
		} else {
			b.log.LogAttrs(ctx, slog.LevelInfo, "discord commands registered",
				slog.String("application", appID), slog.String("guild", cfg.GuildID), slog.Int("commands", n))
		}
	}

	if ctx.Err() != nil {
		return nil
	}

	state := cfg.state()
	g := &gateway{bot: b, base: context.WithoutCancel(ctx)}
	s.AddHandler(g.onReady)
	s.AddHandler(g.onInteraction)
	s.AddHandler(g.onMessage)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		// discordgo reconnects by itself; a disconnect we did not ask for
		// is worth a warning.
		if ctx.Err() == nil {
			b.log.LogAttrs(g.base, slog.LevelWarn, "discord gateway disconnected")
			state("reconnecting")
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { state("open") })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { state("open") })

	// Answers already being written reach Discord before RunGateway
	// returns (their own deadlines bound this), on every way out: an
	// interaction can arrive while the session is still opening, and ctx
	// end then.
	drain := func() {
		dctx, cancel := context.WithTimeout(g.base, gatewayDrainTimeout)
		defer cancel()
		if n, err := g.inflight.shutdown(dctx); err != nil {
			b.log.LogAttrs(g.base, slog.LevelWarn, "discord answers not sent at shutdown", slog.Int("answers", n))
		}
	}

	// A failed connection is retried with backoff until ctx ends: the
	// site and the API carry on meanwhile, and /readyz says so.
	wait := minGatewayBackoff
	for attempt := 1; ; attempt++ {
		state("connecting")
		err := openSession(ctx, s)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			drain()
			return nil
		}
		b.log.LogAttrs(ctx, slog.LevelWarn, "discord gateway did not open",
			slog.Int("attempt", attempt), slog.Float64("retry_in_s", wait.Seconds()), slog.String("error", err.Error()))
		state(fmt.Sprintf("not connected (attempt %d failed, retrying in %s): %v", attempt, wait, err))
		select {
		case <-ctx.Done():
			drain()
			return nil
		case <-b.after(wait):
		}
		wait = min(2*wait, maxGatewayBackoff)
	}
	state("open")
	b.log.LogAttrs(ctx, slog.LevelInfo, "discord gateway open",
		slog.Int("shard", cfg.ShardID), slog.Int("shards", max(cfg.ShardCount, 1)))

	<-ctx.Done()
	// Close the socket first so no new events arrive, then drain.
	err = s.Close()
	state("closed")
	drain()
	b.log.LogAttrs(g.base, slog.LevelInfo, "discord gateway closed")
	if err != nil {
		return fmt.Errorf("close gateway: %w", err)
	}
	return nil
}

const (
	minGatewayBackoff = time.Second
	maxGatewayBackoff = time.Minute
	// gatewayDrainTimeout bounds the wait at shutdown for answers in
	// flight, deferred ones included: inside the 15 s `bot serve` gives
	// its gateway process before killing it.
	gatewayDrainTimeout = 12 * time.Second
)

// openSession opens the websocket; Open has no context, so when ctx ends
// first whatever it manages to open is closed.
func openSession(ctx context.Context, s *discordgo.Session) error {
	opened := make(chan error, 1)
	go func() { opened <- s.Open() }()
	select {
	case err := <-opened:
		if err != nil {
			return fmt.Errorf("open gateway: %w", err)
		}
		return nil
	case <-ctx.Done():
		go func() {
			if <-opened == nil {
				s.Close()
			}
		}()
		return ctx.Err()
	}
}

// RegisterCommands bulk-overwrites the slash commands with Commands(),
// globally or to cfg.GuildID, over REST; `bot register` uses it for
// HTTP-only deployments. It returns how many commands Discord now has.
func RegisterCommands(ctx context.Context, cfg Config) (int, error) {
	if cfg.BotToken == "" {
		return 0, errors.New("register commands: DISCORD_BOT_TOKEN is not set")
	}
	if err := cfg.validate(); err != nil {
		return 0, fmt.Errorf("register commands: %w", err)
	}
	s, err := newSession(cfg)
	if err != nil {
		return 0, fmt.Errorf("register commands: %w", err)
	}
	_, n, err := registerCommands(ctx, s, cfg)
	return n, err
}

func registerCommands(ctx context.Context, s *discordgo.Session, cfg Config) (appID string, n int, err error) {
	appID = cfg.ApplicationID
	if appID == "" {
		if appID, err = applicationID(ctx, s); err != nil {
			return "", 0, fmt.Errorf("register commands: %w", err)
		}
	}
	created, err := s.ApplicationCommandBulkOverwrite(appID, cfg.GuildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return appID, 0, fmt.Errorf("register commands: %w", err)
	}
	return appID, len(created), nil
}

// applicationID asks Discord which application the bot token belongs to.
func applicationID(ctx context.Context, s *discordgo.Session) (string, error) {
	endpoint := discordgo.EndpointOAuth2Application("@me")
	body, err := s.RequestWithBucketID(http.MethodGet, endpoint, nil, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("application id: %w", err)
	}
	var app discordgo.Application
	if err := json.Unmarshal(body, &app); err != nil || app.ID == "" {
		return "", errors.New("application id: Discord's answer has no id; set DISCORD_APPLICATION_ID")
	}
	return app.ID, nil
}

func newSession(cfg Config) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + strings.TrimPrefix(cfg.BotToken, "Bot "))
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	client := *cfg.httpClient() // a copy: the caller's client stays as it was
	if cfg.APIURL != "" {
		next := client.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		target, err := url.Parse(cfg.APIURL)
		if err != nil {
			return nil, fmt.Errorf("new session: %w", err)
		}
		client.Transport = apiOverride{target: target, next: next}
	}
	if cfg.GatewayURL != "" {
		next := client.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		client.Transport = gatewayOverride{url: cfg.GatewayURL, next: next}
	}
	s.Client = &client
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 10 * time.Second}
	s.StateEnabled = false // no guild caches: the bot only answers
	// Below LogError: discordgo's own printf logging is off; what matters
	// is logged as JSON through our logger instead.
	s.LogLevel = discordgo.LogError - 1
	return s, nil
}

// gatewayOverride answers discordgo's "which gateway?" request with a fixed
// URL, so a proxy or a test gateway is used without touching discordgo's
// package-level endpoints.
type gatewayOverride struct {
	url  string
	next http.RoundTripper
}

func (g gatewayOverride) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && (strings.HasSuffix(r.URL.Path, "/gateway") || strings.HasSuffix(r.URL.Path, "/gateway/bot")) {
		if r.Body != nil {
			r.Body.Close()
		}
		body, err := json.Marshal(map[string]string{"url": g.url})
		if err != nil {
			return nil, err
		}
		return &http.Response{
			Status:        "200 OK",
			StatusCode:    http.StatusOK,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        http.Header{"Content-Type": {"application/json"}},
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
			Request:       r,
		}, nil
	}
	return g.next.RoundTrip(r)
}

// apiOverride sends what discordgo addresses to discord.com elsewhere,
// leaving discordgo's package-level endpoints alone.
type apiOverride struct {
	target *url.URL
	next   http.RoundTripper
}

func (a apiOverride) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return a.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = a.target.Scheme, a.target.Host, ""
	r.URL.Path = strings.TrimSuffix(a.target.Path, "/") + r.URL.Path
	return a.next.RoundTrip(r)
}

type gateway struct {
	bot      *bot
	base     context.Context // not cancelled at shutdown: in-flight answers finish
	inflight inflight
}

func (g *gateway) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	g.bot.log.LogAttrs(g.base, slog.LevelInfo, "discord gateway ready", slog.Int("guilds", len(r.Guilds)))
}

// selfID is the bot's user id from READY. discordgo stores READY before it
// dispatches later events (even with state tracking off), whereas our own
// READY handler runs concurrently with them and may not have run yet.
func selfID(s *discordgo.Session) string {
	if s.State == nil {
		return ""
	}
	s.State.RLock()
	defer s.State.RUnlock()
	if s.State.User == nil {
		return ""
	}
	return s.State.User.ID
}

func (g *gateway) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil || !g.inflight.start() {
		return
	}
	defer g.inflight.done()
	req, err := requestFromInteraction(ic.Interaction)
	if err != nil {
		g.bot.log.LogAttrs(g.base, slog.LevelDebug, "interaction ignored", slog.String("reason", err.Error()))
		return
	}
	g.bot.answerInteraction(g.base, "gateway", req, restSender(s, ic.Interaction))
}

// restSender answers an interaction over REST: the callback, then the
// edit of the original response or a follow-up. discordgo's own 429
// retry is off: it would wait however long Discord asks, past the 3 s;
// withRetry waits only when that fits.
func restSender(s *discordgo.Session, i *discordgo.Interaction) interactionSender {
	return interactionSender{
		respond: func(ctx context.Context, body []byte) error {
			endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
			_, err := s.RequestRaw(http.MethodPost, endpoint, "application/json", body, endpoint, 0,
				discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
			return err
		},
		edit: func(ctx context.Context, edit *discordgo.WebhookEdit) error {
			_, err := s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
			return err
		},
		followup: func(ctx context.Context, msg *discordgo.WebhookParams) error {
			_, err := s.FollowupMessageCreate(i, true, msg, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
			return err
		},
	}
}

func (g *gateway) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	id := selfID(s)
	if m.Message == nil || id == "" || !g.inflight.start() {
		return
	}
	defer g.inflight.done()
	req, ok := requestFromMessage(m.Message, id)
	if !ok {
		return
	}
	rep := g.answer(req)

	start := time.Now()
	ctx, cancel := context.WithTimeout(g.base, messageTimeout)
	defer cancel()
	if rep.Private && req.Channel == channelGuild {
		g.replyPrivately(ctx, s, m.Message, req, rep)
		return
	}
	noFail := false // the question may be deleted meanwhile; answer anyway
	send := toMessageSend(rep, &discordgo.MessageReference{
		MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail,
	})
	err := g.sendMessage(ctx, s, m.ChannelID, send)
	g.bot.logSend(ctx, "message reply", req, start, err)
}

// replyPrivately answers a mention holding personal details by DM. When
// the user takes no DMs, the channel gets a short notice that quotes
// nothing and does not reply to the message (a reply would show it again).
func (g *gateway) replyPrivately(ctx context.Context, s *discordgo.Session, m *discordgo.Message, req request, rep reply) {
	start := time.Now()
	dm, err := s.UserChannelCreate(m.Author.ID, discordgo.WithContext(ctx))
	if err == nil {
		err = g.sendMessage(ctx, s, dm.ID, toMessageSend(rep, nil))
	}
	g.bot.logSend(ctx, "private reply", req, start, err)
	if err == nil {
		return
	}
	notice := reply{Content: mentionNoDMMsg + " " + guidance.EmergencyText}
	if rep.Emergency {
		notice.Content = "**" + guidance.EmergencyText + "** " + mentionNoDMMsg
	}
	err = g.sendMessage(ctx, s, m.ChannelID, toMessageSend(notice, nil))
	g.bot.logSend(ctx, "private reply notice", req, start, err)
}

// sendMessage posts a message; a 429 is retried once after its
// Retry-After when that fits (at most maxRetryWait, and within ctx).
func (g *gateway) sendMessage(ctx context.Context, s *discordgo.Session, channelID string, send *discordgo.MessageSend) error {
	return g.bot.withRetry(ctx, func(ctx context.Context) error {
		_, err := s.ChannelMessageSendComplex(channelID, send, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		return err
	})
}

// answer runs the handlers within their deadline.
func (g *gateway) answer(req request) reply {
	ctx, cancel := context.WithTimeout(g.base, handleTimeout)
	defer cancel()
	return g.bot.handle(ctx, "gateway", req)
}

// inflight counts handlers running, so shutdown can wait for them without
// racing new ones in.
type inflight struct {
	mu     sync.Mutex
	closed bool
	n      int
	wg     sync.WaitGroup
}

func (f *inflight) start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.n++
	f.wg.Add(1)
	return true
}

func (f *inflight) done() {
	f.mu.Lock()
	f.n--
	f.mu.Unlock()
	f.wg.Done()
}

// shutdown lets no more start and waits for those running until ctx ends;
// it returns how many were still running then.
func (f *inflight) shutdown(ctx context.Context) (int, error) {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	finished := make(chan struct{})
	go func() {
		f.wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return 0, nil
	case <-ctx.Done():
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.n == 0 { // finished just as ctx ended
			return 0, nil
		}
		return f.n, ctx.Err()
	}
}
