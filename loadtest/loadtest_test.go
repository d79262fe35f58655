package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"localhost", true}, {"127.0.0.1", true}, {"127.9.9.9", true}, {"::1", true},
		{"example.org", false}, {"10.0.0.1", false}, {"127.example.org", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsLoopback(tt.host); got != tt.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestRunCountsRequestsAndErrors(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch i := n.Add(1); {
		case i%10 == 0: // a failure
			w.WriteHeader(http.StatusServiceUnavailable)
		case i%25 == 1: // load shed: busy, ask again
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	res := Run(context.Background(), srv.URL, DefaultQuestions, 4, 100)
	if res.Requests != 100 || res.Errors != 10 || res.Shed != 4 || len(res.Latencies) != 100 {
		t.Errorf("result = %d requests, %d errors, %d shed, %d latencies; want 100, 10, 4, 100", res.Requests, res.Errors, res.Shed, len(res.Latencies))
	}
}

func TestReadQuestions(t *testing.T) {
	dir := t.TempDir()
	lines := filepath.Join(dir, "q.txt")
	set := filepath.Join(dir, "q.json")
	_ = os.WriteFile(lines, []byte("one\n\ntwo\n"), 0o644)
	_ = os.WriteFile(set, []byte(`[{"q":"three","kind":"answer","expect":[]}]`), 0o644)
	if got, err := ReadQuestions(lines); err != nil || len(got) != 2 {
		t.Errorf("lines: %v %v, want 2 questions", got, err)
	}
	if got, err := ReadQuestions(set); err != nil || len(got) != 1 || got[0] != "three" {
		t.Errorf("set: %v %v, want [three]", got, err)
	}
	if _, err := ReadQuestions(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}
