// Package web serves the built site, the ask API, health and metrics over
// net/http. It knows the answerer only as a guidance.Asker.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"guidance"
)

// Config is everything the handler serves.
type Config struct {
	Site         fs.FS                  // the built site (site/public); nil serves no site
	Asker        guidance.Asker         // answers /api/ask
	Status       func() guidance.Status // for /readyz
	Interactions http.Handler           // Discord's POST /interactions; nil when Discord is off
	Metrics      *Metrics
	Logger       *slog.Logger
	// AllowOrigin, when set, lets browsers on that origin call /api/ask.
	AllowOrigin string
	Limits      Limits
	Now         func() time.Time // nil means time.Now
}

// New returns the whole server's handler.
func New(cfg Config) http.Handler {
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		st := cfg.Status()
		code := http.StatusOK
		if !st.Ready {
			code = http.StatusServiceUnavailable
		}
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, code, st)
	})
	mux.Handle("GET /metrics", cfg.Metrics)
	mux.Handle("/api/ask", askHandler(cfg))
	if cfg.Interactions != nil {
		mux.Handle("/interactions", cfg.Interactions)
	}
	if cfg.Site != nil {
		mux.Handle("/", siteHandler(cfg.Site))
	} else {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "the site is not built: run make site", http.StatusNotFound)
		})
	}
	return recoverer(cfg.Logger, SecurityHeaders(accessLog(cfg.Logger, mux)))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// apiError is an error reply; like every reply it carries the 999 line.
type apiError struct {
	Error   string            `json:"error"`
	Notices []guidance.Notice `json:"notices"`
}

func errorReply(msg string) apiError {
	return apiError{Error: msg, Notices: []guidance.Notice{{Kind: guidance.NoticeSafetyNet, Text: guidance.EmergencyText}}}
}

// askHandler serves GET /api/ask?q=…[&limit=N] with the same JSON as
// `bot ask --json`. The question is never logged.
func askHandler(cfg Config) http.Handler {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	limits := newLimiter(cfg.Limits, now)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if cfg.AllowOrigin != "" {
			w.Header().Set("Access-Control-Allow-Origin", cfg.AllowOrigin)
			w.Header().Set("Vary", "Origin")
		}
		params := r.URL.Query()
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodPost:
			// The site posts its questions, form-encoded, so that they stay
			// out of URLs, logs and browser history.
			r.Body = http.MaxBytesReader(w, r.Body, 2*guidance.MaxQuestionBytes)
			if err := r.ParseForm(); err != nil {
				writeJSON(w, http.StatusBadRequest, errorReply("send the question as a form field q, at most 4 KB"))
				return
			}
			params = r.PostForm
		case http.MethodOptions:
			w.Header().Set("Allow", "GET, HEAD, POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			w.Header().Set("Allow", "GET, HEAD, POST, OPTIONS")
			writeJSON(w, http.StatusMethodNotAllowed, errorReply("use POST /api/ask with q=your+question, or GET /api/ask?q=your+question"))
			return
		}
		q := params.Get("q")
		if strings.TrimSpace(q) == "" {
			writeJSON(w, http.StatusBadRequest, errorReply("ask a question with ?q=, for example /api/ask?q=how+do+I+escalate"))
			return
		}
		limit := 0
		if s := params.Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > guidance.MaxResults {
				writeJSON(w, http.StatusBadRequest, errorReply(fmt.Sprintf("limit must be a whole number from 1 to %d", guidance.MaxResults)))
				return
			}
			limit = n
		}
		client := limits.client(r)
		if ok, wait := limits.allow(client); !ok {
			w.Header().Set("Retry-After", retryAfter(wait))
			writeJSON(w, http.StatusTooManyRequests, errorReply("too many questions from your address just now; wait a moment and ask again"))
			return
		}
		var ans guidance.Answer
		var err error
		var elapsed time.Duration // the search's own time, not the wait for a slot
		if !limits.search(func() {
			start := time.Now()
			ans, err = cfg.Asker.Ask(r.Context(), guidance.Question{Text: q, Limit: limit})
			elapsed = time.Since(start)
		}) {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, errorReply("the guidance is busy just now; ask again in a second"))
			return
		}
		limits.charge(client, elapsed)
		if errors.Is(err, guidance.ErrEmptyQuestion) {
			// Only punctuation or control characters: say so, with the contacts.
			writeJSON(w, http.StatusBadRequest, struct {
				Error string `json:"error"`
				guidance.Answer
			}{"ask a question in words, for example /api/ask?q=how+do+I+escalate", ans})
			return
		}
		if err != nil {
			if r.Context().Err() != nil {
				return // the client went away
			}
			cfg.Metrics.observeAsk(elapsed, false, false, true)
			cfg.Logger.Error("ask failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, errorReply("the guidance index is not available right now; if a child is in immediate danger, call 999"))
			return
		}
		cfg.Metrics.observeAsk(elapsed, len(ans.Results) == 0, ans.Emergency(), false)
		writeJSON(w, http.StatusOK, ans)
	})
}

// OpenSite opens the built site for serving. Files are read through an
// os.Root, so a symbolic link that leads outside dir (to /, say) is not
// followed; close the root when the server stops.
func OpenSite(dir string) (fs.FS, io.Closer, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("open site: %w", err)
	}
	return root.FS(), root, nil
}

// siteHandler serves the static site: no directory listings, the site's own
// 404 page, cache headers by kind of file, gzip for text.
func siteHandler(site fs.FS) http.Handler {
	files := http.FileServerFS(noListing{site})
	notFound, _ := fs.ReadFile(site, "404.html")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if !exists(site, name) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			w.WriteHeader(http.StatusNotFound)
			if notFound != nil && r.Method == http.MethodGet {
				_, _ = w.Write(notFound)
			}
			return
		}
		w.Header().Set("Cache-Control", cacheControl(name))
		gzipText(files).ServeHTTP(w, r)
	})
}

// exists reports whether name is a file, or a directory with an index.html.
// Dotfiles (.git, .env) are never part of the site.
func exists(site fs.FS, name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return false
		}
	}
	info, err := fs.Stat(site, name)
	if err != nil {
		return false
	}
	if info.IsDir() {
		_, err = fs.Stat(site, path.Join(name, "index.html"))
		return err == nil
	}
	return true
}

func cacheControl(name string) string {
	switch {
	case strings.HasPrefix(name, "pagefind/") && !strings.HasSuffix(name, ".js") && !strings.HasSuffix(name, ".json"):
		// Pagefind's index chunks are named by content hash.
		return "public, max-age=31536000, immutable"
	case name == "sw.js" || name == "offline.json":
		// The offline copy's service worker and manifest (site/offline).
		return "no-cache"
	case name == "." || strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml") || !strings.Contains(path.Base(name), "."):
		return "no-cache"
	default:
		return "public, max-age=3600"
	}
}

// noListing hides directories that have no index.html, so the file server
// never lists a folder.
type noListing struct{ fs.FS }

func (n noListing) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.IsDir() {
		if _, err := fs.Stat(n.FS, path.Join(name, "index.html")); err != nil {
			f.Close()
			return nil, fs.ErrNotExist
		}
	}
	return f, nil
}

// csp allows Pagefind's WebAssembly ('wasm-unsafe-eval') and nothing from
// other origins.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders adds the headers every response carries. The site's
// browser tests serve pages through it, so the scripts are tested under the
// same Content-Security-Policy as in production.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// Search URLs carry questions: never send them to another site.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a 500 with a plain message and keeps the
// process alive; http.ErrAbortHandler is re-raised as net/http expects.
func recoverer(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				logger.Error("panic in handler", "path", r.URL.Path, "panic", v)
				http.Error(w, "something went wrong; if a child is in immediate danger, call 999", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs method, path (never the query: it holds questions), status
// and duration, at debug level for the hot paths.
func accessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}
