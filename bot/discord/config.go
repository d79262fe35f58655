package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the Discord transports need. ConfigFromEnv fills it
// from the environment; tests fill it directly.
type Config struct {
	BotToken      string // DISCORD_BOT_TOKEN: the gateway and command registration
	PublicKey     string // DISCORD_PUBLIC_KEY: hex Ed25519 key Discord signs interactions with
	ApplicationID string // DISCORD_APPLICATION_ID; asked of Discord when empty
	GuildID       string // DISCORD_GUILD_ID: register commands to one guild (instant) rather than globally
	ShardID       int    // SHARD_ID
	ShardCount    int    // SHARD_COUNT; 0 or 1 means one shard
	BaseURL       string // BASE_URL: the site's URL, for links when answers carry bare site paths

	// QuestionsPerMinute is each user's limit; 0 means 10.
	QuestionsPerMinute int

	// HTTPClient makes every REST call; nil means a client with a timeout.
	HTTPClient *http.Client
	// APIURL, when set (DISCORD_API_URL), receives the REST calls meant
	// for https://discord.com: a proxy, or a fake Discord in tests.
	APIURL string
	// GatewayURL (DISCORD_GATEWAY_URL), when set, is dialled instead of the URL Discord returns
	// from GET /gateway (a gateway proxy, or a fake in tests).
	GatewayURL string

	// ButtonKey signs buttons' custom ids; empty derives one from the bot
	// token (and public key), which every copy of the bot shares.
	ButtonKey []byte
	// Feedback counts a "Helpful" / "Not helpful" click on a section
	// (its site path); nil counts nothing. Never given any question.
	Feedback func(section string, helpful bool)

	// State, when set, hears the gateway's state as it changes:
	// "connecting", "open", "reconnecting", "not connected (…)", "closed".
	State func(string)

	// DeferAfter is how long an interaction's answer may take before a
	// deferred response is sent and the answer follows as an edit; 0 means 1 s.
	DeferAfter time.Duration
	// After makes the defer timer; nil means time.After (tests pass a channel).
	After func(time.Duration) <-chan time.Time

	// Now and Location default to time.Now and Europe/London.
	Now      func() time.Time
	Location *time.Location
	// UserHashKey keys the user-id hash in logs; random per process when empty.
	UserHashKey []byte
}

// ConfigFromEnv reads the Discord settings. Everything is optional here:
// the caller decides which transports to start from what is set.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	cfg := Config{
		BotToken:      strings.TrimPrefix(get("DISCORD_BOT_TOKEN"), "Bot "),
		PublicKey:     get("DISCORD_PUBLIC_KEY"),
		ApplicationID: get("DISCORD_APPLICATION_ID"),
		GuildID:       get("DISCORD_GUILD_ID"),
		BaseURL:       strings.TrimRight(get("BASE_URL"), "/"),
		APIURL:        strings.TrimRight(get("DISCORD_API_URL"), "/"),
		GatewayURL:    get("DISCORD_GATEWAY_URL"),
	}
	if k := get("DISCORD_BUTTON_KEY"); k != "" {
		cfg.ButtonKey = []byte(k)
	}
	var errs []error
	for _, v := range []struct {
		name string
		dst  *int
	}{{"SHARD_ID", &cfg.ShardID}, {"SHARD_COUNT", &cfg.ShardCount}} {
		s := get(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a whole number", v.name, s))
			continue
		}
		*v.dst = n
	}
	errs = append(errs, cfg.validate())
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("discord config: %w", err)
	}
	return cfg, nil
}

// validate checks what is set; it does not require anything to be set.
func (c Config) validate() error {
	var errs []error
	if c.PublicKey != "" {
		if _, err := parsePublicKey(c.PublicKey); err != nil {
			errs = append(errs, err)
		}
	}
	for _, v := range []struct{ name, value string }{
		{"DISCORD_APPLICATION_ID", c.ApplicationID},
		{"DISCORD_GUILD_ID", c.GuildID},
	} {
		if v.value != "" && !isSnowflake(v.value) {
			errs = append(errs, fmt.Errorf("%s=%q: want the numeric id Discord shows", v.name, v.value))
		}
	}
	if c.ShardCount > 1 && (c.ShardID < 0 || c.ShardID >= c.ShardCount) {
		errs = append(errs, fmt.Errorf("SHARD_ID=%d: want 0 to SHARD_COUNT-1 (%d)", c.ShardID, c.ShardCount-1))
	}
	if c.ShardCount <= 1 && c.ShardID != 0 {
		errs = append(errs, fmt.Errorf("SHARD_ID=%d needs SHARD_COUNT greater than it", c.ShardID))
	}
	if c.APIURL != "" {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("DISCORD_API_URL=%q: want an absolute http(s) URL", c.APIURL))
		}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("BASE_URL=%q: want an absolute http(s) URL", c.BaseURL))
		}
	}
	return errors.Join(errs...)
}

func parsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("DISCORD_PUBLIC_KEY: want the 64 hex characters shown as the application's public key")
	}
	return ed25519.PublicKey(b), nil
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c Config) state() func(string) {
	if c.State != nil {
		return c.State
	}
	return func(string) {}
}

func (c Config) after() func(time.Duration) <-chan time.Time {
	if c.After != nil {
		return c.After
	}
	return time.After
}

func (c Config) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return &http.Client{Timeout: 20 * time.Second}
}
