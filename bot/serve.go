package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"guidance"
	"guidance/answer"
	"guidance/bot/web"
	"guidance/reload"
)

// noBaseURLMsg is what serve says, at start and in /readyz, without a
// published address.
const noBaseURLMsg = "not clickable: without the site's published address, answers (in Discord above all) show site paths that cannot be tapped, and Discord shows no \"Open in the guidance\" button."

// defaultMaxConns bounds open connections: about 20 KB each when idle.
const defaultMaxConns = 1024

type serveConfig struct {
	addr        string
	siteDir     string
	contentDir  string
	baseURL     string
	allowOrigin string
	watch       time.Duration
	shutdown    time.Duration
	answerCache int
	maxConns    int
	limits      web.Limits
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[--addr HOST:PORT] [--site DIR] [--content DIR]")
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", envOr(e, "ADDR", "127.0.0.1:8080"), "address to listen on ($ADDR)")
	fs.StringVar(&cfg.siteDir, "site", envOr(e, "SITE_DIR", "site/public"), "built site to serve ($SITE_DIR); empty serves no site")
	fs.StringVar(&cfg.contentDir, "content", "", "content directory (default $CONTENT_DIR or ./content)")
	fs.StringVar(&cfg.baseURL, "base-url", e.getenv("BASE_URL"), "public URL of the site, for absolute links in answers ($BASE_URL, else the address in content/publisher.yaml)")
	fs.StringVar(&cfg.allowOrigin, "allow-origin", e.getenv("ALLOW_ORIGIN"), "origin allowed to call /api/ask from a browser ($ALLOW_ORIGIN); off by default")
	fs.DurationVar(&cfg.watch, "watch", 2*time.Second, "how often to look for changed content (0 turns watching off; SIGHUP always reloads)")
	fs.IntVar(&cfg.answerCache, "answer-cache", 0, "recent answers to remember (0: 1024; -1: off, to measure search alone)")
	fs.DurationVar(&cfg.shutdown, "shutdown-timeout", 10*time.Second, "how long to let requests in flight finish on SIGTERM")
	fs.IntVar(&cfg.maxConns, "max-conns", defaultMaxConns, "open connections held at most; more are closed at once")
	fs.Float64Var(&cfg.limits.PerSecond, "client-rate", 5, "questions one client may ask /api/ask per second, sustained (429 beyond)")
	fs.IntVar(&cfg.limits.Burst, "client-burst", 30, "questions one client may ask at once")
	fs.IntVar(&cfg.limits.Searches, "searches", 2*runtime.GOMAXPROCS(0), "searches running at once (a fast 503 beyond)")
	proxies := fs.String("trusted-proxies", e.getenv("TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For names the client ($TRUSTED_PROXIES)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.contentDir = contentDir(e, cfg.contentDir)
	for _, p := range strings.FieldsFunc(*proxies, func(r rune) bool { return r == ',' || r == ' ' }) {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return usageError{fmt.Sprintf("serve: --trusted-proxies: %q is not an address or CIDR", p)}
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		cfg.limits.TrustedProxies = append(cfg.limits.TrustedProxies, prefix)
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reloads := make(chan struct{}, 1)
	go func() {
		for range hup {
			select {
			case reloads <- struct{}{}:
			default:
			}
		}
	}()
	return serve(ctx, e, cfg, reloads, nil)
}

func envOr(e *env, key, fallback string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return fallback
}

// serve runs until ctx ends, then drains requests in flight. A value on
// reloadNow rebuilds the index. ready, if not nil, receives the listening
// address once the server accepts connections.
func serve(ctx context.Context, e *env, cfg serveConfig, reloadNow <-chan struct{}, ready chan<- string) error {
	start := time.Now()
	logger := e.logger
	metrics := web.NewMetrics()
	content := os.DirFS(cfg.contentDir)
	answers, err := reload.New(func() (*reload.Snapshot, error) {
		return buildSnapshot(content, answer.Options{Logger: logger, CacheSize: cfg.answerCache}, cfg.baseURL, e.now())
	}, logger, metrics.ObserveReload)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer answers.Close()
	if lib := answers.Library(); cfg.baseURL == "" && lib != nil {
		// The publisher's published address, as the snapshot used it.
		cfg.baseURL = strings.TrimRight(strings.TrimSpace(lib.Publisher.Address), "/")
	}

	var site fs.FS
	if cfg.siteDir != "" {
		if _, err := os.Stat(cfg.siteDir + "/index.html"); err != nil {
			logger.Warn("site is not built; serving the API only (run make site)", "dir", cfg.siteDir)
		} else {
			var root io.Closer
			if site, root, err = web.OpenSite(cfg.siteDir); err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			defer root.Close()
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	discord, err := startDiscord(ctx, e, answers, metrics,
		[]string{"--content", cfg.contentDir, "--base-url", cfg.baseURL, "--watch", cfg.watch.String()})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	links := "clickable: " + cfg.baseURL
	if cfg.baseURL == "" {
		links = noBaseURLMsg
		logger.Warn("PUBLISHED ADDRESS IS NOT SET: " + noBaseURLMsg + " Set address in content/publisher.yaml (or BASE_URL, or --base-url) to the site's published address.")
	}
	status := func() guidance.Status {
		st := answers.Status()
		st.Links = links
		return st
	}
	handler := web.New(web.Config{
		Site: site, Asker: answers, Status: status, Interactions: discord.interactions,
		Metrics: metrics, Logger: logger, AllowOrigin: cfg.allowOrigin, Limits: cfg.limits,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		// Idle keep-alive connections cost memory; clients reconnect cheaply.
		IdleTimeout:    30 * time.Second,
		MaxHeaderBytes: 32 << 10,
		BaseContext:    func(net.Listener) context.Context { return ctx },
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	ln = web.LimitConnections(ln, cmp.Or(max(cfg.maxConns, 0), defaultMaxConns))
	logger.Info("serving", "url", "http://"+ln.Addr().String()+"/", "startup_ms", time.Since(start).Milliseconds(),
		"site", site != nil, "discord_interactions", discord.interactions != nil, "discord_gateway", discord.gateway)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	if cfg.watch > 0 {
		go answers.Watch(ctx, content, cfg.watch)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-reloadNow:
				_ = answers.Reload()
			}
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	// The parent context is done; drain on a fresh one with its own limit.
	drain, stop := context.WithTimeout(context.WithoutCancel(ctx), cfg.shutdown)
	defer stop()
	if err := srv.Shutdown(drain); err != nil {
		// Deadline passed with requests still open (a slow upload, say):
		// close them. Stopping is what was asked, so it is not a failure.
		logger.Warn("shutdown deadline passed; closing connections still open", "err", err.Error())
		_ = srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	// Deferred Discord answers outlive their requests; within the same limit.
	if err := discord.drain(drain); err != nil {
		logger.Warn("shutdown deadline passed with Discord answers still to send", "err", err.Error())
	}
	discord.wait()
	logger.Info("stopped")
	return nil
}
