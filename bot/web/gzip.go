package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
)

var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true, ".svg": true, ".txt": true, "": true,
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// gzipText compresses text files for clients that accept gzip. Pagefind's
// index chunks are already compressed, so they pass through.
func gzipText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ext := path.Ext(r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			ext = ".html"
		}
		// HEAD is answered uncompressed: it then reports the true length, which
		// a compressed reply could only know by compressing the whole file.
		if !compressible[ext] || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || r.Header.Get("Range") != "" || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		gz := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(gz)
		gw := &gzipResponse{ResponseWriter: w, gz: gz}
		next.ServeHTTP(gw, r)
		gw.close()
	})
}

type gzipResponse struct {
	http.ResponseWriter
	gz      *gzip.Writer
	started bool
	plain   bool // status without a body worth compressing
}

func (g *gzipResponse) WriteHeader(code int) {
	if g.started {
		return
	}
	g.started = true
	h := g.Header()
	if code != http.StatusOK || h.Get("Content-Encoding") != "" {
		g.plain = true
	} else {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		g.gz.Reset(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipResponse) Write(b []byte) (int, error) {
	if !g.started {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.plain {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

func (g *gzipResponse) close() {
	if g.started && !g.plain {
		_ = g.gz.Close()
	}
}
