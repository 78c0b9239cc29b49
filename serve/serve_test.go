package serve_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/release"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/serve"
	"github.com/caredata/caredata/sources"
)

// fx is the fixture output folder every test reads (and none changes):
//
//	out/
//	  .lock, raw/...             (left by the run)
//	  latest -> releases/<id>
//	  releases/<id>/             a real release of the DfE sources, plus
//	    escape.csv -> <outside>/secret.txt   (a link leaving OUT)
//	    inside.csv -> ../../.lock            (a link staying in OUT)
//	    .hidden.csv
//	  releases/<old>/            index.html, chart.svg, a<b>&"c'.csv, big.csv, notes/
//	  releases/.staging-x/       a half-written release
//	  releases/linked -> <outside>           (a release folder that is a link)
//	<outside>/secret.txt
var fx struct {
	out, id, dir, old, oldDir, outside string
	sums                               map[string]string // file → sha256 of the release
}

const (
	oldID  = "20261122T020000Z"
	secret = "root:x:0:0:SECRET"
)

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "serve-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = fixture(tmp)
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixture:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(tmp)
	os.Exit(code)
}

// fixture publishes a real release of the DfE children-looked-after sources
// (as validate's tests do) under tmp/out and adds what the tests attack.
func fixture(tmp string) error {
	m := fstest.MapFS{}
	if err := fs.WalkDir(sources.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := fs.ReadFile(sources.FS, p)
			if err != nil {
				return err
			}
			m[p] = &fstest.MapFile{Data: b}
		}
		return err
	}); err != nil {
		return err
	}
	var man map[string][]map[string]any
	if err := json.Unmarshal(m[pipeline.ManifestFile].Data, &man); err != nil {
		return err
	}
	var keep []map[string]any
	for _, s := range man["sources"] {
		if s["extractor"] == "cla" || s["extractor"] == extract.Lookups {
			keep = append(keep, s)
		}
	}
	b, _ := json.Marshal(map[string]any{"sources": keep})
	m[pipeline.ManifestFile] = &fstest.MapFile{Data: b}

	fx.out = filepath.Join(tmp, "out")
	fx.outside = filepath.Join(tmp, "outside")
	rel, err := pipeline.Run(context.Background(), pipeline.Options{Sources: m, Out: fx.out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()),
		Logger: slog.New(slog.DiscardHandler),
		Now:    func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }})
	if err != nil {
		return err
	}
	fx.id, fx.dir = rel.ID, rel.Dir
	fx.old, fx.oldDir = oldID, filepath.Join(fx.out, release.ReleasesDir, oldID)
	sums, err := os.ReadFile(filepath.Join(fx.dir, release.SumsFile))
	if err != nil {
		return err
	}
	fx.sums = map[string]string{}
	for line := range strings.Lines(string(sums)) {
		fx.sums[strings.TrimSpace(line[66:])] = line[:64]
	}

	var errs []error
	must := func(err error) { errs = append(errs, err) }
	must(os.MkdirAll(fx.outside, 0o755))
	must(os.WriteFile(filepath.Join(fx.outside, "secret.txt"), []byte(secret), 0o644))
	must(os.Symlink(filepath.Join(fx.outside, "secret.txt"), filepath.Join(fx.dir, "escape.csv")))
	must(os.Symlink("../../"+release.LockFile, filepath.Join(fx.dir, "inside.csv")))
	must(os.WriteFile(filepath.Join(fx.dir, ".hidden.csv"), []byte("hidden"), 0o644))
	if _, err := os.Stat(filepath.Join(fx.out, release.LockFile)); err != nil {
		must(os.WriteFile(filepath.Join(fx.out, release.LockFile), []byte("1234\n"), 0o644))
	}
	must(os.MkdirAll(filepath.Join(fx.out, release.RawDir), 0o755))
	must(os.WriteFile(filepath.Join(fx.out, release.RawDir, "abc"), []byte("raw input"), 0o644))
	staging := filepath.Join(fx.out, release.ReleasesDir, ".staging-20261124T020000Z-1")
	must(os.MkdirAll(staging, 0o755))
	must(os.WriteFile(filepath.Join(staging, "children_in_care.csv"), []byte("half"), 0o644))
	must(os.Symlink(fx.outside, filepath.Join(fx.out, release.ReleasesDir, "linked")))

	must(os.MkdirAll(filepath.Join(fx.oldDir, "notes"), 0o755))
	must(os.WriteFile(filepath.Join(fx.oldDir, "index.html"), []byte(indexHTML), 0o644))
	must(os.WriteFile(filepath.Join(fx.oldDir, "chart.svg"), []byte(chartSVG), 0o644))
	must(os.WriteFile(filepath.Join(fx.oldDir, `a<b>&"c'.csv`), []byte("x\n1\n"), 0o644))
	must(os.WriteFile(filepath.Join(fx.oldDir, "big.csv"), bigCSV(), 0o644))
	must(os.WriteFile(filepath.Join(fx.oldDir, "notes", "readme.txt"), []byte("notes\n"), 0o644))
	// The old release is older.
	old := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	must(os.Chtimes(fx.oldDir, old, old))
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

const indexHTML = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Release page</title><h1>Release 20261122T020000Z</h1><img src="chart.svg" alt="chart"></html>`

const chartSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`

// bigCSV is over 4 MiB, so that it is gzipped at the fastest level.
func bigCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufefftime_period,geographic_level,value\n")
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "%d,Local authority,%d\n", 2019+i%7, i)
	}
	return b.Bytes()
}

// newServer serves the fixture on a loopback listener.
func newServer(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(serve.Handler(fx.out, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

// client neither follows redirects nor asks for or decodes gzip by itself.
var client = &http.Client{
	Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 32},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends a request with the given headers ("Name: value") and returns
// the response with its body read.
func do(t testing.TB, method, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// raw sends target exactly as written, which net/http's client would
// clean or refuse, and returns the status and body.
func raw(t *testing.T, srv *httptest.Server, method, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n", method, target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestContentTypes(t *testing.T) {
	srv := newServer(t)
	latest, old := "/latest/", "/releases/"+fx.old+"/"
	for _, tc := range []struct {
		path, file string // URL and file on disk
		ctype      string
		magic      string // how the body starts
	}{
		{latest + "children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "text/csv; charset=utf-8", "\ufefftime_period,"},
		{latest + "children_in_care.meta.csv", filepath.Join(fx.dir, "children_in_care.meta.csv"), "text/csv; charset=utf-8", "\ufeff"},
		{latest + "children_in_care.parquet", filepath.Join(fx.dir, "children_in_care.parquet"), "application/vnd.apache.parquet", "PAR1"},
		{latest + "children_in_care.xlsx", filepath.Join(fx.dir, "children_in_care.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"},
		{latest + "datapackage.json", filepath.Join(fx.dir, "datapackage.json"), "application/json", "{"},
		{latest + "run.json", filepath.Join(fx.dir, "run.json"), "application/json", "{"},
		{latest + "SHA256SUMS", filepath.Join(fx.dir, "SHA256SUMS"), "text/plain; charset=utf-8", ""},
		{"/releases/" + fx.id + "/children_in_care.parquet", filepath.Join(fx.dir, "children_in_care.parquet"), "application/vnd.apache.parquet", "PAR1"},
		{old + "index.html", filepath.Join(fx.oldDir, "index.html"), "text/html; charset=utf-8", "<!doctype html>"},
		{old, filepath.Join(fx.oldDir, "index.html"), "text/html; charset=utf-8", "<!doctype html>"},
		{old + "chart.svg", filepath.Join(fx.oldDir, "chart.svg"), "image/svg+xml", "<svg"},
		{old + "notes/readme.txt", filepath.Join(fx.oldDir, "notes", "readme.txt"), "text/plain; charset=utf-8", "notes"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := do(t, "GET", srv.URL+tc.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got := resp.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding %q without Accept-Encoding", resp.Header.Get("Content-Encoding"))
			}
			want := read(t, tc.file)
			if !bytes.Equal(body, want) {
				t.Errorf("body: %d bytes, want the file's %d", len(body), len(want))
			}
			if !strings.HasPrefix(string(body), tc.magic) {
				t.Errorf("body starts %q, want %q", body[:min(8, len(body))], tc.magic)
			}
			if resp.Header.Get("Last-Modified") == "" {
				t.Error("no Last-Modified")
			}
			etag := resp.Header.Get("Etag")
			if sum, ok := fx.sums[filepath.Base(tc.file)]; ok && filepath.Dir(tc.file) == fx.dir {
				if etag != `"sha256-`+sum+`"` {
					t.Errorf("ETag %s, want the sha256 SHA256SUMS lists, %s", etag, sum)
				}
			} else if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 4 {
				t.Errorf("ETag %q is not a strong ETag", etag)
			}
		})
	}
}

func TestCacheControl(t *testing.T) {
	srv := newServer(t)
	for path, want := range map[string]string{
		"/releases/" + fx.id + "/children_in_care.csv": "public, max-age=31536000, immutable",
		"/latest/children_in_care.csv":                 "no-cache",
		"/releases/" + fx.id + "/SHA256SUMS":           "no-cache", // not listed in itself
		"/latest/":                                     "no-cache",
		"/releases/":                                   "no-cache",
	} {
		resp, _ := do(t, "HEAD", srv.URL+path)
		if got := resp.Header.Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, want)
		}
	}
}

func TestRoutes(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path     string
		status   int
		location string
		contains []string
	}{
		{"/", http.StatusFound, "/latest/", nil},
		{"/?x=1", http.StatusFound, "/latest/", nil},
		{"/latest", http.StatusMovedPermanently, "/latest/", nil},
		{"/releases", http.StatusMovedPermanently, "/releases/", nil},
		{"/releases/" + fx.id, http.StatusMovedPermanently, "/releases/" + fx.id + "/", nil},
		{"/releases/" + fx.old + "/notes", http.StatusMovedPermanently, "/releases/" + fx.old + "/notes/", nil},
		// A published release has its catalogue page, index.html.
		{"/latest/", http.StatusOK, "", []string{
			`href="children_in_care.csv"`, `href="children_in_care.parquet"`, `href="SHA256SUMS"`, `href="datapackage.json"`, fx.id}},
		{"/releases/" + fx.id + "/", http.StatusOK, "", []string{`href="children_in_care.xlsx"`}},
		{"/releases/", http.StatusOK, "", []string{
			`<a href="./` + fx.id + `/">`, `<a href="./` + fx.old + `/">`, "latest"}},
		{"/releases/" + fx.old + "/", http.StatusOK, "", []string{"<title>Release page</title>"}},
		{"/releases/" + fx.old + "/notes/", http.StatusOK, "", []string{`<a href="./readme.txt">readme.txt</a>`, `<a href="../">`}},
		{"/favicon.ico", http.StatusNotFound, "", nil},
		{"/index.html", http.StatusNotFound, "", nil},
		{"/latest/nope.csv", http.StatusNotFound, "", nil},
		{"/latest/children_in_care.csv/", http.StatusNotFound, "", nil},
		{"/latest/children_in_care.csv/x", http.StatusNotFound, "", nil},
		{"/releases/20990101T000000Z/", http.StatusNotFound, "", nil},
		{"/releases/" + fx.old + "/nope/", http.StatusNotFound, "", nil},
		{"/LATEST/", http.StatusNotFound, "", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := do(t, "GET", srv.URL+tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			for _, s := range tc.contains {
				if !strings.Contains(string(body), s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
		})
	}
}

// TestListings: listings show neither hidden files nor
// links nor staging folders, and escape the names they show.
func TestListings(t *testing.T) {
	srv := newServer(t)
	_, latest := do(t, "GET", srv.URL+"/latest/")
	_, releases := do(t, "GET", srv.URL+"/releases/")
	_, old := do(t, "GET", srv.URL+"/releases/"+fx.old+"/")
	// /latest/ is the release's catalogue page (prose may say "drawn"):
	// it must not link to them; the generated listing must not name them.
	for page, body := range map[string][]byte{"/latest/": latest, "/releases/": releases} {
		for _, s := range []string{".hidden", "escape.csv", "inside.csv", ".staging", "linked", ".lock", "raw"} {
			if page == "/latest/" {
				s = `href="` + s
			}
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("%s lists %q", page, s)
			}
		}
	}
	if string(old) != indexHTML {
		t.Fatalf("/releases/%s/ is not its index.html:\n%s", fx.old, old)
	}

	// A release without index.html, with names that need escaping.
	dir := t.TempDir()
	rel := filepath.Join(dir, release.ReleasesDir, fx.old)
	os.MkdirAll(rel, 0o755)
	name := `a<b>&"c'.csv`
	if err := os.WriteFile(filepath.Join(rel, name), []byte("x\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rel, "<img src=x onerror=alert(1)>.csv"), []byte("x\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(serve.Handler(dir, slog.New(slog.DiscardHandler)))
	defer s.Close()
	resp, body := do(t, "GET", s.URL+"/releases/"+fx.old+"/")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("listing: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if bytes.Contains(body, []byte("<img")) || bytes.Contains(body, []byte("a<b>")) {
		t.Errorf("listing does not escape names:\n%s", body)
	}
	for _, want := range []string{
		`<a href="./a%3Cb%3E&amp;%22c%27.csv">a&lt;b&gt;&amp;&#34;c&#39;.csv</a>`,
		`&lt;img src=x onerror=alert(1)&gt;.csv`,
	} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("listing lacks %s:\n%s", want, body)
		}
	}
	// The link in the listing leads to the file.
	resp, body = do(t, "GET", s.URL+"/releases/"+fx.old+"/a%3Cb%3E&%22c%27.csv")
	if resp.StatusCode != http.StatusOK || string(body) != "x\n1\n" {
		t.Errorf("escaped link: %d %q", resp.StatusCode, body)
	}
	// Nothing published yet: /latest/ is 404, /releases/ an empty page.
	if resp, _ := do(t, "GET", s.URL+"/latest/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/latest/ with no latest link: %d", resp.StatusCode)
	}
	empty := httptest.NewServer(serve.Handler(t.TempDir(), slog.New(slog.DiscardHandler)))
	defer empty.Close()
	if resp, body := do(t, "GET", empty.URL+"/releases/"); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("Nothing has been published yet")) {
		t.Errorf("/releases/ of an empty folder: %d %s", resp.StatusCode, body)
	}
}

func TestTraversal(t *testing.T) {
	srv := newServer(t)
	for _, target := range []string{
		"/../etc/passwd",
		"/latest/../../x",
		"/latest/../../outside/secret.txt",
		"/latest/%2e%2e/%2e%2e/etc/passwd",
		"/latest/%2E%2E/%2E%2E/outside/secret.txt",
		"/releases/..%2f..%2fetc",
		"/releases/..%2F..%2Foutside%2Fsecret.txt",
		"/releases/" + fx.id + "%2fchildren_in_care.csv",
		"/latest/..\\..\\outside\\secret.txt",
		"/latest/%5c..%5c..%5coutside%5csecret.txt",
		"/latest\\children_in_care.csv",
		"/latest/children_in_care.csv%00.txt",
		"/latest/%00",
		"/latest//etc/passwd",
		"//etc/passwd",
		"/latest/./children_in_care.csv",
		"/latest/C:/Windows/win.ini",
		"/latest/escape.csv",          // link inside the release to a file outside OUT
		"/latest/inside.csv",          // link inside the release to OUT/.lock
		"/releases/linked/secret.txt", // a release folder that is a link outside OUT
		"/releases/linked/",
		"/.lock",
		"/latest/.lock",
		"/latest/.hidden.csv",
		"/latest/%2ehidden.csv",
		"/releases/.staging-20261124T020000Z-1/children_in_care.csv",
		"/releases/.staging-20261124T020000Z-1/",
		"/raw/",
		"/raw/abc",
		"/releases/../raw/abc",
		"/latest/../raw/abc",
		"/outside/secret.txt",
		"/etc/passwd",
		"http://example.test/../etc/passwd",
		"/releases/%ff/",
	} {
		t.Run(target, func(t *testing.T) {
			status, body := raw(t, srv, "GET", target)
			t.Logf("%d %q", status, strings.TrimSpace(body))
			if status != http.StatusBadRequest && status != http.StatusNotFound {
				t.Errorf("status %d, want 400 or 404", status)
			}
			for _, leak := range []string{secret, "root:", "raw input", "half"} {
				if strings.Contains(body, leak) {
					t.Errorf("body leaks %q: %q", leak, body)
				}
			}
		})
	}
}

// TestLatestLink: latest is read on every request, may only lead to a
// release folder under OUT's own resolved path, and OUT may itself be a
// link.
func TestLatestLink(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for id, body := range map[string]string{"20261101T020000Z": "year\n2024\n", "20261102T020000Z": "year\n2025\n"} {
		os.MkdirAll(filepath.Join(out, release.ReleasesDir, id), 0o755)
		os.WriteFile(filepath.Join(out, release.ReleasesDir, id, "a.csv"), []byte(body), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "elsewhere", release.ReleasesDir, "x"), 0o755)
	os.WriteFile(filepath.Join(dir, "elsewhere", release.ReleasesDir, "x", "a.csv"), []byte(secret), 0o644)
	os.MkdirAll(filepath.Join(out, release.ReleasesDir, ".staging-y"), 0o755)
	os.WriteFile(filepath.Join(out, release.ReleasesDir, ".staging-y", "a.csv"), []byte(secret), 0o644)
	link := filepath.Join(dir, "link-to-out")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve.Handler(link, slog.New(slog.DiscardHandler)))
	defer srv.Close()

	point := func(target string) {
		t.Helper()
		tmp := filepath.Join(out, "latest.tmp")
		os.Remove(tmp)
		if err := os.Symlink(target, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(out, release.LatestLink)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		target string
		status int
		body   string
	}{
		{"releases/20261101T020000Z", 200, "year\n2024\n"},
		{"releases/20261102T020000Z", 200, "year\n2025\n"},
		{filepath.Join(out, release.ReleasesDir, "20261101T020000Z"), 200, "year\n2024\n"}, // absolute, inside OUT
		{filepath.Join(dir, "elsewhere", release.ReleasesDir, "x"), 404, ""},               // outside OUT
		{"../elsewhere/releases/x", 404, ""},
		{"releases/.staging-y", 404, ""},
		{"releases", 404, ""},
		{".", 404, ""},
		{"releases/20261231T020000Z", 404, ""}, // dangling
	} {
		point(tc.target)
		resp, body := do(t, "GET", srv.URL+"/latest/a.csv")
		if resp.StatusCode != tc.status || (tc.status == 200 && string(body) != tc.body) {
			t.Errorf("latest -> %s: %d %q, want %d %q", tc.target, resp.StatusCode, body, tc.status, tc.body)
		}
		if strings.Contains(string(body), secret) {
			t.Errorf("latest -> %s leaks %q", tc.target, body)
		}
	}
}

// TestRelativeOut: OUT given relative to the working directory, with an
// absolute latest link.
func TestRelativeOut(t *testing.T) {
	dir := t.TempDir()
	rel := filepath.Join(dir, "out", release.ReleasesDir, "20261101T020000Z")
	os.MkdirAll(rel, 0o755)
	os.WriteFile(filepath.Join(rel, "a.csv"), []byte("year\n2024\n"), 0o644)
	if err := os.Symlink(rel, filepath.Join(dir, "out", release.LatestLink)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	srv := httptest.NewServer(serve.Handler("out", slog.New(slog.DiscardHandler)))
	defer srv.Close()
	for _, path := range []string{"/latest/a.csv", "/releases/20261101T020000Z/a.csv"} {
		if resp, body := do(t, "GET", srv.URL+path); resp.StatusCode != 200 || string(body) != "year\n2024\n" {
			t.Errorf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
}

func TestMethods(t *testing.T) {
	srv := newServer(t)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE"} {
		for _, path := range []string{"/latest/children_in_care.csv", "/", "/nope"} {
			resp, _ := do(t, method, srv.URL+path)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405", method, path, resp.StatusCode)
			}
			if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q", method, path, got)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "children_in_care.csv")); err != nil {
		t.Fatal(err)
	}
}

func TestHead(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path, file string
		headers    []string
		gzip       bool
	}{
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), nil, false},
		{"/latest/children_in_care.parquet", filepath.Join(fx.dir, "children_in_care.parquet"), []string{"Accept-Encoding: gzip"}, false},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), []string{"Accept-Encoding: gzip"}, true},
	} {
		resp, body := do(t, "HEAD", srv.URL+tc.path, tc.headers...)
		if resp.StatusCode != http.StatusOK || len(body) != 0 {
			t.Errorf("HEAD %s %v: %d with %d bytes of body", tc.path, tc.headers, resp.StatusCode, len(body))
		}
		fi, _ := os.Stat(tc.file)
		if tc.gzip {
			if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Length") != "" {
				t.Errorf("HEAD %s %v: Content-Encoding %q, Content-Length %q", tc.path, tc.headers,
					resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Length"))
			}
		} else if resp.ContentLength != fi.Size() {
			t.Errorf("HEAD %s %v: Content-Length %d, want %d", tc.path, tc.headers, resp.ContentLength, fi.Size())
		}
		for _, h := range []string{"Content-Type", "Etag", "Last-Modified", "Accept-Ranges"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("HEAD %s %v: no %s", tc.path, tc.headers, h)
			}
		}
	}
	if resp, body := do(t, "HEAD", srv.URL+"/"); resp.StatusCode != http.StatusFound || len(body) != 0 {
		t.Errorf("HEAD /: %d, %d bytes", resp.StatusCode, len(body))
	}
}

func TestRanges(t *testing.T) {
	srv := newServer(t)
	csv := read(t, filepath.Join(fx.dir, "children_in_care.csv"))
	pq := read(t, filepath.Join(fx.dir, "children_in_care.parquet"))
	n := int64(len(pq))
	for _, tc := range []struct {
		name, path string
		headers    []string
		status     int
		body       []byte
		crange     string
	}{
		{"first bytes", "/latest/children_in_care.parquet", []string{"Range: bytes=0-3"}, 206, pq[:4], fmt.Sprintf("bytes 0-3/%d", n)},
		{"middle", "/latest/children_in_care.parquet", []string{"Range: bytes=100-199"}, 206, pq[100:200], fmt.Sprintf("bytes 100-199/%d", n)},
		{"suffix (Parquet footer)", "/latest/children_in_care.parquet", []string{"Range: bytes=-8"}, 206, pq[n-8:], fmt.Sprintf("bytes %d-%d/%d", n-8, n-1, n)},
		{"open end", "/latest/children_in_care.parquet", []string{fmt.Sprintf("Range: bytes=%d-", n-10)}, 206, pq[n-10:], fmt.Sprintf("bytes %d-%d/%d", n-10, n-1, n)},
		{"past the end", "/latest/children_in_care.parquet", []string{fmt.Sprintf("Range: bytes=%d-", n)}, 416, nil, fmt.Sprintf("bytes */%d", n)},
		{"two ranges", "/latest/children_in_care.parquet", []string{"Range: bytes=0-3,10-20"}, 416, nil, fmt.Sprintf("bytes */%d", n)},
		{"two Range headers", "/latest/children_in_care.parquet", []string{"Range: bytes=0-3", "Range: bytes=10-20"}, 416, nil, fmt.Sprintf("bytes */%d", n)},
		{"malformed", "/latest/children_in_care.parquet", []string{"Range: bytes=x-y"}, 416, nil, ""},
		{"other unit", "/latest/children_in_care.parquet", []string{"Range: rows=0-3"}, 416, nil, ""},
		{"csv range ignores gzip", "/latest/children_in_care.csv", []string{"Range: bytes=0-99", "Accept-Encoding: gzip"}, 206, csv[:100], fmt.Sprintf("bytes 0-99/%d", len(csv))},
		{"If-Range mismatch sends all", "/latest/children_in_care.parquet", []string{"Range: bytes=0-3,5-6", `If-Range: "other"`}, 200, pq, ""},
		{"If-Range match", "/latest/children_in_care.parquet", []string{"Range: bytes=0-3", `If-Range: "sha256-` + fx.sums["children_in_care.parquet"] + `"`}, 206, pq[:4], fmt.Sprintf("bytes 0-3/%d", n)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, "GET", srv.URL+tc.path, tc.headers...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tc.status, body)
			}
			if got := resp.Header.Get("Content-Range"); got != tc.crange {
				t.Errorf("Content-Range %q, want %q", got, tc.crange)
			}
			if tc.status == 416 {
				return
			}
			if resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding %q on a range request", resp.Header.Get("Content-Encoding"))
			}
			if !bytes.Equal(body, tc.body) {
				t.Errorf("body %q, want %q", body[:min(16, len(body))], tc.body[:min(16, len(tc.body))])
			}
			if resp.ContentLength != int64(len(tc.body)) {
				t.Errorf("Content-Length %d, want %d", resp.ContentLength, len(tc.body))
			}
		})
	}
}

func TestConditional(t *testing.T) {
	srv := newServer(t)
	url := srv.URL + "/latest/children_in_care.csv"
	first, _ := do(t, "GET", url)
	etag, mod := first.Header.Get("Etag"), first.Header.Get("Last-Modified")
	zipped, _ := do(t, "GET", url, "Accept-Encoding: gzip")
	zetag := zipped.Header.Get("Etag")
	if zetag == etag || !strings.HasPrefix(zetag, "W/") {
		t.Fatalf("gzipped ETag %s, identity %s: want a different, weak ETag", zetag, etag)
	}
	pageResp, _ := do(t, "GET", srv.URL+"/latest/")
	for _, tc := range []struct {
		name, url string
		headers   []string
		status    int
	}{
		{"If-None-Match", url, []string{"If-None-Match: " + etag}, 304},
		{"If-None-Match among others", url, []string{`If-None-Match: "x", ` + etag}, 304},
		{"If-None-Match *", url, []string{"If-None-Match: *"}, 304},
		{"If-None-Match other", url, []string{`If-None-Match: "x"`}, 200},
		{"If-Modified-Since", url, []string{"If-Modified-Since: " + mod}, 304},
		{"If-Modified-Since later", url, []string{"If-Modified-Since: " + time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}, 304},
		{"If-Modified-Since earlier", url, []string{"If-Modified-Since: Mon, 02 Jan 2006 15:04:05 GMT"}, 200},
		{"If-None-Match wins over If-Modified-Since", url, []string{`If-None-Match: "x"`, "If-Modified-Since: " + mod}, 200},
		{"gzip ETag, gzip accepted", url, []string{"If-None-Match: " + zetag, "Accept-Encoding: gzip"}, 304},
		{"gzip ETag, gzip not accepted", url, []string{"If-None-Match: " + zetag}, 200},
		{"identity ETag, gzip accepted", url, []string{"If-None-Match: " + etag, "Accept-Encoding: gzip"}, 200},
		{"If-Match other", url, []string{`If-Match: "x"`}, 412},
		{"If-Match other, gzip accepted", url, []string{`If-Match: "x"`, "Accept-Encoding: gzip"}, 412},
		{"If-Match", url, []string{"If-Match: " + etag}, 200},
		{"listing", srv.URL + "/latest/", []string{"If-None-Match: " + pageResp.Header.Get("Etag")}, 304},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, "GET", tc.url, tc.headers...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			switch tc.status {
			case 304:
				if len(body) != 0 || resp.Header.Get("Etag") == "" || resp.Header.Get("Content-Encoding") != "" {
					t.Errorf("304 with %d bytes of body, ETag %q, Content-Encoding %q", len(body), resp.Header.Get("Etag"), resp.Header.Get("Content-Encoding"))
				}
			case 412:
				if resp.Header.Get("Content-Encoding") != "" {
					t.Errorf("412 with Content-Encoding %q", resp.Header.Get("Content-Encoding"))
				}
			}
		})
	}
}

func TestGzip(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path, file     string
		acceptEncoding string
		gzip           bool
	}{
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "gzip", true},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "gzip, deflate, br, zstd", true},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "br;q=1.0, gzip;q=0.5", true},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "*", true},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "gzip;q=0", false},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "*, gzip;q=0", false},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "br", false},
		{"/latest/children_in_care.csv", filepath.Join(fx.dir, "children_in_care.csv"), "", false},
		{"/latest/children_in_care.meta.csv", filepath.Join(fx.dir, "children_in_care.meta.csv"), "gzip", true},
		{"/latest/datapackage.json", filepath.Join(fx.dir, "datapackage.json"), "gzip", true},
		{"/latest/SHA256SUMS", filepath.Join(fx.dir, "SHA256SUMS"), "gzip", true},
		{"/releases/" + fx.old + "/", filepath.Join(fx.oldDir, "index.html"), "gzip", true},
		{"/releases/" + fx.old + "/chart.svg", filepath.Join(fx.oldDir, "chart.svg"), "gzip", true},
		{"/releases/" + fx.old + "/big.csv", filepath.Join(fx.oldDir, "big.csv"), "gzip", true},
		{"/latest/children_in_care.parquet", filepath.Join(fx.dir, "children_in_care.parquet"), "gzip", false},
		{"/latest/children_in_care.xlsx", filepath.Join(fx.dir, "children_in_care.xlsx"), "gzip", false},
	} {
		t.Run(tc.path+" "+tc.acceptEncoding, func(t *testing.T) {
			var h []string
			if tc.acceptEncoding != "" {
				h = append(h, "Accept-Encoding: "+tc.acceptEncoding)
			}
			resp, body := do(t, "GET", srv.URL+tc.path, h...)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			want := read(t, tc.file)
			text := !strings.HasSuffix(tc.path, ".parquet") && !strings.HasSuffix(tc.path, ".xlsx")
			if got := resp.Header.Get("Vary"); text != (got == "Accept-Encoding") {
				t.Errorf("Vary %q", got)
			}
			if !tc.gzip {
				if ce := resp.Header.Get("Content-Encoding"); ce != "" {
					t.Errorf("Content-Encoding %q, want none", ce)
				}
				if !bytes.Equal(body, want) || resp.ContentLength != int64(len(want)) {
					t.Errorf("body %d bytes (Content-Length %d), want the file's %d", len(body), resp.ContentLength, len(want))
				}
				return
			}
			if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", ce)
			}
			if resp.ContentLength >= 0 && resp.ContentLength != int64(len(body)) {
				t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(body))
			}
			if len(want) > 1000 && len(body) >= len(want)*3/4 {
				t.Errorf("gzipped %d bytes to %d", len(want), len(body))
			}
			if got := gunzip(t, body); !bytes.Equal(got, want) {
				t.Errorf("gunzipped body %d bytes differs from the file's %d", len(got), len(want))
			}
			if etag := resp.Header.Get("Etag"); !strings.HasPrefix(etag, `W/"`) || !strings.HasSuffix(etag, `-gzip"`) {
				t.Errorf("ETag %q, want a weak -gzip ETag", etag)
			}
		})
	}
}

func TestLogging(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	srv := httptest.NewServer(serve.Handler(fx.out, logger))
	defer srv.Close()
	do(t, "GET", srv.URL+"/latest/children_in_care.meta.csv")
	do(t, "POST", srv.URL+"/latest/")
	do(t, "GET", srv.URL+"/latest/children_in_care.csv", "Accept-Encoding: gzip")
	srv.Close()
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want 3:\n%s", len(lines), buf.String())
	}
	meta, _ := os.Stat(filepath.Join(fx.dir, "children_in_care.meta.csv"))
	for i, want := range []struct {
		method, path string
		status       float64
		bytes        float64 // -1: gzipped, fewer than the file
	}{
		{"GET", "/latest/children_in_care.meta.csv", 200, float64(meta.Size())},
		{"POST", "/latest/", 405, -1},
		{"GET", "/latest/children_in_care.csv", 200, -1},
	} {
		var rec map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["msg"] != "request" || rec["method"] != want.method || rec["path"] != want.path || rec["status"] != want.status {
			t.Errorf("log line %d: %v", i, rec)
		}
		if b, _ := rec["bytes"].(float64); (want.bytes >= 0 && b != want.bytes) || b <= 0 {
			t.Errorf("log line %d: bytes %v, want %v", i, rec["bytes"], want.bytes)
		}
		if _, ok := rec["duration"].(float64); !ok {
			t.Errorf("log line %d: no duration", i)
		}
		if r, _ := rec["remote"].(string); !strings.HasPrefix(r, "127.0.0.1:") {
			t.Errorf("log line %d: remote %v", i, rec["remote"])
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestLoad: 1,000 requests from 16 clients at once, a mix of files,
// encodings, ranges and pages, all answered in full and right.
func TestLoad(t *testing.T) {
	srv := newServer(t)
	type want struct {
		path, ae, rng string
		body          []byte
		status        int
	}
	csv := read(t, filepath.Join(fx.dir, "children_in_care.csv"))
	cases := []want{
		{"/latest/children_in_care.csv", "", "", csv, 200},
		{"/latest/children_in_care.csv", "gzip", "", csv, 200},
		{"/releases/" + fx.id + "/children_in_care.parquet", "", "", read(t, filepath.Join(fx.dir, "children_in_care.parquet")), 200},
		{"/latest/children_in_care.xlsx", "gzip", "", read(t, filepath.Join(fx.dir, "children_in_care.xlsx")), 200},
		{"/latest/datapackage.json", "gzip", "", read(t, filepath.Join(fx.dir, "datapackage.json")), 200},
		{"/latest/SHA256SUMS", "", "", read(t, filepath.Join(fx.dir, "SHA256SUMS")), 200},
		{"/releases/" + fx.old + "/", "gzip", "", []byte(indexHTML), 200},
		{"/latest/children_in_care.csv", "gzip", "bytes=1000-1999", csv[1000:2000], 206},
	}
	const total, clients = 1000, 16
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= total || failed.Load() > 10 {
					return
				}
				c := cases[i%int64(len(cases))]
				req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
				if c.ae != "" {
					req.Header.Set("Accept-Encoding", c.ae)
				}
				if c.rng != "" {
					req.Header.Set("Range", c.rng)
				}
				err := func() error {
					resp, err := client.Do(req)
					if err != nil {
						return err
					}
					defer resp.Body.Close()
					var r io.Reader = resp.Body
					if resp.Header.Get("Content-Encoding") == "gzip" {
						zr, err := gzip.NewReader(resp.Body)
						if err != nil {
							return err
						}
						r = zr
					}
					body, err := io.ReadAll(r)
					if err != nil {
						return err
					}
					if resp.StatusCode != c.status || !bytes.Equal(body, c.body) {
						return fmt.Errorf("status %d, %d bytes; want %d, %d bytes", resp.StatusCode, len(body), c.status, len(c.body))
					}
					return nil
				}()
				if err != nil {
					failed.Add(1)
					t.Errorf("request %d %s (%s %s): %v", i, c.path, c.ae, c.rng, err)
				}
			}
		})
	}
	wg.Wait()
	if n := next.Load(); n < total {
		t.Fatalf("only %d requests sent", n)
	}
}

func TestServer(t *testing.T) {
	srv := serve.Server("127.0.0.1:0", fx.out, slog.New(slog.DiscardHandler))
	if srv.Addr != "127.0.0.1:0" || srv.Handler == nil {
		t.Fatalf("Addr %q, Handler %v", srv.Addr, srv.Handler)
	}
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("%s %v", name, d)
		}
	}
	// A real server with its timeouts serves a whole file (the handler
	// pushes the write deadline forward as it goes).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	want := read(t, filepath.Join(fx.oldDir, "big.csv"))
	for _, ae := range []string{"", "gzip"} {
		var h []string
		if ae != "" {
			h = append(h, "Accept-Encoding: "+ae)
		}
		resp, body := do(t, "GET", "http://"+ln.Addr().String()+"/releases/"+fx.old+"/big.csv", h...)
		if ae != "" {
			body = gunzip(t, body)
		}
		if resp.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: %d, %d bytes, want %d", ae, resp.StatusCode, len(body), len(want))
		}
	}
}

func TestListenAndServe(t *testing.T) {
	// Find a free port, then let ListenAndServe take it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve.ListenAndServe(ctx, addr, fx.out, slog.New(slog.DiscardHandler)) }()
	var resp *http.Response
	var body []byte
	for range 100 {
		req, _ := http.NewRequest("GET", "http://"+addr+"/latest/children_in_care.meta.csv", nil)
		r, err := client.Do(req)
		if err == nil {
			body, _ = io.ReadAll(r.Body)
			r.Body.Close()
			resp = r
			break
		}
		select {
		case err := <-done:
			t.Fatalf("ListenAndServe: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if resp == nil || resp.StatusCode != 200 || !bytes.Equal(body, read(t, filepath.Join(fx.dir, "children_in_care.meta.csv"))) {
		t.Fatalf("no good answer from ListenAndServe: %v", resp)
	}
	// The address is taken now: a second server fails at once.
	if err := serve.ListenAndServe(context.Background(), addr, fx.out, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("ListenAndServe on a busy address returned nil")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServe after cancel: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ListenAndServe did not return after cancel")
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("still listening after shutdown")
	}
}
