package discord

import (
	"sync"
	"time"
)

// limiter allows each key at most limit events in any window (a sliding
// log). Times are passed in, so tests need no clock.
type limiter struct {
	mu        sync.Mutex
	limit     int
	window    time.Duration
	seen      map[string][]time.Time
	lastSweep time.Time
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, seen: make(map[string][]time.Time)}
}

func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := now.Add(-l.window)
	// Forget idle users once a window, so memory follows active users only.
	if now.Sub(l.lastSweep) >= l.window {
		for k, ts := range l.seen {
			if len(ts) == 0 || !ts[len(ts)-1].After(cutoff) {
				delete(l.seen, k)
			}
		}
		l.lastSweep = now
	}
	ts := l.seen[key]
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.limit {
		l.seen[key] = ts
		return false
	}
	l.seen[key] = append(ts, now)
	return true
}
