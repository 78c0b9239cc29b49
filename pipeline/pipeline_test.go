package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/release"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/fetch"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// clock returns release times one minute apart, so release ids differ.
func clock() func() time.Time {
	t := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

func runOpts(out string, now func() time.Time) pipeline.Options {
	return pipeline.Options{Sources: sources.FS, Out: out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()), Now: now}
}

// claOnly is the embedded sources with a manifest listing only the DfE
// files: the publish mechanics are the same, and a run takes a second.
func claOnly(t *testing.T) fs.FS {
	t.Helper()
	m := damaged(t, sources.FS, "none").(fstest.MapFS)
	var man map[string][]map[string]any
	if err := json.Unmarshal(m[pipeline.ManifestFile].Data, &man); err != nil {
		t.Fatal(err)
	}
	var keep []map[string]any
	for _, s := range man["sources"] {
		if s["extractor"] == "cla" || s["extractor"] == extract.Lookups {
			keep = append(keep, s)
		}
	}
	b, err := json.Marshal(map[string]any{"sources": keep})
	if err != nil {
		t.Fatal(err)
	}
	m[pipeline.ManifestFile] = &fstest.MapFile{Data: b}
	return m
}

func claRunOpts(t *testing.T, out string, now func() time.Time) pipeline.Options {
	o := runOpts(out, now)
	o.Sources = claOnly(t)
	o.Force = true // these tests publish the same inputs again on purpose
	return o
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// checkSums verifies a release folder as `sha256sum -c SHA256SUMS` would.
func checkSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, release.SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("bad SHA256SUMS line %q", sc.Text())
		}
		if got := sha256File(t, filepath.Join(dir, name)); got != sum {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", name, got, sum)
		}
		sums[name] = sum
	}
	return sums
}

// A run of every embedded source publishes every dataset in every format,
// with datapackage.json, run.json, index.html and SHA256SUMS. The run is
// the shared release of internal/testrelease (pipeline.Run on the embedded
// sources at testrelease.Built, into an empty output folder), built once
// for every package's tests; this test only reads it.
func TestRunPublishesRelease(t *testing.T) {
	t.Parallel()
	out := testrelease.Out(t)
	const wantID = "20261123T020000Z" // testrelease.Built
	if got := testrelease.Built.UTC().Format("20060102T150405Z"); got != wantID {
		t.Fatalf("testrelease.Built is %s, this test expects %s", got, wantID)
	}
	id, err := release.Latest(out)
	if err != nil || id != wantID {
		t.Fatalf("latest -> %q (%v), want %q", id, err, wantID)
	}
	latest := filepath.Join(out, release.LatestLink)
	rel, err := release.ReadReport(latest)
	if err != nil {
		t.Fatal(err)
	}
	if rel.RunID != wantID || rel.Previous != "" {
		t.Errorf("run.json: run id %q, previous release %q; want %q and none", rel.RunID, rel.Previous, wantID)
	}
	sums := checkSums(t, latest)
	var want []string
	for _, d := range schemas.All {
		for _, ext := range []string{".parquet", ".csv", ".xlsx"} {
			want = append(want, d.Name+ext)
		}
		if d.EES {
			want = append(want, d.Name+".meta.csv")
		}
	}
	want = append(want, "datapackage.json", "run.json", "index.html")
	for _, name := range want {
		if _, ok := sums[name]; !ok {
			t.Errorf("%s missing from the release", name)
		}
	}
	if len(sums) != len(want) {
		t.Errorf("release has %d files, want %d: %v", len(sums), len(want), sums)
	}
	man, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{"children_in_care": 4983, "care_providers": 2605 + 2647 + 2688 + 2941 + 2864 + 2971 + 3402 + 3576 + 3812 + 3876 + 5600,
		"sources": len(man.Sources), "revisions": 2018 + 148, "placements": 16853, "fostering": 198, "ofsted_national_series": 210, "supported_accommodation": 640, "la_profile": 152 + 153 + 153, "documents": 5} {
		if rel.Datasets[name] != n {
			t.Errorf("%s rows = %d, want %d", name, rel.Datasets[name], n)
		}
	}

	// datapackage.json describes every file with its true size and hash.
	var dp struct {
		Licenses  []struct{ Name string }
		Resources []struct {
			Path, Format, Mediatype, Hash string
			Bytes                         int64
			Schema                        struct{ Fields []struct{ Name, Type string } }
			Sources                       []struct{ Path string }
		}
	}
	b, err := os.ReadFile(filepath.Join(latest, release.PackageFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	if len(dp.Licenses) != 1 || dp.Licenses[0].Name != "OGL-UK-3.0" {
		t.Errorf("licences %+v", dp.Licenses)
	}
	if len(dp.Resources) != len(want)-3 { // not datapackage.json, run.json, index.html
		t.Errorf("%d resources, want %d", len(dp.Resources), len(want)-3)
	}
	for _, r := range dp.Resources {
		fi, err := os.Stat(filepath.Join(latest, r.Path))
		if err != nil {
			t.Errorf("resource %s: %v", r.Path, err)
			continue
		}
		if fi.Size() != r.Bytes || r.Hash != "sha256:"+sums[r.Path] {
			t.Errorf("resource %s: %d bytes %s, file has %d bytes sha256:%s", r.Path, r.Bytes, r.Hash, fi.Size(), sums[r.Path])
		}
		// A dataset lists the files it came from, not every input: the
		// derived la_profile has DfE, MHCLG, Ofsted and lookups, no document.
		if r.Path == "la_profile.csv" {
			want := 0
			for _, s := range man.Sources {
				switch s.Extractor {
				case "cla", "ro3", "ofsted", extract.Lookups:
					want++
				}
			}
			if len(r.Sources) != want {
				t.Errorf("la_profile lists %d sources, want %d (DfE, MHCLG, Ofsted, lookups)", len(r.Sources), want)
			}
		}
		if r.Path == "children_in_care.parquet" {
			names := map[string]string{}
			for _, f := range r.Schema.Fields {
				names[f.Name] = f.Type
			}
			if names["children_count"] != "integer" || names["children_count_status"] != "string" || names["rate_per_10000"] != "number" {
				t.Errorf("parquet schema fields %v", names)
			}
		}
	}
}

func withSources(o pipeline.Options, f fs.FS) pipeline.Options { o.Sources = f; return o }

// failingWriter fails when asked to write one dataset, after the other
// writers have already written files of earlier datasets.
type failingWriter struct{ dataset string }

func (failingWriter) Format() output.Format         { return output.Format{Name: "fail", Ext: ".fail"} }
func (failingWriter) Applies(*schemas.Dataset) bool { return true }
func (failingWriter) NeedsSummary() bool            { return false }
func (w failingWriter) Write(out io.Writer, rows output.Rows, _ output.Meta) error {
	if err := rows.Each(func(schemas.Table) error { return nil }); err != nil {
		return err
	}
	if rows.Dataset().Name == w.dataset {
		io.WriteString(out, "half")
		return errors.New("disk full")
	}
	return nil
}

func TestFailedRunLeavesLatest(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	now := clock()
	first, err := pipeline.Run(context.Background(), claRunOpts(t, out, now))
	if err != nil {
		t.Fatal(err)
	}
	before := checkSums(t, filepath.Join(out, release.LatestLink))

	tests := []struct {
		name string
		opts func(pipeline.Options) pipeline.Options
		want string
	}{
		{"writer fails mid-way", func(o pipeline.Options) pipeline.Options {
			o.Sources, o.Force = claOnly(t), true
			o.Writers = append(output.Writers(), failingWriter{dataset: "revisions"})
			return o
		}, "disk full"},
		{"source damaged", func(o pipeline.Options) pipeline.Options {
			o.Sources = damaged(t, sources.FS, "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv")
			return o
		}, "sha256 does not match"},
		{"cancelled", func(o pipeline.Options) pipeline.Options { o.Sources, o.Force = claOnly(t), true; return o }, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			if tt.name == "cancelled" {
				cancel()
			}
			defer cancel()
			_, err := pipeline.Run(ctx, tt.opts(runOpts(out, now)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if id, _ := release.Latest(out); id != first.ID {
				t.Errorf("latest -> %s, want the previous release %s", id, first.ID)
			}
			after := checkSums(t, filepath.Join(out, release.LatestLink))
			if len(after) != len(before) {
				t.Errorf("latest changed: %d files, had %d", len(after), len(before))
			}
			entries, _ := os.ReadDir(filepath.Join(out, release.ReleasesDir))
			if len(entries) != 1 || entries[0].Name() != first.ID {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("releases/ holds %v, want only %s (no staging left behind)", names, first.ID)
			}
		})
	}
}

// damaged copies fsys into a MapFS with one file's last byte changed.
func damaged(t *testing.T, fsys fs.FS, path string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if p == path {
			b = append([]byte(nil), b...)
			b[len(b)-2] ^= 1
		}
		m[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestChecksumError(t *testing.T) {
	t.Parallel()
	_, err := pipeline.Run(context.Background(), withSources(runOpts(t.TempDir(), clock()),
		damaged(t, sources.FS, "dfe/cla_number_and_rate_per_10k_children_2019_to_2023.csv")))
	if !errors.Is(err, pipeline.ErrChecksum) {
		t.Fatalf("err = %v, want ErrChecksum", err)
	}
	if !strings.Contains(err.Error(), "dfe-cla-2023") {
		t.Errorf("error %q does not name the source", err)
	}
}

func TestManifestErrors(t *testing.T) {
	t.Parallel()
	good, err := fs.ReadFile(sources.FS, pipeline.ManifestFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown extractor", `"extractor": "cla"`, `"extractor": "cla2"`, `no extractor named "cla2"`},
		{"missing sha256", `"sha256": "1ff3fa40731f34d6d586298199885552d41ba73d60410c35020f71d7c91b969b"`, `"sha256": ""`, "sha256 is empty"},
		{"path escapes the folder", `"path": "dfe/cla_number_and_rate_per_10k_children_2019_to_2023.csv"`, `"path": "../etc/passwd"`, "not a plain relative path"},
		{"unknown field", `"licence"`, `"license"`, "unknown field"},
		{"duplicate id", `"source_id": "dfe-cla-2025"`, `"source_id": "dfe-cla-2023"`, "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := damaged(t, sources.FS, "none").(fstest.MapFS)
			s := strings.Replace(string(good), tt.from, tt.to, 1)
			if s == string(good) {
				t.Fatal("edit changed nothing")
			}
			m[pipeline.ManifestFile] = &fstest.MapFile{Data: []byte(s)}
			_, err := pipeline.Run(context.Background(), withSources(runOpts(t.TempDir(), clock()), m))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// A reader of latest sees, at every moment, a whole release: every file
// SHA256SUMS lists is there with its sum.
func TestReaderNeverSeesHalfRelease(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("publishes several releases")
	}
	out := t.TempDir()
	now := clock()
	if _, err := pipeline.Run(context.Background(), claRunOpts(t, out, now)); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var checks, failures atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			// Resolve the link once, as a reader that opens the folder does.
			dir, err := filepath.EvalSymlinks(filepath.Join(out, release.LatestLink))
			if err != nil {
				failures.Add(1)
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, release.SumsFile))
			if err != nil {
				failures.Add(1)
				continue
			}
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				_, name, _ := strings.Cut(line, "  ")
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					failures.Add(1)
				}
			}
			checks.Add(1)
		}
	}()
	for i := 0; i < 3; i++ {
		if _, err := pipeline.Run(context.Background(), claRunOpts(t, out, now)); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if failures.Load() != 0 || checks.Load() == 0 {
		t.Errorf("%d of %d reads saw an incomplete release", failures.Load(), checks.Load())
	}
}

// Documents given with --documents join the run and are listed in sources.
func TestExtraInputs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	o := claRunOpts(t, out, clock())
	o.Extra = []extract.Input{{Data: []byte("Councils spent £10 billion.\n"), Source: extract.Source{
		ID: "document-note", Extractor: extract.Documents, Path: "note.txt", MediaType: "text/plain"}}}
	rel, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Rows["documents"] != 1 || rel.Rows["claims"] != 1 {
		t.Errorf("rows %v", rel.Rows)
	}
	b, err := os.ReadFile(filepath.Join(out, release.LatestLink, "sources.csv"))
	if err != nil || !strings.Contains(string(b), "document-note") {
		t.Errorf("sources.csv lacks the document: %v", err)
	}
	o.Extra[0].Source.ID = "dfe-cla-2023"
	if _, err := pipeline.Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "also in the manifest") {
		t.Errorf("duplicate id: %v", err)
	}
}

// An unchanged set of inputs publishes nothing, unless forced; run.json
// says what each source did; old releases are pruned to --keep.
func TestUnchangedForceReportAndPrune(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	now := clock()
	o := claRunOpts(t, out, now)
	o.Force, o.Keep = false, 2
	first, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if first.Unchanged || first.Report == nil || first.Report.Sources[0].Status != "new" {
		t.Fatalf("first run %+v", first)
	}
	again, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Unchanged || again.ID != first.ID {
		t.Errorf("unchanged inputs published %s (unchanged %v)", again.ID, again.Unchanged)
	}
	o.Force = true
	var ids []string
	for i := 0; i < 3; i++ {
		r, err := pipeline.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		for _, s := range r.Report.Sources {
			if s.Status != "unchanged" {
				t.Errorf("%s: %s, want unchanged", s.ID, s.Status)
			}
		}
		if r.Report.Previous == "" {
			t.Error("run.json names no previous release")
		}
	}
	entries, _ := os.ReadDir(filepath.Join(out, release.ReleasesDir))
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if strings.Join(left, ",") != strings.Join(ids[1:], ",") {
		t.Errorf("releases left %v, want the last two %v", left, ids[1:])
	}
	var rep release.Report
	b, err := os.ReadFile(filepath.Join(out, release.LatestLink, release.ReportFile))
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("run.json: %v", err)
	}
	if rep.RunID != ids[2] || rep.Datasets["children_in_care"] != 4983 || rep.Inputs == "" || rep.FinishedAt.Before(rep.StartedAt) {
		t.Errorf("run.json %+v", rep)
	}
}

func TestLock(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	o := claRunOpts(t, out, clock())
	f, err := os.OpenFile(filepath.Join(out, release.LockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	f.WriteString("4242\n")
	_, err = pipeline.Run(context.Background(), o)
	if !errors.Is(err, pipeline.ErrLocked) || !strings.Contains(err.Error(), "4242") {
		t.Fatalf("err = %v, want ErrLocked naming the holder", err)
	}
	// With Wait, the run goes ahead once the lock is released.
	o.Wait = true
	done := make(chan error, 1)
	go func() { _, err := pipeline.Run(context.Background(), o); done <- err }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("run did not wait: %v", err)
	default:
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// fetchServer serves a CLA file with an ETag, answering If-None-Match
// with 304; its body, status and ETag can be changed between runs.
type fetchServer struct {
	mu     sync.Mutex
	body   []byte
	etag   string
	status int
	delay  time.Duration
	hits   int
}

func (f *fetchServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits++
	delay, status, etag, body := f.delay, f.status, f.etag, f.body
	f.mu.Unlock()
	if delay > 0 {
		// A slow server answers after delay, unless the client has given
		// up by then. The lock is not held meanwhile, so a retry is not
		// queued behind an abandoned request, nor is the test's next set.
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "text/csv")
	w.Write(body)
}

func (f *fetchServer) set(fn func(*fetchServer)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// Fetching: first fetch, unchanged (304: no new release), changed file
// (new release with the new value), server error (stale copy, the run
// still publishes), an HTML page instead of the file and schema drift
// (the run fails, latest unchanged).
func TestFetch(t *testing.T) {
	t.Parallel()
	const path = "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv"
	real, err := fs.ReadFile(sources.FS, path)
	if err != nil {
		t.Fatal(err)
	}
	srv := &fetchServer{body: real, etag: `"v1"`}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	src := claOnly(t).(fstest.MapFS)
	var man map[string][]map[string]any
	json.Unmarshal(src[pipeline.ManifestFile].Data, &man)
	for _, s := range man["sources"] {
		if s["source_id"] == "dfe-cla-2025" {
			s["download"] = ts.URL + "/cla.csv"
		}
	}
	b, _ := json.Marshal(man)
	src[pipeline.ManifestFile] = &fstest.MapFile{Data: b}

	out := t.TempDir()
	now := clock()
	opts := func(force bool) pipeline.Options {
		o := runOpts(out, now)
		o.Sources, o.Fetch, o.Force = src, true, force
		o.Fetcher = &fetch.Client{BaseDelay: time.Millisecond, HTTP: &http.Client{Timeout: 2 * time.Second}}
		return o
	}
	status := func(r *pipeline.Release) string {
		for _, s := range r.Report.Sources {
			if s.ID == "dfe-cla-2025" {
				return s.Fetch
			}
		}
		return ""
	}
	national2025 := func() string {
		b, err := os.ReadFile(filepath.Join(out, release.LatestLink, "children_in_care.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "2025,Reporting year,National") && strings.Contains(line, "on 31 March") {
				return strings.Split(line, ",")[11]
			}
		}
		return ""
	}

	first, err := pipeline.Run(context.Background(), opts(false))
	if err != nil {
		t.Fatal(err)
	}
	if status(first) != "fetched" || national2025() != "81770" {
		t.Fatalf("first fetch: %s, %s", status(first), national2025())
	}
	if _, err := os.Stat(filepath.Join(out, release.RawDir, "8228ce8c6f55fb1ee59b65988dad56c79ea7703c03eedd5c0f8af5997d6686ce")); err != nil {
		t.Errorf("raw store lacks the fetched bytes: %v", err)
	}

	again, err := pipeline.Run(context.Background(), opts(false))
	if err != nil || !again.Unchanged || again.ID != first.ID {
		t.Fatalf("unchanged: %+v %v", again, err)
	}

	srv.set(func(f *fetchServer) {
		f.body = bytes.Replace(real, []byte(",12183016,81770,67"), []byte(",12183016,81771,67"), 1)
		f.etag = `"v2"`
	})
	changed, err := pipeline.Run(context.Background(), opts(false))
	if err != nil {
		t.Fatal(err)
	}
	if changed.Unchanged || status(changed) != "changed" || national2025() != "81771" {
		t.Fatalf("changed: %s, %s", status(changed), national2025())
	}
	// run.json records the one value the publisher revised.
	for _, c := range changed.Report.Changes {
		if c.Dataset == "children_in_care" && (!c.Compared || c.Revised != 1 || c.Added != 0 || c.Removed != 0) {
			t.Errorf("children_in_care changes %+v, want one value revised", c)
		}
		// A dataset whose CSV is the previous release's byte for byte is
		// reported unchanged without its rows being compared.
		if c.Dataset == "placements" && (!c.Compared || c.Revised != 0 || c.Added != 0 || c.Removed != 0 || c.Before != c.After) {
			t.Errorf("placements changes %+v, want compared and unchanged", c)
		}
		if c.Dataset == "sources" && c.Revised == 0 {
			t.Errorf("sources changes %+v: the fetched file's sha256 and size changed", c)
		}
	}

	for _, failure := range []struct {
		name string
		set  func(*fetchServer)
	}{
		{"server error", func(f *fetchServer) { f.status = http.StatusInternalServerError }},
		{"timeout", func(f *fetchServer) { f.status, f.delay = 0, time.Second }},
	} {
		srv.set(failure.set)
		o := opts(true)
		o.Fetcher.HTTP.Timeout = 300 * time.Millisecond
		stale, err := pipeline.Run(context.Background(), o)
		if err != nil {
			t.Fatalf("%s: %v", failure.name, err)
		}
		if status(stale) != "stale" || national2025() != "81771" {
			t.Errorf("%s: %s, %s", failure.name, status(stale), national2025())
		}
	}
	srv.set(func(f *fetchServer) { f.delay = 0 })

	for _, tt := range []struct {
		name string
		body []byte
		want string
	}{
		{"html page instead of the file", []byte("<!DOCTYPE html><html><body>Service unavailable</body></html>"), "corrupt"},
		{"schema drift", bytes.Replace(real, []byte(",children_count,"), []byte(",child_count,"), 1), "unknown layout"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.set(func(f *fetchServer) { f.status, f.body, f.etag = 0, tt.body, `"`+tt.name+`"` })
			before, _ := release.Latest(out)
			_, err := pipeline.Run(context.Background(), opts(true))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if after, _ := release.Latest(out); after != before {
				t.Errorf("latest moved from %s to %s", before, after)
			}
		})
	}
}

// A discovery rule finds the file on an EES publication's latest release.
func TestFetchDiscoverEES(t *testing.T) {
	t.Parallel()
	const path = "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv"
	real, err := fs.ReadFile(sources.FS, path)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/publications/children-looked-after-in-england-including-adoptions", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"id":"p1"}`))
	})
	mux.HandleFunc("/api/data-set-files", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"results":[{"id":"f9","title":"CLA","filename":"cla_number_and_rate_per_10k_children_2021_to_2025.csv"}]}`))
	})
	mux.HandleFunc("/api/data-set-files/f9/download", func(w http.ResponseWriter, r *http.Request) { w.Write(real) })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	o := claRunOpts(t, t.TempDir(), clock())
	o.Fetch, o.EESBase = true, ts.URL+"/api"
	o.Fetcher = &fetch.Client{Retries: -1}
	rel, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rel.Report.Sources {
		if s.ID == "dfe-cla-2025" && s.Fetch != "fetched" {
			t.Errorf("dfe-cla-2025 fetch %q, want fetched through EES discovery", s.Fetch)
		}
	}
}

// bomlessCSV writes CSV without the byte-order mark EES files carry.
type bomlessCSV struct{ output.CSVWriter }

func (w bomlessCSV) Write(out io.Writer, t output.Rows, m output.Meta) error {
	var b bytes.Buffer
	if err := w.CSVWriter.Write(&b, t, m); err != nil {
		return err
	}
	_, err := out.Write(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))
	return err
}

// A staged release that fails validation is not published.
func TestInvalidReleaseNotPublished(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	now := clock()
	first, err := pipeline.Run(context.Background(), claRunOpts(t, out, now))
	if err != nil {
		t.Fatal(err)
	}
	o := claRunOpts(t, out, now)
	o.Writers = []output.Writer{output.ParquetWriter{}, bomlessCSV{}, output.MetaCSVWriter{}, output.ExcelWriter{}}
	_, err = pipeline.Run(context.Background(), o)
	var inv *pipeline.InvalidError
	if !errors.As(err, &inv) || !errors.Is(err, pipeline.ErrInvalid) || !strings.Contains(err.Error(), "csv-bom") {
		t.Fatalf("err = %v, want an InvalidError naming csv-bom", err)
	}
	if id, _ := release.Latest(out); id != first.ID {
		t.Errorf("latest moved to %s", id)
	}
}

// revised is fsys (a MapFS) with one file's text replaced and its
// manifest entry's sha256 and size updated: a publisher's revision.
func revised(t *testing.T, fsys fs.FS, path, old, new string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for p, f := range fsys.(fstest.MapFS) {
		m[p] = &fstest.MapFile{Data: f.Data}
	}
	b := m[path].Data
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	b = bytes.Replace(b, []byte(old), []byte(new), 1)
	m[path] = &fstest.MapFile{Data: b}
	var man map[string][]map[string]any
	if err := json.Unmarshal(m[pipeline.ManifestFile].Data, &man); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	for _, s := range man["sources"] {
		if s["path"] == path {
			s["sha256"], s["bytes"] = hex.EncodeToString(sum[:]), len(b)
		}
	}
	mb, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	m[pipeline.ManifestFile] = &fstest.MapFile{Data: mb}
	return m
}

// claim_history records the release in which a revised statistic changed
// a claim's verdict: a document's 81,770 children in care is consistent
// with DfE's count for 31 March 2025, then, once a release revises that
// count to 85,000, only close to it.
func TestClaimHistoryAcrossReleases(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	now := clock()
	o := claRunOpts(t, out, now)
	o.Force = false
	o.Extra = []extract.Input{{Data: []byte("There were 81,770 children looked after in England on 31 March 2025.\n"),
		Source: extract.Source{ID: "document-note", Extractor: extract.Documents, Path: "note.txt", MediaType: "text/plain"}}}
	first, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	o.Sources = revised(t, o.Sources, "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv", ",12183016,81770,67", ",12183016,85000,67")
	second, err := pipeline.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, release.LatestLink, "claim_history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	var got [][]string
	for _, r := range recs[1:] {
		if r[col["document_id"]] == "note" || strings.HasPrefix(r[col["document_id"]], "note") {
			got = append(got, []string{r[col["release_id"]], r[col["change"]], r[col["verdict"]], r[col["previous_verdict"]],
				r[col["statistic_value"]], r[col["previous_statistic_value"]]})
		}
	}
	want := [][]string{
		{first.ID, "first_checked", "consistent", "", "81770", ""},
		{second.ID, "verdict_changed", "close", "consistent", "85000", "81770"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("claim_history of the note's claim:\n got %v\nwant %v\n(all rows: %v)", got, want, recs)
	}
}
