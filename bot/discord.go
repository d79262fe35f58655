package main

import (
	"context"
	"fmt"
	"net/http"

	"guidance/bot/discord"
	"guidance/bot/web"
	"guidance/reload"
)

// discordRun is what startDiscord started.
type discordRun struct {
	interactions http.Handler // nil when DISCORD_PUBLIC_KEY is unset
	gateway      bool
	done         chan struct{}
}

func (d discordRun) wait() {
	if d.done != nil {
		<-d.done
	}
}

// startDiscord starts the Discord transports the environment asks for.
// With neither key set it says once how to turn Discord on.
func startDiscord(ctx context.Context, e *env, r *reload.Reloader, metrics *web.Metrics) (discordRun, error) {
	cfg, err := discord.ConfigFromEnv(e.getenv)
	if err != nil {
		return discordRun{}, fmt.Errorf("discord: %w", err)
	}
	cfg.Feedback = metrics.ObserveFeedback
	var run discordRun
	if cfg.PublicKey != "" {
		run.interactions, err = discord.NewInteractionsHandler(cfg, r, e.logger)
		if err != nil {
			return discordRun{}, fmt.Errorf("discord: %w", err)
		}
	}
	run.gateway = cfg.BotToken != ""
	switch {
	case run.interactions != nil && run.gateway:
		r.SetDiscord("interactions endpoint and gateway on")
	case run.interactions != nil:
		r.SetDiscord("interactions endpoint on")
	case run.gateway:
		r.SetDiscord("gateway on")
	default:
		r.SetDiscord("off")
		e.logger.Info("Discord is off: set DISCORD_PUBLIC_KEY for the interactions endpoint and/or DISCORD_BOT_TOKEN for the gateway (see docs/discord.md)")
	}
	if run.gateway {
		run.done = make(chan struct{})
		go func() {
			defer close(run.done)
			if err := discord.RunGateway(ctx, cfg, r, e.logger); err != nil && ctx.Err() == nil {
				// The site and the ask API carry on without Discord.
				e.logger.Error("discord gateway stopped", "err", err.Error())
				r.SetDiscord("gateway stopped: " + err.Error())
			}
		}()
	}
	return run, nil
}
