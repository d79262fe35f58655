// Package offline writes the offline manifest of a built site: the list of
// every file a reader needs to use the guide without a connection, and a
// version that changes whenever any of them does. The site's service worker
// (site/assets/js/sw.js) reads it to fill and replace its cache.
//
// It runs after Pagefind, over the finished output, so the list is complete
// by construction: every page, the fingerprinted CSS and JS, the QR images,
// and every Pagefind index chunk and fragment (which only exist once Pagefind
// has run, and whose names Hugo cannot know).
package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// File is the manifest's name inside the site.
const File = "offline.json"

// Manifest is what the service worker reads.
type Manifest struct {
	Version string   `json:"version"` // hash of every listed file's path and bytes
	Bytes   int64    `json:"bytes"`   // what the offline copy takes
	Files   []string `json:"files"`   // site paths relative to the site root: "" is the home page, "escalation/" a page
}

// skipped reports whether a built file is left out of the offline copy:
// the worker and the manifest themselves, files for crawlers and feed
// readers, and the Pagefind UI bundles the site does not use (it has its
// own search page script).
func skipped(rel string) bool {
	base := path.Base(rel)
	switch {
	case rel == "sw.js" || rel == File || rel == "robots.txt" || rel == "sitemap.xml":
		return true
	case strings.HasSuffix(rel, ".xml"):
		return true
	case strings.HasPrefix(rel, "pagefind/") && (strings.Contains(base, "-ui.") || base == "pagefind-highlight.js"):
		return true
	}
	return false
}

// Build lists the files of the site in dir.
func Build(dir string) (Manifest, error) {
	var m Manifest
	h := sha256.New()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if skipped(rel) || strings.HasPrefix(path.Base(rel), ".") {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return m, err
	}
	slices.Sort(files)
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return m, err
		}
		h.Write([]byte(rel))
		h.Write([]byte{0})
		h.Write(b)
		m.Bytes += int64(len(b))
		// A page is cached under the address readers open, not its file.
		if rel == "index.html" {
			rel = ""
		} else if strings.HasSuffix(rel, "/index.html") {
			rel = strings.TrimSuffix(rel, "index.html")
		}
		m.Files = append(m.Files, rel)
	}
	m.Version = hex.EncodeToString(h.Sum(nil))[:16]
	return m, nil
}

// Write builds the manifest of the site in dir and writes it there.
func Write(dir string) (Manifest, error) {
	m, err := Build(dir)
	if err != nil {
		return m, err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return m, err
	}
	return m, os.WriteFile(filepath.Join(dir, File), append(b, '\n'), 0o644)
}
