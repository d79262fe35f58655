package markdown

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"
)

// TestAnchorsMatchHugo renders the heading fixture with the pinned Hugo and
// compares every heading id with the port. The site tests repeat the check
// on the real content.
func TestAnchorsMatchHugo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with Hugo")
	}
	dir := t.TempDir()
	files := map[string]string{
		"hugo.toml": "baseURL = 'http://example.org/'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n" +
			"[markup.goldmark.parser]\nautoIDType = 'github'\n",
		"layouts/single.html": "{{ .Content }}",
		"layouts/home.html":   "home",
		"content/anchors.md":  headingFixture,
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "tool", "hugo", "--source", dir, "--quiet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	html, err := os.ReadFile(filepath.Join(dir, "public", "anchors", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`<h[1-6] id="([^"]*)"`).FindAllStringSubmatch(string(html), -1) {
		got = append(got, m[1])
	}
	lib, _ := Parse(fstest.MapFS{"anchors.md": {Data: []byte(headingFixture)}})
	var want []string
	for _, s := range lib.Pages[0].Sections {
		if s.Anchor != "" {
			want = append(want, s.Anchor)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("Hugo made %d heading ids %q, the port %d %q", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d: Hugo id %q, port %q", i, got[i], want[i])
		}
	}
}
