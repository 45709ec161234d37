// Package server is the web platform behind `qinglian serve`: annual
// campaigns, report writing and review, publication, the integrity archive
// and the public pages, as server-rendered HTML that works without
// JavaScript.
//
// Every route is listed in routes.go; each handler lives in a file named
// after its resource and action and reads as one sequence: load → 404 →
// authorise → parse the form → validate with a Chinese message → re-render
// with the error, or save and redirect. Errors reach the user through one
// mapping (errors.go); templates are embedded and parsed once (templates.go).
//
// Tests and benchmarks start the whole server with
//
//	srv, err := server.New(server.Config{Store: st})
//	go srv.Serve(ctx, listener) // or httptest.NewServer(srv.Handler())
package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"qinglian/check/structure"
	"qinglian/review"
	"qinglian/store"
)

// DefaultMaxUpload is the largest report file accepted, stated in the
// upload form and in the error: a report is tens of kilobytes, a .docx with
// a few pasted photographs a few megabytes.
const DefaultMaxUpload = 10 << 20

// Config is what New needs. Only Store is required.
type Config struct {
	// Store is the database; the server does not close it.
	Store *store.Store
	// Engine reviews reports; nil builds one with the embedded lexicon.
	Engine *review.Engine
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// SecureCookies marks cookies Secure even on plain HTTP (behind a
	// TLS-terminating proxy). Requests that arrive over TLS always get
	// Secure cookies.
	SecureCookies bool
	// SessionIdle ends a session unused this long (default 2 h);
	// SessionMax ends any session this long after login (default 12 h).
	SessionIdle time.Duration
	SessionMax  time.Duration
	// MaxUpload is the largest uploaded file in bytes (default 10 MB).
	MaxUpload int64
	// Throttle is how many failed logins an account or a client may make
	// before it must wait (default 5), and the first wait (default 1 min;
	// it doubles with every further failure, up to 15 min).
	ThrottleFailures int
	ThrottleWait     time.Duration
	// CopyIndexFile is where the copied-passage index is kept between
	// starts (a file in the data directory); "" rebuilds it from the
	// database at every start.
	CopyIndexFile string
}

// Server is the web platform. Create it with New.
type Server struct {
	cfg      Config
	store    *store.Store
	engine   *review.Engine
	log      *slog.Logger
	now      func() time.Time
	pages    pages
	handler  http.Handler
	metrics  *metrics
	throttle *throttle
	reviews  *reviewCache
	copies   *copyIndex
	// templates holds the campaigns' own required-content templates,
	// parsed, by their text (nil: did not parse).
	templatesMu sync.Mutex
	templates   map[string]*structure.Template
	// flashKey signs the flash cookie, so another site cannot plant a
	// message on our pages. Flashes do not survive a restart; nothing
	// depends on them.
	flashKey []byte
}

// New checks cfg, parses the templates and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if cfg.SessionMax <= 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.ThrottleFailures <= 0 {
		cfg.ThrottleFailures = 5
	}
	if cfg.ThrottleWait <= 0 {
		cfg.ThrottleWait = time.Minute
	}
	s := &Server{
		cfg:       cfg,
		store:     cfg.Store,
		engine:    cfg.Engine,
		log:       cfg.Logger,
		now:       cfg.Now,
		reviews:   newReviewCache(256),
		templates: map[string]*structure.Template{},
		flashKey:  make([]byte, 32),
	}
	rand.Read(s.flashKey)
	s.copies = newCopyIndex(cfg.Store, cfg.CopyIndexFile, func(msg string, args ...any) { s.log.Info(msg, args...) })
	if s.engine == nil {
		e, err := review.New(review.Config{})
		if err != nil {
			return nil, fmt.Errorf("server: review engine: %w", err)
		}
		s.engine = e
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics()
	s.throttle = newThrottle(cfg.ThrottleFailures, cfg.ThrottleWait, 15*time.Minute)
	s.handler = s.buildHandler()
	return s, nil
}

// Handler returns the whole site as one http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers requests on ln until ctx is cancelled, then stops taking
// new connections and waits up to 10 s for requests in flight. It returns
// nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a 10 MB upload over a slow intranet link
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go s.sweepSessions(ctx)
	// Build the copied-passage index now rather than on the first report
	// page, so it is ready moments after a start.
	go func() {
		if _, err := s.copies.get(ctx); err != nil {
			s.log.Warn("copied-passage index", "err", err)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.copies.flush() // the last save's index file, so the next start reads it
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepSessions deletes expired sessions every hour, so the table holds
// only live logins.
func (s *Server) sweepSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.store.DeleteExpiredSessions(ctx); err != nil {
				s.log.Warn("delete expired sessions", "err", err)
			} else if n > 0 {
				s.log.Info("deleted expired sessions", "count", n)
			}
		}
	}
}
