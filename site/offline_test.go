package site_test

// The offline copy: the manifest lists the whole guide within its budget,
// and in a browser, after one page online, pages never opened and search
// work with the server gone.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"guidance/bot/web"
	"guidance/site/offline"
)

// offlineBudget is the most the saved copy may take on a phone.
const offlineBudget = 3 * 1024 * 1024

// TestOfflineManifest: offline.json lists every page, stylesheet, script, QR
// image and Pagefind file, and the copy stays within its budget.
func TestOfflineManifest(t *testing.T) {
	dir := builtSite(t)
	m := readManifest(t, dir)
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f] = true
	}
	for _, p := range htmlPages(t, dir) {
		if want := strings.TrimPrefix(p.url, "/"); !listed[want] {
			t.Errorf("page %s is not in the offline copy", p.url)
		}
	}
	kinds := map[string]int{}
	for _, f := range m.Files {
		switch {
		case strings.HasPrefix(f, "pagefind/fragment/"):
			kinds["pagefind fragment"]++
		case strings.HasPrefix(f, "pagefind/index/"):
			kinds["pagefind index"]++
		case strings.HasPrefix(f, "qr/"):
			kinds["QR image"]++
		case path.Ext(f) == ".css", path.Ext(f) == ".js":
			kinds[path.Ext(f)]++
		}
	}
	for _, k := range []string{"pagefind fragment", "pagefind index", "QR image", ".css", ".js"} {
		if kinds[k] == 0 {
			t.Errorf("no %s in the offline copy", k)
		}
	}
	for _, want := range []string{"pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.en-gb.pagefind"} {
		if !listed[want] {
			t.Errorf("%s is not in the offline copy", want)
		}
	}
	for _, f := range m.Files {
		if f == "sw.js" || strings.Contains(f, "-ui.") {
			t.Errorf("%s should not be in the offline copy", f)
		}
	}
	again, err := offline.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.Version != m.Version || again.Bytes != m.Bytes {
		t.Errorf("the manifest is not reproducible: %s/%d, then %s/%d", m.Version, m.Bytes, again.Version, again.Bytes)
	}
	t.Logf("offline copy: %d files, %d bytes (%.2f MB; budget %.0f MB), version %s; %v", len(m.Files), m.Bytes, float64(m.Bytes)/(1<<20), float64(offlineBudget)/(1<<20), m.Version, kinds)
	if m.Bytes > offlineBudget {
		t.Errorf("the offline copy takes %d bytes, over its budget of %d", m.Bytes, offlineBudget)
	}
}

// readManifest reads the offline manifest of a build.
func readManifest(t *testing.T, dir string) offline.Manifest {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, offline.File))
	if err != nil {
		t.Fatal(err)
	}
	var m offline.Manifest
	if err := json.Unmarshal(src, &m); err != nil {
		t.Fatalf("%s: %v", offline.File, err)
	}
	return m
}

// poll evaluates a JavaScript expression (a promise is awaited) until it
// returns want, or fails the test after timeout.
func poll(t *testing.T, ctx context.Context, expr, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got string
	var err error
	for time.Now().Before(deadline) {
		got, err = eval[string](ctx, expr)
		if err == nil && got == want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("waited %v for %s: got %q (%v), want %q", timeout, expr, got, err, want)
}

// savedCaches lists the offline copies in the browser, comma-separated.
const savedCaches = `caches.keys().then(k => k.filter(n => n.startsWith("guide-")).join(","))`

// TestOffline: load one page; the whole guide is saved. A new content version
// replaces the saved copy. Then, with the server stopped and the browser
// offline, the open page says so, and three pages never opened, a short link
// and a search all work, each page saying it is the saved copy.
func TestOffline(t *testing.T) {
	dir := builtSite(t)
	m := readManifest(t, dir)
	var bumped atomic.Bool // serve a new content version
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(web.SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/"+offline.File {
			next := m
			if bumped.Load() {
				next.Version = "next" + m.Version
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(next)
			return
		}
		// As a static host or CDN may: offline, the browser's own cache then
		// serves some pages before the saved copy is asked.
		w.Header().Set("Cache-Control", "public, max-age=600")
		files.ServeHTTP(w, r)
	})))
	t.Cleanup(srv.Close)
	ctx := newTab(t, 5*time.Minute)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, savedCaches, "guide-"+m.Version, 30*time.Second)
	poll(t, ctx, `navigator.serviceWorker.ready.then(() => String(!!navigator.serviceWorker.controller))`, "true", 10*time.Second)
	saved, err := eval[int](ctx, `caches.open("guide-`+m.Version+`").then(c => c.keys()).then(k => k.length)`)
	if err != nil {
		t.Fatal(err)
	}
	if saved != len(m.Files)+1 {
		t.Errorf("saved %d entries, want the %d files of the manifest and the saved date", saved, len(m.Files))
	}

	// A new version online: the new copy is saved and the old one deleted.
	bumped.Store(true)
	if _, err := eval[bool](ctx, `navigator.serviceWorker.controller.postMessage({type: "update", force: true}), true`); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, savedCaches, "guide-next"+m.Version, 30*time.Second)

	// Offline: the server is gone.
	srv.Close()
	pages := []struct{ url, h1 string }{
		{"/neglect/", "Neglect"},
		{"/contacts/", "Contacts"},
		{"/child-c-review/#recommendation-4", "Child C"},
	}
	// The page on screen came from the network: when the browser notices the
	// connection is gone (navigator.onLine), it says the saved copy's date.
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	octx, ocancel := context.WithTimeout(ctx, 10*time.Second)
	defer ocancel()
	if err := chromedp.Do(octx, chromedp.WaitVisible(chromedp.ID("offline-note"))); err != nil {
		t.Fatalf("gone offline on a page from the network: no offline note: %v", err)
	}
	for _, p := range pages {
		pctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(pctx, chromedp.Navigate(srv.URL+p.url)); err != nil {
			t.Fatalf("offline, open %s: %v", p.url, err)
		}
		h1, err := chromedp.Run(pctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h1, p.h1) {
			t.Errorf("offline %s: heading %q, want it to contain %q", p.url, h1, p.h1)
		}
		if err := chromedp.Do(pctx, chromedp.WaitVisible(chromedp.ID("offline-note"))); err != nil {
			t.Fatalf("offline %s: no offline note: %v", p.url, err)
		}
		note, err := chromedp.Run(pctx, chromedp.Text(chromedp.ID("offline-note")))
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().In(london(t)).Format("2 January 2006")
		if want := fmt.Sprintf("You are offline — this copy was saved on %s.", today); note != want {
			t.Errorf("offline %s: note %q, want %q", p.url, note, want)
		}
		styled, err := eval[string](ctx, `getComputedStyle(document.body).fontFamily`)
		if err != nil || !strings.Contains(styled, "system-ui") {
			t.Errorf("offline %s: the stylesheet did not load (font %q, %v)", p.url, styled, err)
		}
	}

	// A short link, typed without its trailing slash, opens its section.
	rctx, rcancel := context.WithTimeout(ctx, 15*time.Second)
	defer rcancel()
	if err := chromedp.Do(rctx, chromedp.Navigate(srv.URL+"/r/4"), chromedp.WaitVisible(chromedp.CSS("#recommendation-4:target"))); err != nil {
		t.Fatalf("offline, short link /r/4: %v", err)
	}

	// Offline search: the Pagefind index and fragments come from the saved copy.
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible(chromedp.ID("search-q")),
		chromedp.SendKeys(chromedp.ID("search-q"), "graded care profile"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href*="#"]`)),
	); err != nil {
		t.Fatalf("offline search: %v", err)
	}
	hrefs, err := eval[[]string](ctx, `[...document.querySelectorAll("#search-results a[href]")].map(a => a.getAttribute("href"))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(hrefs) == 0 || !strings.HasPrefix(hrefs[0], "/neglect/") {
		t.Errorf("offline search for graded care profile: results %v, want the neglect page first", hrefs)
	}
	// A page the manifest does not hold says so instead of the browser's error.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/no-such-page/")); err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "not saved for offline use") {
		t.Errorf("offline, a page not saved: got %q", body)
	}
}
