// Package serve is a small read-only web server for caredata's output
// folder. A run publishes each release as the folder OUT/releases/<id> and
// points the symbolic link OUT/latest at the newest one; serve puts those
// folders on the web exactly as they are on disk, so that people can
// download the newest datasets from a stable address
// (/latest/children_in_care.csv) and cite a fixed release
// (/releases/<id>/children_in_care.csv) without anything being copied,
// rebuilt or uploaded.
//
// Because the folders are the publication, serve adds nothing to them and
// changes nothing in them: it answers GET and HEAD only; it serves
// /latest/..., /releases/... and the listings of those folders, and
// nothing else under OUT (not the lock file, not staging folders, not the
// raw/ download cache, no hidden file); it follows the latest link, and
// no other symbolic link. It gives each file its proper media type, a
// strong ETag (the sha256 the release's SHA256SUMS lists for it), a
// Last-Modified date, byte ranges and conditional requests (through
// [http.ServeContent]), and compresses text formats with gzip for clients
// that accept it.
package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Timeouts of the server Server returns.
const (
	// readHeaderTimeout bounds reading a request's headers.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds reading a whole request.
	readTimeout = 30 * time.Second
	// writeTimeout bounds how long a response may make no progress: the
	// handler pushes the write deadline forward as the body is written, so
	// a slow but steady download of a large file is not cut off, while a
	// client that stops reading is.
	writeTimeout = 60 * time.Second
	// idleTimeout bounds how long a kept-alive connection waits for its
	// next request.
	idleTimeout = 120 * time.Second
	// shutdownTimeout is how long ListenAndServe lets requests in flight
	// finish after its context is cancelled.
	shutdownTimeout = 10 * time.Second
)

// Server returns an *http.Server that listens on addr and serves
// Handler(out, logger), with a ReadHeaderTimeout of 10 s, a ReadTimeout of
// 30 s, an IdleTimeout of 2 minutes and a WriteTimeout of 1 minute that
// bounds how long a response may make no progress (the handler pushes the
// write deadline forward as it writes, so a slow but steady download of a
// large file is not cut off, while a client that stops reading is). Its
// ErrorLog goes to logger at level WARN. A nil logger means slog.Default().
func Server(addr, out string, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.Default()
	}
	return &http.Server{
		Addr:              addr,
		Handler:           Handler(out, logger),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// ListenAndServe serves out on addr (see Server) until ctx is cancelled,
// then shuts the server down gracefully: it stops accepting connections
// and waits up to 10 s for requests in flight before closing
// the rest. It returns nil after a shutdown that ctx asked for, or the
// error that stopped the server (such as an address already in use).
func ListenAndServe(ctx context.Context, addr, out string, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	srv := Server(addr, out, logger)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("serving", "addr", ln.Addr().String(), "out", out)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if err != nil {
		srv.Close()
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
