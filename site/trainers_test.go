package site_test

// For trainers: every section and recommendation has a short link, a QR code
// of its address on the configured published address, and a present view;
// arriving by a section link lands on it, highlighted; each heading is one
// keyboard stop.

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/net/html"

	"guidance"
)

// siteTab serves the built site with the production headers and opens a
// fresh browser tab for it.
func siteTab(t *testing.T, timeout time.Duration) (context.Context, *httptest.Server) {
	t.Helper()
	srv := serveSite(t, builtSite(t), nil)
	return newTab(t, timeout), srv
}

// phone is the viewport of a phone: 390×844 CSS pixels at twice the density.
var phone = chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)

// openAt loads a page of srv in the tab at a viewport size and waits for an
// element to show.
func openAt(t *testing.T, ctx context.Context, viewport chromedp.Action[chromedp.Void], u, visible string) {
	t.Helper()
	if err := chromedp.Do(ctx, viewport, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(visible))); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
}

// eachSection runs fn for every section with an anchor of every page of the
// content, with the page's HTML in the build dir.
func eachSection(t *testing.T, dir string, fn func(t *testing.T, p *guidance.Page, pg *page, s guidance.Section)) {
	t.Helper()
	for _, p := range library(t).Pages {
		t.Run(p.File, func(t *testing.T) {
			pg := pageAt(t, dir, p.URL)
			for _, s := range p.Sections {
				if s.Anchor != "" {
					fn(t, p, pg, s)
				}
			}
		})
	}
}

// decodeQR reads the text of a QR code image in a build.
func decodeQR(t *testing.T, dir, src string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(src, "/"))))
	if err != nil {
		t.Fatalf("QR image: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("QR image %s: %v", src, err)
	}
	// A white margin, as a printed code has around it.
	b := img.Bounds()
	framed := image.NewRGBA(image.Rect(0, 0, b.Dx()+40, b.Dy()+40))
	draw.Draw(framed, framed.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(framed, b.Add(image.Pt(20, 20)), img, b.Min, draw.Src)
	bmp, err := gozxing.NewBinaryBitmapFromImage(framed)
	if err != nil {
		t.Fatal(err)
	}
	// The codes Hugo makes are clean, upright images: PURE_BARCODE reads the
	// modules off the grid instead of detecting the finder patterns.
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("decode QR code %s: %v", src, err)
	}
	return res.GetText()
}

// refreshTarget is where a short link's redirect page sends the reader.
func refreshTarget(t *testing.T, dir, short string) string {
	t.Helper()
	pg, err := parsePage(dir, short+"/index.html")
	if err != nil {
		t.Fatalf("short link /%s: %v", short, err)
	}
	for _, m := range find(pg.doc, tag("meta")) {
		if v, _ := attr(m, "http-equiv"); v == "refresh" {
			c, _ := attr(m, "content")
			_, u, _ := strings.Cut(c, "url=")
			return u
		}
	}
	t.Fatalf("short link /%s: no redirect", short)
	return ""
}

// TestSectionLinks builds the site with a fixture publisher's address and, for
// every section of every page, decodes its QR code, follows its short link
// and opens its present view: each leads to that section on the configured
// address. Recommendation N's short link is /r/N. The home page's headings
// are signposts, with no QR code.
func TestSectionLinks(t *testing.T) {
	dir := builtWithAddress(t)
	shorts := map[string]string{}
	checked := 0
	eachSection(t, dir, func(t *testing.T, p *guidance.Page, pg *page, s guidance.Section) {
		want := fixtureAddress + p.URL + "#" + s.Anchor
		hs := find(pg.doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == s.Anchor })
		if len(hs) != 1 || hs[0].Parent == nil {
			t.Errorf("%s: no heading", want)
			return
		}
		panels := find(hs[0].Parent, class("section-share"))
		if len(panels) != 1 {
			t.Errorf("%s: %d share panels, want 1", want, len(panels))
			return
		}
		imgs := find(panels[0], class("section-share__qr"))
		if p.URL == "/" {
			// The home page's headings are signposts: a copy button only.
			if len(imgs) != 0 {
				t.Errorf("%s: a home page signpost has a QR code", want)
			}
			return
		}
		links := find(panels[0], func(n *html.Node) bool { _, ok := attr(n, "data-short-link"); return ok })
		if len(imgs) != 1 || len(links) != 1 {
			t.Errorf("%s: %d QR codes and %d short links, want 1 of each", want, len(imgs), len(links))
			return
		}
		src, _ := attr(imgs[0], "src")
		if got := decodeQR(t, dir, src); got != want {
			t.Errorf("QR code of %q decodes to %q, want %q", s.Heading, got, want)
		}
		shortURL := text(links[0])
		short, ok := strings.CutPrefix(shortURL, fixtureAddress+"/")
		if !ok {
			t.Errorf("%s: short link %q is not on the configured address", want, shortURL)
			return
		}
		if other, dup := shorts[short]; dup {
			t.Errorf("short link /%s is used by %s and %s", short, other, want)
		}
		shorts[short] = want
		if got := refreshTarget(t, dir, short); fixtureAddress+got != want {
			t.Errorf("short link /%s leads to %q, want %q", short, got, want)
		}
		present := pageAt(t, dir, "/present/"+short+"/")
		h1 := find(present.doc, tag("h1"))
		pimgs := find(present.doc, class("present__qr"))
		if len(h1) != 1 || text(h1[0]) != text(hs[0]) {
			t.Errorf("present view of %s: heading %v, want %q", want, h1, text(hs[0]))
		}
		if len(pimgs) != 1 {
			t.Errorf("present view of %s: %d QR codes, want 1", want, len(pimgs))
		} else if psrc, _ := attr(pimgs[0], "src"); decodeQR(t, dir, psrc) != want {
			t.Errorf("present view of %s: its QR code leads elsewhere", want)
		}
		if got := text(present.doc); !strings.Contains(got, shortURL) {
			t.Errorf("present view of %s does not show the short link %s", want, shortURL)
		}
		checked++
	})
	for _, p := range library(t).Pages {
		for _, r := range p.Recommendations {
			short := fmt.Sprintf("r/%d", r.Number)
			want := fmt.Sprintf("%s/child-c-review/#recommendation-%d", fixtureAddress, r.Number)
			if shorts[short] != want {
				t.Errorf("recommendation %d: short link /%s leads to %q, want %q", r.Number, short, shorts[short], want)
			}
		}
	}
	t.Logf("%d sections: QR codes decoded, short links and present views lead to them on %s", checked, fixtureAddress)
}

// TestSectionArrival: opening a section's address on a phone lands on its
// heading at once (no smooth scroll through the page), highlights it and
// shows its share panel with the short link and QR code.
func TestSectionArrival(t *testing.T) {
	ctx, srv := siteTab(t, time.Minute)
	openAt(t, ctx, phone, srv.URL+"/child-c-review/#recommendation-4", "#recommendation-4 ~ .section-share img")
	type landing struct {
		Top, ScrollY float64
		Background   string
		QR           bool
		Short        string
	}
	const probe = `(() => { const h = document.getElementById("recommendation-4"), s = h.parentNode.querySelector(".section-share");
		const img = s.querySelector("img");
		return { Top: h.getBoundingClientRect().top, ScrollY: scrollY, Background: getComputedStyle(h).backgroundColor,
			QR: img.complete && img.naturalWidth > 0, Short: s.querySelector("[data-short-link]").textContent }; })()`
	first, err := eval[landing](ctx, probe)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	later, err := eval[landing](ctx, probe)
	if err != nil {
		t.Fatal(err)
	}
	if first.ScrollY != later.ScrollY {
		t.Errorf("the page was still scrolling after landing: scrollY %v, then %v", first.ScrollY, later.ScrollY)
	}
	if later.Top < 0 || later.Top > 60 {
		t.Errorf("the heading is %vpx from the top of the screen, want it at the top", later.Top)
	}
	if later.Background != "rgb(255, 247, 191)" {
		t.Errorf("the targeted heading's background is %q, want the highlight", later.Background)
	}
	if !later.QR || !strings.HasSuffix(later.Short, "/r/4") {
		t.Errorf("share panel: QR loaded %v, short link %q; want a QR code and a link ending /r/4", later.QR, later.Short)
	}
	// The short link's page opens the section.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/r/4"), chromedp.WaitVisible(chromedp.CSS("#recommendation-4:target"))); err != nil {
		t.Fatalf("short link /r/4: %v", err)
	}
}

// TestOneStopPerHeading: each heading of the text is one Tab stop (its link to
// itself), so reaching a section by keyboard costs no more than its headings.
func TestOneStopPerHeading(t *testing.T) {
	ctx, srv := siteTab(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/child-c-review/")); err != nil {
		t.Fatal(err)
	}
	stops, err := eval[[]int](ctx, `[...document.querySelectorAll(".heading")].map(h => [...h.querySelectorAll("a[href], button, input, summary")]
		.filter(e => e.getClientRects().length > 0 && e.tabIndex >= 0).length)`)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range stops {
		if n != 1 {
			t.Errorf("heading %d has %d keyboard stops, want 1", i+1, n)
		}
	}
	tabs := 0
	for ; tabs < 300; tabs++ {
		// The review folds each record in <details>: its summary is the
		// record's one stop until it is opened.
		at, err := eval[string](ctx, `(() => { const e = document.activeElement;
			if (e.matches("summary") && e.closest("details[data-record='4']")) return "summary";
			return e.getAttribute("href") === "#recommendation-4" && e.closest("h2") ? "heading" : ""; })()`)
		if err != nil {
			t.Fatal(err)
		}
		if at != "" && tabs > 0 {
			break
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d headings, one stop each; Tab presses to reach Recommendation 4: %d (its copy button took 121 before)", len(stops), tabs)
	if tabs >= 300 {
		t.Error("never reached Recommendation 4's heading by Tab")
	}
}

// TestPresentView: the present view of a section is its heading, large, the
// short link and the QR code, all on one screen.
func TestPresentView(t *testing.T) {
	ctx, srv := siteTab(t, time.Minute)
	openAt(t, ctx, chromedp.EmulateViewport(1280, 720), srv.URL+"/present/r/4/", ".present__qr")
	type view struct {
		Heading, Link   string
		Page            string
		Size, QRBottom  float64
		QR              bool
		Parts, LinkOnly int
	}
	v, err := eval[view](ctx, `(() => { const m = document.querySelector("main"), q = m.querySelector(".present__qr");
		return { Heading: m.querySelector("h1").textContent, Page: m.querySelector(".present__page").textContent, Link: m.querySelector(".present__link").textContent,
			Size: parseFloat(getComputedStyle(m.querySelector("h1")).fontSize), QRBottom: q.getBoundingClientRect().bottom,
			QR: q.complete && q.naturalWidth > 0, Parts: m.children.length,
			LinkOnly: document.querySelectorAll(".site-header, nav, .breadcrumbs, .site-footer, .prose").length }; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.Heading, "Recommendation 4") || v.Size < 40 {
		t.Errorf("present view heading %q at %vpx, want Recommendation 4 in large type", v.Heading, v.Size)
	}
	if want := "https://" + baseHost + "/r/4"; v.Link != want {
		t.Errorf("present view link %q, want %q", v.Link, want)
	}
	if !strings.Contains(v.Page, "Placeholder address") {
		t.Errorf("present view on the placeholder address does not say so: %q", v.Page)
	}
	if !v.QR || v.QRBottom > 720 {
		t.Errorf("present view QR code loaded %v, bottom at %vpx; want it whole on a 720px screen", v.QR, v.QRBottom)
	}
	if v.Parts != 4 || v.LinkOnly != 0 {
		t.Errorf("present view holds %d parts and %d page furniture elements, want the page name, heading, QR code and link only", v.Parts, v.LinkOnly)
	}
}
