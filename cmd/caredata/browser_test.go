package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/caredata/caredata/release"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/caredata/caredata/catalogue"
	"github.com/caredata/caredata/internal/testrelease"
)

// browserEnv set to "required" makes a missing Chromium fail the browser
// test instead of skipping it; .ci/run sets it.
const browserEnv = "CAREDATA_BROWSER"

// screenshotEnv names the folder the browser test writes its screenshots
// to; without it they go to a temporary folder that the test removes.
const screenshotEnv = "CAREDATA_SCREENSHOT_DIR"

// rangeAbove is the size above which a download link is fetched with a
// Range request for its first 100 bytes rather than whole (la_spend.csv,
// 117 MB), so that the test stays fast.
const rangeAbove = 64 << 20

// chromium returns the path of Debian's Chromium, or "" if there is none.
func chromium() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// wantContentType is the media type caredata serve must give a file of a
// release, by its name.
func wantContentType(name string) string {
	switch {
	case name == release.SumsFile:
		return "text/plain; charset=utf-8"
	case strings.HasSuffix(name, ".csv"):
		return "text/csv; charset=utf-8"
	case strings.HasSuffix(name, ".parquet"):
		return "application/vnd.apache.parquet"
	case strings.HasSuffix(name, ".xlsx"):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.HasSuffix(name, ".json"):
		return "application/json"
	}
	return ""
}

// lockedBuffer is a bytes.Buffer that a process's output and the test can
// share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is a running `caredata serve`.
type server struct {
	cmd    *exec.Cmd
	done   chan error
	stderr *lockedBuffer
	base   string // http://127.0.0.1:PORT
	exited bool   // done has delivered the process's end
}

// startServe starts `caredata serve` on a free loopback port and waits
// until it answers. A port taken between choosing and listening is retried.
func startServe(t *testing.T, out string) *server {
	t.Helper()
	for attempt := 1; ; attempt++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		s := &server{
			cmd:    command(t, "serve", "--addr", addr, "--out", out),
			done:   make(chan error, 1),
			stderr: &lockedBuffer{},
			base:   "http://" + addr,
		}
		s.cmd.Stderr = s.stderr
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { s.done <- s.cmd.Wait() }()
		err = s.waitReady()
		if err == nil {
			t.Cleanup(s.kill) // if the test ends before stopping it
			return s
		}
		s.kill()
		if attempt == 3 || !strings.Contains(s.stderr.String(), "address already in use") {
			t.Fatalf("caredata serve --addr %s: %v\n%s", addr, err, s.stderr.String())
		}
	}
}

// waitReady polls /latest/ until the server answers 200, exits, or 30 s
// pass.
func (s *server) waitReady() error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-s.done:
			s.exited = true
			return fmt.Errorf("exited before answering: %v", err)
		default:
		}
		resp, err := client.Get(s.base + "/latest/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("GET /latest/: %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not answering after 30 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill kills the server unless it has exited.
func (s *server) kill() {
	if !s.exited {
		s.cmd.Process.Kill()
		<-s.done
		s.exited = true
	}
}

// stop sends SIGTERM and checks that the server exits 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM to caredata serve: %v", err)
	}
	select {
	case err := <-s.done:
		s.exited = true
		if err != nil {
			t.Errorf("caredata serve after SIGTERM: %v, want exit 0\n%s", err, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("caredata serve still running 30 s after SIGTERM")
	}
}

// pageEvents collects what the browser reports while the test runs: every
// request, and every error (console, exceptions, failed loads, HTTP errors,
// requests leaving the server's origin).
type pageEvents struct {
	mu       sync.Mutex
	origin   string // scheme://host:port of caredata serve
	requests int
	urls     map[network.RequestID]string // by request, for failures
	errs     []string
	warnings []string
}

func (p *pageEvents) handle(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *cdpruntime.EventConsoleAPICalled:
		msg := fmt.Sprintf("console.%s: %s", e.Type, consoleArgs(e.Args))
		switch e.Type {
		case cdpruntime.ConsoleAPICalledTypeError, cdpruntime.ConsoleAPICalledTypeAssert:
			p.errs = append(p.errs, msg)
		case cdpruntime.ConsoleAPICalledTypeWarning:
			p.warnings = append(p.warnings, msg)
		}
	case *cdpruntime.EventExceptionThrown:
		d := e.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		p.errs = append(p.errs, fmt.Sprintf("exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text))
	case *log.EventEntryAdded:
		msg := fmt.Sprintf("browser log (%s, %s): %s %s", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL)
		switch e.Entry.Level {
		case log.EntryLevelError:
			p.errs = append(p.errs, msg)
		case log.EntryLevelWarning:
			p.warnings = append(p.warnings, msg)
		}
	case *network.EventRequestWillBeSent:
		p.requests++
		p.urls[e.RequestID] = e.Request.Method + " " + e.Request.URL
		u, err := url.Parse(e.Request.URL)
		if err != nil || u.Scheme+"://"+u.Host != p.origin {
			p.errs = append(p.errs, fmt.Sprintf("request outside %s: %s %s (%s)", p.origin, e.Request.Method, e.Request.URL, e.Type))
		}
	case *network.EventLoadingFailed:
		p.errs = append(p.errs, fmt.Sprintf("loading failed: %s (%s): %s %s", p.urls[e.RequestID], e.Type, e.ErrorText, e.BlockedReason))
	case *network.EventResponseReceived:
		if e.Response.Status >= 400 {
			p.errs = append(p.errs, fmt.Sprintf("HTTP %d %s for %s (%s)", e.Response.Status, e.Response.StatusText, e.Response.URL, e.Type))
		}
	}
}

func consoleArgs(args []*cdpruntime.RemoteObject) string {
	var s []string
	for _, a := range args {
		switch {
		case len(a.Value) > 0:
			s = append(s, string(a.Value))
		case a.Description != "":
			s = append(s, a.Description)
		default:
			s = append(s, string(a.Type))
		}
	}
	return strings.Join(s, " ")
}

func (p *pageEvents) report() (requests int, errs, warnings []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests, slices.Clone(p.errs), slices.Clone(p.warnings)
}

// fetched is what the page's fetch of a download link saw.
type fetched struct {
	HeadStatus   int    `json:"headStatus"`
	HeadType     string `json:"headType"`
	Status       int    `json:"status"`
	Type         string `json:"type"`
	ContentRange string `json:"contentRange"`
	Bytes        int64  `json:"bytes"`
	SHA256       string `json:"sha256"`
}

// fetchJS fetches a link from the page, as a reader's click would resolve
// it: HEAD, then GET (whole, or its first 100 bytes), hashing what a whole
// GET returns.
const fetchJS = `(async (href, ranged) => {
  const u = new URL(href, document.baseURI).href;
  const head = await fetch(u, {method: 'HEAD', cache: 'no-store'});
  const r = {headStatus: head.status, headType: head.headers.get('content-type') || ''};
  await head.arrayBuffer(); // an unread body is cancelled, which Chromium logs as a failed load
  const get = await fetch(u, ranged ? {cache: 'no-store', headers: {Range: 'bytes=0-99'}} : {cache: 'no-store'});
  r.status = get.status;
  r.type = get.headers.get('content-type') || '';
  r.contentRange = get.headers.get('content-range') || '';
  const buf = await get.arrayBuffer();
  r.bytes = buf.byteLength;
  r.sha256 = '';
  if (!ranged) {
    const d = await crypto.subtle.digest('SHA-256', buf);
    r.sha256 = Array.from(new Uint8Array(d), b => b.toString(16).padStart(2, '0')).join('');
  }
  return r;
})(%s, %t)`

// chartInfo is what the page's DOM says of a headline chart.
type chartInfo struct {
	ID         string   `json:"id"`
	Found      bool     `json:"found"`
	SVG        bool     `json:"svg"`
	Namespace  string   `json:"namespace"`
	Role       string   `json:"role"`
	Title      string   `json:"title"`
	TitleID    string   `json:"titleId"`
	LabelledBy []string `json:"labelledBy"`
	Labels     []string `json:"labels"`
	Width      float64  `json:"width"`
	Height     float64  `json:"height"`
	Texts      int      `json:"texts"`
	// Overlaps are pairs of labels drawn over each other, Outside labels
	// that stick out of the SVG's box (and are cut off).
	Overlaps []string `json:"overlaps"`
	Outside  []string `json:"outside"`
	Margin   float64  `json:"margin"` // the least room a label has to the SVG's edge, px
}

const chartsJS = `(%s).map(id => {
  const fig = document.getElementById(id);
  if (!fig) return {id, found: false};
  const svg = fig.localName === 'svg' ? fig : fig.querySelector('svg');
  if (!svg) return {id, found: true, svg: false};
  const title = svg.querySelector(':scope > title');
  const labelledBy = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text'), t => ({s: t.textContent, r: t.getBoundingClientRect()}))
    .filter(t => t.s.trim() !== '' && t.r.width > 0);
  const overlaps = [], outside = [];
  let margin = Infinity;
  const tol = 0.5;
  texts.forEach((a, i) => {
    const m = Math.min(a.r.left - box.left, a.r.top - box.top, box.right - a.r.right, box.bottom - a.r.bottom);
    margin = Math.min(margin, m);
    if (m < -tol) outside.push(a.s);
    for (const b of texts.slice(i + 1)) {
      if (Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left) > tol &&
          Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top) > tol) overlaps.push(a.s + ' / ' + b.s);
    }
  });
  return {
    overlaps, outside, margin,
    id, found: true, svg: true,
    namespace: svg.namespaceURI,
    role: svg.getAttribute('role') || '',
    title: title ? title.textContent.trim() : '',
    titleId: title ? title.id : '',
    labelledBy,
    labels: labelledBy.map(l => { const e = document.getElementById(l); return e ? e.textContent.trim() : ''; }),
    width: box.width, height: box.height,
    texts: svg.querySelectorAll('text').length,
  };
})`

// The catalogue page of a release, served by `caredata serve`, works in a
// real browser: every download link answers 200 with the right media type
// and the file's bytes, the four charts are SVG images with a title, the
// page logs no error and asks for nothing outside the server. It writes
// screenshots for a person to look at.
func TestBrowser(t *testing.T) {
	chrome := chromium()
	if chrome == "" {
		const how = "Chromium not found (/usr/bin/chromium or chromium on PATH); install Debian's with: apt-get install --no-install-recommends chromium"
		if os.Getenv(browserEnv) == "required" {
			t.Fatalf("%s (%s=required)", how, browserEnv)
		}
		t.Skipf("%s, or set %s=required to make this a failure", how, browserEnv)
	}
	if testing.Short() && os.Getenv(browserEnv) != "required" {
		t.Skip("reads a whole release and drives a browser")
	}
	t.Parallel()
	start := time.Now()

	// The shared release of every embedded source (internal/testrelease),
	// served read-only as a user's output folder would be.
	out := testrelease.Out(t)
	id, err := release.Latest(out)
	if err != nil || id == "" {
		t.Fatalf("no latest release in the shared release's folder %s: %q, %v", out, id, err)
	}
	dir := filepath.Join(out, release.ReleasesDir, id)
	built := time.Now()

	srv := startServe(t, out)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	browserOut := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("headless", "new"),
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(browserOut),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	defer func() {
		if t.Failed() {
			t.Logf("chromium's output:\n%s", browserOut.String())
		}
	}()

	events := &pageEvents{origin: srv.base, urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(bctx, events.handle); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	version, err := chromedp.Run(bctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("browser: %s (%s)", chrome, version)

	// / redirects to /latest/, which serves the release's index.html.
	resp, err := chromedp.Run(bctx, chromedp.NavigateResponse(srv.base+"/"))
	if err != nil {
		t.Fatalf("navigate to %s/: %v", srv.base, err)
	}
	if resp.Status != http.StatusOK || resp.URL != srv.base+"/latest/" || resp.MimeType != "text/html" {
		t.Errorf("%s/ ends at %s: %d %s, want 200 text/html at /latest/", srv.base, resp.URL, resp.Status, resp.MimeType)
	}
	title, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.title`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, id) {
		t.Errorf("page title %q does not name release %s", title, id)
	}

	// Download links: relative hrefs to the files beside index.html.
	hrefs, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, h := range hrefs {
		if strings.HasPrefix(h, "#") {
			continue
		}
		if u, err := url.Parse(h); err == nil && u.Scheme != "" {
			if u.Scheme != "https" {
				t.Errorf("link %q: an outside address should be https", h)
			}
			continue
		}
		if strings.ContainsAny(h, "/?#\\") || h == "." || h == ".." {
			t.Errorf("download link %q is not a file beside index.html", h)
			continue
		}
		if !slices.Contains(links, h) {
			links = append(links, h)
		}
	}
	for _, name := range links {
		want := wantContentType(name)
		if want == "" {
			t.Errorf("download link %q: no expected media type for this kind of file", name)
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("download link %q: not in the release folder: %v", name, err)
			continue
		}
		ranged := fi.Size() > rangeAbove
		arg, _ := json.Marshal(name)
		got, err := chromedp.Run(bctx, chromedp.Evaluate[fetched](fmt.Sprintf(fetchJS, arg, ranged), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Errorf("fetch %s from the page: %v", name, err)
			continue
		}
		if got.HeadStatus != http.StatusOK || got.HeadType != want {
			t.Errorf("HEAD %s: %d %q, want 200 %q", name, got.HeadStatus, got.HeadType, want)
		}
		if ranged {
			wantRange := fmt.Sprintf("bytes 0-99/%d", fi.Size())
			if got.Status != http.StatusPartialContent || got.Type != want || got.ContentRange != wantRange || got.Bytes != 100 {
				t.Errorf("GET %s, Range bytes=0-99: %d %q, Content-Range %q, %d bytes; want 206 %q, %q, 100 bytes",
					name, got.Status, got.Type, got.ContentRange, got.Bytes, want, wantRange)
			}
			continue
		}
		if got.Status != http.StatusOK || got.Type != want {
			t.Errorf("GET %s: %d %q, want 200 %q", name, got.Status, got.Type, want)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got.Bytes != fi.Size() || got.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("GET %s: the browser got %d bytes with sha256 %s; the file has %d bytes, sha256 %x", name, got.Bytes, got.SHA256, fi.Size(), sum)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != catalogue.FileName && !slices.Contains(links, e.Name()) {
			t.Errorf("%s is in the release folder but the page has no link to it", e.Name())
		}
	}
	t.Logf("checked %d download links (%d hrefs on the page)", len(links), len(hrefs))

	// Charts: inline SVG images, titled, drawn with a size.
	ids := catalogue.ChartIDs
	arg, _ := json.Marshal(ids)
	charts, err := chromedp.Run(bctx, chromedp.Evaluate[[]chartInfo](fmt.Sprintf(chartsJS, arg)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		switch {
		case !c.Found:
			t.Errorf("chart %s: no element with this id", c.ID)
			continue
		case !c.SVG:
			t.Errorf("chart %s: no <svg>", c.ID)
			continue
		}
		if c.Namespace != "http://www.w3.org/2000/svg" {
			t.Errorf("chart %s: <svg> in namespace %q, not SVG's", c.ID, c.Namespace)
		}
		if c.Role != "img" {
			t.Errorf("chart %s: role=%q, want img", c.ID, c.Role)
		}
		if c.Title == "" {
			t.Errorf("chart %s: no <title>, or an empty one", c.ID)
		}
		if c.TitleID == "" || !slices.Contains(c.LabelledBy, c.TitleID) {
			t.Errorf("chart %s: aria-labelledby %q does not name its <title> (id %q)", c.ID, c.LabelledBy, c.TitleID)
		}
		for i, l := range c.Labels {
			if l == "" {
				t.Errorf("chart %s: aria-labelledby names %q, which is missing or empty", c.ID, c.LabelledBy[i])
			}
		}
		if c.Width <= 0 || c.Height <= 0 {
			t.Errorf("chart %s: drawn %gx%g px", c.ID, c.Width, c.Height)
		}
		if c.Texts == 0 {
			t.Errorf("chart %s: no text (axis labels) in the SVG", c.ID)
		}
		if len(c.Overlaps) > 0 {
			t.Errorf("chart %s: labels drawn over each other: %q", c.ID, c.Overlaps)
		}
		if len(c.Outside) > 0 {
			t.Errorf("chart %s: labels cut off at the SVG's edge: %q", c.ID, c.Outside)
		}
		t.Logf("chart %s: %q, %gx%g px, %d labels, none overlapping, the closest %.1f px from the edge", c.ID, c.Title, c.Width, c.Height, c.Texts, c.Margin)
	}
	if len(charts) != len(ids) {
		t.Errorf("%d charts checked, want %d", len(charts), len(ids))
	}

	// Screenshots for a person to look at: the whole page, and each chart.
	shots := os.Getenv(screenshotEnv)
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	page := filepath.Join(shots, "catalogue.png")
	if err := os.WriteFile(page, png, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range ids {
		png, err := chromedp.Run(bctx, chromedp.Screenshot(chromedp.CSS("#"+c+" svg")))
		if err != nil {
			t.Errorf("screenshot of chart %s: %v", c, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(shots, c+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots: %s and %s/<chart id>.png", page, shots)

	requests, errs, warnings := events.report()
	for _, e := range errs {
		t.Errorf("browser: %s", e)
	}
	for _, w := range warnings {
		t.Logf("browser warning: %s", w)
	}
	t.Logf("%d requests, all to %s", requests, srv.base)

	// Close the browser before stopping the server, so that no connection
	// of the browser's holds the shutdown.
	if err := chromedp.Cancel(bctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Logf("closing the browser: %v", err)
	}
	srv.stop(t)
	for _, line := range strings.Split(srv.stderr.String(), "\n") {
		if strings.Contains(line, "level=ERROR") || strings.Contains(line, "level=WARN") {
			t.Errorf("caredata serve logged: %s", line)
		}
	}
	t.Logf("shared release ready in %v; browser checks in %v", built.Sub(start).Round(time.Second), time.Since(built).Round(time.Second))
}
