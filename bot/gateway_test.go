package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// readyzCode fetches /readyz: its status code and body (0 and nil while
// nothing answers).
func readyzCode(tb testing.TB, base string) (int, map[string]any) {
	tb.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var st map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		tb.Fatalf("/readyz: %v", err)
	}
	return resp.StatusCode, st
}

var gatewayPID = regexp.MustCompile(`\(process (\d+)\)`)

// TestGatewayCrashRestartsOnlyTheGateway runs the real binary: the gateway
// is a child process; killed, it is restarted, while the site and the API
// carry on and /readyz reports each side honestly.
func TestGatewayCrashRestartsOnlyTheGateway(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, addr := buildBinary(t)
	// Discord is down: the gateway cannot connect, and says so.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"unavailable"}`, http.StatusServiceUnavailable)
	}))
	defer down.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--site", "", "--content", "../content", "--watch", "0")
	logs := startProcess(t, cmd, "PATH="+os.Getenv("PATH"), "DISCORD_BOT_TOKEN=test-token", "DISCORD_APPLICATION_ID=555",
		"DISCORD_API_URL="+down.URL, "DISCORD_GATEWAY_URL=ws"+strings.TrimPrefix(down.URL, "http")+"/gateway")
	base := "http://" + addr

	// The child's pid, once it reports that it cannot connect.
	childPID := func(not int) int {
		t.Helper()
		var pid int
		waitFor(t, func() bool {
			code, st := readyzCode(t, base)
			s, _ := st["discord"].(string)
			m := gatewayPID.FindStringSubmatch(s)
			if code != http.StatusOK || m == nil || !strings.Contains(s, "gateway not connected") {
				return false
			}
			pid, _ = strconv.Atoi(m[1])
			return pid != not
		})
		return pid
	}
	first := childPID(0)
	if first == cmd.Process.Pid {
		t.Fatalf("the gateway runs in the server's own process (%d)", first)
	}
	_, st := readyzCode(t, base)
	if links, _ := st["links"].(string); !strings.HasPrefix(links, "not clickable") {
		t.Errorf("/readyz links = %q, want it to say links are not clickable without BASE_URL", links)
	}

	// A crash of the gateway (SIGKILL stands in for discordgo's panic).
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The API answers while the gateway is down or restarting. (Whether a
	// poll sees the brief "restarting" state depends on the machine's load;
	// the new child's pid below is what proves the restart.)
	resp, err := http.Post(base+"/api/ask", "application/x-www-form-urlencoded", strings.NewReader("q=when+should+I+escalate"))
	if err != nil {
		t.Fatalf("the API died with the gateway: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/api/ask while the gateway restarts: %d, want 200", resp.StatusCode)
	}
	second := childPID(first)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v; want status 0\n%s", err, <-logs)
	}
	if err := syscall.Kill(second, 0); err == nil {
		t.Errorf("gateway process %d still running after the server stopped", second)
	}
	if l := <-logs; !strings.Contains(l, "PUBLISHED ADDRESS IS NOT SET") {
		t.Errorf("start-up logs do not warn about BASE_URL:\n%s", l)
	}
}
