package loadtest

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestFloodSeparatesAttackersFromTheUser checks the load tool itself:
// attackers send the costliest question from many addresses, the ordinary
// user asks something else from one address, and Discord interactions are
// signed with the soak key.
func TestFloodSeparatesAttackersFromTheUser(t *testing.T) {
	var attackers, users, signedOK atomic.Int64
	pub := DiscordKey().Public().(ed25519.PublicKey)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/interactions":
			body, _ := io.ReadAll(r.Body)
			sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
			if ed25519.Verify(pub, append([]byte(r.Header.Get("X-Signature-Timestamp")), body...), sig) {
				signedOK.Add(1)
			}
		case strings.HasPrefix(r.Header.Get("X-Forwarded-For"), "10.0."):
			attackers.Add(1)
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			users.Add(1)
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res := Flood(ctx, srv.URL, 5, "how do I escalate", 50*time.Millisecond, DiscordKey())
	if attackers.Load() == 0 || res.AttackStatus[http.StatusTooManyRequests] == 0 {
		t.Errorf("attackers sent %d, statuses %v", attackers.Load(), res.AttackStatus)
	}
	// The question under way when time runs out is not counted.
	if n := users.Load(); len(res.User) == 0 || int(n)-len(res.User) > 1 || res.UserStatus[200] != len(res.User) {
		t.Errorf("user asked %d, result %d, statuses %v", n, len(res.User), res.UserStatus)
	}
	if n := signedOK.Load(); len(res.Discord) == 0 || int(n) < len(res.Discord) || int(n)-len(res.Discord) > 1 {
		t.Errorf("%d correctly signed interactions, %d sent", n, len(res.Discord))
	}
}
