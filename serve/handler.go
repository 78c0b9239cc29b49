package serve

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	layout "github.com/caredata/caredata/release"
)

// Handler serves out/latest and out/releases/* read-only.
//
// URL paths mirror the folders: /latest/<file> is the file of the release
// out/latest points at (the link is read again for every request, so a new
// run is served as soon as it is published), /releases/<id>/<file> is the
// file of release <id>. / redirects to /latest/; /latest/ and
// /releases/<id>/ serve the folder's index.html if it has one and a
// generated listing of its files if not; /releases/ lists the releases.
// Every other path is 404; a path with "..", ".", an empty segment, a
// backslash, a colon, a control character or an encoded slash is 400; a
// hidden name (".lock", ".staging-*") is 404, and so is a symbolic link
// anywhere but out/latest. Methods other than GET and HEAD are 405.
//
// Each request is logged on one line at level INFO (ERROR for 5xx) with
// its method, path, status, bytes sent, duration and remote address. A nil
// logger means slog.Default().
func Handler(out string, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	return &handler{out: out, log: logger, sums: map[string]sumsEntry{}}
}

type handler struct {
	out string
	log *slog.Logger

	mu   sync.Mutex
	sums map[string]sumsEntry // release id → its parsed SHA256SUMS
}

// errBadPath marks a request path serve refuses to interpret (400).
var errBadPath = errors.New("bad path")

func (h *handler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	start := time.Now()
	lw := &logWriter{ResponseWriter: rw}
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok && srv.WriteTimeout > 0 {
		lw.extend = srv.WriteTimeout
	}
	defer func() {
		level := slog.LevelInfo
		if lw.status >= 500 {
			level = slog.LevelError
		}
		h.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", lw.statusCode()),
			slog.Int64("bytes", lw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr))
	}()
	lw.Header().Set("X-Content-Type-Options", "nosniff")
	h.route(lw, r)
}

func (h *handler) route(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: this server is read-only", http.StatusMethodNotAllowed)
		return
	}
	segs, slash, err := splitPath(r)
	if err != nil {
		if errors.Is(err, errBadPath) {
			http.Error(w, "400 bad request", http.StatusBadRequest)
		} else {
			http.NotFound(w, r)
		}
		return
	}
	switch {
	case len(segs) == 0:
		http.Redirect(w, r, "/"+layout.LatestLink+"/", http.StatusFound)
	case segs[0] == layout.LatestLink:
		if len(segs) == 1 && !slash {
			redirectSlash(w, r)
			return
		}
		outReal, id, err := h.latest()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.serveRelease(w, r, outReal, id, segs[1:], slash, true)
	case segs[0] == layout.ReleasesDir:
		if len(segs) == 1 {
			if !slash {
				redirectSlash(w, r)
				return
			}
			h.listReleases(w, r)
			return
		}
		outReal, err := filepath.EvalSymlinks(h.out)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.serveRelease(w, r, outReal, segs[1], segs[2:], slash, false)
	default:
		http.NotFound(w, r)
	}
}

// splitPath checks the request's path and returns its segments and whether
// it ends with a slash: "/" is (nil, true), "/latest/a.csv" is
// (["latest" "a.csv"], false). Paths that try to step outside a folder or
// that mean different things to different file systems are errBadPath;
// hidden names are fs.ErrNotExist.
func splitPath(r *http.Request) ([]string, bool, error) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || !utf8.ValidString(p) {
		return nil, false, errBadPath
	}
	// An encoded slash or backslash would make one URL segment two folders.
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return nil, false, errBadPath
	}
	p = p[1:]
	slash := p == "" || strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, slash, nil
	}
	segs := strings.Split(p, "/")
	hidden := false
	for _, s := range segs {
		switch {
		case s == "" || s == "." || s == "..":
			return nil, false, errBadPath
		case strings.ContainsAny(s, "\\:"):
			return nil, false, errBadPath
		case strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f }):
			return nil, false, errBadPath
		case strings.HasPrefix(s, "."):
			hidden = true
		}
	}
	if hidden {
		return nil, false, fs.ErrNotExist
	}
	return segs, slash, nil
}

// validName reports whether a name read from disk may be served.
func validName(s string) bool {
	return s != "" && !strings.HasPrefix(s, ".") && utf8.ValidString(s) &&
		!strings.ContainsAny(s, "/\\:") &&
		!strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f })
}

// latest resolves out/latest. It must lead (after every symbolic link on
// the way is followed) to a folder releases/<id> directly under out's own
// resolved path; anything else is not served.
func (h *handler) latest() (outReal, id string, err error) {
	outReal, err = filepath.EvalSymlinks(h.out)
	if err != nil {
		return "", "", err
	}
	target, err := filepath.EvalSymlinks(filepath.Join(outReal, layout.LatestLink))
	if err != nil {
		return "", "", err
	}
	rel, err := filepath.Rel(outReal, target)
	if err != nil {
		return "", "", fs.ErrNotExist
	}
	dir, id := filepath.Split(rel)
	if dir != layout.ReleasesDir+string(filepath.Separator) || !validName(id) {
		return "", "", fs.ErrNotExist
	}
	return outReal, id, nil
}

// serveRelease serves rest (a path inside release id, possibly empty) from
// outReal/releases/id through an os.Root, so that nothing outside the
// release folder can be opened whatever races with the checks; and it
// refuses every symbolic link on the way.
func (h *handler) serveRelease(w http.ResponseWriter, r *http.Request, outReal, id string, rest []string, slash, latest bool) {
	root, err := os.OpenRoot(outReal)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer root.Close()
	relDir := path.Join(layout.ReleasesDir, id)
	for _, d := range []string{layout.ReleasesDir, relDir} {
		fi, err := root.Lstat(d)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if !fi.IsDir() {
			http.NotFound(w, r)
			return
		}
	}
	rr, err := root.OpenRoot(relDir)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer rr.Close()

	name := "."
	fi, err := rr.Lstat(name)
	for i := 0; err == nil && i < len(rest); i++ {
		if !fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		name = path.Join(name, rest[i])
		fi, err = rr.Lstat(name)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rel := release{root: rr, id: id, latest: latest}
	switch {
	case fi.IsDir() && !slash:
		redirectSlash(w, r)
	case fi.IsDir():
		if ifi, err := rr.Lstat(path.Join(name, "index.html")); err == nil && ifi.Mode().IsRegular() {
			h.serveFile(w, r, rel, path.Join(name, "index.html"), ifi)
			return
		}
		h.listRelease(w, r, rel, name)
	case !fi.Mode().IsRegular() || slash:
		// Symbolic links, devices, sockets; and a file asked for as a folder.
		http.NotFound(w, r)
	default:
		h.serveFile(w, r, rel, name, fi)
	}
}

// release is the release a request is served from.
type release struct {
	root   *os.Root // the release folder
	id     string
	latest bool // asked for through /latest/
}

// fail answers an error from the file system: 404 for what does not exist
// or may not be served, 500 (logged) for the rest.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if notServed(err) {
		http.NotFound(w, r)
		return
	}
	h.log.LogAttrs(r.Context(), slog.LevelError, "serve", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	http.Error(w, "500 internal server error", http.StatusInternalServerError)
}

// notServed reports whether err means the path is not there or may not be
// served: it does not exist, it may not be read, a file stands where a
// folder should, a symbolic link loops, or os.Root refused a path that
// leaves it (which only a link swapped in after the checks can cause).
func notServed(err error) bool {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, errBadPath) ||
		errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ELOOP) {
		return true
	}
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes")
}

// redirectSlash sends a folder asked for without its trailing slash to the
// address with it, so that relative links in its page resolve.
func redirectSlash(w http.ResponseWriter, r *http.Request) {
	target := r.URL.EscapedPath() + "/"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// logWriter records the status and the number of bytes of a response, and
// pushes the connection's write deadline forward as the body is written.
type logWriter struct {
	http.ResponseWriter
	status   int
	bytes    int64
	extend   time.Duration // the server's WriteTimeout; 0: leave deadlines alone
	extended time.Time
}

func (l *logWriter) WriteHeader(code int) {
	if l.status == 0 || l.status < 200 {
		l.status = code
	}
	l.ResponseWriter.WriteHeader(code)
}

func (l *logWriter) Write(p []byte) (int, error) {
	if l.status == 0 {
		l.status = http.StatusOK
	}
	if l.extend > 0 {
		if now := time.Now(); now.Sub(l.extended) > time.Second {
			l.extended = now
			http.NewResponseController(l.ResponseWriter).SetWriteDeadline(now.Add(l.extend))
		}
	}
	n, err := l.ResponseWriter.Write(p)
	l.bytes += int64(n)
	return n, err
}

func (l *logWriter) statusCode() int {
	if l.status == 0 {
		return http.StatusOK
	}
	return l.status
}

// Unwrap lets http.ResponseController reach the connection.
func (l *logWriter) Unwrap() http.ResponseWriter { return l.ResponseWriter }
