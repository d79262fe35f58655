package main

import (
	"context"
	"fmt"
	"time"

	"guidance/bot/discord"
)

// runRegister bulk-overwrites the slash commands over REST. The gateway does
// this itself at start-up; an HTTP-only deployment (DISCORD_PUBLIC_KEY and
// no gateway) needs it run once, and again whenever the commands change.
func runRegister(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "register", "[--guild ID]")
	guild := fs.String("guild", "", "register to this guild only, which takes effect at once (default DISCORD_GUILD_ID; empty: globally)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("register: unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := botConfig(e, "register", " (and DISCORD_APPLICATION_ID, or it is asked of Discord)")
	if err != nil {
		return err
	}
	if *guild != "" {
		cfg.GuildID = *guild
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n, err := discord.RegisterCommands(ctx, cfg)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	where := "globally"
	if cfg.GuildID != "" {
		where = "to guild " + cfg.GuildID
	}
	fmt.Fprintf(e.stdout, "registered %d commands %s\n", n, where)
	return nil
}

// botConfig is the Discord configuration for a command that needs the
// bot token; without it the command was called wrongly.
func botConfig(e *env, command, hint string) (discord.Config, error) {
	cfg, err := discord.ConfigFromEnv(e.getenv)
	if err != nil {
		return discord.Config{}, fmt.Errorf("%s: %w", command, err)
	}
	if cfg.BotToken == "" {
		return discord.Config{}, usageError{command + ": set DISCORD_BOT_TOKEN" + hint + "; see docs/discord.md"}
	}
	return cfg, nil
}
