package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"guidance/bot/web"
	"guidance/loadtest"
)

// copyContent copies ../content into a temporary directory the test may break.
func copyContent(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	entries, err := os.ReadDir("../content")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../content", e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// startServer runs serve in-process on a free loopback port and returns its
// base URL, a reload trigger and a stop function that waits for exit.
func startServer(tb testing.TB, contentDir string, vars ...string) (base string, reload chan struct{}, stop func() error) {
	tb.Helper()
	// The load tests are one client measuring throughput: no per-client limit.
	return startServerWith(tb, serveConfig{addr: "127.0.0.1:0", contentDir: contentDir, shutdown: 5 * time.Second,
		limits: web.Limits{PerSecond: 1e9, Burst: 1e9, Searches: 64}}, vars...)
}

// startServerWith is startServer with a configuration of the test's own.
func startServerWith(tb testing.TB, cfg serveConfig, vars ...string) (base string, reload chan struct{}, stop func() error) {
	tb.Helper()
	envVars := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		envVars[vars[i]] = vars[i+1]
	}
	e := &env{getenv: func(k string) string { return envVars[k] }, stdout: io.Discard, stderr: io.Discard,
		logger: slog.New(slog.DiscardHandler), now: time.Now}
	reload = make(chan struct{})
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, e, cfg, reload, ready) }()
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-errc:
		cancel()
		tb.Fatalf("serve: %v", err)
	}
	var once sync.Once
	var stopErr error
	stop = func() error {
		once.Do(func() { cancel(); stopErr = <-errc })
		return stopErr
	}
	tb.Cleanup(func() { _ = stop() })
	return base, reload, stop
}

func TestServeUnderLoad(t *testing.T) {
	base, _, stop := startServer(t, "../content")
	res := loadtest.Run(context.Background(), base, loadtest.DefaultQuestions, 32, 10000)
	// A fast 503 with Retry-After is the server shedding load it cannot
	// serve in time (a busy machine, the race detector); anything else is a
	// failure.
	if res.Requests != 10000 || res.Errors != 0 || res.Shed > res.Requests/1000 {
		t.Errorf("load: %s; want 10000 requests, 0 errors, at most 0.1%% shed", res)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func readyz(tb testing.TB, base string) map[string]any {
	tb.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var st map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestReloadWithBrokenContentKeepsAnswering(t *testing.T) {
	dir := copyContent(t)
	base, reload, _ := startServer(t, dir)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan loadtest.Result)
	go func() { done <- loadtest.Run(ctx, base, loadtest.DefaultQuestions, 8, 1_000_000) }()

	// Break a page while the load runs, and reload.
	broken := filepath.Join(dir, "neglect.md")
	good, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reload <- struct{}{}
	waitFor(t, func() bool { s, _ := readyz(t, base)["last_reload_error"].(string); return s != "" })
	st := readyz(t, base)
	if msg, _ := st["last_reload_error"].(string); !strings.Contains(msg, "neglect.md:1:") {
		t.Errorf("readyz last_reload_error = %q, want it to name neglect.md:1", msg)
	}
	if st["ready"] != true {
		t.Errorf("readyz not ready after a failed reload: %v", st)
	}

	// Mend it and reload: the error clears.
	if err := os.WriteFile(broken, good, 0o644); err != nil {
		t.Fatal(err)
	}
	reload <- struct{}{}
	waitFor(t, func() bool { _, has := readyz(t, base)["last_reload_error"]; return !has })
	cancel()
	res := <-done
	if res.Errors != 0 || res.Requests == 0 {
		t.Errorf("load during reloads: %s; want no errors", res)
	}
}

func waitFor(tb testing.TB, cond func() bool) {
	tb.Helper()
	// Generous: the race detector on a busy machine slows process starts.
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatal("condition not met within 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const bigFile = 32 << 20

// buildBinary builds the program for tests that run it as a process, and
// picks a free loopback address for it to serve on.
func buildBinary(t *testing.T) (bin, addr string) {
	t.Helper()
	bin = filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return bin, ln.Addr().String()
}

// startProcess starts cmd with env; the channel gets its stderr once it
// has exited.
func startProcess(t *testing.T, cmd *exec.Cmd, env ...string) <-chan string {
	t.Helper()
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 1)
	go func() { b, _ := io.ReadAll(stderr); logs <- string(b) }()
	return logs
}

// TestSIGTERMFinishesRequestsInFlight runs the real binary: requests begun
// before SIGTERM are answered, and the process exits 0.
func TestSIGTERMFinishesRequestsInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, addr := buildBinary(t)
	site := t.TempDir()
	for name, size := range map[string]int{"index.html": 100, "big.bin": bigFile} {
		if err := os.WriteFile(filepath.Join(site, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--site", site, "--content", "../content", "--watch", "0",
		"--client-rate", "1e9", "--client-burst", "1000000000") // one client measuring load
	logs := startProcess(t, cmd, "PATH="+os.Getenv("PATH"))
	base := "http://" + addr
	waitFor(t, func() bool {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})
	if res := loadtest.Run(context.Background(), base, loadtest.DefaultQuestions, 32, 2000); res.Errors != 0 {
		t.Fatalf("load before SIGTERM: %s", res)
	}

	// A request in flight: a large download the client reads slowly, so
	// its handler is still writing when SIGTERM arrives.
	resp, err := http.Get(base + "/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 64<<10)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Errorf("download in flight at SIGTERM: %v", err)
	}
	if got, want := len(first)+len(rest), bigFile; got != want {
		t.Errorf("download in flight at SIGTERM: got %d bytes, want %d", got, want)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v; want status 0\n%s", err, <-logs)
	}
	if l := <-logs; strings.Contains(l, "escalation") {
		t.Errorf("logs contain question text:\n%s", l)
	}
}

// TestServeInteractionsWithPublicKeyOnly: with only DISCORD_PUBLIC_KEY set,
// serve answers signed interactions (PING and /ask) and refuses unsigned ones.
func TestServeInteractionsWithPublicKeyOnly(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	base, _, _ := startServer(t, "../content", "DISCORD_PUBLIC_KEY", hex.EncodeToString(pub),
		"BASE_URL", "https://guidance.example.org")
	post := func(body string, key ed25519.PrivateKey) (int, string) {
		t.Helper()
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, base+"/interactions", strings.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, []byte(ts+body))))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`{"type":1}`, priv); code != 200 || !strings.Contains(body, `"type":1`) {
		t.Errorf("signed PING: %d %s, want 200 PONG", code, body)
	}
	ask := `{"type":2,"id":"1","application_id":"2","token":"t","channel_id":"3","guild_id":"4",
		"member":{"user":{"id":"5","username":"u"}},
		"data":{"id":"6","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"was not brought @everyone"}]}}`
	code, body := post(ask, priv)
	if code != 200 || !strings.Contains(body, "https://guidance.example.org/neglect/#") {
		t.Errorf("signed /ask: %d %.300s, want a link into /neglect/", code, body)
	}
	if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
		t.Errorf("signed /ask: reply lacks allowed_mentions parse [] (%s)", body)
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	if code, _ := post(`{"type":1}`, other); code != http.StatusUnauthorized {
		t.Errorf("PING signed with another key: %d, want 401", code)
	}
}

// TestTraversalOverTCP sends raw request lines no client library would
// clean, and checks nothing outside the site comes back.
func TestTraversalOverTCP(t *testing.T) {
	base, _, _ := startServer(t, "../content")
	addr := strings.TrimPrefix(base, "http://")
	for _, target := range []string{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd", "/content/../../go.mod"} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		b, _ := io.ReadAll(c)
		c.Close()
		resp := string(b)
		if strings.Contains(resp, "root:") || strings.Contains(resp, "module guidance") {
			t.Errorf("GET %s escaped the site:\n%.300s", target, resp)
		}
		if !strings.HasPrefix(resp, "HTTP/1.1 404") && !strings.HasPrefix(resp, "HTTP/1.1 400") && !strings.HasPrefix(resp, "HTTP/1.1 30") {
			t.Errorf("GET %s: %.40s, want 404, 400 or a redirect", target, resp)
		}
	}
}

// TestBadInputNever5xx asks the real answerer awkward things over HTTP.
func TestBadInputNever5xx(t *testing.T) {
	base, _, _ := startServer(t, "../content")
	tests := []struct {
		q    string
		want int
	}{
		{"???", 400},
		{"\x00\x01\x02", 400},
		{"title:foo AND (bar OR baz*)~2", 200},
		{strings.Repeat("escalation ", 800), 200},
		{"@everyone <@&123> how do I escalate", 200},
		{"\xff\xfe broken utf-8", 200},
		{"'; DROP TABLE questions; --", 200},
	}
	for _, tt := range tests {
		resp, err := http.Get(base + "/api/ask?q=" + url.QueryEscape(tt.q))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want || !json.Valid(body) {
			t.Errorf("ask %.40q: %d %.120s, want %d with JSON", tt.q, resp.StatusCode, body, tt.want)
		}
	}
}

// TestShutdownWithASlowUploadExitsCleanly: a client still sending a request
// body when SIGTERM comes must not turn the shutdown into a failure; the
// server drains for its deadline, closes what is left and exits 0.
func TestShutdownWithASlowUploadExitsCleanly(t *testing.T) {
	base, _, stop := startServerWith(t, serveConfig{addr: "127.0.0.1:0", contentDir: "../content", shutdown: 300 * time.Millisecond})
	u, _ := url.Parse(base)
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Headers promise a body that never comes.
	fmt.Fprintf(c, "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc")
	time.Sleep(100 * time.Millisecond)
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- stop() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after a slow upload, want a clean exit", err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("shutdown took %v, want about the 300 ms deadline", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestReloadMemoryStaysBounded runs the real binary and reloads it again
// and again: the peak (VmHWM) stays within twice the steady memory, so a
// reload cannot push a service with a memory limit into a crash loop.
func TestReloadMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read memory")
	}
	bin, addr := buildBinary(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--site", "", "--content", "../content", "--watch", "0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	base := "http://" + addr
	waitFor(t, func() bool {
		resp, err := http.Get(base + "/api/ask?q=neglect")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})
	kb := func(field string) int {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, field+":") {
				n, _ := strconv.Atoi(strings.Fields(line)[1])
				return n
			}
		}
		t.Fatalf("no %s in /proc status", field)
		return 0
	}
	steady := kb("VmRSS")
	for range 5 {
		if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		time.Sleep(600 * time.Millisecond)
	}
	peak := kb("VmHWM")
	t.Logf("steady %d MB, peak over 5 reloads %d MB", steady>>10, peak>>10)
	if peak > 2*steady {
		t.Errorf("peak %d KB over reloads, more than twice the steady %d KB", peak, steady)
	}
}

// TestServeLinksUsePublisherAddress: without BASE_URL, answers' links use
// the address the publisher set in content/publisher.yaml, and /readyz says
// links are clickable.
func TestServeLinksUsePublisherAddress(t *testing.T) {
	dir := copyContent(t)
	const addr = "https://guidance.partnership.nhs.uk"
	if err := os.WriteFile(filepath.Join(dir, "publisher.yaml"), []byte("address: \""+addr+"/\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _, _ := startServer(t, dir)
	if got, want := fmt.Sprint(readyz(t, base)["links"]), "clickable: "+addr; got != want {
		t.Errorf("readyz links = %q, want %q", got, want)
	}
}
