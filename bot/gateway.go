package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"guidance/answer"
	"guidance/bot/discord"
	"guidance/reload"
)

// gatewayStatePrefix starts the lines `bot gateway` writes to stdout for
// the `bot serve` that supervises it: "gateway-state open".
const gatewayStatePrefix = "gateway-state "

// runGateway is `bot gateway`: the Discord gateway alone, answering from
// its own copy of the index. `bot serve` runs it as a child process, so a
// crash inside discordgo (issue #1702: a reconnect race panics in a
// goroutine nothing can recover) restarts the gateway, not the site and
// the API. It reports its state on stdout, one line per change.
func runGateway(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "gateway", "[--content DIR] [--base-url URL]")
	dir := fs.String("content", "", "content directory (default $CONTENT_DIR or ./content)")
	baseURL := fs.String("base-url", e.getenv("BASE_URL"), "public URL of the site, for links in answers ($BASE_URL)")
	watch := fs.Duration("watch", 2*time.Second, "how often to look for changed content (0 turns watching off)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := botConfig(e, "gateway", "")
	if err != nil {
		return err
	}
	if *baseURL != "" {
		cfg.BaseURL = strings.TrimRight(*baseURL, "/")
	}
	content := os.DirFS(contentDir(e, *dir))
	answers, err := reload.New(func() (*reload.Snapshot, error) {
		return buildSnapshot(content, answer.Options{Logger: e.logger}, cfg.BaseURL, e.now())
	}, e.logger, nil)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer answers.Close()
	if *watch > 0 {
		go answers.Watch(ctx, content, *watch)
	}
	var mu sync.Mutex
	cfg.State = func(s string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(e.stdout, gatewayStatePrefix+oneLine(s))
	}
	return discord.RunGateway(ctx, cfg, answers, e.logger)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

const (
	minRestart = time.Second
	maxRestart = time.Minute
	// A child that ran this long was healthy: its next restart is quick.
	healthyRun = time.Minute
	// How long a child has to stop after SIGTERM before it is killed.
	childStopTimeout = 15 * time.Second
)

// gatewayChild says how to start `bot gateway`.
type gatewayChild struct {
	exe  string   // the program (os.Executable)
	args []string // after "gateway"
	env  []string
}

// superviseGateway runs the gateway child until ctx ends, restarting it
// with backoff whenever it exits; report hears its state ("open
// (process 4242)", "restarting in 2s …") for /readyz.
func superviseGateway(ctx context.Context, e *env, child gatewayChild, report func(string)) {
	wait := minRestart
	for {
		started := time.Now()
		pid, err := runChild(ctx, e, child, report)
		if ctx.Err() != nil {
			report("stopped")
			return
		}
		if time.Since(started) >= healthyRun {
			wait = minRestart
		}
		reason := "exited"
		if err != nil {
			reason = err.Error()
		}
		e.logger.Error("discord gateway process ended; restarting it", "pid", pid, "err", reason, "restart_in_s", wait.Seconds())
		report(fmt.Sprintf("restarting in %s (process %d: %s)", wait, pid, reason))
		select {
		case <-ctx.Done():
			report("stopped")
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, maxRestart)
	}
}

// runChild runs one gateway process to its end, passing on its states.
func runChild(ctx context.Context, e *env, child gatewayChild, report func(string)) (pid int, err error) {
	cmd := exec.Command(child.exe, append([]string{"gateway"}, child.args...)...)
	cmd.Env = child.env
	cmd.Stderr = e.stderr // its JSON logs join ours
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start gateway process: %w", err)
	}
	pid = cmd.Process.Pid
	report(fmt.Sprintf("starting (process %d)", pid))
	stopped := make(chan struct{})
	go func() {
		select {
		case <-stopped:
		case <-ctx.Done():
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-stopped:
			case <-time.After(childStopTimeout):
				_ = cmd.Process.Kill()
			}
		}
	}()
	readStates(out, func(s string) { report(fmt.Sprintf("%s (process %d)", s, pid)) })
	err = cmd.Wait()
	close(stopped)
	return pid, err
}

// readStates passes on each state line until the child's stdout closes.
func readStates(r io.Reader, report func(string)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), gatewayStatePrefix); ok {
			report(s)
		}
	}
}

// childEnv is the environment the gateway child needs, from ours.
func childEnv(getenv func(string) string) []string {
	var out []string
	for _, k := range []string{
		"PATH", "HOME", "TZ", "LOG_LEVEL", "BASE_URL", "CONTENT_DIR",
		"DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID", "DISCORD_GUILD_ID",
		"DISCORD_BUTTON_KEY", "DISCORD_API_URL", "DISCORD_GATEWAY_URL", "SHARD_ID", "SHARD_COUNT",
	} {
		if v := getenv(k); v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}
