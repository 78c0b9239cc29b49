package pipeline

import (
	"context"
	"errors"
	"fmt"

	"path/filepath"
	"regexp"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/fetch"
	"github.com/caredata/caredata/release"
)

// fetchable reports whether a source names where to fetch it from.
func fetchable(s extract.Source) bool { return s.Download != "" || s.Discover != nil }

// acquire returns a source's bytes. With fetch, a source that names a
// download address or a discovery rule is brought up to date (conditional
// request, verified, stored by sha256); a temporary failure falls back to
// the last good stored copy, or to the vendored copy, and is marked stale.
// A corrupt download fails the run. Every input is kept in the raw store.
func (o *Options) acquire(ctx context.Context, s extract.Source, store *fetch.Store) (extract.Input, string, error) {
	if !o.Fetch || !fetchable(s) {
		in, err := ReadSource(o.Sources, s)
		if err != nil {
			return in, "", err
		}
		if _, err := store.Put(in.Data); err != nil {
			return in, "", fmt.Errorf("source %s: raw store: %w", s.ID, err)
		}
		return in, "", nil
	}
	client := o.Fetcher
	if client == nil {
		client = &fetch.Client{}
	}
	url, err := o.locate(ctx, client, s)
	if err == nil {
		out, ferr := client.Refresh(ctx, store, s.ID, url)
		switch {
		case ferr == nil:
			if out.Err != nil {
				o.Logger.Warn("fetch failed; using the last good copy", "source", s.ID, "url", url, "error", out.Err)
			}
			s.SHA256, s.Bytes, s.RetrievedAt = out.SHA256, int64(len(out.Data)), out.Cached.RetrievedAt
			return extract.Input{Source: s, Data: out.Data}, out.Status, nil
		case errors.Is(ferr, fetch.ErrCorrupt), errors.Is(ferr, context.Canceled):
			return extract.Input{}, "", fmt.Errorf("source %s: %w", s.ID, ferr)
		}
		err = ferr
	}
	// Nothing stored yet and the publisher cannot be reached: the vendored
	// copy is the last good one.
	o.Logger.Warn("fetch failed; using the vendored copy", "source", s.ID, "error", err)
	in, rerr := ReadSource(o.Sources, s)
	if rerr != nil {
		return in, "", errors.Join(err, rerr)
	}
	if _, perr := store.Put(in.Data); perr != nil {
		return in, "", perr
	}
	return in, fetch.StatusStale, nil
}

// locate returns the address to fetch: the source's download address, or
// the file its discovery rule picks.
func (o *Options) locate(ctx context.Context, c *fetch.Client, s extract.Source) (string, error) {
	if s.Download != "" || s.Discover == nil {
		return s.Download, nil // a direct address wins over discovery
	}
	re, err := regexp.Compile(s.Discover.Match)
	if err != nil {
		return "", fmt.Errorf("source %s discover.match: %w", s.ID, err)
	}
	var atts []fetch.Attachment
	switch {
	case s.Discover.EES != "":
		base := o.EESBase
		if base == "" {
			base = fetch.EESBase
		}
		atts, err = fetch.EESDataFiles(ctx, c, base, s.Discover.EES)
	case s.Discover.GovUK != "":
		base := o.GovUKBase
		if base == "" {
			base = "https://www.gov.uk"
		}
		atts, err = fetch.GovUKAttachments(ctx, c, base, s.Discover.GovUK)
	default:
		return "", fmt.Errorf("source %s: discover names neither govuk nor ees", s.ID)
	}
	if err != nil {
		return "", err
	}
	att, err := fetch.Pick(atts, re)
	if err != nil {
		return "", fmt.Errorf("source %s: %w", s.ID, err)
	}
	return att.URL, nil
}

func rawStore(out string) *fetch.Store { return &fetch.Store{Dir: filepath.Join(out, release.RawDir)} }
