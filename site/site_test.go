package site_test

// Tests of the built site. The site is built once per test run into a
// temporary directory, with the same flags as `make site` (Hugo with
// --minify and --panicOnWarning, then Pagefind), and the HTML is checked
// against the content loader: every anchor the bot links to must exist.

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London for the print date, wherever the tests run

	"golang.org/x/net/html"

	"guidance"
	"guidance/markdown"
	"guidance/site/offline"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

const (
	emergencyLine  = "If a child is in immediate danger, call 999"
	exampleMarker  = "example — replace before publishing"
	firstPageLimit = 50 * 1024
	baseHost       = "safeguarding-guidance.example.org"
)

// build is one Hugo (and optionally Pagefind) build into a temporary directory.
type build struct {
	once     sync.Once
	dir      string
	err      error
	duration time.Duration
}

var (
	mainSite    build // the real site from ../content, with its search index
	fixtureSite build // testdata/fixture, Hugo only
	addressSite build // the real site with a fixture publisher's address, Hugo only
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	for _, b := range []*build{&mainSite, &fixtureSite, &addressSite} {
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}
	os.Exit(code)
}

// builtSite builds the site once per test run and returns its directory.
func builtSite(tb testing.TB) string {
	tb.Helper()
	mainSite.once.Do(func() {
		mainSite.dir, mainSite.err = buildHugo(".", nil)
		if mainSite.err != nil {
			return
		}
		start := time.Now()
		cmd := exec.Command("npx", "--no-install", "pagefind", "--site", mainSite.dir, "--output-subdir", "pagefind")
		if out, err := cmd.CombinedOutput(); err != nil {
			mainSite.err = fmt.Errorf("pagefind: %v\n%s", err, out)
		}
		mainSite.duration += time.Since(start)
		// As `make site` does: list every file for the offline copy.
		if _, err := offline.Write(mainSite.dir); err != nil {
			mainSite.err = fmt.Errorf("offline manifest: %v", err)
		}
	})
	if mainSite.err != nil {
		tb.Fatalf("build site: %v", mainSite.err)
	}
	return mainSite.dir
}

// builtFixture builds testdata/fixture (no Pagefind) and returns its directory.
func builtFixture(tb testing.TB) string {
	tb.Helper()
	fixtureSite.once.Do(func() {
		fixtureSite.dir, fixtureSite.err = buildHugo("testdata/fixture", []string{"HUGO_RESOURCEDIR=" + filepath.Join(os.TempDir(), "guidance-fixture-resources")})
	})
	if fixtureSite.err != nil {
		tb.Fatalf("build fixture site: %v", fixtureSite.err)
	}
	return fixtureSite.dir
}

// fixtureAddress is the published address of builtWithAddress's build.
const fixtureAddress = "https://guide.fixture-partnership.example.net"

// builtWithAddress builds the real site (Hugo only) from a copy of the project
// whose content/publisher.yaml sets a published address and a report-a-problem
// address, so tests can prove both come from configuration.
func builtWithAddress(tb testing.TB) string {
	tb.Helper()
	addressSite.once.Do(func() {
		root, err := os.MkdirTemp("", "guidance-address-")
		if err != nil {
			addressSite.err = err
			return
		}
		defer os.RemoveAll(root)
		copies := map[string]string{"../content": "content", "layouts": "site/layouts", "assets": "site/assets", "pages": "site/pages"}
		for from, to := range copies {
			if err := os.CopyFS(filepath.Join(root, to), os.DirFS(from)); err != nil {
				addressSite.err = err
				return
			}
		}
		conf, err := os.ReadFile("hugo.toml")
		if err == nil {
			err = os.WriteFile(filepath.Join(root, "site", "hugo.toml"), conf, 0o644)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(root, "content", "publisher.yaml"), []byte("organisation: Fixture Safeguarding Partnership\n"+
				"address: "+fixtureAddress+"\nreport_problem: problems@fixture-partnership.example.net\nowner: Fixture owner\npage_owners: {}\n"), 0o644)
		}
		if err != nil {
			addressSite.err = err
			return
		}
		addressSite.dir, addressSite.err = buildHugo(filepath.Join(root, "site"), nil)
	})
	if addressSite.err != nil {
		tb.Fatalf("build site with a publisher's address: %v", addressSite.err)
	}
	return addressSite.dir
}

func buildHugo(source string, env []string) (string, error) {
	dir, err := os.MkdirTemp("", "guidance-site-")
	if err != nil {
		return "", err
	}
	start := time.Now()
	cmd := exec.Command("go", "tool", "hugo", "--source", source, "--destination", dir,
		"--minify", "--panicOnWarning", "--logLevel", "warn")
	// Only the test's own Hugo settings: a HUGO_BASEURL in the caller's
	// environment would change every absolute URL the tests check.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUGO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if source == "." {
		mainSite.duration = time.Since(start)
	}
	if err != nil {
		return dir, fmt.Errorf("hugo: %v\n%s", err, out)
	}
	return dir, nil
}

// library loads ../content the way the bot does.
func library(tb testing.TB) *guidance.Library {
	tb.Helper()
	lib, problems := markdown.Parse(os.DirFS("../content"))
	if len(lib.Pages) == 0 {
		tb.Fatalf("markdown.Parse(../content) found no pages: %v", problems)
	}
	for _, p := range problems.Errors() {
		tb.Logf("content problem (not a site failure): %s", p)
	}
	return lib
}

// page is a parsed HTML file of the build.
type page struct {
	file string // path inside the build, e.g. "escalation/index.html"
	url  string // site path, e.g. "/escalation/"
	doc  *html.Node
	ids  map[string]int
}

var (
	pagesMu    sync.Mutex
	pagesCache = map[string][]*page{}
)

// htmlPages parses every HTML file of a build (Pagefind's files excluded).
func htmlPages(tb testing.TB, dir string) []*page {
	tb.Helper()
	pagesMu.Lock()
	defer pagesMu.Unlock()
	if ps, ok := pagesCache[dir]; ok {
		return ps
	}
	var ps []*page
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && rel == "pagefind" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(rel, ".html") {
			return nil
		}
		pg, err := parsePage(dir, rel)
		if err != nil {
			return err
		}
		ps = append(ps, pg)
		return nil
	})
	if err != nil {
		tb.Fatalf("read build: %v", err)
	}
	pagesCache[dir] = ps
	return ps
}

func parsePage(dir, rel string) (*page, error) {
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rel, err)
	}
	u := "/" + strings.TrimSuffix(rel, "index.html")
	pg := &page{file: rel, url: u, doc: doc, ids: map[string]int{}}
	walk(doc, func(n *html.Node) {
		if id, ok := attr(n, "id"); ok {
			pg.ids[id]++
		}
	})
	return pg, nil
}

// pageAt returns the built page for a site path such as "/escalation/".
func pageAt(tb testing.TB, dir, sitePath string) *page {
	tb.Helper()
	for _, p := range htmlPages(tb, dir) {
		if p.url == sitePath {
			return p
		}
	}
	tb.Fatalf("no built page at %s", sitePath)
	return nil
}

// isRedirect reports whether a page is a short link's redirect (meta refresh).
func isRedirect(p *page) bool {
	return len(find(p.doc, func(n *html.Node) bool { v, _ := attr(n, "http-equiv"); return n.Data == "meta" && v == "refresh" })) > 0
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	})
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func class(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, name) }
}

func attr(n *html.Node, key string) (string, bool) {
	if n.Type != html.ElementNode {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// fragment is the decoded #fragment of an element's href ("" if none).
func fragment(n *html.Node) string {
	h, _ := attr(n, "href")
	u, err := url.Parse(h)
	if err != nil || u.Path != "" || u.Host != "" {
		return ""
	}
	return u.Fragment
}

func hasClass(n *html.Node, name string) bool {
	c, _ := attr(n, "class")
	return slices.Contains(strings.Fields(c), name)
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestSiteBuilds(t *testing.T) {
	dir := builtSite(t)
	pages := htmlPages(t, dir)
	t.Logf("built %d HTML pages in %v (Hugo and Pagefind)", len(pages), mainSite.duration.Round(time.Millisecond))
	for _, want := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "changes/index.xml", "search/index.html", "pagefind/pagefind.js"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("build has no %s: %v", want, err)
		}
	}
}

// TestAnchorsExist is the bot↔site contract: every section anchor the
// content loader computes is an id in the HTML at the URL it computes.
func TestAnchorsExist(t *testing.T) {
	eachSection(t, builtSite(t), func(t *testing.T, p *guidance.Page, pg *page, s guidance.Section) {
		if got := pg.ids[s.Anchor]; got != 1 {
			t.Errorf("%s (%s:%d %q): id %q appears %d times in %s, want 1", s.URL(p), p.File, s.Line, s.Heading, s.Anchor, got, pg.file)
		}
	})
}

// TestAnchorGolden checks the loader's port of Hugo's heading ids on a page of
// hard headings: the loader's anchors, Hugo's ids and the golden file agree.
func TestAnchorGolden(t *testing.T) {
	dir := builtFixture(t)
	lib, _ := markdown.Parse(os.DirFS("testdata/fixture/content"))
	var p *guidance.Page
	for _, lp := range lib.Pages {
		if lp.File == "anchors.md" {
			p = lp
		}
	}
	if p == nil {
		t.Fatal("index.Parse did not load testdata/fixture/content/anchors.md")
	}
	var loader []string
	var golden strings.Builder
	for _, s := range p.Sections {
		if s.Anchor == "" {
			continue
		}
		loader = append(loader, s.Anchor)
		fmt.Fprintf(&golden, "%s\t%s\n", s.Heading, s.Anchor)
	}

	goldenFile := filepath.Join("testdata", "anchors.golden")
	if *update {
		if err := os.WriteFile(goldenFile, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("read golden file (run go test ./site -run TestAnchorGolden -update): %v", err)
	}
	if got := golden.String(); got != string(want) {
		t.Errorf("index anchors differ from %s:\ngot:\n%s\nwant:\n%s", goldenFile, got, want)
	}

	pg := pageAt(t, dir, "/anchors/")
	prose := find(pg.doc, class("prose"))
	if len(prose) != 1 {
		t.Fatalf("got %d .prose elements on /anchors/, want 1", len(prose))
	}
	var hugo []string
	for _, h := range find(prose[0], func(n *html.Node) bool { return regexp.MustCompile(`^h[1-6]$`).MatchString(n.Data) }) {
		id, _ := attr(h, "id")
		hugo = append(hugo, id)
	}
	if !slices.Equal(hugo, loader) {
		t.Errorf("Hugo's heading ids differ from index.Parse's anchors:\nHugo:  %q\nindex: %q", hugo, loader)
	}
}

// TestFixtureMarkupMatches keeps the fixture's Markdown settings those of the site.
func TestFixtureMarkupMatches(t *testing.T) {
	markup := func(file string) string {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		in := false
		for _, line := range strings.Split(string(src), "\n") {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, "[") {
				in = strings.HasPrefix(trimmed, "[markup")
			}
			if in && trimmed != "" {
				keep = append(keep, trimmed)
			}
		}
		return strings.Join(keep, "\n")
	}
	got, want := markup("testdata/fixture/hugo.toml"), markup("hugo.toml")
	if got != want {
		t.Errorf("testdata/fixture/hugo.toml [markup] differs from hugo.toml:\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestReviewWarning: the out-of-date warning appears exactly when review_due has passed.
func TestReviewWarning(t *testing.T) {
	dir := builtFixture(t)
	tests := []struct {
		url  string
		want bool
	}{
		{"/overdue/", true},
		{"/current/", false},
		{"/anchors/", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			pg := pageAt(t, dir, tt.url)
			got := strings.Contains(text(pg.doc), "This page may be out of date")
			if got != tt.want {
				t.Errorf("%s shows the out-of-date warning: got %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

// internalTarget returns the site path and fragment of an internal link, or ok=false.
func internalTarget(from, href string) (sitePath, fragment string, ok bool) {
	u, err := url.Parse(href)
	if err != nil {
		return "", "", false
	}
	switch {
	case u.Scheme == "" && u.Host == "":
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host == baseHost:
	default:
		return "", "", false
	}
	p := u.Path
	if p == "" {
		p = from
	} else if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(from+"x"), p)
	}
	return p, u.Fragment, true
}

// resolve maps a site path to a file of the build.
func resolve(dir, sitePath string) (string, bool) {
	rel := strings.TrimPrefix(sitePath, "/")
	candidates := []string{rel}
	if rel == "" || strings.HasSuffix(rel, "/") {
		candidates = []string{rel + "index.html"}
	} else if path.Ext(rel) == "" {
		candidates = append(candidates, rel+"/index.html")
	}
	for _, c := range candidates {
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(c))); err == nil && !st.IsDir() {
			return c, true
		}
	}
	return "", false
}

// TestLinks: no broken internal link, asset or anchor on any page.
func TestLinks(t *testing.T) {
	dir := builtSite(t)
	pages := htmlPages(t, dir)
	byFile := map[string]*page{}
	for _, p := range pages {
		byFile[p.file] = p
	}
	for _, p := range pages {
		t.Run(p.url, func(t *testing.T) {
			for _, n := range find(p.doc, func(n *html.Node) bool { return true }) {
				for _, key := range []string{"href", "src"} {
					v, ok := attr(n, key)
					if !ok || strings.HasPrefix(v, "data:") {
						continue
					}
					target, frag, internal := internalTarget(p.url, v)
					if !internal {
						continue
					}
					file, ok := resolve(dir, target)
					if !ok {
						t.Errorf("<%s %s=%q>: %s does not exist", n.Data, key, v, target)
						continue
					}
					if frag == "" {
						continue
					}
					tp := byFile[file]
					if tp == nil {
						t.Errorf("<%s %s=%q>: fragment on a non-HTML file", n.Data, key, v)
						continue
					}
					if tp.ids[frag] == 0 {
						t.Errorf("<%s %s=%q>: %s has no id %q", n.Data, key, v, file, frag)
					}
				}
			}
		})
	}
}

// TestPageStructure checks the skeleton every page shares.
func TestPageStructure(t *testing.T) {
	dir := builtSite(t)
	pages := htmlPages(t, dir)
	titles := map[string]string{}
	for _, p := range pages {
		if isRedirect(p) {
			continue // a short link's page, checked by TestSectionLinks
		}
		t.Run(p.url, func(t *testing.T) {
			htmlEl := find(p.doc, tag("html"))
			if lang, _ := attr(htmlEl[0], "lang"); lang != "en-GB" {
				t.Errorf(`<html lang>: got %q, want "en-GB"`, lang)
			}
			mains := find(p.doc, tag("main"))
			if len(mains) != 1 {
				t.Fatalf("got %d <main> elements, want 1", len(mains))
			}
			if id, _ := attr(mains[0], "id"); id != "main-content" {
				t.Errorf(`<main id>: got %q, want "main-content"`, id)
			}
			focusable := find(p.doc, func(n *html.Node) bool {
				_, href := attr(n, "href")
				return (n.Data == "a" && href) || n.Data == "button" || n.Data == "input" || n.Data == "select" || n.Data == "textarea"
			})
			if len(focusable) == 0 {
				t.Fatal("no focusable elements")
			}
			if href, _ := attr(focusable[0], "href"); focusable[0].Data != "a" || href != "#main-content" {
				t.Errorf("first focusable element: got <%s href=%q>, want the skip link to #main-content", focusable[0].Data, href)
			}
			for _, vp := range find(p.doc, func(n *html.Node) bool { v, _ := attr(n, "name"); return n.Data == "meta" && v == "viewport" }) {
				if c, _ := attr(vp, "content"); strings.Contains(c, "user-scalable") || strings.Contains(c, "maximum-scale") {
					t.Errorf("viewport blocks zoom: %q", c)
				}
			}
			// One wording of the 999 line for the site and every transport.
			if lines := find(p.doc, class("emergency__text")); len(lines) != 1 || !strings.HasPrefix(text(lines[0]), guidance.EmergencyText) {
				t.Errorf("emergency line: got %d, want one starting %q", len(lines), guidance.EmergencyText)
			}
			title := find(p.doc, tag("title"))
			if len(title) != 1 || text(title[0]) == "" {
				t.Fatalf("got %d <title> elements (or an empty one), want 1", len(title))
			}
			tt := text(title[0])
			if other, dup := titles[tt]; dup {
				t.Errorf("title %q is also the title of %s", tt, other)
			}
			titles[tt] = p.url
			desc := find(p.doc, func(n *html.Node) bool { v, _ := attr(n, "name"); return n.Data == "meta" && v == "description" })
			if len(desc) != 1 {
				t.Errorf("got %d meta descriptions, want 1", len(desc))
			} else if c, _ := attr(desc[0], "content"); strings.TrimSpace(c) == "" {
				t.Error("empty meta description")
			}
			for _, img := range find(p.doc, tag("img")) {
				if alt, ok := attr(img, "alt"); !ok || strings.TrimSpace(alt) == "" {
					src, _ := attr(img, "src")
					t.Errorf("<img src=%q> has no alt text", src)
				}
			}
			emergency := find(p.doc, class("emergency"))
			if len(emergency) != 1 || !strings.Contains(text(emergency[0]), emergencyLine) {
				t.Errorf("the emergency line %q is missing", emergencyLine)
			}
			for id, n := range p.ids {
				if n > 1 {
					t.Errorf("id %q is used %d times", id, n)
				}
			}
		})
	}
}

// TestHeadingsLinkToThemselves: every heading of a page's text links to its
// own id and has a copy-link button for it.
func TestHeadingsLinkToThemselves(t *testing.T) {
	for _, dir := range []string{builtSite(t), builtFixture(t)} {
		checkHeadingLinks(t, htmlPages(t, dir))
	}
}

func checkHeadingLinks(t *testing.T, pages []*page) {
	t.Helper()
	for _, p := range pages {
		t.Run(p.url, func(t *testing.T) {
			for _, wrap := range find(p.doc, class("heading")) {
				hs := find(wrap, func(n *html.Node) bool { return regexp.MustCompile(`^h[2-6]$`).MatchString(n.Data) })
				if len(hs) != 1 {
					t.Errorf("a .heading wrapper holds %d headings, want 1", len(hs))
					continue
				}
				id, _ := attr(hs[0], "id")
				links := find(hs[0], func(n *html.Node) bool { return n.Data == "a" && fragment(n) == id })
				if id == "" || len(links) != 1 {
					t.Errorf("heading %q (id %q) does not link to itself", text(hs[0]), id)
				}
				buttons := find(wrap, func(n *html.Node) bool { v, _ := attr(n, "data-copy-link"); return n.Data == "button" && v == "#"+id })
				if len(buttons) != 1 {
					t.Errorf("heading %q has %d copy-link buttons, want 1", text(hs[0]), len(buttons))
				} else if name := text(buttons[0]); !strings.HasPrefix(name, "Copy link to") {
					t.Errorf("copy button's accessible name: got %q, want it to start %q", name, "Copy link to")
				}
			}
			for _, prose := range find(p.doc, class("prose")) {
				for _, h := range find(prose, func(n *html.Node) bool { return regexp.MustCompile(`^h[2-6]$`).MatchString(n.Data) }) {
					if h.Parent == nil || !hasClass(h.Parent, "heading") {
						t.Errorf("content heading %q is not rendered by the heading hook", text(h))
					}
				}
			}
		})
	}
}

// TestPageFeatures checks each content page for the parts the issue asks for.
func TestPageFeatures(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	contacts := map[string]guidance.Contact{}
	for _, c := range lib.Contacts {
		contacts[c.ID] = c
	}
	for _, p := range lib.Pages {
		if p.URL == "/" {
			continue // the home page has its own layout
		}
		t.Run(p.File, func(t *testing.T) {
			pg := pageAt(t, dir, p.URL)
			all := text(pg.doc)
			for _, want := range []string{"Owner", p.Owner, "Last reviewed", "Review due", p.ReviewDue.Format("2 January 2006")} {
				if !strings.Contains(all, want) {
					t.Errorf("review block: %q missing", want)
				}
			}
			if len(find(pg.doc, class("breadcrumbs"))) != 1 {
				t.Error("no breadcrumbs")
			}
			hrefs := map[string]bool{}
			for _, a := range find(pg.doc, tag("a")) {
				h, _ := attr(a, "href")
				hrefs[h] = true
			}
			if p.URL != "/child-c-review/" {
				for _, n := range p.Sources.Recommendations {
					if want := fmt.Sprintf("/child-c-review/#recommendation-%d", n); !hrefs[want] {
						t.Errorf("sources: no link to %s", want)
					}
				}
			}
			if p.URL != "/contacts/" {
				for _, id := range p.ContactIDs {
					if _, ok := contacts[id]; !ok {
						continue
					}
					if want := "/contacts/#" + id; !hrefs[want] {
						t.Errorf("related contacts: no link to %s", want)
					}
				}
			}
			imgs := find(pg.doc, class("share__qr"))
			if len(imgs) != 1 {
				t.Fatalf("got %d QR codes, want 1", len(imgs))
			}
			alt, _ := attr(imgs[0], "alt")
			if !strings.Contains(alt, "QR code") || !strings.Contains(alt, "https://"+baseHost+p.URL) {
				t.Errorf("QR alt text %q does not say it is a QR code of %s", alt, p.URL)
			}
			src, _ := attr(imgs[0], "src")
			f, err := os.Open(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(src, "/"))))
			if err != nil {
				t.Fatalf("QR image: %v", err)
			}
			defer f.Close()
			if _, err := png.Decode(f); err != nil {
				t.Errorf("QR image %s is not a PNG: %v", src, err)
			}
		})
	}
}

// TestExampleContactsMarked: every contact with example: true is visibly marked where shown.
func TestExampleContactsMarked(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	pg := pageAt(t, dir, "/contacts/")
	for _, c := range lib.Contacts {
		t.Run(c.ID, func(t *testing.T) {
			if pg.ids[c.ID] != 1 {
				t.Fatalf("contacts page: id %q appears %d times, want 1", c.ID, pg.ids[c.ID])
			}
			details := detailsAfter(pg.doc, c.ID)
			if details == nil {
				t.Fatalf("contact %s: no details (phone, hours) after its heading", c.ID)
			}
			got := text(details)
			if c.Phone != "" && !strings.Contains(got, c.Phone) {
				t.Errorf("contact %s: phone %q not shown", c.ID, c.Phone)
			}
			for _, h := range c.Hours {
				if want := guidance.DaysText(h.Days); !strings.Contains(got, want) {
					t.Errorf("contact %s: hours %q not shown in %q", c.ID, want, got)
				}
			}
			if marked := strings.Contains(got, exampleMarker); marked != c.Example {
				t.Errorf("contact %s: marked %q: got %v, want %v", c.ID, exampleMarker, marked, c.Example)
			}
			// Example details are never live: no tel: link, no open-now badge.
			tels := find(details, func(n *html.Node) bool { h, _ := attr(n, "href"); return strings.HasPrefix(h, "tel:") })
			if c.Example && len(tels) > 0 {
				t.Errorf("contact %s: example number is a tel: link", c.ID)
			}
			if _, live := attr(details, "data-hours"); live == (c.Example || c.Placeholder) {
				t.Errorf("contact %s: data-hours (open-now badge) present = %v, want %v", c.ID, live, !(c.Example || c.Placeholder))
			}
			if c.Placeholder && !strings.Contains(got, guidance.ToBeConfirmed) {
				t.Errorf("contact %s: placeholder not shown as %q: %q", c.ID, guidance.ToBeConfirmed, got)
			}
		})
	}
}

// detailsAfter finds the .contact__details that follows the heading with the given id.
func detailsAfter(doc *html.Node, id string) *html.Node {
	hs := find(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(hs) != 1 || hs[0].Parent == nil || !hasClass(hs[0].Parent, "heading") {
		return nil
	}
	for n := hs[0].Parent.NextSibling; n != nil; n = n.NextSibling {
		if hasClass(n, "heading") {
			return nil
		}
		if hasClass(n, "contact__details") {
			return n
		}
	}
	return nil
}

// TestReviewTracker: the review page's tracker has a row per recommendation linking to its section.
func TestReviewTracker(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	var review *guidance.Page
	for _, p := range lib.Pages {
		if p.URL == "/child-c-review/" {
			review = p
		}
	}
	if review == nil {
		t.Skip("no content/child-c-review.md yet")
	}
	pg := pageAt(t, dir, "/child-c-review/")
	tables := find(pg.doc, class("tracker__table"))
	if len(tables) != 1 {
		t.Fatalf("got %d tracker tables, want 1", len(tables))
	}
	rows := find(tables[0], func(n *html.Node) bool { return n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" })
	if got, want := len(rows), len(review.Recommendations); got != want {
		t.Errorf("tracker rows: got %d, want %d", got, want)
	}
	for i, r := range review.Recommendations {
		if i >= len(rows) {
			break
		}
		anchor := fmt.Sprintf("recommendation-%d", r.Number)
		links := find(rows[i], func(n *html.Node) bool { h, _ := attr(n, "href"); return h == "#"+anchor })
		if len(links) != 1 {
			t.Errorf("row %d: got %d links to #%s, want 1", i+1, len(links), anchor)
		}
		if pg.ids[anchor] != 1 {
			t.Errorf("no section #%s for tracker row %d", anchor, r.Number)
		}
		row := text(rows[i])
		wants := []string{r.Summary, r.Status, r.Timescale, strings.Join(r.Responders, ", "), "the guide's summary of what each agency said, as at February 2017"}
		for _, resp := range r.Responses {
			wants = append(wants, resp.By, resp.Said)
		}
		for _, want := range wants {
			if !strings.Contains(row, want) {
				t.Errorf("row %d: %q missing", r.Number, want)
			}
		}
	}
}

// TestGlossaryAnchors: every term has an anchor on the glossary page.
func TestGlossaryAnchors(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	if len(lib.Glossary) == 0 {
		t.Skip("no glossary terms yet")
	}
	pg := pageAt(t, dir, "/glossary/")
	for _, term := range lib.Glossary {
		if id := markdown.Anchor(term.Term); pg.ids[id] != 1 {
			t.Errorf("term %q: id %q appears %d times, want 1", term.Term, id, pg.ids[id])
		}
	}
}

// TestChangesFeed: the RSS feed is valid XML with an item per recorded change.
func TestChangesFeed(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	src, err := os.ReadFile(filepath.Join(dir, "changes", "index.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title string `xml:"title"`
				Link  string `xml:"link"`
				GUID  string `xml:"guid"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(src, &feed); err != nil {
		t.Fatalf("changes/index.xml: %v", err)
	}
	changes := 0
	for _, p := range lib.Pages {
		changes += len(p.Changes)
	}
	if got := len(feed.Channel.Items); got < min(changes, 50) {
		t.Errorf("feed items: got %d, want at least %d", got, min(changes, 50))
	}
	guids := map[string]bool{}
	for _, it := range feed.Channel.Items {
		if !strings.HasPrefix(it.Link, "https://"+baseHost+"/") {
			t.Errorf("item %q links to %q, want an absolute site URL", it.Title, it.Link)
		}
		if guids[it.GUID] {
			t.Errorf("duplicate guid %q", it.GUID)
		}
		guids[it.GUID] = true
	}
}

// TestSitemapAndRobots: every content page is in the sitemap; robots.txt points to it.
func TestSitemapAndRobots(t *testing.T) {
	dir := builtSite(t)
	lib := library(t)
	src, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range lib.Pages {
		if want := "https://" + baseHost + p.URL; !bytes.Contains(src, []byte("<loc>"+want+"</loc>")) {
			t.Errorf("sitemap.xml has no %s", want)
		}
	}
	robots, err := os.ReadFile(filepath.Join(dir, "robots.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Sitemap: https://" + baseHost + "/sitemap.xml"; !bytes.Contains(robots, []byte(want)) {
		t.Errorf("robots.txt: got %q, want a line %q", robots, want)
	}
}

// TestFirstPageWeight: the home page's HTML, CSS and JS stay under 50 KB
// (Pagefind's lazily loaded files are not part of the first page).
func TestFirstPageWeight(t *testing.T) {
	dir := builtSite(t)
	home := pageAt(t, dir, "/")
	files := []string{"index.html"}
	for _, n := range find(home.doc, func(n *html.Node) bool { return n.Data == "link" || n.Data == "script" }) {
		rel, _ := attr(n, "rel")
		ref, _ := attr(n, "href")
		if n.Data == "script" {
			ref, _ = attr(n, "src")
		} else if rel != "stylesheet" {
			continue
		}
		if ref == "" {
			continue
		}
		target, _, internal := internalTarget("/", ref)
		if !internal {
			t.Errorf("first page loads %s from elsewhere", ref)
			continue
		}
		files = append(files, strings.TrimPrefix(target, "/"))
	}
	total := 0
	for _, f := range files {
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		total += int(st.Size())
	}
	t.Logf("first page: %d bytes in %d files %v", total, len(files), files)
	if total >= firstPageLimit {
		t.Errorf("first page weighs %d bytes (HTML+CSS+JS), want under %d", total, firstPageLimit)
	}
}
