package main

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"sync"
	"sync/atomic"
	"time"

	"guidance"
	"guidance/bot/web"
)

// snapshot is one loaded and indexed version of the content.
type snapshot struct {
	asker    guidance.Asker
	closer   io.Closer
	version  string
	pages    int
	sections int
	loadedAt time.Time
}

// reloader is the Asker every transport holds. It answers from the current
// snapshot and swaps in a new one atomically; a failed rebuild leaves the
// last good snapshot in service.
type reloader struct {
	build   func() (*snapshot, error)
	logger  *slog.Logger
	metrics *web.Metrics
	grace   time.Duration // how long a replaced snapshot stays open for in-flight requests

	current atomic.Pointer[snapshot]
	mu      sync.Mutex // one rebuild at a time
	reloads int
	lastErr error
	errAt   time.Time
	discord string
}

func newReloader(build func() (*snapshot, error), logger *slog.Logger, metrics *web.Metrics) (*reloader, error) {
	r := &reloader{build: build, logger: logger, metrics: metrics, grace: 30 * time.Second}
	s, err := build()
	if err != nil {
		return nil, err
	}
	r.current.Store(s)
	return r, nil
}

// Reload rebuilds to the side and swaps. On error the old snapshot stays.
func (r *reloader) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	start := time.Now()
	s, err := r.build()
	r.metrics.ObserveReload(err)
	if err != nil {
		r.lastErr, r.errAt = err, time.Now()
		r.logger.Error("reload failed; still answering from the last good content", "err", err.Error())
		return err
	}
	old := r.current.Swap(s)
	r.reloads++
	r.lastErr = nil
	r.logger.Info("reloaded content", "pages", s.pages, "sections", s.sections, "duration_ms", time.Since(start).Milliseconds())
	if old != nil && old.closer != nil {
		// Requests that took the old snapshot finish well within the grace.
		time.AfterFunc(r.grace, func() { _ = old.closer.Close() })
	}
	return nil
}

// Close closes the snapshot in service.
func (r *reloader) Close() error {
	if s := r.current.Load(); s != nil && s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

func (r *reloader) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	return r.current.Load().asker.Ask(ctx, q)
}

func (r *reloader) Suggest(ctx context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	return r.current.Load().asker.Suggest(ctx, prefix, limit)
}

func (r *reloader) Contacts() []guidance.Contact { return r.current.Load().asker.Contacts() }

// Status reports for /readyz.
func (r *reloader) Status() web.Status {
	s := r.current.Load()
	r.mu.Lock()
	defer r.mu.Unlock()
	st := web.Status{Ready: s != nil, Reloads: r.reloads, Discord: r.discord}
	if s != nil {
		st.Version, st.Pages, st.Sections, st.LoadedAt = s.version, s.pages, s.sections, s.loadedAt
	}
	if r.lastErr != nil {
		st.LastError, st.LastErrAt = r.lastErr.Error(), r.errAt
	}
	return st
}

func (r *reloader) setDiscord(state string) {
	r.mu.Lock()
	r.discord = state
	r.mu.Unlock()
}

// watch polls fsys for changed Markdown and reloads. Polling a few dozen
// files every couple of seconds costs nothing and needs no OS-specific API.
func (r *reloader) watch(ctx context.Context, fsys fs.FS, every time.Duration) {
	last := fingerprint(fsys)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if fp := fingerprint(fsys); fp != last {
				last = fp
				_ = r.Reload()
			}
		}
	}
}

// fingerprint summarises names, sizes and modification times of .md files.
func fingerprint(fsys fs.FS) string {
	var b []byte
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		b = append(b, name...)
		b = append(b, info.ModTime().Format(time.RFC3339Nano)...)
		b = append(b, byte(info.Size()), byte(info.Size()>>8), byte(info.Size()>>16))
		return nil
	})
	return string(b)
}
