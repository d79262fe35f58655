package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"guidance"
)

func TestPerClientTokenBucket(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	h := New(Config{Asker: &fakeAsker{}, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		Limits: Limits{PerSecond: 1, Burst: 3}})
	ask := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/ask?q=neglect", nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := ask("192.0.2.1:5000"); rec.Code != 200 {
			t.Fatalf("question %d within the burst: %d", i+1, rec.Code)
		}
	}
	rec := ask("192.0.2.1:5001") // another port is the same client
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("over the burst: %d, Retry-After %q; want 429 and 1", rec.Code, rec.Header().Get("Retry-After"))
	}
	if !strings.Contains(rec.Body.String(), guidance.EmergencyText) {
		t.Errorf("429 body lacks the 999 line: %s", rec.Body)
	}
	if rec := ask("192.0.2.2:5000"); rec.Code != 200 {
		t.Errorf("another client: %d, want 200", rec.Code)
	}
	now = now.Add(time.Second)
	if rec := ask("192.0.2.1:5000"); rec.Code != 200 {
		t.Errorf("a second later: %d, want 200 (one token back)", rec.Code)
	}
}

func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	l := newLimiter(Limits{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, time.Now)
	tests := []struct {
		remote, fwd, want string
	}{
		{"10.1.2.3:80", "198.51.100.7", "198.51.100.7"},
		{"10.1.2.3:80", "203.0.113.9, 198.51.100.7", "198.51.100.7"}, // the proxy's own entry is last
		{"192.0.2.5:80", "198.51.100.7", "192.0.2.5"},                // not a proxy: header ignored
		{"10.1.2.3:80", "", "10.1.2.3"},
		{"10.1.2.3:80", "not an address", "10.1.2.3"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/api/ask?q=x", nil)
		r.RemoteAddr = tt.remote
		if tt.fwd != "" {
			r.Header.Set("X-Forwarded-For", tt.fwd)
		}
		if got := l.client(r); got != tt.want {
			t.Errorf("client(%s, XFF %q) = %s, want %s", tt.remote, tt.fwd, got, tt.want)
		}
	}
}

// slowAsker holds every question until released; safe for concurrent use.
type slowAsker struct {
	fakeAsker
	release chan struct{}
}

func (s *slowAsker) Ask(context.Context, guidance.Question) (guidance.Answer, error) {
	<-s.release
	return guidance.Answer{Confidence: guidance.ConfidenceNone}, nil
}

func TestSearchesAtOnceAreCapped(t *testing.T) {
	asker := &slowAsker{release: make(chan struct{})}
	h := New(Config{Asker: asker, Logger: slog.New(slog.DiscardHandler), Limits: Limits{Searches: 2, PerSecond: 1e9, Burst: 1e9}})
	var wg sync.WaitGroup
	codes := make(chan int, 3)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/ask?q=neglect", nil))
			codes <- rec.Code
		}()
	}
	time.Sleep(50 * time.Millisecond) // both slots taken
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/ask?q=neglect", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || time.Since(start) > 2*time.Second {
		t.Errorf("third search at once: %d, Retry-After %q, after %v; want a fast 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"), time.Since(start))
	}
	close(asker.release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Errorf("a search inside the cap: %d, want 200", c)
		}
	}
}

// TestCostlyQuestionsCostMore: a client whose questions take ten times an
// ordinary search runs out of its allowance ten times as fast.
func TestCostlyQuestionsCostMore(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(Limits{PerSecond: 1, Burst: 10}, func() time.Time { return now })
	if ok, _ := l.allow("costly"); !ok {
		t.Fatal("first question refused")
	}
	l.charge("costly", 10*ordinarySearch)
	if ok, wait := l.allow("costly"); ok || wait <= 0 {
		t.Errorf("after one question costing ten: allowed %v (wait %v), want refused with a wait", ok, wait)
	}
	l.charge("cheap", ordinarySearch/2) // no bucket yet, and cheap: nothing happens
	for i := range 10 {
		if ok, _ := l.allow("cheap"); !ok {
			t.Fatalf("cheap question %d of a burst of 10 refused", i+1)
		}
		l.charge("cheap", ordinarySearch/2)
	}
}

func TestFeedbackIsCountedBySection(t *testing.T) {
	m := NewMetrics()
	for _, c := range []struct {
		section string
		helpful bool
	}{{"/neglect/#signs", true}, {"/neglect/#signs", true}, {"/neglect/#signs", false}, {"/escalation/", false}} {
		m.ObserveFeedback(c.section, c.helpful)
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{
		`guidance_discord_feedback_total{section="/escalation/",helpful="no"} 1`,
		`guidance_discord_feedback_total{section="/neglect/#signs",helpful="yes"} 2`,
		`guidance_discord_feedback_total{section="/neglect/#signs",helpful="no"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want+"\n") {
			t.Errorf("metrics lack %q:\n%s", want, w.Body)
		}
	}
}
