package fetch

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Outcome statuses.
const (
	StatusFetched   = "fetched"   // first good copy
	StatusChanged   = "changed"   // new bytes replace the previous copy
	StatusUnchanged = "unchanged" // 304, or the same bytes again
	StatusStale     = "stale"     // temporary failure: the last good copy is returned
)

// Outcome is the result of Refresh.
type Outcome struct {
	ID      string
	URL     string
	Status  string
	Data    []byte // the current good copy
	SHA256  string
	Cached  Cached // metadata as saved (or as last saved, when stale)
	PrevSHA string // the previous copy's sha256, if there was one
	Err     error  // for StatusStale: the failure that was tolerated
}

// now is replaced in tests.
var now = func() time.Time { return time.Now().UTC() }

// Refresh brings source id up to date from url: a conditional GET against
// the stored metadata; 304 returns the stored bytes ("unchanged"); 200 is
// verified, stored and recorded ("fetched", "changed" or "unchanged"). A
// temporary failure returns the last good copy ("stale", Outcome.Err set)
// and is an error only when there is none. A corrupt download is an error
// wrapping ErrCorrupt and leaves the stored copy and metadata as they were.
func (c *Client) Refresh(ctx context.Context, store *Store, id, url string) (Outcome, error) {
	out := Outcome{ID: id, URL: url}
	prev, err := store.LoadCached(id)
	if err != nil {
		return out, err
	}
	var prevData []byte
	if prev != nil {
		if prevData, err = store.Get(prev.SHA256); err != nil {
			// Metadata without good bytes is useless: fetch afresh.
			prev, prevData = nil, nil
		} else {
			out.PrevSHA = prev.SHA256
		}
	}
	stale := func(err error) (Outcome, error) {
		var fe *Error
		if prev != nil && errors.As(err, &fe) && fe.Temporary() && ctx.Err() == nil {
			out.Status, out.Data, out.SHA256, out.Cached, out.Err = StatusStale, prevData, prev.SHA256, *prev, err
			return out, nil
		}
		return out, err
	}
	res, err := c.Get(ctx, url, prev)
	if err != nil {
		return stale(err)
	}
	t := now()
	if res.NotModified {
		if prev == nil {
			return out, fmt.Errorf("source %s: %s answered 304 to an unconditional request", id, url)
		}
		cached := *prev
		cached.URL, cached.CheckedAt = url, t
		if res.ETag != "" {
			cached.ETag = res.ETag
		}
		if res.LastModified != "" {
			cached.LastModified = res.LastModified
		}
		if err := store.SaveCached(id, cached); err != nil {
			return out, err
		}
		out.Status, out.Data, out.SHA256, out.Cached = StatusUnchanged, prevData, prev.SHA256, cached
		return out, nil
	}
	if err := Verify(url, res.Data, res.MediaType); err != nil {
		return out, fmt.Errorf("source %s: %w", id, err)
	}
	sha, err := store.Put(res.Data)
	if err != nil {
		return out, err
	}
	cached := Cached{URL: url, ETag: res.ETag, LastModified: res.LastModified, SHA256: sha,
		Bytes: int64(len(res.Data)), MediaType: res.MediaType, RetrievedAt: t, CheckedAt: t}
	switch {
	case prev == nil:
		out.Status = StatusFetched
	case prev.SHA256 != sha:
		out.Status = StatusChanged
	default:
		out.Status = StatusUnchanged
		cached.RetrievedAt = prev.RetrievedAt
	}
	if err := store.SaveCached(id, cached); err != nil {
		return out, err
	}
	out.Data, out.SHA256, out.Cached = res.Data, sha, cached
	return out, nil
}
