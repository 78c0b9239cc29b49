// Package fetch retrieves new releases of caredata's input files (DfE CSV,
// Ofsted and MHCLG ODS/XLSX workbooks) for the nightly run, checks what
// arrived before anything uses it, and keeps every good copy in a
// content-addressed store.
//
// How it fails: a download is never trusted blindly. Client.Get makes
// conditional requests (ETag / Last-Modified), caps the body size, retries
// server errors (5xx), network errors and timeouts with exponential backoff,
// and reports failure as an *Error whose Temporary method says whether a
// later attempt may succeed; 4xx answers are not retried. Verify rejects
// truncated or damaged zip workbooks, non-UTF-8 or headerless CSV and HTML
// error pages served in place of a file, wrapping ErrCorrupt. Client.Refresh
// combines these: a corrupt download is an error and leaves the previous
// copy in place; a temporary failure falls back to the last good stored copy
// (Outcome.Status "stale", with the failure recorded) and is an error only
// when there is no stored copy. Caller cancellation is always an error.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	neturl "net/url"
	"strings"
	"time"
)

// Defaults used when the corresponding Client field is zero.
const (
	DefaultMaxBytes  = 200 << 20
	DefaultRetries   = 3
	DefaultBaseDelay = time.Second
	DefaultUserAgent = "caredata-fetch/1 (+https://github.com/caredata/caredata)"
	// DefaultTimeout bounds one whole attempt (connect, headers and body).
	DefaultTimeout = 5 * time.Minute
)

// ErrTooLarge means a response body exceeded Client.MaxBytes.
var ErrTooLarge = errors.New("response exceeds size cap")

// ErrBadURL means the URL cannot be requested (not absolute http or https).
var ErrBadURL = errors.New("not an http or https URL")

// Client downloads files. The zero value is ready to use with the defaults.
type Client struct {
	// HTTP is the underlying client; nil means one with DefaultTimeout
	// and bounded dial/TLS/header timeouts.
	HTTP *http.Client
	// MaxBytes caps a response body; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Retries is how many times a temporary failure is retried after the
	// first attempt; 0 means DefaultRetries, negative means no retry.
	Retries int
	// BaseDelay is the first backoff delay, doubled after each retry;
	// 0 means DefaultBaseDelay.
	BaseDelay time.Duration
	// UserAgent identifies the caller (GOV.UK asks for one); "" means
	// DefaultUserAgent.
	UserAgent string
}

// Cached is what is remembered about the last good copy of a source.
type Cached struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SHA256       string    `json:"sha256"`
	Bytes        int64     `json:"bytes"`
	MediaType    string    `json:"media_type,omitempty"`
	RetrievedAt  time.Time `json:"retrieved_at"`        // when these bytes were downloaded
	CheckedAt    time.Time `json:"checked_at,omitzero"` // last successful check (200 or 304)
}

// Result is one successful answer from Get.
type Result struct {
	URL          string // the requested URL
	NotModified  bool   // 304: the cached copy is current, Data is nil
	Data         []byte
	ETag         string
	LastModified string
	MediaType    string // Content-Type without parameters, lower case
	SHA256       string // hex sha256 of Data
	Attempts     int
}

// Error is a failed Get after all attempts.
type Error struct {
	URL      string
	Status   int // HTTP status of the last attempt; 0 for network errors
	Attempts int
	Err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fetch %s", e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	fmt.Fprintf(&b, " (%d attempt", e.Attempts)
	if e.Attempts != 1 {
		b.WriteString("s")
	}
	b.WriteString(")")
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether a later attempt may succeed: server errors,
// 429, network errors and timeouts. Caller cancellation, 4xx answers and
// oversized bodies are not temporary.
func (e *Error) Temporary() bool {
	if errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, ErrTooLarge) || errors.Is(e.Err, ErrBadURL) {
		return false
	}
	switch {
	case e.Status >= 500, e.Status == http.StatusTooManyRequests:
		return true
	case e.Status != 0:
		return false
	}
	return e.Err != nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

var defaultHTTP = &http.Client{
	Timeout: DefaultTimeout,
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: time.Minute,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	},
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

func (c *Client) retries() int {
	switch {
	case c.Retries < 0:
		return 0
	case c.Retries == 0:
		return DefaultRetries
	}
	return c.Retries
}

func (c *Client) delay(retry int) time.Duration {
	d := c.BaseDelay
	if d <= 0 {
		d = DefaultBaseDelay
	}
	for i := 1; i < retry && d < time.Hour; i++ {
		d *= 2
	}
	return d
}

// Get downloads url. With prev (for the same URL, or with no URL recorded)
// the request is conditional, and a 304 answer gives Result.NotModified.
// Failures are *Error; see Error.Temporary.
func (c *Client) Get(ctx context.Context, url string, prev *Cached) (Result, error) {
	if u, err := neturl.Parse(url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Result{}, &Error{URL: url, Err: ErrBadURL}
	}
	max := c.retries() + 1
	var last *Error
	for attempt := 1; attempt <= max; attempt++ {
		if attempt > 1 {
			t := time.NewTimer(c.delay(attempt - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return Result{}, &Error{URL: url, Attempts: attempt - 1, Err: ctx.Err()}
			case <-t.C:
			}
		}
		res, status, err := c.once(ctx, url, prev)
		if err == nil {
			res.Attempts = attempt
			return res, nil
		}
		last = &Error{URL: url, Status: status, Attempts: attempt, Err: err}
		if ctx.Err() != nil {
			last.Err = fmt.Errorf("%w (%v)", ctx.Err(), err)
			return Result{}, last
		}
		if !last.Temporary() || status == http.StatusTooManyRequests {
			return Result{}, last
		}
	}
	return Result{}, last
}

// once makes one request; status is 0 when no HTTP answer arrived.
func (c *Client) once(ctx context.Context, url string, prev *Cached) (Result, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Result{}, 0, err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	if prev != nil && (prev.URL == "" || prev.URL == url) {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return Result{}, 0, err
	}
	defer resp.Body.Close()
	res := Result{URL: url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		return res, resp.StatusCode, nil
	case resp.StatusCode != http.StatusOK:
		// Drain a little so the connection can be reused.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Result{}, resp.StatusCode, fmt.Errorf("unexpected status %s", resp.Status)
	}
	limit := c.maxBytes()
	if resp.ContentLength > limit {
		return Result{}, resp.StatusCode, fmt.Errorf("%w: Content-Length %d bytes, cap %d bytes", ErrTooLarge, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		// A body cut off mid-stream is a network failure, worth a retry.
		return Result{}, 0, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(data)) > limit {
		return Result{}, resp.StatusCode, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			res.MediaType = strings.ToLower(mt)
		} else {
			res.MediaType = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
	}
	sum := sha256.Sum256(data)
	res.Data, res.SHA256 = data, hex.EncodeToString(sum[:])
	return res, resp.StatusCode, nil
}
