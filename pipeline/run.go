package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/fetch"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// Licence is the licence of every dataset caredata publishes: the
// official statistics it republishes are all under it.
const Licence = "OGL-UK-3.0"

// Options configure one run.
type Options struct {
	Sources  fs.FS  // a folder with manifest.json and the files it lists
	Out      string // output root: releases/ and latest live here
	Registry *Registry
	// Writers default to output.Writers(); tests replace them.
	Writers []output.Writer
	// Now defaults to time.Now; it names the release.
	Now    func() time.Time
	Logger *slog.Logger
	Mem    memory.Allocator
	// Extra are inputs from outside the manifest (documents given with
	// --documents); each names its extractor and is listed in sources.
	Extra []Input
	// Force publishes even when no input changed since the last release.
	Force bool
	// Keep is how many releases to keep (default 30); older ones are pruned.
	Keep int
	// Wait makes a run wait for another run's lock instead of failing.
	Wait bool
	// Fetch brings sources that name a download address or a discovery
	// rule up to date before extraction (see acquire).
	Fetch     bool
	Fetcher   *fetch.Client // nil: default timeouts, retries and size cap
	GovUKBase string        // the GOV.UK Content API host; "" is www.gov.uk
	EESBase   string        // the EES content API; "" is fetch.EESBase
}

func (o *Options) defaults() {
	if o.Writers == nil {
		o.Writers = output.Writers()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Mem == nil {
		o.Mem = memory.DefaultAllocator
	}
	if o.Keep <= 0 {
		o.Keep = 30
	}
}

// Release describes a published release.
type Release struct {
	ID    string
	Dir   string         // the release folder
	Rows  map[string]int // rows per dataset
	Files []output.File
	Notes []string // what extractors reported for the run summary (see Notef)
	// Unchanged is true when no input changed since the release ID, so
	// nothing was published.
	Unchanged bool
	Report    *Report
	Pruned    []string // releases and dead staging folders removed
}

type notesKey struct{}

type notes struct {
	mu    sync.Mutex
	lines []string
}

// Notef adds a line to the run summary, for facts a reader of the release
// should know that are not errors (totals that do not add up, and why).
// Outside a run it only logs.
func Notef(ctx context.Context, format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	slog.InfoContext(ctx, line)
	if n, ok := ctx.Value(notesKey{}).(*notes); ok {
		n.mu.Lock()
		n.lines = append(n.lines, line)
		n.mu.Unlock()
	}
}

// Run extracts every registered source and publishes a release. On error
// nothing is published and `latest` is untouched.
func Run(ctx context.Context, o Options) (*Release, error) {
	o.defaults()
	start := o.Now().UTC()
	summary := &notes{}
	ctx = context.WithValue(ctx, notesKey{}, summary)
	unlock, err := lock(o.Out, o.Wait)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m, err := LoadManifest(o.Sources)
	if err != nil {
		return nil, err
	}
	data := map[string][]byte{}
	fetched := map[string]string{}
	bySource := map[string]Source{}
	inputs := map[string][]Input{}
	var lookups []Input
	store := rawStore(o.Out)
	for k, s := range m.Sources {
		if _, ok := o.Registry.Lookup(s.Extractor); !ok && s.Extractor != Lookups {
			return nil, fmt.Errorf("manifest source %s: no extractor named %q is registered", s.ID, s.Extractor)
		}
		in, status, err := o.acquire(ctx, s, store)
		if err != nil {
			return nil, err
		}
		m.Sources[k] = in.Source // a fetched source carries its new sha256 and retrieval time
		if s.Extractor == Lookups {
			lookups = append(lookups, in)
		} else {
			inputs[s.Extractor] = append(inputs[s.Extractor], in)
		}
		bySource[s.ID] = in.Source
		data[s.ID] = in.Data
		fetched[s.ID] = status
	}

	for _, in := range o.Extra {
		if _, dup := bySource[in.Source.ID]; dup {
			return nil, fmt.Errorf("source %s (%s) is also in the manifest", in.Source.ID, in.Source.Path)
		}
		if _, ok := o.Registry.Lookup(in.Source.Extractor); !ok {
			return nil, fmt.Errorf("source %s: no extractor named %q is registered", in.Source.ID, in.Source.Extractor)
		}
		if _, err := store.Put(in.Data); err != nil {
			return nil, fmt.Errorf("source %s: raw store: %w", in.Source.ID, err)
		}
		inputs[in.Source.Extractor] = append(inputs[in.Source.Extractor], in)
		bySource[in.Source.ID] = in.Source
		data[in.Source.ID] = in.Data
		m.Sources = append(m.Sources, in.Source)
	}
	report := &Report{StartedAt: start}
	report.Inputs, report.Sources = inputsDigest(m.Sources, data)
	for i := range report.Sources {
		report.Sources[i].Fetch = fetched[report.Sources[i].ID]
	}
	prev, err := previousReport(o.Out)
	if err != nil {
		return nil, fmt.Errorf("previous release: %w", err)
	}
	if prev != nil && prev.Inputs == report.Inputs && !o.Force {
		o.Logger.Info("no input changed since the last release; nothing published", "release", prev.RunID)
		return &Release{ID: prev.RunID, Dir: filepath.Join(o.Out, ReleasesDir, prev.RunID), Unchanged: true, Report: prev}, nil
	}

	tables := map[string][]schemas.Table{}
	declared := map[string]*schemas.Dataset{schemas.Sources.Name: &schemas.Sources}
	defer func() {
		for _, ts := range tables {
			for _, t := range ts {
				t.Release()
			}
		}
	}()
	origin := provenance{}
	for _, e := range o.Registry.Extractors() {
		for _, d := range e.Datasets() {
			declared[d.Name] = d
		}
		in := inputs[e.Name()]
		if len(in) == 0 {
			o.Logger.Warn("extractor has no sources in the manifest", "extractor", e.Name())
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o.Logger.Info("extracting", "extractor", e.Name(), "sources", len(in))
		ts, err := e.Extract(ctx, append(in[:len(in):len(in)], lookups...))
		if err != nil {
			for _, t := range ts {
				t.Release()
			}
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		for _, t := range ts {
			tables[t.Dataset.Name] = append(tables[t.Dataset.Name], t)
			origin.add(t.Dataset.Name, in, lookups)
			if _, ok := declared[t.Dataset.Name]; !ok {
				return nil, fmt.Errorf("%s: returned dataset %s it did not declare", e.Name(), t.Dataset.Name)
			}
		}
	}
	srcTable, err := SourcesTable(o.Mem, m.Sources)
	if err != nil {
		return nil, err
	}
	tables[schemas.Sources.Name] = append(tables[schemas.Sources.Name], srcTable)

	// One table per dataset.
	merged := map[string]schemas.Table{}
	defer func() {
		for _, t := range merged {
			t.Release()
		}
	}()
	for _, d := range declared {
		ts := tables[d.Name]
		var t schemas.Table
		switch len(ts) {
		case 0:
			b := schemas.NewBuilder(o.Mem, d)
			t = b.Table()
			b.Release()
		case 1:
			t = ts[0]
			t.Record.Retain()
		default:
			if t, err = schemas.Concat(o.Mem, ts...); err != nil {
				return nil, err
			}
		}
		merged[d.Name] = t
	}
	for _, dv := range o.Registry.Derivers() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o.Logger.Info("deriving", "deriver", dv.Name())
		ts, err := dv.Derive(ctx, merged, lookups)
		if err != nil {
			for _, t := range ts {
				t.Release()
			}
			return nil, fmt.Errorf("%s: %w", dv.Name(), err)
		}
		for _, d := range dv.Datasets() {
			declared[d.Name] = d
			if u, ok := dv.(DatasetUser); ok {
				for _, used := range u.Uses() {
					origin.union(d.Name, used)
				}
				origin.add(d.Name, nil, lookups)
			}
		}
		for _, t := range ts {
			if _, dup := merged[t.Dataset.Name]; dup {
				t.Release()
				return nil, fmt.Errorf("%s: dataset %s is published twice", dv.Name(), t.Dataset.Name)
			}
			merged[t.Dataset.Name] = t
		}
	}
	var final []schemas.Table
	for _, d := range orderedDatasets(declared) {
		t, ok := merged[d.Name]
		if !ok {
			return nil, fmt.Errorf("dataset %s was declared but not built", d.Name)
		}
		final = append(final, t)
	}

	meta := output.Meta{ReleaseID: start.Format("20060102T150405Z"), Created: start, Licence: Licence}
	for _, s := range m.Sources {
		meta.Sources = append(meta.Sources, s.Ref())
	}
	report.Datasets = map[string]int{}
	for _, t := range final {
		report.Datasets[t.Dataset.Name] = t.Rows()
	}
	report.Notes = summary.lines
	var prevDir string
	if prev != nil {
		prevDir = filepath.Join(o.Out, ReleasesDir, prev.RunID)
	}
	if err := report.compare(prev, prevDir, final); err != nil {
		return nil, err
	}
	rel, err := publish(ctx, o, final, meta, bySource, origin, report)
	if err != nil {
		return nil, err
	}
	rel.Notes = summary.lines
	rel.Report = report
	if rel.Pruned, err = prune(o.Out, o.Keep); err != nil {
		// The release is published; a failed clean-up is only reported.
		o.Logger.Warn("pruning old releases failed", "error", err)
	}
	o.Logger.Info("published", "release", rel.ID, "dir", rel.Dir, "files", len(rel.Files))
	return rel, nil
}

// orderedDatasets lists datasets in schemas.All order, then any others by name.
func orderedDatasets(declared map[string]*schemas.Dataset) []*schemas.Dataset {
	rank := map[string]int{}
	for i, d := range schemas.All {
		rank[d.Name] = i + 1
	}
	out := make([]*schemas.Dataset, 0, len(declared))
	for _, d := range declared {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank[out[i].Name], rank[out[j].Name]
		if ri == 0 {
			ri = len(rank) + 1
		}
		if rj == 0 {
			rj = len(rank) + 1
		}
		if ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// SourcesTable builds the sources dataset from the manifest's sources.
func SourcesTable(mem memory.Allocator, src []Source) (schemas.Table, error) {
	b := schemas.NewBuilder(mem, &schemas.Sources)
	defer b.Release()
	for _, s := range src {
		retrieved := schemas.Null()
		if !s.RetrievedAt.IsZero() {
			retrieved = schemas.Time(s.RetrievedAt)
		}
		published := schemas.Null()
		if d, err := time.Parse("2006-01-02", s.Published); err == nil {
			published = schemas.Date(d)
		}
		if err := b.Append(schemas.Str(s.ID), schemas.Str(s.Publisher), schemas.Str(s.Title), schemas.Str(s.URL),
			schemas.Str(s.Licence), schemas.Str(s.Release), retrieved, schemas.Str(s.SHA256),
			schemas.Int(s.Bytes), schemas.Str(s.MediaType), published); err != nil {
			return schemas.Table{}, err
		}
	}
	return b.Table(), nil
}

// provenance records, by dataset, the ids of the input files its rows can
// have come from: an extractor's own sources and the lookups, and for a
// derived dataset those of the datasets it reads.
type provenance map[string]map[string]bool

func (p provenance) add(dataset string, in, lookups []Input) {
	if p[dataset] == nil {
		p[dataset] = map[string]bool{}
	}
	for _, i := range append(in[:len(in):len(in)], lookups...) {
		p[dataset][i.Source.ID] = true
	}
}

func (p provenance) union(dataset, from string) {
	if p[dataset] == nil {
		p[dataset] = map[string]bool{}
	}
	for id := range p[from] {
		p[dataset][id] = true
	}
}
