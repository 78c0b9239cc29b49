package serve

import (
	"bufio"
	"compress/gzip"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	layout "github.com/caredata/caredata/release"
)

// Media types of the files a release holds. Text types get a charset so
// that browsers read the CSVs' £ and ’ right.
var mediaTypes = map[string]string{
	".csv":     "text/csv; charset=utf-8",
	".parquet": "application/vnd.apache.parquet",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".json":    "application/json",
	".html":    "text/html; charset=utf-8",
	".htm":     "text/html; charset=utf-8",
	".svg":     "image/svg+xml",
	".txt":     "text/plain; charset=utf-8",
	".md":      "text/markdown; charset=utf-8",
	".css":     "text/css; charset=utf-8",
	".js":      "text/javascript; charset=utf-8",
	".png":     "image/png",
	".ico":     "image/x-icon",
}

// contentType returns the media type a file is served with.
func contentType(name string) string {
	base := path.Base(name)
	if base == layout.SumsFile {
		return "text/plain; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(base))
	if t, ok := mediaTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a media type is text that gzip shrinks;
// Parquet and Excel files are compressed already.
func compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	return strings.HasPrefix(t, "text/") || t == "application/json" || t == "image/svg+xml"
}

// Cache-Control values. A file of /releases/<id>/ that the release's
// SHA256SUMS lists never changes; everything else is revalidated, which
// the ETag makes cheap.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// serveFile serves the regular file name of release rel.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, rel release, name string, fi fs.FileInfo) {
	f, err := rel.root.Open(name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer f.Close()
	// The file opened must be the one checked: not a link put in its place.
	ofi, err := f.Stat()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x-%x"`, ofi.Size(), ofi.ModTime().UnixNano())
	cache := cacheRevalidate
	if sum := h.sum(rel, name); sum != "" {
		etag = `"sha256-` + sum + `"`
		if !rel.latest {
			cache = cacheImmutable
		}
	}
	h.serveContent(w, r, content{
		body:  f,
		size:  ofi.Size(),
		mod:   ofi.ModTime(),
		etag:  etag,
		ctype: contentType(name),
		cache: cache,
	})
}

// content is one response body and what describes it.
type content struct {
	body  io.ReadSeeker
	size  int64
	mod   time.Time // zero: no Last-Modified
	etag  string    // strong, quoted
	ctype string
	cache string
}

// serveContent serves c through http.ServeContent, which answers
// conditional and range requests, after choosing the encoding: text is
// gzipped for a client that accepts gzip unless it asks for a range (byte
// ranges count in the file's own bytes). The gzipped representation has
// its own, weak, ETag and no Content-Length.
func (h *handler) serveContent(w http.ResponseWriter, r *http.Request, c content) {
	hd := w.Header()
	hd.Set("Content-Type", c.ctype)
	hd.Set("Cache-Control", c.cache)
	etag := c.etag
	if compressible(c.ctype) {
		hd.Add("Vary", "Accept-Encoding")
		if len(r.Header.Values("Range")) == 0 && acceptsGzip(r) {
			etag = "W/" + strings.TrimSuffix(etag, `"`) + `-gzip"`
			hd.Set("Content-Encoding", "gzip")
			gw := &gzipWriter{ResponseWriter: w, size: c.size}
			defer gw.Close()
			w = gw
		}
	}
	hd.Set("Etag", etag)
	if multipleRanges(r) {
		// ServeContent would answer with multipart/byteranges; turn the
		// request into one for an unsatisfiable range instead, so that
		// preconditions and If-Range still come first and the answer is
		// 416 with "Content-Range: bytes */size".
		r = r.Clone(r.Context())
		r.Header.Set("Range", "bytes="+strconv.FormatInt(c.size, 10)+"-")
	}
	http.ServeContent(w, r, "", c.mod, c.body)
}

// multipleRanges reports whether r asks for more than one byte range.
func multipleRanges(r *http.Request) bool {
	vs := r.Header.Values("Range")
	if len(vs) > 1 {
		return true
	}
	if len(vs) == 0 {
		return false
	}
	n := 0
	for _, part := range strings.Split(vs[0], ",") {
		if strings.TrimSpace(part) != "" {
			n++
		}
	}
	return n > 1
}

// acceptsGzip reports whether r's Accept-Encoding allows gzip: it names
// gzip (or x-gzip, or *) with a non-zero quality.
func acceptsGzip(r *http.Request) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, item := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
						q = f
					} else {
						q = 0
					}
				}
			}
			switch coding {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// gzipWriter compresses a response body if, when the status is written,
// it is 200 with Content-Encoding gzip; any other answer (304, 412, 416, an
// error) goes out as it is, without the Content-Encoding.
type gzipWriter struct {
	http.ResponseWriter
	size     int64 // of the uncompressed body, to choose the level
	decided  bool
	compress bool
	gz       *pooledGzip
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided && code >= 200 {
		g.decided = true
		g.compress = code == http.StatusOK && g.Header().Get("Content-Encoding") == "gzip"
		if !g.compress {
			g.Header().Del("Content-Encoding")
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if !g.compress {
		return g.ResponseWriter.Write(p)
	}
	if g.gz == nil {
		g.gz = getGzip(g.ResponseWriter, g.size)
	}
	return g.gz.Write(p)
}

// Close ends the gzip stream, if one was started.
func (g *gzipWriter) Close() error {
	if g.gz == nil {
		return nil
	}
	err := g.gz.Close()
	putGzip(g.gz)
	g.gz = nil
	return err
}

// Unwrap lets http.ResponseController reach the connection.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// Files up to bigFile are compressed at gzip's default level; bigger ones
// (la_spend.csv is over 100 MB) at its fastest, which costs a few per cent
// of size and saves most of the CPU time.
const bigFile = 4 << 20

var gzipPools = map[int]*sync.Pool{
	gzip.DefaultCompression: {},
	gzip.BestSpeed:          {},
}

// pooledGzip is a gzip.Writer with its level, so that it goes back to its
// own pool.
type pooledGzip struct {
	*gzip.Writer
	level int
}

func getGzip(w io.Writer, size int64) *pooledGzip {
	level := gzip.DefaultCompression
	if size > bigFile {
		level = gzip.BestSpeed
	}
	if z, ok := gzipPools[level].Get().(*pooledGzip); ok {
		z.Reset(w)
		return z
	}
	z, _ := gzip.NewWriterLevel(w, level)
	return &pooledGzip{Writer: z, level: level}
}

func putGzip(z *pooledGzip) {
	z.Reset(io.Discard)
	gzipPools[z.level].Put(z)
}

// sumsEntry is a release's SHA256SUMS, parsed, with the size and time of
// the file it was read from.
type sumsEntry struct {
	size int64
	mod  time.Time
	sums map[string]string // path in the release → lowercase hex sha256
}

// sum returns the sha256 that release rel's SHA256SUMS lists for name, or
// "". Releases do not change once published, so each SHA256SUMS is read
// once (again only if its size or time changes).
func (h *handler) sum(rel release, name string) string {
	fi, err := rel.root.Lstat(layout.SumsFile)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	h.mu.Lock()
	e, ok := h.sums[rel.id]
	h.mu.Unlock()
	if !ok || e.size != fi.Size() || !e.mod.Equal(fi.ModTime()) {
		sums, err := readSums(rel.root)
		if err != nil {
			return ""
		}
		e = sumsEntry{size: fi.Size(), mod: fi.ModTime(), sums: sums}
		h.mu.Lock()
		if len(h.sums) >= 1024 {
			clear(h.sums)
		}
		h.sums[rel.id] = e
		h.mu.Unlock()
	}
	return e.sums[path.Clean(name)]
}

// readSums parses the SHA256SUMS file of a release folder: lines of 64 hex
// digits, two spaces (or a space and "*") and a path.
func readSums(root *os.Root) (map[string]string, error) {
	f, err := root.Open(layout.SumsFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(f, 16<<20))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if len(line) < 67 || (line[64:66] != "  " && line[64:66] != " *") {
			continue
		}
		sum := strings.ToLower(line[:64])
		if _, err := hex.DecodeString(sum); err != nil {
			continue
		}
		sums[path.Clean(line[66:])] = sum
	}
	return sums, sc.Err()
}
