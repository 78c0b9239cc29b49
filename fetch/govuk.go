package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	neturl "net/url"
	"regexp"
	"strings"
)

// Attachment is one entry of a GOV.UK page's details.attachments.
type Attachment struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	URL            string `json:"url"`
	Filename       string `json:"filename"`
	ContentType    string `json:"content_type"`
	AttachmentType string `json:"attachment_type"` // file, html or external
	FileSize       int64  `json:"file_size"`
}

// ErrNoMatch means Pick found no attachment, or more than one.
var ErrNoMatch = errors.New("attachment choice is not unique")

// GovUKAttachments reads base + "/api/content/" + path (base is
// "https://www.gov.uk" in production) and returns the page's
// details.attachments, with relative URLs made absolute against base.
func GovUKAttachments(ctx context.Context, c *Client, base, path string) ([]Attachment, error) {
	u := strings.TrimRight(base, "/") + "/api/content/" + strings.TrimLeft(path, "/")
	res, err := c.Get(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	var page struct {
		BasePath string `json:"base_path"`
		Details  struct {
			Attachments []Attachment `json:"attachments"`
		} `json:"details"`
	}
	if err := json.Unmarshal(res.Data, &page); err != nil {
		return nil, fmt.Errorf("GOV.UK content %s: %w: %v", u, ErrCorrupt, err)
	}
	baseURL, err := neturl.Parse(u)
	if err != nil {
		return nil, err
	}
	atts := page.Details.Attachments
	for i := range atts {
		if atts[i].URL == "" {
			continue
		}
		if ref, err := neturl.Parse(atts[i].URL); err == nil && !ref.IsAbs() {
			atts[i].URL = baseURL.ResolveReference(ref).String()
		}
	}
	return atts, nil
}

// Pick returns the one attachment whose title or filename matches pattern;
// none or several is an error (wrapping ErrNoMatch) listing the candidates.
func Pick(atts []Attachment, pattern *regexp.Regexp) (Attachment, error) {
	var hits []Attachment
	for _, a := range atts {
		if pattern.MatchString(a.Title) || (a.Filename != "" && pattern.MatchString(a.Filename)) {
			hits = append(hits, a)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	list := func(as []Attachment) string {
		var b strings.Builder
		for _, a := range as {
			fmt.Fprintf(&b, "\n  %q (%s)", a.Title, a.Filename)
		}
		return b.String()
	}
	if len(hits) == 0 {
		return Attachment{}, fmt.Errorf("%w: no attachment matches %s; candidates:%s", ErrNoMatch, pattern, list(atts))
	}
	return Attachment{}, fmt.Errorf("%w: %d attachments match %s:%s", ErrNoMatch, len(hits), pattern, list(hits))
}
