package web

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"guidance"
)

type fakeAsker struct {
	got   guidance.Question
	err   error
	panic bool
}

func (f *fakeAsker) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	if f.panic {
		panic("boom")
	}
	f.got = q
	if f.err != nil {
		return guidance.Answer{}, f.err
	}
	if strings.Trim(q.Text, "?!") == "" {
		return guidance.Answer{Contacts: []guidance.Contact{{ID: "consultation-line"}}}, guidance.ErrEmptyQuestion
	}
	ans := guidance.Answer{Query: q.Text, Results: []guidance.Match{{Title: "Escalation", URL: "/escalation/#when"}}}
	if strings.Contains(q.Text, "danger") {
		ans.Notices = []guidance.Notice{{Kind: guidance.NoticeEmergency, Text: "call 999"}}
	}
	return ans, nil
}

func (f *fakeAsker) Suggest(context.Context, string, int) ([]guidance.Suggestion, error) {
	return nil, nil
}
func (f *fakeAsker) Contacts() []guidance.Contact { return nil }

var site = fstest.MapFS{
	"index.html":              {Data: []byte("<!doctype html><title>Home</title>" + strings.Repeat("text ", 200))},
	"404.html":                {Data: []byte("<!doctype html><title>Not found</title>")},
	"escalation/index.html":   {Data: []byte("<!doctype html><title>Escalation</title>")},
	"css/site.css":            {Data: []byte("body{color:#000}")},
	"pagefind/pagefind.js":    {Data: []byte("export{}")},
	"pagefind/fragment/a.pf":  {Data: []byte("x")},
	"sw.js":                   {Data: []byte("self.addEventListener")},
	"offline.json":            {Data: []byte(`{"version":"1"}`)},
	"images/logo.svg":         {Data: []byte("<svg/>")},
	"emptydir/nothing.txt":    {Data: []byte("hidden folder")},
	"secret/../../etc/passwd": {Data: []byte("never")},
}

func newServer(tb testing.TB, asker guidance.Asker) (http.Handler, *Metrics) {
	tb.Helper()
	m := NewMetrics()
	h := New(Config{
		Site: site, Asker: asker, Metrics: m,
		Status: func() guidance.Status { return guidance.Status{Ready: true, Pages: 3} },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return h, m
}

func get(tb testing.TB, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://x"+target, nil)
	if strings.Contains(target, "..") || strings.Contains(target, "%2e") {
		req.URL.Path = target // keep the raw path as an attacker would send it
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const traversal = -1

func TestSiteServing(t *testing.T) {
	h, _ := newServer(t, &fakeAsker{})
	tests := []struct {
		path        string
		status      int
		contentType string
		cache       string
		bodyHas     string
	}{
		{"/", 200, "text/html", "no-cache", "<title>Home"},
		{"/escalation/", 200, "text/html", "no-cache", "Escalation"},
		{"/css/site.css", 200, "text/css", "max-age=3600", "body"},
		{"/pagefind/fragment/a.pf", 200, "", "immutable", "x"},
		// The offline copy's worker and manifest: checked with the server
		// each time, so a new content version reaches readers at once.
		{"/sw.js", 200, "javascript", "no-cache", "self"},
		{"/offline.json", 200, "application/json", "no-cache", "version"},
		{"/missing/", 404, "text/html", "no-cache", "Not found"},
		{"/emptydir/", 404, "text/html", "", "Not found"},
		// Traversal: a 404, or the mux's redirect to the cleaned path inside the site.
		{"/../../etc/passwd", traversal, "", "", ""},
		{"/%2e%2e/%2e%2e/etc/passwd", traversal, "", "", ""},
		{"/secret/../../etc/passwd", traversal, "", "", ""},
	}
	for _, tt := range tests {
		rec := get(t, h, tt.path)
		if tt.status == traversal {
			if loc := rec.Header().Get("Location"); rec.Code != 404 && (rec.Code != 307 || loc != "/etc/passwd") {
				t.Errorf("GET %s: status %d location %q, want 404 or a redirect to /etc/passwd", tt.path, rec.Code, loc)
			}
			if rec := get(t, h, "/etc/passwd"); rec.Code != 404 {
				t.Errorf("GET /etc/passwd: status %d, want 404", rec.Code)
			}
		} else if rec.Code != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, rec.Code, tt.status)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tt.contentType) {
			t.Errorf("GET %s: content type %q, want %q", tt.path, ct, tt.contentType)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tt.cache) {
			t.Errorf("GET %s: cache control %q, want %q", tt.path, cc, tt.cache)
		}
		if !strings.Contains(rec.Body.String(), tt.bodyHas) {
			t.Errorf("GET %s: body %q lacks %q", tt.path, rec.Body.String(), tt.bodyHas)
		}
		if strings.Contains(rec.Body.String(), "never") || strings.Contains(rec.Body.String(), "root:") {
			t.Errorf("GET %s escaped the site", tt.path)
		}
		for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if rec.Header().Get(hdr) == "" {
				t.Errorf("GET %s: no %s header", tt.path, hdr)
			}
		}
	}
	if csp := get(t, h, "/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") {
		t.Errorf("CSP %q does not allow Pagefind's WebAssembly", csp)
	}
}

func TestGzip(t *testing.T) {
	h, _ := newServer(t, &fakeAsker{})
	rec := get(t, h, "/", "Accept-Encoding", "gzip")
	if got := rec.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !strings.Contains(string(body), "<title>Home") {
		t.Errorf("decompressed body = %q", body)
	}
	if rec := get(t, h, "/pagefind/fragment/a.pf", "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("Pagefind chunk compressed twice")
	}
}

func TestAskAPI(t *testing.T) {
	asker := &fakeAsker{}
	h, m := newServer(t, asker)
	tests := []struct {
		target  string
		status  int
		bodyHas string
	}{
		{"/api/ask?q=how+do+I+escalate", 200, `"url":"/escalation/#when"`},
		{"/api/ask?q=child+in+danger", 200, `"kind":"emergency"`},
		{"/api/ask", 400, "ask a question"},
		{"/api/ask?q=%20%20", 400, "ask a question"},
		{"/api/ask?q=%3F%3F%3F", 400, `"id":"consultation-line"`},
		{"/api/ask?q=x&limit=0", 400, "limit"},
		{"/api/ask?q=x&limit=abc", 400, "limit"},
		{"/api/ask?q=title:foo+AND+(bar", 200, `"results"`},
		{"/api/ask?q=" + strings.Repeat("long+", 3000), 200, `"results"`},
	}
	for _, tt := range tests {
		rec := get(t, h, tt.target)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.bodyHas) {
			t.Errorf("GET %s: %d %s, want %d with %q", tt.target[:min(len(tt.target), 60)], rec.Code, rec.Body.String(), tt.status, tt.bodyHas)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: content type %q", tt.target[:min(len(tt.target), 60)], ct)
		}
	}
	if rec := get(t, h, "/api/ask?q=x"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS is on by default")
	}
	req := httptest.NewRequest(http.MethodPut, "/api/ask?q=x", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), "POST") {
		t.Errorf("PUT /api/ask: %d, Allow %q; want 405 naming POST", rec.Code, rec.Header().Get("Allow"))
	}

	metrics := get(t, h, "/metrics").Body.String()
	for _, want := range []string{"guidance_asks_total 5", "guidance_ask_emergency_total 1", `guidance_ask_duration_seconds_bucket{le="+Inf"} 5`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	if strings.Contains(metrics, "escalate") {
		t.Errorf("metrics contain question text")
	}
	_ = m
}

func TestAskFailureIsNotA5xxWithoutExplanation(t *testing.T) {
	h, _ := newServer(t, &fakeAsker{err: errors.New("index closed")})
	rec := get(t, h, "/api/ask?q=x")
	var body apiError
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.Contains(body.Error, "999") {
		t.Errorf("failure body %q: want a JSON error mentioning 999", rec.Body.String())
	}
}

func TestPanicIsRecovered(t *testing.T) {
	h, _ := newServer(t, &fakeAsker{panic: true})
	rec := get(t, h, "/api/ask?q=x")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "999") {
		t.Errorf("panic: got %d %q", rec.Code, rec.Body.String())
	}
}

func TestHealthAndReady(t *testing.T) {
	h, _ := newServer(t, &fakeAsker{})
	if rec := get(t, h, "/healthz"); rec.Code != 200 {
		t.Errorf("healthz %d", rec.Code)
	}
	rec := get(t, h, "/readyz")
	var st guidance.Status
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || rec.Code != 200 || !st.Ready || st.Pages != 3 {
		t.Errorf("readyz %d %s", rec.Code, rec.Body.String())
	}
	notReady := New(Config{Status: func() guidance.Status { return guidance.Status{} }, Asker: &fakeAsker{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if rec := get(t, notReady, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz without index: %d, want 503", rec.Code)
	}
}

// TestSiteServesNothingHidden: dotfiles and links that lead out of the site
// are not served, however the path is spelt.
func TestSiteServesNothingHidden(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for name, body := range map[string]string{"index.html": "home", ".env": "SECRET=1", ".git/config": "[core]", "ok.txt": "fine"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "passwd"), []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "escape")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	site, root, err := OpenSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	h := New(Config{Site: site, Asker: &fakeAsker{}, Logger: slog.New(slog.DiscardHandler)})
	for target, want := range map[string]int{
		"/ok.txt": 200, "/.env": 404, "/.git/config": 404, "/escape/passwd": 404, "/escape/": 404,
	} {
		rec := get(t, h, target)
		if rec.Code != want || strings.Contains(rec.Body.String(), "SECRET") || strings.Contains(rec.Body.String(), "root:x") {
			t.Errorf("GET %s: %d %q, want %d and nothing hidden", target, rec.Code, rec.Body.String(), want)
		}
	}
}

// TestAskAPIByPost: the site posts questions so that they stay out of URLs;
// a question only in the URL of a POST is not read.
func TestAskAPIByPost(t *testing.T) {
	asker := &fakeAsker{}
	h, _ := newServer(t, asker)
	post := func(target, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := post("/api/ask", "q=how+do+I+escalate&limit=2"); rec.Code != 200 || asker.got.Text != "how do I escalate" || asker.got.Limit != 2 {
		t.Errorf("POST q=…: %d, asked %+v; want 200 and the question", rec.Code, asker.got)
	}
	if rec := post("/api/ask?q=in+the+url", ""); rec.Code != http.StatusBadRequest {
		t.Errorf("POST with the question only in the URL: %d, want 400", rec.Code)
	}
	if rec := post("/api/ask", "q="+strings.Repeat("a", 20000)); rec.Code != http.StatusBadRequest {
		t.Errorf("POST of 20 KB: %d, want 400", rec.Code)
	}
}

func TestHeadReportsTheTrueLength(t *testing.T) {
	page := strings.Repeat("<p>guidance</p>", 200)
	h := New(Config{Site: fstest.MapFS{"index.html": {Data: []byte(page)}}, Asker: &fakeAsker{}, Logger: slog.New(slog.DiscardHandler)})
	req := httptest.NewRequest(http.MethodHead, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(page)) || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("HEAD: Content-Length %q, Content-Encoding %q; want %d and none", got, rec.Header().Get("Content-Encoding"), len(page))
	}
}
