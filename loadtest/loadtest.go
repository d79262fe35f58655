// Package loadtest sends a bounded load to a running server's ask API and
// reports throughput and latency. It is a measuring tool (cmd/loadtest,
// the serve tests), not part of the product binary.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultQuestions are typical questions, cycled through when none are given.
var DefaultQuestions = []string{
	"how do I escalate a disagreement with social care",
	"what must a transfer summary contain",
	"DNA or was not brought",
	"graded care profile 2",
	"mum says everything is fine but the kids are always hungry",
	"out of hours safeguarding advice",
	"Morrison 4x4x4 supervision",
	"chronology",
	"where is the canteen",
	"child in need moving to another area",
}

// Result is what a load run measured.
type Result struct {
	Requests   int
	Errors     int // failures, not counting Shed
	Shed       int // fast 503s with Retry-After: the server refusing load it cannot take in time
	Elapsed    time.Duration
	Latencies  []time.Duration // sorted
	FirstError string
}

func (r Result) percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies)-1) * p)
	return r.Latencies[i]
}

// errShed is a fast 503 with Retry-After: load shedding, not a failure.
var errShed = errors.New("shed: busy, retry after")

func (r Result) String() string {
	rps := float64(r.Requests) / r.Elapsed.Seconds()
	s := fmt.Sprintf("%d requests in %.2fs: %.0f requests/s, p50 %s, p99 %s, max %s, %d errors",
		r.Requests, r.Elapsed.Seconds(), rps, r.percentile(0.50).Round(time.Microsecond),
		r.percentile(0.99).Round(time.Microsecond), r.percentile(1).Round(time.Microsecond), r.Errors)
	if r.Shed > 0 {
		s += fmt.Sprintf(", %d shed (busy, retry after)", r.Shed)
	}
	if r.FirstError != "" {
		s += " (first: " + r.FirstError + ")"
	}
	return s
}

// IsLoopback reports whether host is this machine: load is for measuring
// this host's own server, never someone else's.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Run sends up to total GET /api/ask requests to base from concurrency
// workers, cycling through questions, until done or ctx ends.
func Run(ctx context.Context, base string, questions []string, concurrency, total int) Result {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency},
	}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var mu sync.Mutex
	res := Result{Latencies: make([]time.Duration, 0, total)}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, total/concurrency+1)
			errs, shed, first := 0, 0, ""
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= total {
					break
				}
				q := questions[i%len(questions)]
				t0 := time.Now()
				err := askOnce(ctx, client, base+"/api/ask?q="+url.QueryEscape(q))
				if ctx.Err() != nil {
					break // the time limit, not the server
				}
				local = append(local, time.Since(t0))
				if errors.Is(err, errShed) {
					shed++
				} else if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			res.Latencies = append(res.Latencies, local...)
			res.Errors += errs
			res.Shed += shed
			if res.FirstError == "" {
				res.FirstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Requests = len(res.Latencies)
	slices.Sort(res.Latencies)
	return res
}

// ReadQuestions reads a JSON question set ([{"q": …}]) or a file of one
// question a line.
func ReadQuestions(name string) ([]string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var qs []string
	if strings.HasSuffix(name, ".json") {
		var set []struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(b, &set); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		for _, s := range set {
			qs = append(qs, s.Q)
		}
	} else {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(line) != "" {
				qs = append(qs, line)
			}
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("read %s: no questions", name)
	}
	return qs, nil
}

func askOnce(ctx context.Context, client *http.Client, target string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// The start of an error's body says which refusal it was (busy, index
	// unavailable, rate limited); the rest is read and dropped.
	var head [160]byte
	n, _ := io.ReadFull(resp.Body, head[:])
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
		return errShed
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, bytes.TrimSpace(head[:n]))
	}
	return nil
}
