// Command loadtest sends a bounded load to a running guidance server's ask
// API on this machine and prints throughput and latency (make bench).
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"time"

	"guidance/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(2)
	}
}

// run only accepts loopback targets: load is for measuring this host's server.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "server to load (loopback only)")
	concurrency := fs.Int("c", 32, "concurrent clients")
	total := fs.Int("n", 20000, "requests to send at most")
	limit := fs.Duration("duration", 30*time.Second, "time to run at most")
	discordKey := fs.Bool("discord-key", false, "print the public key the flood signs Discord interactions with, and stop")
	withDiscord := fs.Bool("discord", false, "with --flood: also send signed Discord /ask interactions (the server needs --discord-key's key as DISCORD_PUBLIC_KEY)")
	flood := fs.Int("flood", 0, "instead: this many attackers ask the costliest question while one ordinary user asks every 500 ms (the server must trust 127.0.0.1 as a proxy)")
	file := fs.String("questions", "", "questions to cycle through: a JSON question set ([{\"q\": …}]) or one per line (default: a built-in ten)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *discordKey {
		fmt.Fprintln(stdout, hex.EncodeToString(loadtest.DiscordKey().Public().(ed25519.PublicKey)))
		return nil
	}
	questions := loadtest.DefaultQuestions
	if *file != "" {
		var err error
		if questions, err = loadtest.ReadQuestions(*file); err != nil {
			return fmt.Errorf("loadtest: %w", err)
		}
	}
	u, err := url.Parse(*base)
	if err != nil || !loadtest.IsLoopback(u.Hostname()) {
		return fmt.Errorf("loadtest: --url must be a loopback address such as http://127.0.0.1:8080 (got %q)", *base)
	}
	if *concurrency < 1 || *total < 1 {
		return errors.New("loadtest: -c and -n must be at least 1")
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	if *flood > 0 {
		var key ed25519.PrivateKey
		if *withDiscord {
			key = loadtest.DiscordKey()
		}
		fmt.Fprintln(stdout, loadtest.Flood(ctx, u.String(), *flood, questions[0], 500*time.Millisecond, key))
		return nil
	}
	res := loadtest.Run(ctx, u.String(), questions, *concurrency, *total)
	fmt.Fprintln(stdout, res)
	if res.Errors > 0 {
		return fmt.Errorf("loadtest: %d of %d requests failed", res.Errors, res.Requests)
	}
	return nil
}
