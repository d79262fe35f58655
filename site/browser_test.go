package site_test

// Browser tests: Debian's Chromium, headless, driven by chromedp against the
// built site served over HTTP. Without Chromium they skip, except in CI
// (CI=true), where a missing browser is a failure.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"guidance/bot/web"
)

// The WCAG 2.2 A and AA rules of axe-core.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

func chromiumPath(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatal("chromium is not installed; CI needs it for the browser tests (apt-get install chromium)")
	}
	tb.Skip("chromium is not installed: skipping browser tests (apt-get install chromium)")
	return ""
}

// newTab starts a headless Chromium with a fresh profile and returns a tab.
func newTab(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	exe := chromiumPath(tb)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	// Chromium now and then fails to start on a loaded machine ("chrome
	// failed to start"); one more try tells that apart from a broken install.
	var err error
	for try := 0; try < 2; try++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelTab := chromedp.NewContext(actx)
		ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
		stop := func() {
			cancelTimeout()
			cancelTab()
			cancelAlloc()
		}
		if err = chromedp.Do(ctx); err == nil {
			tb.Cleanup(stop)
			return ctx
		}
		stop()
	}
	tb.Fatalf("start chromium: %v", err)
	return nil
}

// serveSite serves the built site with the production security headers;
// extra handlers (such as /api/ask) go first.
func serveSite(tb testing.TB, dir string, extra map[string]http.HandlerFunc) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	for pattern, h := range extra {
		mux.HandleFunc(pattern, h)
	}
	mux.Handle("/", http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(web.SecurityHeaders(mux))
	tb.Cleanup(srv.Close)
	return srv
}

// eval evaluates JavaScript in the tab, awaiting a promise result.
func eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func runAxe(ctx context.Context, axeSrc string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSrc)); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	tags, _ := json.Marshal(axeTags)
	return eval[[]axeViolation](ctx, fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || ""))})))`, tags))
}

// TestAccessibility runs axe-core's WCAG 2.2 A/AA rules on every page, and
// checks each page reflows without sideways scrolling at 320 CSS pixels
// (a 1280-pixel screen at 400% zoom).
func TestAccessibility(t *testing.T) {
	dir := builtSite(t)
	axeSrc, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed (make site-deps): %v", err)
	}
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, 5*time.Minute)

	var urls []string
	presents := 0
	for _, p := range htmlPages(t, dir) {
		if isRedirect(p) {
			continue // a short link: it opens its section, checked here as a page
		}
		// Present views share one template: check a few, and recommendation 4's.
		if strings.HasPrefix(p.url, "/present/") && p.url != "/present/r/4/" {
			if presents++; presents > 3 {
				continue
			}
		}
		u := p.url
		if strings.HasSuffix(u, ".html") {
			u = "/" + p.file
		}
		urls = append(urls, u)
	}
	// The search page with results and with nothing found.
	urls = append(urls, "/search/?q=escalate", "/search/?q=zzqxv")

	total := 0
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+u)); err != nil {
				t.Fatalf("load %s: %v", u, err)
			}
			if strings.HasPrefix(u, "/search/?q=") {
				sel := "#search-results li"
				if strings.Contains(u, "zzqxv") {
					sel = "#search-empty"
				}
				if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
					t.Fatalf("search results did not appear: %v", err)
				}
			}
			violations, err := runAxe(ctx, string(axeSrc))
			if err != nil {
				t.Fatalf("axe: %v", err)
			}
			total += len(violations)
			for _, v := range violations {
				t.Errorf("axe %s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
			}

			if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
				t.Fatal(err)
			}
			overflow, err := eval[int](ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`)
			if err != nil {
				t.Fatal(err)
			}
			if overflow > 0 {
				wide, _ := eval[[]string](ctx, `[...document.querySelectorAll("body *")]
					.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
					.slice(0, 5).map(e => e.tagName + "." + e.className)`)
				t.Errorf("at 320px wide the page scrolls sideways by %dpx; widest: %v", overflow, wide)
			}
		})
	}
	t.Logf("axe-core (%s): %d violations on %d pages", strings.Join(axeTags, ","), total, len(urls))
}

// TestSearch types queries into the search box and waits for results.
func TestSearch(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, 2*time.Minute)
	tests := []struct {
		name  string
		query string
		empty bool // want the empty state instead of results
	}{
		{"keyword", "escalate", false},
		{"question with stop words", "what should I do if I disagree with a social worker", false},
		{"words that never occur together", "neglect whistleblowing zzqxv", false},
		{"nothing matches", "zzqxv", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx,
				chromedp.Navigate(srv.URL+"/search/"),
				chromedp.WaitVisible(chromedp.ID("search-q")),
				chromedp.SendKeys(chromedp.ID("search-q"), tt.query),
			); err != nil {
				t.Fatal(err)
			}
			if tt.empty {
				if err := chromedp.Do(tctx, chromedp.WaitVisible(chromedp.ID("search-empty"))); err != nil {
					t.Fatalf("empty state did not appear: %v", err)
				}
				status, err := chromedp.Run(tctx, chromedp.Text(chromedp.ID("search-status")))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(status, "No pages found") {
					t.Errorf("status: got %q, want it to say no pages were found", status)
				}
				return
			}
			link := chromedp.CSS(`#search-results a[href*="#"]`)
			if err := chromedp.Do(tctx, chromedp.WaitVisible(link)); err != nil {
				t.Fatalf("no result linking to a section for %q: %v", tt.query, err)
			}
			href, err := chromedp.Run(tctx, chromedp.AttributeValue(link, "href"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(href.Value, "/") || !strings.Contains(href.Value, "#") {
				t.Errorf("result link: got %q, want a site path with an anchor", href.Value)
			}
			summaries, err := eval[int](tctx, `document.querySelectorAll("#search-results .search-result__summary").length`)
			if err != nil {
				t.Fatal(err)
			}
			if summaries == 0 {
				t.Error("results show no page summary")
			}
		})
	}
}

// TestHeaderSearch: the header's search box takes a query to the search page.
func TestHeaderSearch(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/escalation/"),
		chromedp.SendKeys(chromedp.ID("site-search-q"), "transfer"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href*="#"]`)),
	); err != nil {
		t.Fatalf("header search: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// The question is read from the link, then kept out of the address and
	// the history: it may hold case details.
	if want := srv.URL + "/search/"; loc != want {
		t.Errorf("location: got %q, want %q", loc, want)
	}
}

// TestSearchAskAPI: served by `bot serve`, the search page shows the ask
// API's best answer above the results; on a static host it does without.
func TestSearchAskAPI(t *testing.T) {
	dir := builtSite(t)
	answer := map[string]any{
		"query":   "escalate",
		"notices": []map[string]string{{"kind": "privacy", "text": "Do not type names."}, {"kind": "emergency", "text": "If a child is in immediate danger, call 999."}},
		"results": []map[string]any{{
			"title": "Escalation", "section": "When should I escalate?", "url": "/escalation/#when-should-i-escalate",
			"score": 3.2, "snippet": "Consider escalating when you disagree.", "text": "…", "summary": "How to escalate.",
		}},
		"contacts": []map[string]any{{
			"id": "consultation-line", "name": "Consultation line", "who": "Schools", "phone": "0115 496 0100",
			"hours": []map[string]any{{"days": []string{"mon", "tue"}, "from": "09:00", "to": "17:00"}}, "example": true,
		}},
	}
	tests := []struct {
		name       string
		api        http.HandlerFunc
		wantAnswer bool
	}{
		{"bot serve", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(answer)
		}, true},
		{"static host", nil, false},
		{"server error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := map[string]http.HandlerFunc{}
			if tt.api != nil {
				extra["/api/ask"] = tt.api
			}
			srv := serveSite(t, dir, extra)
			ctx := newTab(t, time.Minute)
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/search/?q=escalate"),
				chromedp.WaitVisible(chromedp.CSS(`#search-results a[href*="#"]`)),
			); err != nil {
				t.Fatalf("results: %v", err)
			}
			if !tt.wantAnswer {
				time.Sleep(300 * time.Millisecond)
				hidden, err := eval[bool](ctx, `document.getElementById("search-answer").hidden`)
				if err != nil {
					t.Fatal(err)
				}
				if !hidden {
					t.Error("an answer box is shown without an ask API")
				}
				return
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("search-answer"))); err != nil {
				t.Fatalf("answer: %v", err)
			}
			// Contacts are folded (a phone shows the link first): read them all.
			got, err := eval[string](ctx, `document.getElementById("search-answer").textContent`)
			if err != nil {
				t.Fatal(err)
			}
			href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#search-answer a[href*="#"]`), "href"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"call 999", "When should I escalate?", "Consultation line", exampleMarker} {
				if !strings.Contains(got, want) {
					t.Errorf("answer box: %q missing from %q", want, got)
				}
			}
			if first := strings.Index(got, "call 999"); first < 0 || first > strings.Index(got, "When should I escalate?") {
				t.Errorf("answer box: the emergency notice is not first: %q", got)
			}
			if strings.Contains(got, "Do not type names.") {
				t.Errorf("answer box: repeats the search box's privacy hint: %q", got)
			}
			if want := "/escalation/#when-should-i-escalate"; href.Value != want {
				t.Errorf("answer link: got %q, want %q", href.Value, want)
			}
		})
	}
}

// TestKeyboard: the skip link is the first Tab stop, and a copy-link button
// works from the keyboard.
func TestKeyboard(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, time.Minute)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: srv.URL,
		}); err != nil {
			t.Logf("grant %s: %v", name, err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/"), chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	first, err := eval[string](ctx, `document.activeElement.className + " " + document.activeElement.getAttribute("href")`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "skip-link #main-content"; first != want {
		t.Errorf("first Tab stop: got %q, want %q", first, want)
	}

	// The copy button is in the share panel of the section the address targets.
	section, err := eval[string](ctx, `document.querySelector(".prose .heading h2").id`)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/#"+section)); err != nil {
		t.Fatal(err)
	}
	button := chromedp.CSS(".prose .copy-link")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(button)); err != nil {
		t.Fatalf("copy-link button not shown: %v", err)
	}
	id, err := eval[string](ctx, `document.querySelector(".prose .copy-link").dataset.copyLink`)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Focus(button),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.prose .copy-link[data-state]`)),
	); err != nil {
		t.Fatalf("press the copy-link button: %v", err)
	}
	want := srv.URL + "/escalation/" + id
	state, err := eval[string](ctx, `document.querySelector(".prose .copy-link").dataset.state`)
	if err != nil {
		t.Fatal(err)
	}
	if state != "copied" {
		t.Errorf("copy-link button state: got %q, want %q", state, "copied")
	}
	label, err := eval[string](ctx, `document.querySelector(".prose .copy-link").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(label, "Link copied") {
		t.Errorf("copy-link button text: got %q, want it to start %q", label, "Link copied")
	}
	announced, err := chromedp.Run(ctx, chromedp.Poll[string](`document.getElementById("live-region").textContent`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("no announcement: %v", err)
	}
	if !strings.Contains(announced, want) {
		t.Errorf("announcement: got %q, want it to contain %q", announced, want)
	}
	if clip, err := eval[string](ctx, `navigator.clipboard.readText()`); err != nil {
		t.Logf("clipboard not readable here (%v); checked the button's state instead", err)
	} else if clip != want {
		t.Errorf("clipboard: got %q, want %q", clip, want)
	}
}

// TestPrint: print media hides navigation, writes out link addresses and
// shows the dated footer.
func TestPrint(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, time.Minute)
	type style struct {
		Nav, Search, Breadcrumbs, Footer, Copy, After, Date string
	}
	const probe = `({
		Nav: getComputedStyle(document.querySelector(".site-nav")).display,
		Search: getComputedStyle(document.querySelector(".site-search")).display,
		Breadcrumbs: getComputedStyle(document.querySelector(".breadcrumbs")).display,
		Footer: getComputedStyle(document.querySelector(".print-footer")).display,
		Copy: getComputedStyle(document.querySelector(".prose .copy-link")).display,
		After: getComputedStyle(document.querySelector('.prose a[href^="/"]:not([href^="/glossary/"]):not([href^="/contacts/"])'), "::after").content,
		Date: document.querySelector("[data-print-date]").textContent,
	})`
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/")); err != nil {
		t.Fatal(err)
	}
	screen, err := eval[style](ctx, probe)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	print, err := eval[style](ctx, probe)
	if err != nil {
		t.Fatal(err)
	}
	if screen.Nav == "none" || screen.Footer != "none" {
		t.Errorf("on screen: nav display %q, print footer display %q; want the nav shown and the footer hidden", screen.Nav, screen.Footer)
	}
	tests := []struct{ what, got, want string }{
		{"navigation", print.Nav, "none"},
		{"header search", print.Search, "none"},
		{"breadcrumbs", print.Breadcrumbs, "none"},
		{"copy-link buttons", print.Copy, "none"},
		{"print footer", print.Footer, "block"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("print: %s display: got %q, want %q", tt.what, tt.got, tt.want)
		}
	}
	if !strings.Contains(print.After, "https://"+baseHost+"/") {
		t.Errorf("print: internal link ::after content %q, want the full address", print.After)
	}
	today := time.Now().In(london(t)).Format("2 January 2006")
	if print.Date != today {
		t.Errorf("print footer date: got %q, want today, %q", print.Date, today)
	}
}

func london(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		tb.Skipf("no time zone data: %v", err)
	}
	return loc
}

// TestWithoutJavaScript: pages read fine with scripts off; copy buttons, which
// need JavaScript, stay hidden.
func TestWithoutJavaScript(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, time.Minute)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/")); err != nil {
		t.Fatal(err)
	}
	// The test's own evaluations still run; the page's scripts do not.
	emergency, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".emergency")))
	if err != nil {
		t.Fatal(err)
	}
	visible, err := eval[int](ctx, `[...document.querySelectorAll(".copy-link")].filter(b => b.offsetParent !== null).length`)
	if err != nil {
		t.Fatal(err)
	}
	links, err := eval[int](ctx, `document.querySelectorAll(".prose .heading__link").length`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(emergency, emergencyLine) {
		t.Errorf("emergency line: got %q", emergency)
	}
	if visible != 0 {
		t.Errorf("without JavaScript %d copy buttons are visible, want 0", visible)
	}
	if links == 0 {
		t.Error("without JavaScript the headings do not link to themselves")
	}
}

// TestOpenNow: the contacts page marks each service open or closed now.
func TestOpenNow(t *testing.T) {
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/contacts/")); err != nil {
		t.Fatal(err)
	}
	marks, err := eval[[]string](ctx, `[...document.querySelectorAll("[data-open-status]")].map(e => e.textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(marks) == 0 {
		t.Fatal("no open-now markers on the contacts page")
	}
	for i, m := range marks {
		if m != "Open now" && m != "Closed now" {
			t.Errorf("marker %d: got %q, want Open now or Closed now", i, m)
		}
	}
	// Example hours are never shown as live: no badge, and the count says
	// it covers only confirmed hours.
	badges, err := eval[int](ctx, `document.querySelectorAll("[data-example-hours] [data-open-status], [data-example-hours] .tag--open, [data-example-hours] .tag--closed").length`)
	if err != nil {
		t.Fatal(err)
	}
	if badges != 0 {
		t.Errorf("example contacts carry %d open-now badges, want none", badges)
	}
	summary, err := eval[string](ctx, `document.querySelector("[data-open-summary]").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "confirmed hours") {
		t.Errorf("open summary %q: want it to count only services with confirmed hours", summary)
	}
	// A service open every day round the clock (999) is always open.
	always, err := eval[[]string](ctx, `[...document.querySelectorAll("[data-hours]")]
		.filter(e => JSON.parse(e.dataset.hours).some(h => h.days.length === 7 && h.from === "00:00" && h.to === "24:00"))
		.map(e => e.querySelector("[data-open-status]").textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range always {
		if m != "Open now" {
			t.Errorf("a 24-hour service: got %q, want Open now", m)
		}
	}
}

// TestScreenshots saves screenshots of the first screen of pages for people
// to look at when SITE_SCREENSHOTS names a directory: desktop, phone (375px)
// and 400% zoom. SITE_SCREENSHOT_PAGES lists site paths (a #fragment scrolls).
func TestScreenshots(t *testing.T) {
	out := os.Getenv("SITE_SCREENSHOTS")
	if out == "" {
		t.Skip("set SITE_SCREENSHOTS=dir to save screenshots")
	}
	dir := builtSite(t)
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, 5*time.Minute)
	pages := strings.Fields(os.Getenv("SITE_SCREENSHOT_PAGES"))
	if len(pages) == 0 {
		pages = []string{"/", "/escalation/", "/contacts/", "/child-c-review/", "/glossary/", "/search/?q=who+do+I+call+out+of+hours", "/changes/", "/topics/", "/404.html"}
	}
	views := []struct {
		name          string
		width, height int64
		scale         float64
		media         string
	}{
		{"desktop", 1280, 900, 1, ""},
		{"phone", 375, 740, 2, ""},
		{"zoom400", 320, 720, 4, ""},
		{"print", 794, 1123, 1, "print"},
	}
	for _, p := range pages {
		for _, v := range views {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: v.media}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)),
				chromedp.Navigate(srv.URL+p),
				chromedp.Sleep(500*time.Millisecond),
			); err != nil {
				t.Fatal(err)
			}
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			name := strings.Trim(strings.NewReplacer("/", "_", "?", "_", "=", "_", "+", "_", ".", "_", "#", "_").Replace(p), "_")
			if name == "" {
				name = "home"
			}
			if err := os.WriteFile(filepath.Join(out, name+"-"+v.name+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
