// Package reload keeps the guidance answering while its content changes.
// A Reloader is the guidance.Asker every transport holds: it answers from
// the current snapshot of the content and swaps in a new one atomically;
// a failed rebuild leaves the last good snapshot in service, and its
// status (for /readyz) says why. Nothing here knows about HTTP or Discord.
package reload

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
)

// Snapshot is one loaded and indexed version of the content.
type Snapshot struct {
	Asker    guidance.Asker
	Closer   io.Closer // closed once replaced and its last request has ended; may be nil
	Version  string
	Pages    int
	Sections int
	LoadedAt time.Time

	refs    atomic.Int64 // requests using it now
	retired atomic.Bool  // replaced by a newer snapshot
	closed  sync.Once
}

// release ends one request's use; the last use of a replaced snapshot
// closes it, so reloads in a row never pile up old indexes.
func (s *Snapshot) release() {
	if s.refs.Add(-1) == 0 && s.retired.Load() {
		s.close()
	}
}

func (s *Snapshot) close() {
	s.closed.Do(func() {
		if s.Closer != nil {
			_ = s.Closer.Close()
		}
	})
}

// Reloader answers from the current Snapshot. It is safe for concurrent use.
type Reloader struct {
	build   func() (*Snapshot, error)
	logger  *slog.Logger
	observe func(err error) // counts reloads for metrics; never nil

	current atomic.Pointer[Snapshot]
	buildMu sync.Mutex // one rebuild at a time

	// stateMu guards what Status reports. It is never held while building,
	// so health and readiness checks never wait on a reload.
	stateMu sync.Mutex
	reloads int
	lastErr error
	errAt   time.Time
	discord string
}

var _ guidance.Asker = (*Reloader)(nil)

// New builds the first snapshot; without one there is nothing to serve.
// observe, if not nil, hears of every reload's outcome.
func New(build func() (*Snapshot, error), logger *slog.Logger, observe func(err error)) (*Reloader, error) {
	if observe == nil {
		observe = func(error) {}
	}
	r := &Reloader{build: build, logger: logger, observe: observe}
	s, err := build()
	if err != nil {
		return nil, err
	}
	r.current.Store(s)
	return r, nil
}

// Reload rebuilds to the side and swaps. On error the old snapshot stays.
func (r *Reloader) Reload() error {
	r.buildMu.Lock()
	defer r.buildMu.Unlock()
	start := time.Now()
	s, err := r.build()
	r.observe(err)
	if err != nil {
		r.stateMu.Lock()
		r.lastErr, r.errAt = err, time.Now()
		r.stateMu.Unlock()
		r.logger.Error("reload failed; still answering from the last good content", "err", err.Error())
		return err
	}
	old := r.current.Swap(s)
	r.stateMu.Lock()
	r.reloads++
	r.lastErr = nil
	r.stateMu.Unlock()
	r.logger.Info("reloaded content", "pages", s.Pages, "sections", s.Sections, "duration_ms", time.Since(start).Milliseconds())
	if old != nil {
		old.retired.Store(true)
		if old.refs.Load() == 0 {
			old.close()
		}
	}
	return nil
}

// acquire takes the current snapshot for one request; release it after.
func (r *Reloader) acquire() *Snapshot {
	for {
		s := r.current.Load()
		s.refs.Add(1)
		if s == r.current.Load() {
			return s
		}
		s.release() // replaced meanwhile: take the new one
	}
}

// Close closes the snapshot in service.
func (r *Reloader) Close() error {
	if s := r.current.Load(); s != nil {
		s.close()
	}
	return nil
}

// Ask answers from the current snapshot.
func (r *Reloader) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	s := r.acquire()
	defer s.release()
	return s.Asker.Ask(ctx, q)
}

// Suggest suggests from the current snapshot.
func (r *Reloader) Suggest(ctx context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	s := r.acquire()
	defer s.release()
	return s.Asker.Suggest(ctx, prefix, limit)
}

// Contacts lists the current snapshot's contacts.
func (r *Reloader) Contacts() []guidance.Contact {
	s := r.acquire()
	defer s.release()
	return s.Asker.Contacts()
}

// Library is the current snapshot's guidance, when its asker has one
// (nil otherwise). Read-only; it stays valid after a reload.
func (r *Reloader) Library() *guidance.Library {
	s := r.acquire()
	defer s.release()
	if l, ok := s.Asker.(interface{ Library() *guidance.Library }); ok {
		return l.Library()
	}
	return nil
}

// Status reports for /readyz without waiting on a rebuild in progress.
func (r *Reloader) Status() guidance.Status {
	s := r.current.Load()
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	st := guidance.Status{Ready: s != nil, Reloads: r.reloads, Discord: r.discord}
	if s != nil {
		st.Version, st.Pages, st.Sections, st.LoadedAt = s.Version, s.Pages, s.Sections, s.LoadedAt
	}
	if r.lastErr != nil {
		st.LastError, st.LastErrAt = r.lastErr.Error(), r.errAt
	}
	return st
}

// SetDiscord records what the Discord transports are doing, for Status.
func (r *Reloader) SetDiscord(state string) {
	r.stateMu.Lock()
	r.discord = state
	r.stateMu.Unlock()
}

// Watch polls fsys for changed Markdown and reloads until ctx ends, once
// a change has held still for a whole poll: a file still being written is
// not loaded half-done. Polling a few dozen files every couple of seconds
// costs nothing and needs no OS-specific API.
func (r *Reloader) Watch(ctx context.Context, fsys fs.FS, every time.Duration) {
	loaded := fingerprint(fsys)
	seen := loaded
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fp := fingerprint(fsys)
			if fp == seen && fp != loaded {
				loaded = fp
				_ = r.Reload()
			}
			seen = fp
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
