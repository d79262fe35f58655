package web

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// latencyBuckets are upper bounds in seconds for the ask latency histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}

// Metrics counts what the server does, in Prometheus text format. It holds
// numbers only: no question text, no user ids.
type Metrics struct {
	asks, noResult, emergency, failed atomic.Int64
	reloadsOK, reloadsFailed          atomic.Int64

	mu       sync.Mutex
	feedback map[feedbackKey]int64 // Discord's Helpful / Not helpful, by section
	buckets  []int64               // cumulative per latencyBuckets, then +Inf
	sum      float64
	count    int64
}

// NewMetrics returns zeroed metrics.
func NewMetrics() *Metrics {
	return &Metrics{buckets: make([]int64, len(latencyBuckets)+1)}
}

func (m *Metrics) observeAsk(d time.Duration, noResult, emergency, failed bool) {
	m.asks.Add(1)
	if noResult {
		m.noResult.Add(1)
	}
	if emergency {
		m.emergency.Add(1)
	}
	if failed {
		m.failed.Add(1)
	}
	s := d.Seconds()
	m.mu.Lock()
	for i, le := range latencyBuckets {
		if s <= le {
			m.buckets[i]++
		}
	}
	m.buckets[len(latencyBuckets)]++
	m.sum += s
	m.count++
	m.mu.Unlock()
}

type feedbackKey struct {
	section string
	helpful bool
}

// maxFeedbackSections bounds the feedback series; sections come from the
// index, so this is only a guard.
const maxFeedbackSections = 2000

// ObserveFeedback counts a "Helpful" or "Not helpful" click on a section
// (its site path). No question text ever reaches it.
func (m *Metrics) ObserveFeedback(section string, helpful bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.feedback == nil {
		m.feedback = map[feedbackKey]int64{}
	}
	k := feedbackKey{section, helpful}
	if _, ok := m.feedback[k]; !ok && len(m.feedback) >= maxFeedbackSections {
		return
	}
	m.feedback[k]++
}

// ObserveReload counts an index reload.
func (m *Metrics) ObserveReload(err error) {
	if err != nil {
		m.reloadsFailed.Add(1)
		return
	}
	m.reloadsOK.Add(1)
}

func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	counter := func(name, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	counter("guidance_asks_total", "Questions answered by the ask API.", m.asks.Load())
	counter("guidance_ask_no_result_total", "Questions that found no relevant section.", m.noResult.Load())
	counter("guidance_ask_emergency_total", "Questions answered with the call-999 notice.", m.emergency.Load())
	counter("guidance_ask_errors_total", "Questions that failed.", m.failed.Load())
	fmt.Fprintf(w, "# HELP guidance_reloads_total Index reloads by result.\n# TYPE guidance_reloads_total counter\n")
	fmt.Fprintf(w, "guidance_reloads_total{result=\"ok\"} %d\n", m.reloadsOK.Load())
	fmt.Fprintf(w, "guidance_reloads_total{result=\"error\"} %d\n", m.reloadsFailed.Load())

	m.mu.Lock()
	defer m.mu.Unlock()
	const h = "guidance_ask_duration_seconds"
	fmt.Fprintf(w, "# HELP %s Time to answer a question.\n# TYPE %s histogram\n", h, h)
	for i, le := range latencyBuckets {
		fmt.Fprintf(w, "%s_bucket{le=\"%g\"} %d\n", h, le, m.buckets[i])
	}
	fmt.Fprintf(w, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %g\n%s_count %d\n", h, m.buckets[len(latencyBuckets)], h, m.sum, h, m.count)

	const f = "guidance_discord_feedback_total"
	fmt.Fprintf(w, "# HELP %s Helpful / Not helpful clicks on Discord answers, by section.\n# TYPE %s counter\n", f, f)
	keys := make([]feedbackKey, 0, len(m.feedback))
	for k := range m.feedback {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].section != keys[j].section {
			return keys[i].section < keys[j].section
		}
		return keys[i].helpful
	})
	for _, k := range keys {
		verdict := "no"
		if k.helpful {
			verdict = "yes"
		}
		fmt.Fprintf(w, "%s{section=%q,helpful=%q} %d\n", f, k.section, verdict, m.feedback[k])
	}
}
