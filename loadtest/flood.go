package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// WorstQuestion is the costliest question to answer: 32 misspelt words,
// each a spelling correction.
const WorstQuestion = "escalaton neglact supervison chronolgy transferr complaince saftey thresold concernd profesional " +
	"disagrement asessment attachmnet develpment safegaurding procedur escalaton neglact supervison chronolgy " +
	"transferr complaince saftey thresold concernd profesional disagrement asessment attachmnet develpment safegaurding procedur"

// FloodResult is what one ordinary user met while attackers flooded the
// server, and what the attackers got.
type FloodResult struct {
	Attackers     int
	AttackStatus  map[int]int // status code -> count; 0 for transport errors
	User          []time.Duration
	UserStatus    map[int]int
	UserSlowest   time.Duration
	UserPercent99 time.Duration
}

func (r FloodResult) String() string {
	return fmt.Sprintf("%d attackers: attack replies %v; an ordinary user's %d questions: replies %v, p99 %s, slowest %s",
		r.Attackers, r.AttackStatus, len(r.User), r.UserStatus, r.UserPercent99.Round(time.Millisecond), r.UserSlowest.Round(time.Millisecond))
}

// Flood runs attackers clients, each from its own address (sent as
// X-Forwarded-For, so the server must trust loopback as a proxy), asking
// the worst question as fast as they can, while one ordinary user asks a
// normal question every interval, until ctx ends.
func Flood(ctx context.Context, base string, attackers int, normal string, interval time.Duration) FloodResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: attackers + 1}}
	defer client.CloseIdleConnections()
	res := FloodResult{Attackers: attackers, AttackStatus: map[int]int{}, UserStatus: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range attackers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
			words := strings.Fields(WorstQuestion)
			for n := 0; ctx.Err() == nil; n++ {
				// A new word order each time, so the answer cache never helps.
				q := fmt.Sprintf("q%dx%d ", i, n) + strings.Join(append(slices.Clone(words[n%len(words):]), words[:n%len(words)]...), " ")
				code, _ := ask(ctx, client, base, q, from)
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				res.AttackStatus[code]++
				mu.Unlock()
			}
		}()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-t.C:
			start := time.Now()
			code, _ := ask(ctx, client, base, normal, "10.255.255.1")
			if ctx.Err() != nil {
				break
			}
			res.User = append(res.User, time.Since(start))
			res.UserStatus[code]++
		}
	}
	wg.Wait()
	slices.Sort(res.User)
	if n := len(res.User); n > 0 {
		res.UserSlowest = res.User[n-1]
		res.UserPercent99 = res.User[int(float64(n-1)*0.99)]
	}
	return res
}

// ask sends one question as from, returning the status (0 when the request
// failed outright).
func ask(ctx context.Context, client *http.Client, base, q, from string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/ask?q="+url.QueryEscape(q), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("X-Forwarded-For", from)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
