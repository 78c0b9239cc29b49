package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
)

// An EES publication's latest data files, picked by file name, then
// refreshed: the real CLA file comes back verified and stored.
func TestEESDataFiles(t *testing.T) {
	csv, err := os.ReadFile("../sources/dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/publications/children-looked-after-in-england-including-adoptions", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"id":"pub-1","slug":"children-looked-after-in-england-including-adoptions","title":"Children looked after in England including adoptions"}`))
	})
	mux.HandleFunc("/api/data-set-files", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("publicationId") != "pub-1" || r.URL.Query().Get("latestOnly") != "true" {
			http.Error(w, "bad query", http.StatusBadRequest)
			return
		}
		w.Write([]byte(`{"results":[
			{"id":"f1","title":"CLA number and rate per 10k children","filename":"cla_number_and_rate_per_10k_children_2021_to_2025.csv","fileSize":402416},
			{"id":"f0","title":"Old file","filename":"cla_number_and_rate_per_10k_children_2019_to_2023.csv","isSuperseded":true},
			{"id":"f2","title":"Placements","filename":"national_cla_placements.csv"}]}`))
	})
	mux.HandleFunc("/api/data-set-files/f1/download", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write(csv)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := &Client{Retries: -1}
	files, err := EESDataFiles(context.Background(), c, ts.URL+"/api", "children-looked-after-in-england-including-adoptions")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("%d files, want the 2 not superseded", len(files))
	}
	f, err := Pick(files, regexp.MustCompile(`^cla_number_and_rate_per_10k_children_.*\.csv$`))
	if err != nil {
		t.Fatal(err)
	}
	if f.URL != ts.URL+"/api/data-set-files/f1/download" {
		t.Errorf("url %s", f.URL)
	}
	out, err := c.Refresh(context.Background(), &Store{Dir: t.TempDir()}, "dfe-cla-latest", f.URL)
	if err != nil || out.Status != StatusFetched || out.SHA256 != "8228ce8c6f55fb1ee59b65988dad56c79ea7703c03eedd5c0f8af5997d6686ce" {
		t.Errorf("refresh %s %s %v", out.Status, out.SHA256, err)
	}
	if _, err := EESDataFiles(context.Background(), c, ts.URL+"/api", "no-such-publication"); err == nil {
		t.Error("unknown publication accepted")
	}
}
