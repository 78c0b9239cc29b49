package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// govukPage is trimmed from the shape of
// https://www.gov.uk/api/content/government/statistical-data-sets/childrens-social-care-data-in-england-2023
const govukPage = `{
  "base_path": "/government/statistical-data-sets/childrens-social-care-data-in-england-2023",
  "content_id": "5ef3a0e4-0000-4000-8000-000000000000",
  "document_type": "statistical_data_set",
  "schema_name": "statistical_data_set",
  "title": "Children's social care data in England 2023",
  "public_updated_at": "2023-07-27T09:30:00.000+01:00",
  "details": {
    "attachments": [
      {"attachment_type": "html", "id": "1", "title": "Main findings: children's social care in England 2023",
       "url": "https://www.gov.uk/government/statistics/childrens-social-care-data-in-england-2023/main-findings"},
      {"attachment_type": "file", "id": "2", "title": "Children's social care in England 2023: underlying data",
       "url": "/media/64c0/Childrens_social_care_in_England_2023_underlying_data.ods",
       "filename": "Childrens_social_care_in_England_2023_underlying_data.ods",
       "content_type": "application/vnd.oasis.opendocument.spreadsheet", "file_size": 2090430},
      {"attachment_type": "file", "id": "3", "title": "Children's social care in England 2023: providers and places",
       "url": "/media/64c1/Childrens_social_care_in_England_2023_providers_places.ods",
       "filename": "Childrens_social_care_in_England_2023_providers_places.ods",
       "content_type": "application/vnd.oasis.opendocument.spreadsheet", "file_size": 1000},
      {"attachment_type": "file", "id": "4", "title": "Quality and methodology report",
       "url": "/media/64c2/methodology.pdf", "filename": "methodology.pdf",
       "content_type": "application/pdf", "file_size": 500}
    ],
    "change_history": [{"public_timestamp": "2023-07-27T09:30:00.000+01:00", "note": "First published."}]
  }
}`

func TestGovUKAttachmentsAndPick(t *testing.T) {
	ods := readFile(t, ods2023)
	var hits int
	mux := http.NewServeMux()
	mux.HandleFunc("/api/content/government/statistical-data-sets/childrens-social-care-data-in-england-2023", func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte(govukPage))
	})
	mux.HandleFunc("/media/64c0/Childrens_social_care_in_England_2023_underlying_data.ods", func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", MediaODS)
		w.Write(ods)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient()
	ctx := context.Background()

	atts, err := GovUKAttachments(ctx, c, srv.URL+"/", "/government/statistical-data-sets/childrens-social-care-data-in-england-2023")
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 4 || atts[1].FileSize != 2090430 || atts[1].ContentType != MediaODS || atts[0].AttachmentType != "html" {
		t.Fatalf("attachments %+v", atts)
	}
	if want := srv.URL + "/media/64c0/Childrens_social_care_in_England_2023_underlying_data.ods"; atts[1].URL != want {
		t.Errorf("URL %s, want %s", atts[1].URL, want)
	}

	tests := []struct {
		pattern string
		wantID  string // "" means an error
		listed  []string
	}{
		{`(?i)underlying data`, "2", nil},
		{`_underlying_data\.ods$`, "2", nil},
		{`(?i)\.ods$`, "", []string{"underlying data", "providers and places"}},
		{`(?i)local authority`, "", []string{"Main findings", "underlying data", "methodology"}},
	}
	for _, tc := range tests {
		a, err := Pick(atts, regexp.MustCompile(tc.pattern))
		if tc.wantID != "" {
			if err != nil || a.ID != tc.wantID {
				t.Errorf("Pick(%s) = %+v, %v", tc.pattern, a, err)
			}
			continue
		}
		if !errors.Is(err, ErrNoMatch) {
			t.Errorf("Pick(%s) err = %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.listed {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("Pick(%s) error does not list %q: %v", tc.pattern, s, err)
			}
		}
	}

	// The picked file is fetched and verified.
	a, _ := Pick(atts, regexp.MustCompile(`(?i)underlying data`))
	o, err := c.Refresh(ctx, &Store{Dir: t.TempDir()}, "ofsted-csc-2023", a.URL)
	if err != nil || o.Status != StatusFetched || len(o.Data) != len(ods) {
		t.Errorf("Refresh: %v %v", o.Status, err)
	}
	if hits != 2 {
		t.Errorf("requests = %d, want 2", hits)
	}

	// A missing page is an error, not retried; bad JSON is corrupt.
	if _, err := GovUKAttachments(ctx, c, srv.URL, "government/nope"); err == nil {
		t.Error("404 page: no error")
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) }))
	defer bad.Close()
	if _, err := GovUKAttachments(ctx, c, bad.URL, "x"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("bad JSON: %v", err)
	}
}
