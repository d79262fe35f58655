package web

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits keep one client, or a flood, from slowing everyone: each client
// has a token bucket, and only so many searches run at once. Discord's
// interactions endpoint is outside both, so it keeps its own share of the
// machine under an /api/ask flood.
type Limits struct {
	PerSecond float64 // questions a client may ask per second, sustained; 0 means 5
	Burst     int     // and at once; 0 means 30
	Searches  int     // searches running at once; 0 means 4
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
}

// Bounds on the limiter's own memory: clients tracked at once. Beyond it,
// new clients share one bucket until idle ones are forgotten.
const maxTrackedClients = 50000

type limiter struct {
	limits   Limits
	searches chan struct{}
	mu       sync.Mutex
	buckets  map[string]*bucket
	swept    time.Time
	now      func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(l Limits, now func() time.Time) *limiter {
	if l.PerSecond <= 0 {
		l.PerSecond = 5
	}
	if l.Burst <= 0 {
		l.Burst = 30
	}
	if l.Searches <= 0 {
		l.Searches = 4
	}
	return &limiter{limits: l, searches: make(chan struct{}, l.Searches), buckets: map[string]*bucket{}, now: now}
}

// client is who a request comes from: its address, or the forwarded one
// when it comes through a trusted proxy.
func (l *limiter) client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	for _, p := range l.limits.TrustedProxies {
		if p.Contains(addr) {
			if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
				// The proxy appends the address it saw: the last entry.
				parts := strings.Split(fwd, ",")
				if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
					return a.String()
				}
			}
			break
		}
	}
	return addr.String()
}

// allow takes a token from the client's bucket; when there is none it says
// how long until there is.
func (l *limiter) allow(client string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if l.refill(b, now) >= float64(l.limits.Burst) {
				delete(l.buckets, k) // full again: forget it
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= maxTrackedClients {
			client = "overflow"
			b = l.buckets[client]
		}
		if b == nil {
			b = &bucket{tokens: float64(l.limits.Burst), at: now}
			l.buckets[client] = b
		}
	}
	b.tokens = l.refill(b, now)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.limits.PerSecond * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// charge takes from the client's bucket what a question cost beyond an
// ordinary one: a search that took ten times the usual CPU costs ten
// questions, so clients who send the costliest questions get fewer of them.
func (l *limiter) charge(client string, took time.Duration) {
	extra := float64(took)/float64(ordinarySearch) - 1
	if extra <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[client]; ok {
		b.tokens = max(b.tokens-extra, -float64(l.limits.Burst))
	}
}

// ordinarySearch is what a typical question costs to answer.
const ordinarySearch = 500 * time.Microsecond

func (l *limiter) refill(b *bucket, now time.Time) float64 {
	return min(float64(l.limits.Burst), b.tokens+now.Sub(b.at).Seconds()*l.limits.PerSecond)
}

// searchWait is how long a question waits for a search slot before a 503:
// a search takes well under a millisecond, so a slot that is not free by
// then belongs to a flood.
const searchWait = 25 * time.Millisecond

// search runs fn when a search slot frees up within a moment; otherwise it
// reports false, for a fast 503 rather than a queue that grows.
func (l *limiter) search(fn func()) bool {
	select {
	case l.searches <- struct{}{}:
	case <-time.After(searchWait):
		return false
	}
	defer func() { <-l.searches }()
	fn()
	return true
}

// retryAfter is a Retry-After value: whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}
