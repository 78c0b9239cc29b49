package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"strings"
)

// EESBase is the Explore Education Statistics content API the website
// uses; it lists every data file of a publication, including those not on
// the public data API (see research/conventions.md §4).
const EESBase = "https://content.explore-education-statistics.service.gov.uk/api"

// EESDataFiles lists the data files of a publication's latest release,
// found by the publication's slug (as in its find-statistics address), as
// attachments whose URL downloads the CSV.
func EESDataFiles(ctx context.Context, c *Client, base, slug string) ([]Attachment, error) {
	base = strings.TrimRight(base, "/")
	pubURL := base + "/publications/" + neturl.PathEscape(slug)
	res, err := c.Get(ctx, pubURL, nil)
	if err != nil {
		return nil, err
	}
	var pub struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(res.Data, &pub); err != nil || pub.ID == "" {
		return nil, fmt.Errorf("EES publication %s: %w: no publication id", pubURL, ErrCorrupt)
	}
	filesURL := base + "/data-set-files?" + neturl.Values{"publicationId": {pub.ID}, "latestOnly": {"true"}, "page": {"1"}, "pageSize": {"100"}}.Encode()
	if res, err = c.Get(ctx, filesURL, nil); err != nil {
		return nil, err
	}
	var files struct {
		Results []struct {
			ID           string `json:"id"`
			Title        string `json:"title"`
			Filename     string `json:"filename"`
			FileSize     int64  `json:"fileSize"`
			IsSuperseded bool   `json:"isSuperseded"`
		} `json:"results"`
	}
	if err := json.Unmarshal(res.Data, &files); err != nil {
		return nil, fmt.Errorf("EES data files %s: %w: %v", filesURL, ErrCorrupt, err)
	}
	var out []Attachment
	for _, f := range files.Results {
		if f.IsSuperseded {
			continue
		}
		out = append(out, Attachment{ID: f.ID, Title: f.Title, Filename: f.Filename, FileSize: f.FileSize,
			ContentType: "text/csv", AttachmentType: "file",
			URL: base + "/data-set-files/" + neturl.PathEscape(f.ID) + "/download"})
	}
	return out, nil
}
