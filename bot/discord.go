package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"guidance/bot/discord"
	"guidance/bot/web"
	"guidance/reload"
)

// discordRun is what startDiscord started.
type discordRun struct {
	interactions http.Handler // nil when DISCORD_PUBLIC_KEY is unset
	endpoint     *discord.InteractionsHandler
	gateway      bool
	done         chan struct{}
}

// drain waits, until ctx ends, for the answers the interactions endpoint
// deferred: they are sent after their requests have ended.
func (d discordRun) drain(ctx context.Context) error {
	if d.endpoint == nil {
		return nil
	}
	return d.endpoint.Shutdown(ctx)
}

func (d discordRun) wait() {
	if d.done != nil {
		<-d.done
	}
}

// discordStatus is the "discord" line of /readyz: each transport's own
// state, the gateway's as its process reports it.
type discordStatus struct {
	mu           sync.Mutex
	interactions bool
	gateway      string // "" when the gateway is off
	set          func(string)
}

func (d *discordStatus) setGateway(state string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gateway = state
	d.set(d.text())
}

func (d *discordStatus) text() string {
	var parts []string
	if d.interactions {
		parts = append(parts, "interactions endpoint on")
	}
	if d.gateway != "" {
		parts = append(parts, "gateway "+d.gateway)
	}
	if len(parts) == 0 {
		return "off"
	}
	return strings.Join(parts, "; ")
}

// startDiscord starts the Discord transports the environment asks for:
// the interactions endpoint in this process, the gateway as a supervised
// child process (`bot gateway`), restarted with backoff when it dies.
// With neither key set it says once how to turn Discord on.
func startDiscord(ctx context.Context, e *env, r *reload.Reloader, metrics *web.Metrics, child []string) (discordRun, error) {
	cfg, err := discord.ConfigFromEnv(e.getenv)
	if err != nil {
		return discordRun{}, fmt.Errorf("discord: %w", err)
	}
	cfg.Feedback = metrics.ObserveFeedback
	var run discordRun
	if cfg.PublicKey != "" {
		run.endpoint, err = discord.NewInteractionsHandler(cfg, r, e.logger)
		if err != nil {
			return discordRun{}, fmt.Errorf("discord: %w", err)
		}
		run.interactions = run.endpoint
	}
	run.gateway = cfg.BotToken != ""
	status := &discordStatus{interactions: run.interactions != nil, set: r.SetDiscord}
	if !run.gateway {
		status.setGateway("")
		if run.interactions == nil {
			e.logger.Info("Discord is off: set DISCORD_PUBLIC_KEY for the interactions endpoint and/or DISCORD_BOT_TOKEN for the gateway (see docs/discord.md)")
		}
		return run, nil
	}
	exe, err := e.executable()
	if err != nil {
		return discordRun{}, fmt.Errorf("discord: the gateway runs as `bot gateway`: %w", err)
	}
	status.setGateway("starting")
	run.done = make(chan struct{})
	go func() {
		defer close(run.done)
		superviseGateway(ctx, e, gatewayChild{exe: exe, args: child, env: childEnv(e.getenv)}, status.setGateway)
	}()
	return run, nil
}
