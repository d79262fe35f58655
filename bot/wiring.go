package main

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"time"
)

// buildSnapshot loads, checks and indexes the content.
func buildSnapshot(content fs.FS, baseURL string, now time.Time) (*snapshot, error) {
	return nil, errors.New("build index: not wired yet")
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
func startDiscord(ctx context.Context, e *env, r *reloader) (discordRun, error) {
	return discordRun{}, nil
}
