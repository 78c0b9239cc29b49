package fetch

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	csv2023 = "../sources/dfe/cla_number_and_rate_per_10k_children_2019_to_2023.csv"
	csv2025 = "../sources/dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv"
	ods2022 = "../sources/ofsted/Childrens_social_care_in_England_2022_underlying_data.ods"
	ods2023 = "../sources/ofsted/Childrens_social_care_in_England_2023_underlying_data.ods"
)

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fileServer serves one file, honouring If-None-Match, with scripted
// failures. Its fields are changed between steps under mu.
type fileServer struct {
	mu           sync.Mutex
	body         []byte
	ctype        string
	etag         string
	lastMod      string
	fail500      int           // answer 500 this many times first
	status       int           // when non-zero, always answer this status
	sleep        time.Duration // wait (or until the client gives up) first
	noLength     bool          // stream without Content-Length
	hits         int
	conditionals int // requests carrying If-None-Match
}

func (s *fileServer) set(f func(s *fileServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *fileServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits++
	if r.Header.Get("If-None-Match") != "" {
		s.conditionals++
	}
	body, ctype, etag, lastMod, sleep, status, noLength := s.body, s.ctype, s.etag, s.lastMod, s.sleep, s.status, s.noLength
	fail := s.fail500 > 0
	if fail {
		s.fail500--
	}
	s.mu.Unlock()
	if r.Header.Get("User-Agent") == "" {
		http.Error(w, "no user agent", http.StatusForbidden)
		return
	}
	if sleep > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(sleep):
		}
	}
	switch {
	case status != 0:
		http.Error(w, http.StatusText(status), status)
		return
	case fail:
		http.Error(w, "try later", http.StatusInternalServerError)
		return
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if lastMod != "" {
		w.Header().Set("Last-Modified", lastMod)
	}
	w.Header().Set("Content-Type", ctype)
	if noLength {
		// Two writes with a flush between: chunked, no Content-Length.
		half := len(body) / 2
		w.Write(body[:half])
		w.(http.Flusher).Flush()
		w.Write(body[half:])
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func newServer(t *testing.T, fs *fileServer) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	return srv
}

func testClient() *Client {
	return &Client{HTTP: &http.Client{Timeout: 3 * time.Second}, Retries: 2, BaseDelay: time.Millisecond, UserAgent: "caredata-test"}
}

func blobs(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range m {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			out = append(out, filepath.Base(p))
		}
	}
	return out
}

// TestRefreshLifecycle walks one CSV source through a release cycle on one
// server and store: first fetch, unchanged, changed, a transient 500,
// persistent 500 and a timeout (both stale), and a 404 (an error).
func TestRefreshLifecycle(t *testing.T) {
	v1, v2 := readFile(t, csv2023), readFile(t, csv2025)
	fs := &fileServer{body: v1, ctype: "text/csv; charset=utf-8", etag: `"v1"`, lastMod: "Thu, 23 Mar 2023 09:30:00 GMT"}
	srv := newServer(t, fs)
	url := srv.URL + "/cla_number_and_rate_per_10k_children.csv"
	store := &Store{Dir: t.TempDir()}
	c := testClient()
	c.HTTP.Timeout = 300 * time.Millisecond // small enough for the timeout step

	steps := []struct {
		name       string
		setup      func(s *fileServer)
		wantStatus string // "" means Refresh must fail
		wantData   []byte
		wantHits   int // requests this step
		check      func(t *testing.T, o Outcome, err error)
	}{
		{name: "first fetch", wantStatus: StatusFetched, wantData: v1, wantHits: 1},
		{name: "unchanged: 304 on matching ETag", wantStatus: StatusUnchanged, wantData: v1, wantHits: 1,
			check: func(t *testing.T, o Outcome, err error) {
				fs.mu.Lock()
				defer fs.mu.Unlock()
				if fs.conditionals != 1 {
					t.Errorf("conditional requests = %d, want 1", fs.conditionals)
				}
			}},
		{name: "changed: new ETag and bytes", setup: func(s *fileServer) { s.body, s.etag = v2, `"v2"` },
			wantStatus: StatusChanged, wantData: v2, wantHits: 1,
			check: func(t *testing.T, o Outcome, err error) {
				if o.Cached.ETag != `"v2"` || o.PrevSHA == o.SHA256 || o.PrevSHA == "" {
					t.Errorf("cached %+v prev %s", o.Cached, o.PrevSHA)
				}
			}},
		{name: "500 then success is retried", setup: func(s *fileServer) { s.fail500 = 1 },
			wantStatus: StatusUnchanged, wantData: v2, wantHits: 2},
		{name: "persistent 500: stale", setup: func(s *fileServer) { s.status = 500 },
			wantStatus: StatusStale, wantData: v2, wantHits: 3,
			check: func(t *testing.T, o Outcome, err error) {
				var fe *Error
				if !errors.As(o.Err, &fe) || fe.Status != 500 || fe.Attempts != 3 || !fe.Temporary() {
					t.Errorf("recorded error = %#v", o.Err)
				}
			}},
		{name: "timeout: stale", setup: func(s *fileServer) { s.status, s.sleep = 0, 5*time.Second },
			wantStatus: StatusStale, wantData: v2, wantHits: 3,
			check: func(t *testing.T, o Outcome, err error) {
				var fe *Error
				if !errors.As(o.Err, &fe) || fe.Status != 0 || !fe.Temporary() {
					t.Errorf("recorded error = %#v", o.Err)
				}
			}},
		{name: "404 is not retried and not stale", setup: func(s *fileServer) { s.sleep, s.status = 0, 404 },
			wantHits: 1,
			check: func(t *testing.T, o Outcome, err error) {
				var fe *Error
				if !errors.As(err, &fe) || fe.Status != 404 || fe.Attempts != 1 || fe.Temporary() {
					t.Errorf("error = %#v", err)
				}
			}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.setup != nil {
				fs.set(st.setup)
			}
			before := fs.count()
			o, err := c.Refresh(context.Background(), store, "dfe-cla", url)
			if got := fs.count() - before; got != st.wantHits {
				t.Errorf("requests = %d, want %d", got, st.wantHits)
			}
			if st.wantStatus == "" {
				if err == nil {
					t.Fatalf("Refresh succeeded with %s", o.Status)
				}
			} else {
				if err != nil {
					t.Fatalf("Refresh: %v", err)
				}
				if o.Status != st.wantStatus {
					t.Errorf("status = %q, want %q (err %v)", o.Status, st.wantStatus, o.Err)
				}
				if !bytes.Equal(o.Data, st.wantData) {
					t.Errorf("data: %d bytes, want %d", len(o.Data), len(st.wantData))
				}
			}
			if st.check != nil {
				st.check(t, o, err)
			}
		})
	}
	if got := blobs(t, store.Dir); len(got) != 2 {
		t.Errorf("store holds %v, want the two versions", got)
	}
}

// A truncated workbook is rejected and the stored copy stays as it was.
func TestRefreshTruncatedODS(t *testing.T) {
	good := readFile(t, ods2022)
	fs := &fileServer{body: good, ctype: MediaODS, etag: `"a"`}
	srv := newServer(t, fs)
	url := srv.URL + "/Childrens_social_care_in_England_2022_underlying_data.ods"
	store := &Store{Dir: t.TempDir()}
	c := testClient()
	o, err := c.Refresh(context.Background(), store, "ofsted-csc-2022", url)
	if err != nil || o.Status != StatusFetched {
		t.Fatalf("first fetch: %v %v", o.Status, err)
	}
	before, _ := store.LoadCached("ofsted-csc-2022")

	fs.set(func(s *fileServer) { s.body, s.etag = good[:len(good)/2], `"b"` })
	_, err = c.Refresh(context.Background(), store, "ofsted-csc-2022", url)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("truncated ODS: err = %v, want ErrCorrupt", err)
	}
	after, _ := store.LoadCached("ofsted-csc-2022")
	if *after != *before {
		t.Errorf("metadata changed: %+v -> %+v", before, after)
	}
	got, err := store.Get(after.SHA256)
	if err != nil || !bytes.Equal(got, good) {
		t.Errorf("stored copy: %v", err)
	}
	if b := blobs(t, store.Dir); len(b) != 1 {
		t.Errorf("store holds %v", b)
	}
}

// An HTML error page served in place of a CSV is rejected, by media type or
// by content.
func TestRefreshHTMLInsteadOfCSV(t *testing.T) {
	page := []byte("<!DOCTYPE html>\n<html><head><title>Sorry</title></head><body>Service unavailable</body></html>\n")
	for _, ctype := range []string{"text/html; charset=utf-8", "text/csv"} {
		t.Run(ctype, func(t *testing.T) {
			srv := newServer(t, &fileServer{body: page, ctype: ctype})
			store := &Store{Dir: t.TempDir()}
			_, err := testClient().Refresh(context.Background(), store, "dfe", srv.URL+"/data.csv")
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "HTML") {
				t.Fatalf("err = %v", err)
			}
			if c, _ := store.LoadCached("dfe"); c != nil {
				t.Errorf("cached %+v", c)
			}
		})
	}
}

func TestGetSizeCap(t *testing.T) {
	body := readFile(t, csv2023)
	for _, noLength := range []bool{false, true} {
		t.Run("noLength="+strconv.FormatBool(noLength), func(t *testing.T) {
			fs := &fileServer{body: body, ctype: "text/csv", noLength: noLength}
			srv := newServer(t, fs)
			c := testClient()
			c.MaxBytes = 100_000
			url := srv.URL + "/big.csv"
			_, err := c.Get(context.Background(), url, nil)
			var fe *Error
			if !errors.As(err, &fe) || !errors.Is(err, ErrTooLarge) || fe.Temporary() {
				t.Fatalf("err = %v", err)
			}
			if msg := err.Error(); !strings.Contains(msg, url) || !strings.Contains(msg, "100000") {
				t.Errorf("message lacks URL or cap: %s", msg)
			}
			if fs.count() != 1 {
				t.Errorf("requests = %d, want 1", fs.count())
			}
		})
	}
}

func TestGetRetriesAndConditional(t *testing.T) {
	body := readFile(t, csv2023)
	fs := &fileServer{body: body, ctype: "text/csv; charset=utf-8", etag: `"e"`, lastMod: "Mon, 02 Jan 2006 15:04:05 GMT", fail500: 2}
	srv := newServer(t, fs)
	c := testClient()
	res, err := c.Get(context.Background(), srv.URL+"/f.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 3 || fs.count() != 3 {
		t.Errorf("attempts %d, requests %d, want 3", res.Attempts, fs.count())
	}
	if res.MediaType != "text/csv" || res.ETag != `"e"` || res.LastModified == "" || len(res.SHA256) != 64 || !bytes.Equal(res.Data, body) {
		t.Errorf("result %+v", res.MediaType)
	}
	prev := &Cached{URL: srv.URL + "/f.csv", ETag: res.ETag, LastModified: res.LastModified}
	res, err = c.Get(context.Background(), srv.URL+"/f.csv", prev)
	if err != nil || !res.NotModified || res.Data != nil {
		t.Errorf("conditional: %+v %v", res.NotModified, err)
	}
	// Metadata for another URL is not sent.
	res, err = c.Get(context.Background(), srv.URL+"/g.csv", prev)
	if err != nil || res.NotModified {
		t.Errorf("other URL: %v %v", res.NotModified, err)
	}
	if _, err := c.Get(context.Background(), "ftp://example.invalid/x", nil); !errors.Is(err, ErrBadURL) {
		t.Errorf("bad URL: %v", err)
	}
}

func TestGetContextCancel(t *testing.T) {
	fs := &fileServer{body: []byte("a\n"), ctype: "text/csv", sleep: 5 * time.Second}
	srv := newServer(t, fs)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := testClient().Get(ctx, srv.URL+"/x.csv", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if fs.count() != 1 {
		t.Errorf("requests = %d, want 1 (no retry after cancel)", fs.count())
	}

	// Refresh does not hide a cancellation behind a stale copy.
	store := &Store{Dir: t.TempDir()}
	sha, _ := store.Put([]byte("a\n"))
	store.SaveCached("x", Cached{URL: srv.URL + "/x.csv", SHA256: sha})
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := testClient().Refresh(ctx2, store, "x", srv.URL+"/x.csv"); !errors.Is(err, context.Canceled) {
		t.Errorf("Refresh after cancel: %v", err)
	}
}

// Without a stored copy a temporary failure is an error.
func TestRefreshNoStoredCopy(t *testing.T) {
	srv := newServer(t, &fileServer{status: 503})
	o, err := testClient().Refresh(context.Background(), &Store{Dir: t.TempDir()}, "x", srv.URL+"/x.csv")
	var fe *Error
	if !errors.As(err, &fe) || !fe.Temporary() || o.Status != "" {
		t.Errorf("%+v %v", o.Status, err)
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestVerify(t *testing.T) {
	csvData, odsData := readFile(t, csv2025), readFile(t, ods2023)
	damaged := bytes.Clone(odsData)
	// Flip bytes inside the compressed data of the largest entry.
	zr, err := zip.NewReader(bytes.NewReader(odsData), int64(len(odsData)))
	if err != nil {
		t.Fatal(err)
	}
	var big *zip.File
	for _, f := range zr.File {
		if big == nil || f.CompressedSize64 > big.CompressedSize64 {
			big = f
		}
	}
	off, err := big.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	mid := off + int64(big.CompressedSize64)/2
	for i := mid; i < mid+16; i++ {
		damaged[i] ^= 0xff
	}
	// An uncompressed entry with a changed byte: only the CRC can tell.
	var sb bytes.Buffer
	zw := zip.NewWriter(&sb)
	for _, e := range []struct{ name, body string }{{"mimetype", MediaODS}, {"content.xml", "<office:document-content>ABCDEFGH</office:document-content>"}} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(e.body))
	}
	zw.Close()
	storedODS := sb.Bytes()
	badCRC := bytes.Replace(bytes.Clone(storedODS), []byte("ABCDEFGH"), []byte("ABCDEFGX"), 1)
	xlsx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})

	tests := []struct {
		name, file, mediaType string
		data                  []byte
		ok                    bool
	}{
		{"real CSV with BOM", "x.csv", "text/csv", csvData, true},
		{"CSV without BOM", "x.csv", "", []byte("a,b\n1,2\n"), true},
		{"CSV by media type", "https://h/data-sets/1/csv", "text/csv", []byte("a,b\n"), true},
		{"CSV not UTF-8", "x.csv", "text/csv", []byte("la_name\nYnys M\xf4n\n"), false},
		{"CSV empty", "x.csv", "text/csv", nil, false},
		{"CSV blank first line", "x.csv", "text/csv", []byte("\na,b\n"), false},
		{"CSV binary", "x.csv", "text/csv", []byte("a,b\x00\n"), false},
		{"HTML for CSV by type", "x.csv", "text/html", []byte("a,b\n"), false},
		{"HTML for ODS by type", "x.ods", "text/html; charset=utf-8", odsData, false},
		{"HTML for CSV by content", "x.csv", "application/octet-stream", []byte("  <html><body>404</body></html>"), false},
		{"real ODS", "https://h/media/1/x.ods?x=1", MediaODS, odsData, true},
		{"ODS by media type", "download", MediaODS, odsData, true},
		{"ODS octet-stream", "x.ods", "application/octet-stream", odsData, true},
		{"ODS truncated", "x.ods", MediaODS, odsData[:len(odsData)/2], false},
		{"ODS last byte missing", "x.ods", MediaODS, odsData[:len(odsData)-1], false},
		{"ODS damaged entry", "x.ods", MediaODS, damaged, false},
		{"ODS stored entries", "x.ods", MediaODS, storedODS, true},
		{"ODS CRC mismatch", "x.ods", MediaODS, badCRC, false},
		{"ODS lacks content.xml", "x.ods", MediaODS, zipOf(t, map[string]string{"mimetype": MediaODS}), false},
		{"XLSX named ODS", "x.ods", "", xlsx, false},
		{"XLSX", "x.xlsx", MediaXLSX, xlsx, true},
		{"XLSX lacks content types", "x.xlsx", MediaXLSX, zipOf(t, map[string]string{"xl/workbook.xml": ""}), false},
		{"CSV named XLSX", "x.xlsx", "", csvData, false},
		{"unknown kind", "x.pdf", "application/pdf", []byte("%PDF-1.7"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.file, tc.data, tc.mediaType)
			if tc.ok && err != nil {
				t.Errorf("Verify: %v", err)
			}
			if !tc.ok {
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("Verify = %v, want ErrCorrupt", err)
				} else if !strings.HasPrefix(err.Error(), tc.file+": ") {
					t.Errorf("error does not name the file: %v", err)
				}
			}
		})
	}
}

func TestStore(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "raw")}
	data := []byte("time_period,value\n2025,1\n")
	sha, err := s.Put(data)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(filepath.Join(s.Dir, sha))
	if sha2, err := s.Put(data); err != nil || sha2 != sha {
		t.Fatalf("second Put: %s %v", sha2, err)
	}
	if info2, _ := os.Stat(filepath.Join(s.Dir, sha)); !info2.ModTime().Equal(info.ModTime()) {
		t.Errorf("idempotent Put rewrote the file")
	}
	if got, err := s.Get(sha); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get: %v", err)
	}
	// Damage on disk is caught on read, and a later Put repairs it.
	os.WriteFile(filepath.Join(s.Dir, sha), []byte("time_period,value\n2025,2\n"), 0o644)
	if _, err := s.Get(sha); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged Get: %v", err)
	}
	if _, err := s.Put(data); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(sha); err != nil {
		t.Errorf("after repair: %v", err)
	}
	for _, bad := range []string{"../etc/passwd", strings.ToUpper(sha), ""} {
		if _, err := s.Get(bad); err == nil {
			t.Errorf("Get(%q) succeeded", bad)
		}
	}
	if _, err := s.Get(strings.Repeat("0", 64)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}

	if c, err := s.LoadCached("dfe-cla-2025"); c != nil || err != nil {
		t.Errorf("LoadCached before save: %v %v", c, err)
	}
	want := Cached{URL: "https://example.org/x.csv", ETag: `W/"1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
		SHA256: sha, Bytes: int64(len(data)), MediaType: "text/csv", RetrievedAt: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)}
	if err := s.SaveCached("dfe-cla-2025", want); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadCached("dfe-cla-2025")
	if err != nil || *got != want {
		t.Errorf("LoadCached = %+v, %v", got, err)
	}
	for _, bad := range []string{"../x", "a/b", "", ".hidden"} {
		if err := s.SaveCached(bad, want); err == nil {
			t.Errorf("SaveCached(%q) succeeded", bad)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(s.Dir, ".tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	if m, _ := filepath.Glob(filepath.Join(s.Dir, "cached", ".tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
