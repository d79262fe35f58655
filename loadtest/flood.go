package loadtest

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WorstQuestion is the costliest question to answer: 32 misspelt words,
// each a spelling correction.
const WorstQuestion = "escalaton neglact supervison chronolgy transferr complaince saftey thresold concernd profesional " +
	"disagrement asessment attachmnet develpment safegaurding procedur escalaton neglact supervison chronolgy " +
	"transferr complaince saftey thresold concernd profesional disagrement asessment attachmnet develpment safegaurding procedur"

// FloodResult is what one ordinary user, and Discord, met while attackers
// flooded the server, and what the attackers got.
type FloodResult struct {
	Attackers     int
	AttackStatus  map[int]int // status code -> count; 0 for transport errors
	User          []time.Duration
	UserStatus    map[int]int
	UserSlowest   time.Duration
	UserPercent99 time.Duration
	// Discord: signed /ask interactions, when a key was given.
	Discord        []time.Duration
	DiscordStatus  map[int]int
	DiscordSlowest time.Duration
}

func (r FloodResult) String() string {
	s := fmt.Sprintf("%d attackers: attack replies %v; an ordinary user's %d questions: replies %v, p99 %s, slowest %s",
		r.Attackers, r.AttackStatus, len(r.User), r.UserStatus, r.UserPercent99.Round(time.Millisecond), r.UserSlowest.Round(time.Millisecond))
	if len(r.Discord) > 0 {
		s += fmt.Sprintf("; Discord's %d /ask interactions: replies %v, slowest %s", len(r.Discord), r.DiscordStatus, r.DiscordSlowest.Round(time.Millisecond))
	}
	return s
}

// DiscordKey is the soak test's own Ed25519 key for signing interactions:
// fixed, so the server under test can be given its public half. It signs
// nothing but loopback test traffic.
func DiscordKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte("guidance-soak-test-key-32-bytes!"))
}

// askInteraction sends one signed /ask interaction and returns its status.
func askInteraction(ctx context.Context, client *http.Client, base string, key ed25519.PrivateKey, n int) int {
	body := fmt.Sprintf(`{"id":"%d","application_id":"555","type":2,"token":"soak","guild_id":"999","channel_id":"888",`+
		`"member":{"user":{"id":"%d","username":"hv"}},"data":{"id":"2","name":"ask","type":1,`+
		`"options":[{"name":"question","type":3,"value":"how do I escalate a disagreement %d"}]}}`, 1000+n, 5000+n, n)
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/interactions", strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, []byte(stamp+body))))
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// Flood runs attackers clients, each from its own address (sent as
// X-Forwarded-For, so the server must trust loopback as a proxy), asking
// the worst question as fast as they can, while one ordinary user asks a
// normal question every interval, until ctx ends.
func Flood(ctx context.Context, base string, attackers int, normal string, interval time.Duration, discord ed25519.PrivateKey) FloodResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: attackers + 1}}
	defer client.CloseIdleConnections()
	res := FloodResult{Attackers: attackers, AttackStatus: map[int]int{}, UserStatus: map[int]int{}, DiscordStatus: map[int]int{}}
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
	for n := 0; ctx.Err() == nil; n++ {
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
			if discord != nil {
				start = time.Now()
				code := askInteraction(ctx, client, base, discord, n)
				if ctx.Err() != nil {
					break
				}
				d := time.Since(start)
				res.Discord = append(res.Discord, d)
				res.DiscordStatus[code]++
				res.DiscordSlowest = max(res.DiscordSlowest, d)
			}
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
