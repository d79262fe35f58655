package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"guidance/answer"
	"guidance/bot/discord"
	"guidance/index"
)

// buildSnapshot loads, checks and indexes the content.
// Loading and indexing are the process's memory peak: collecting garbage
// more often while they run, and once after, keeps it under 50 MB.
func buildSnapshot(content fs.FS, opts answer.Options, baseURL string, now time.Time) (*snapshot, error) {
	gc := debug.SetGCPercent(40)
	defer func() {
		runtime.GC() // drop the build's garbage before the heap goal is set from it
		debug.SetGCPercent(gc)
	}()
	lib, err := index.Load(content, now)
	if err != nil {
		return nil, err
	}
	idx, err := index.Build(lib, index.Options{BaseURL: baseURL})
	if err != nil {
		return nil, err
	}
	sections := 0
	for _, p := range lib.Pages {
		sections += len(p.Sections)
	}
	return &snapshot{
		asker:    answer.New(lib, idx, opts),
		closer:   idx,
		version:  strconv.Itoa(index.IndexVersion),
		pages:    len(lib.Pages),
		sections: sections,
		loadedAt: now,
	}, nil
}

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
func startDiscord(ctx context.Context, e *env, r *reloader) (discordRun, error) {
	cfg, err := discord.ConfigFromEnv(e.getenv)
	if err != nil {
		return discordRun{}, fmt.Errorf("discord: %w", err)
	}
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
		r.setDiscord("interactions endpoint and gateway on")
	case run.interactions != nil:
		r.setDiscord("interactions endpoint on")
	case run.gateway:
		r.setDiscord("gateway on")
	default:
		r.setDiscord("off")
		e.logger.Info("Discord is off: set DISCORD_PUBLIC_KEY for the interactions endpoint and/or DISCORD_BOT_TOKEN for the gateway (see docs/discord.md)")
	}
	if run.gateway {
		run.done = make(chan struct{})
		go func() {
			defer close(run.done)
			if err := discord.RunGateway(ctx, cfg, r, e.logger); err != nil && ctx.Err() == nil {
				// The site and the ask API carry on without Discord.
				e.logger.Error("discord gateway stopped", "err", err.Error())
				r.setDiscord("gateway stopped: " + err.Error())
			}
		}()
	}
	return run, nil
}
