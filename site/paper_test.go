package site_test

// Phones and paper: the first screen on a phone, printed page counts, one
// section printed alone, nothing live on paper, report a problem.

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// printedPages prints the page at url to A4 PDF, as a reader's Print button
// does (no browser header and footer), and counts its pages.
func printedPages(ctx context.Context, url string) (int, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	return printNow(ctx)
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func printNow(ctx context.Context) (int, error) {
	res, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
		PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: ptr(true), GenerateTaggedPDF: ptr(false),
	})
	if err != nil {
		return 0, err
	}
	return len(pdfPage.FindAll(res.Data, -1)), nil
}

// printBefore is how many A4 pages each topic printed before the print
// styles were tightened (measured the same way on commit d326b20).
var printBefore = map[string]int{
	"/escalation/":    7,
	"/case-transfer/": 6,
	"/contacts/":      5,
	"/neglect/":       6,
	"/supervision/":   5,
}

// TestPrintPages: a topic prints in about half the pages it took before.
// SITE_PRINT_BEFORE=dir measures another build (such as an older commit's
// site/public) and only logs its counts.
func TestPrintPages(t *testing.T) {
	other := os.Getenv("SITE_PRINT_BEFORE")
	dir := other
	if dir == "" {
		dir = builtSite(t)
	}
	srv := serveSite(t, dir, nil)
	ctx := newTab(t, 2*time.Minute)
	for u, before := range printBefore {
		n, err := printedPages(ctx, srv.URL+u)
		if err != nil {
			t.Fatalf("print %s: %v", u, err)
		}
		t.Logf("%s prints on %d A4 pages (%d before)", u, n, before)
		if limit := (before + 1) / 2; n > limit && other == "" {
			t.Errorf("%s prints on %d pages, want at most %d (half of %d)", u, n, limit, before)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestPrintSection: "Print this section" prints that section alone, on one
// page; on paper nothing is live (open now) and the page tools are hidden.
func TestPrintSection(t *testing.T) {
	ctx, srv := siteTab(t, time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/escalation/#escalating-out-of-hours"),
		chromedp.WaitVisible(chromedp.CSS(`[data-print-section="#escalating-out-of-hours"]`)),
	); err != nil {
		t.Fatal(err)
	}
	// The browser's print dialog is replaced: the test prints to PDF itself.
	if _, err := eval[bool](ctx, `window.print = () => { window.printed = true; },
		document.querySelector('[data-print-section="#escalating-out-of-hours"]').click(), window.printed`); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown, err := eval[[]string](ctx, `[...document.querySelectorAll(".prose h2, .prose h3")].filter(h => h.getClientRects().length).map(h => h.id)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || shown[0] != "escalating-out-of-hours" {
		t.Errorf("printing one section shows headings %v, want only escalating-out-of-hours", shown)
	}
	n, err := printNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one section prints on %d page(s)", n)
	if n != 1 {
		t.Errorf("one section prints on %d pages, want 1", n)
	}

	// The whole contacts page on paper: no open-now marks, no buttons.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/contacts/"), chromedp.WaitVisible(chromedp.CSS("[data-print]"))); err != nil {
		t.Fatalf("contacts page: no Print button: %v", err)
	}
	live, err := eval[int](ctx, `[...document.querySelectorAll("[data-open-status]")].filter(e => e.textContent).length`)
	if err != nil || live == 0 {
		t.Fatalf("no open-now marks on screen to hide on paper (%v)", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := eval[[]string](ctx, `[...document.querySelectorAll("[data-open-status], [data-open-summary], button, .section-share, .report-problem, .back-to-top")]
		.filter(e => e.getClientRects().length).map(e => e.className || e.tagName)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(printed) != 0 {
		t.Errorf("on paper these still show: %v", printed)
	}
}

// TestPhoneFirstScreen: on a phone the header and the 999 line end within
// 200 of the first screen's 844 px (276 before), the contacts page shows
// a number to call on it, and a long page keeps a way back to the top.
func TestPhoneFirstScreen(t *testing.T) {
	ctx, srv := siteTab(t, time.Minute)
	if err := chromedp.Do(ctx,
		phone,
		chromedp.Navigate(srv.URL+"/contacts/"),
	); err != nil {
		t.Fatal(err)
	}
	type screen struct{ Chrome, FirstNumber, Emergency float64 }
	s, err := eval[screen](ctx, `({ Chrome: document.querySelector(".emergency").getBoundingClientRect().bottom,
		FirstNumber: [...document.querySelectorAll('main a[href^="tel:"]')].map(a => a.getBoundingClientRect().bottom).find(y => y > 0) || 1e9,
		Emergency: document.querySelector(".emergency").getBoundingClientRect().top })`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("phone: header and 999 line end at %.0f px of 844 (276 before); the first number to call ends at %.0f px", s.Chrome, s.FirstNumber)
	if s.Chrome > 200 {
		t.Errorf("header and 999 line take %.0f px of 844, want under a quarter", s.Chrome)
	}
	if s.FirstNumber > 844 {
		t.Errorf("the contacts page's first number is at %.0f px, below the first screen", s.FirstNumber)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/escalation/")); err != nil {
		t.Fatal(err)
	}
	// On screen and shown (it stays out of the way on the first screen).
	const shown = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
		const a = document.querySelector(".back-to-top a"), b = a.getBoundingClientRect();
		r(b.top >= 0 && b.bottom <= innerHeight && getComputedStyle(a).visibility === "visible"); })))`
	atTop, err := eval[bool](ctx, shown)
	if err != nil {
		t.Fatal(err)
	}
	if atTop {
		t.Error("the Back to top link covers the first screen")
	}
	if _, err := eval[bool](ctx, `window.scrollTo(0, document.documentElement.scrollHeight / 2), true`); err != nil {
		t.Fatal(err)
	}
	halfway, err := eval[bool](ctx, shown)
	if err != nil {
		t.Fatal(err)
	}
	if !halfway {
		t.Error("halfway down a long page there is no Back to top link on screen")
	}
}

// TestReportProblem: every page links to the publisher's report_problem
// address (mailto:, naming the page) when configuration has one, and says
// "to be confirmed" while it is empty.
func TestReportProblem(t *testing.T) {
	for _, p := range htmlPages(t, builtSite(t)) {
		if isRedirect(p) || strings.HasPrefix(p.url, "/present/") {
			continue
		}
		lines := find(p.doc, class("report-problem"))
		if len(lines) != 1 || !strings.Contains(text(lines[0]), "to be confirmed") || len(find(lines[0], tag("a"))) != 0 {
			t.Errorf("%s: with no report_problem, want one line saying it is to be confirmed", p.url)
		}
	}
	pg := pageAt(t, builtWithAddress(t), "/escalation/")
	links := find(pg.doc, func(n *html.Node) bool {
		return n.Data == "a" && n.Parent != nil && hasClass(n.Parent, "report-problem")
	})
	if len(links) != 1 {
		t.Fatalf("got %d report-a-problem links, want 1", len(links))
	}
	href, _ := attr(links[0], "href")
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(u.RawQuery)
	if u.Scheme != "mailto" || u.Opaque != "problems@fixture-partnership.example.net" ||
		!strings.Contains(q.Get("subject"), "Escalation") || !strings.Contains(q.Get("body"), fixtureAddress+"/escalation/") {
		t.Errorf("report a problem: %q, want a mailto: to the configured address naming the page", href)
	}
	if text(links[0]) != "Report a problem with this page" {
		t.Errorf("report a problem link text: %q", text(links[0]))
	}
}
