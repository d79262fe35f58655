package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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
func startServer(tb testing.TB, contentDir string) (base string, reload chan struct{}, stop func() error) {
	tb.Helper()
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard,
		logger: discardLogger(), now: time.Now}
	cfg := serveConfig{addr: "127.0.0.1:0", contentDir: contentDir, shutdown: 5 * time.Second}
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
	res := loadAsk(context.Background(), base, loadQuestions, 32, 10000)
	if res.Requests != 10000 || res.Errors != 0 {
		t.Errorf("load: %s; want 10000 requests, 0 errors", res)
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
	done := make(chan loadResult)
	go func() { done <- loadAsk(ctx, base, loadQuestions, 8, 1_000_000) }()

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
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatal("condition not met within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const bigFile = 32 << 20

// TestSIGTERMFinishesRequestsInFlight runs the real binary: requests begun
// before SIGTERM are answered, and the process exits 0.
func TestSIGTERMFinishesRequestsInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	site := t.TempDir()
	for name, size := range map[string]int{"index.html": 100, "big.bin": bigFile} {
		if err := os.WriteFile(filepath.Join(site, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--site", site, "--content", "../content", "--watch", "0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 1)
	go func() { b, _ := io.ReadAll(stderr); logs <- string(b) }()
	base := "http://" + addr
	waitFor(t, func() bool {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})
	if res := loadAsk(context.Background(), base, loadQuestions, 32, 2000); res.Errors != 0 {
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
