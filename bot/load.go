package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loadQuestions are typical questions, cycled through by the load command.
var loadQuestions = []string{
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

type loadResult struct {
	Requests   int
	Errors     int
	Elapsed    time.Duration
	Latencies  []time.Duration // sorted
	FirstError string
}

func (r loadResult) percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies)-1) * p)
	return r.Latencies[i]
}

func (r loadResult) String() string {
	rps := float64(r.Requests) / r.Elapsed.Seconds()
	s := fmt.Sprintf("%d requests in %.2fs: %.0f requests/s, p50 %s, p99 %s, max %s, %d errors",
		r.Requests, r.Elapsed.Seconds(), rps, r.percentile(0.50).Round(time.Microsecond),
		r.percentile(0.99).Round(time.Microsecond), r.percentile(1).Round(time.Microsecond), r.Errors)
	if r.FirstError != "" {
		s += " (first: " + r.FirstError + ")"
	}
	return s
}

// runLoad sends a bounded load to a running server's ask API. It only
// accepts loopback targets: load is for measuring this host's server.
func runLoad(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "load", "[--url URL] [-c N] [-n N] [--duration D]")
	base := fs.String("url", "http://127.0.0.1:8080", "server to load (loopback only)")
	concurrency := fs.Int("c", 32, "concurrent clients")
	total := fs.Int("n", 20000, "requests to send at most")
	limit := fs.Duration("duration", 30*time.Second, "time to run at most")
	file := fs.String("questions", "", "questions to cycle through: a JSON question set ([{\"q\": …}]) or one per line (default: a built-in ten)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	questions := loadQuestions
	if *file != "" {
		var err error
		if questions, err = readQuestions(*file); err != nil {
			return fmt.Errorf("load: %w", err)
		}
	}
	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) {
		return usageError{fmt.Sprintf("load: --url must be a loopback address such as http://127.0.0.1:8080 (got %q)", *base)}
	}
	if *concurrency < 1 || *total < 1 {
		return usageError{"load: -c and -n must be at least 1"}
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	res := loadAsk(ctx, u.String(), questions, *concurrency, *total)
	fmt.Fprintln(e.stdout, res)
	if res.Errors > 0 {
		return fmt.Errorf("load: %d of %d requests failed", res.Errors, res.Requests)
	}
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1" || (len(host) > 4 && host[:4] == "127.")
}

// loadAsk sends up to total GET /api/ask requests from concurrency workers
// until done or ctx ends.
func loadAsk(ctx context.Context, base string, questions []string, concurrency, total int) loadResult {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency},
	}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var mu sync.Mutex
	res := loadResult{Latencies: make([]time.Duration, 0, total)}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, total/concurrency+1)
			errs, first := 0, ""
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
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			res.Latencies = append(res.Latencies, local...)
			res.Errors += errs
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

// readQuestions reads a JSON question set or a file of one question a line.
func readQuestions(name string) ([]string, error) {
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
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
