package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/fetch"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/validate"
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
	Extra []extract.Input
	// Force publishes even when no input changed since the last release.
	Force bool
	// Keep is how many releases to keep (default 30); older ones are pruned.
	Keep int
	// Wait makes a run wait for another run's lock instead of failing.
	Wait bool
	// Workers bounds the extractions, derivations and whole-table writes
	// running at once (default: the number of cores Go uses).
	Workers int
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
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// Release describes a published release.
type Release struct {
	ID    string
	Dir   string         // the release folder
	Rows  map[string]int // rows per dataset
	Files []output.File
	Notes []string // what extractors reported for the run summary (see extract.Env.Notef)
	// Unchanged is true when no input changed since the release ID, so
	// nothing was published.
	Unchanged bool
	Report    *release.Report
	Pruned    []string // releases and dead staging folders removed
}

// inputs are a run's sources with their bytes, by extractor.
type inputs struct {
	all      []extract.Source // manifest order, then extra inputs
	bySource map[string]extract.Source
	data     map[string][]byte
	fetched  map[string]string
	own      map[string][]extract.Input // by extractor
	lookups  []extract.Input
}

// Run extracts every registered source and publishes a release. On error
// nothing is published and `latest` is untouched.
func Run(ctx context.Context, o Options) (*Release, error) {
	o.defaults()
	start := o.Now().UTC()
	p, err := o.Registry.plan()
	if err != nil {
		return nil, err
	}
	unlock, err := lock(o.Out, o.Wait)
	if err != nil {
		return nil, err
	}
	defer unlock()
	in, err := o.gather(ctx)
	if err != nil {
		return nil, err
	}
	report := &release.Report{StartedAt: start}
	report.Inputs, report.Sources = inputsDigest(in.all, in.data)
	in.data = nil // the extractors' inputs hold the bytes, each as long as it needs them
	for i := range report.Sources {
		report.Sources[i].Fetch = in.fetched[report.Sources[i].ID]
	}
	prev, err := previousReport(o.Out)
	if err != nil {
		return nil, fmt.Errorf("previous release: %w", err)
	}
	if prev != nil && prev.Inputs == report.Inputs && !o.Force {
		o.Logger.Info("no input changed since the last release; nothing published", "release", prev.RunID)
		return &Release{ID: prev.RunID, Dir: release.Dir(o.Out, prev.RunID), Unchanged: true, Report: prev}, nil
	}
	sourceStatuses(report, prev)

	releases := filepath.Join(o.Out, release.ReleasesDir)
	if err := os.MkdirAll(releases, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	id := start.Format("20060102T150405Z")
	for n := 2; exists(filepath.Join(releases, id)); n++ {
		id = fmt.Sprintf("%s-%d", start.Format("20060102T150405Z"), n)
	}
	staging, err := os.MkdirTemp(releases, release.StagingPrefix+id+"-")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(staging)
		}
	}()

	meta := output.Meta{ReleaseID: id, Created: start, Licence: Licence}
	b := &build{o: &o, plan: p, in: in, dir: staging, meta: meta, prev: prev, notes: map[string]*extract.Notes{}}
	if err := b.run(ctx); err != nil {
		return nil, err
	}
	report.Datasets = map[string]int{}
	for _, d := range p.ordered() {
		report.Datasets[d.Name] = b.streams[d.Name].summary.Rows
		report.Changes = append(report.Changes, b.changes[d.Name])
	}
	report.Notes = b.summaryNotes()
	rel, err := publish(ctx, &o, b, report)
	if err != nil {
		return nil, err
	}
	published = true
	rel.Notes = report.Notes
	rel.Report = report
	if rel.Pruned, err = prune(o.Out, o.Keep); err != nil {
		// The release is published; a failed clean-up is only reported.
		o.Logger.Warn("pruning old releases failed", "error", err)
	}
	o.Logger.Info("published", "release", rel.ID, "dir", rel.Dir, "files", len(rel.Files))
	return rel, nil
}

// gather reads (or fetches) every source of the manifest and the extra
// inputs, checking each against its sha256.
func (o *Options) gather(ctx context.Context) (*inputs, error) {
	m, err := LoadManifest(o.Sources)
	if err != nil {
		return nil, err
	}
	in := &inputs{bySource: map[string]extract.Source{}, data: map[string][]byte{}, fetched: map[string]string{}, own: map[string][]extract.Input{}}
	store := rawStore(o.Out)
	for _, s := range m.Sources {
		if _, ok := o.Registry.Lookup(s.Extractor); !ok && s.Extractor != extract.Lookups {
			return nil, fmt.Errorf("manifest source %s: no extractor named %q is registered", s.ID, s.Extractor)
		}
		i, status, err := o.acquire(ctx, s, store)
		if err != nil {
			return nil, err
		}
		// A fetched source carries its new sha256 and retrieval time.
		in.add(i)
		in.fetched[s.ID] = status
	}
	for _, i := range o.Extra {
		if _, dup := in.bySource[i.Source.ID]; dup {
			return nil, fmt.Errorf("source %s (%s) is also in the manifest", i.Source.ID, i.Source.Path)
		}
		if _, ok := o.Registry.Lookup(i.Source.Extractor); !ok {
			return nil, fmt.Errorf("source %s: no extractor named %q is registered", i.Source.ID, i.Source.Extractor)
		}
		if _, err := store.Put(i.Data); err != nil {
			return nil, fmt.Errorf("source %s: raw store: %w", i.Source.ID, err)
		}
		in.add(i)
	}
	return in, nil
}

func (in *inputs) add(i extract.Input) {
	s := i.Source
	in.all = append(in.all, s)
	in.bySource[s.ID] = s
	in.data[s.ID] = i.Data
	if s.Extractor == extract.Lookups {
		in.lookups = append(in.lookups, i)
	} else {
		in.own[s.Extractor] = append(in.own[s.Extractor], i)
	}
}

// build is one run's extraction and writing into the staging folder.
type build struct {
	o     *Options
	plan  *plan
	in    *inputs
	dir   string
	meta  output.Meta
	prev  *release.Report
	limit limiter

	streams map[string]*stream
	origin  provenance // by dataset: the input files its rows can come from

	mu       sync.Mutex
	files    map[string][]output.File // by dataset, in writer order
	findings []validate.Finding       // the gate's, dataset by dataset
	changes  map[string]release.DatasetChanges
	notes    map[string]*extract.Notes // by producer

	prevSumsOnce sync.Once
	prevSums     map[string]string // the previous release's SHA256SUMS, by file
}

// run extracts, derives and writes every dataset: producers that do not
// depend on each other run concurrently, at most Workers at once, and
// each dataset's rows stream to its writers as they are built.
func (b *build) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b.limit = make(limiter, b.o.Workers)
	b.streams = map[string]*stream{}
	b.files = map[string][]output.File{}
	b.changes = map[string]release.DatasetChanges{}
	b.origin = provenance{}
	for _, e := range b.o.Registry.Extractors() {
		for _, d := range e.Datasets() {
			b.origin.add(d.Name, b.in.own[e.Name()], b.in.lookups)
		}
	}
	for _, dv := range b.plan.derivers {
		for _, d := range dv.Datasets() {
			for _, need := range dv.Needs() {
				b.origin.union(d.Name, need.Dataset.Name)
			}
			b.origin.add(d.Name, nil, b.in.lookups)
		}
	}
	for name, ds := range b.plan.datasets {
		s := newStream(ds, b.sourcesOf(ds))
		s.start(b.dir, b.o.Writers, b.meta)
		b.streams[name] = s
	}
	// Each deriver's needs keep their rows as they stream past.
	taps := map[extract.Deriver]map[*schemas.Dataset]*tap{}
	for _, dv := range b.plan.derivers {
		taps[dv] = map[*schemas.Dataset]*tap{}
		for _, need := range dv.Needs() {
			taps[dv][need.Dataset] = b.streams[need.Dataset.Name].addTap(b.o.Mem, need.Keep)
		}
	}
	defer func() {
		for _, ts := range taps {
			for _, tp := range ts {
				tp.t.Release()
			}
		}
	}()
	g := &group{cancel: cancel}
	// Once a dataset is complete, its whole-table writers and the
	// comparison with the previous release run.
	for _, s := range b.streams {
		g.run(func() error { return b.complete(ctx, s) })
	}
	g.run(func() error { return b.produce(ctx, "", []*schemas.Dataset{&schemas.Sources}, b.sourcesTable) })
	for _, e := range b.o.Registry.Extractors() {
		own := b.in.own[e.Name()]
		g.run(func() error {
			if len(own) == 0 {
				b.o.Logger.Warn("extractor has no sources in the manifest", "extractor", e.Name())
				return b.produce(ctx, e.Name(), e.Datasets(), nil)
			}
			return b.produce(ctx, e.Name(), e.Datasets(), func(env extract.Env) error {
				b.o.Logger.Info("extracting", "extractor", e.Name(), "sources", len(own))
				in := append(own[:len(own):len(own)], b.in.lookups...)
				for k := range own {
					in[k].Release = func() {
						evict(b.o.Sources, own[k].Data)
						own[k].Data = nil
					}
				}
				err := e.Extract(ctx, env, in)
				// The extractor is done with its files (tens of MB for Ofsted's
				// registers): the collector may have them while the rest of the
				// run goes on under the soft memory limit.
				for i := range own {
					evict(b.o.Sources, own[i].Data)
					own[i].Data = nil
				}
				return err
			})
		})
	}
	for _, dv := range b.plan.derivers {
		g.run(func() error {
			for _, need := range dv.Needs() {
				if err := b.streams[need.Dataset.Name].wait(ctx); err != nil {
					return b.produce(ctx, dv.Name(), dv.Datasets(), func(extract.Env) error {
						return fmt.Errorf("needs %s: %w", need.Dataset.Name, err)
					})
				}
			}
			return b.produce(ctx, dv.Name(), dv.Datasets(), func(env extract.Env) error {
				b.o.Logger.Info("deriving", "deriver", dv.Name())
				return dv.Derive(ctx, env, tappedTables(taps[dv]), b.in.lookups)
			})
		})
	}
	return g.wait()
}

// produce runs one producer of datasets (nil: none; the datasets stay
// empty), then flushes its builders and ends its datasets' streams.
func (b *build) produce(ctx context.Context, who string, datasets []*schemas.Dataset, fn func(extract.Env) error) (err error) {
	out := &producerOutput{b: b, who: who, declared: datasets}
	defer func() {
		for _, bl := range out.builders {
			if err == nil {
				err = bl.Flush()
			}
			bl.Release()
		}
		if err != nil && who != "" {
			err = fmt.Errorf("%s: %w", who, err)
		}
		for _, d := range datasets {
			if ferr := b.streams[d.Name].finish(err); err == nil && ferr != nil {
				err = ferr
			}
		}
	}()
	if fn == nil {
		return nil
	}
	if err := b.limit.acquire(ctx); err != nil {
		return err
	}
	defer b.limit.release()
	notes := &extract.Notes{}
	b.mu.Lock()
	b.notes[who] = notes
	b.mu.Unlock()
	env := extract.Env{Mem: b.o.Mem, Log: b.o.Logger, Notes: notes, Out: out,
		Release: extract.Release{ID: b.meta.ReleaseID, Created: b.meta.Created}}
	if b.prev != nil {
		env.Previous = previousTables{dir: release.Dir(b.o.Out, b.prev.RunID), mem: b.o.Mem}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(env)
}

// producerOutput opens the builders of the datasets a producer declared.
type producerOutput struct {
	b        *build
	who      string
	declared []*schemas.Dataset
	builders []*schemas.Builder
}

func (p *producerOutput) Open(ds *schemas.Dataset) (*schemas.Builder, error) {
	for _, d := range p.declared {
		if d == ds {
			bl, err := p.b.streams[ds.Name].builder(p.b.o.Mem)
			if err != nil {
				return nil, err
			}
			p.builders = append(p.builders, bl)
			return bl, nil
		}
	}
	return nil, fmt.Errorf("opened dataset %s it did not declare", ds.Name)
}

// complete waits for a dataset's stream; then, from its Parquet file and
// side by side, it writes the whole-table formats and then checks the
// dataset's files (the release gate, validate.StagedDataset), and compares
// the dataset with the previous release.
func (b *build) complete(ctx context.Context, s *stream) error {
	if err := s.wait(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	for _, fw := range s.files {
		b.files[s.ds.Name] = append(b.files[s.ds.Name], b.fileOf(s.ds, fw.w, fw.name, fw.file))
	}
	b.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := &group{cancel: cancel}
	g.run(func() error {
		if err := b.writeWhole(ctx, s); err != nil {
			return err
		}
		if err := b.limit.acquire(ctx); err != nil {
			return err
		}
		defer b.limit.release()
		findings, err := validate.StagedDataset(b.dir, s.ds.Name, s.summary.Rows)
		if err != nil {
			return fmt.Errorf("validate %s: %w", s.ds.Name, err)
		}
		b.mu.Lock()
		b.findings = append(b.findings, findings...)
		b.mu.Unlock()
		return nil
	})
	g.run(func() error { return b.compareWithPrevious(ctx, s) })
	return g.wait()
}

// writeWhole writes the formats that need the whole table's summary
// first (Excel), from the dataset's Parquet file.
func (b *build) writeWhole(ctx context.Context, s *stream) error {
	parquet := filepath.Join(b.dir, s.ds.Name+output.Parquet.Ext)
	for _, w := range b.o.Writers {
		if !w.Applies(s.ds) || !w.NeedsSummary() {
			continue
		}
		if err := b.limit.acquire(ctx); err != nil {
			return err
		}
		name := s.ds.Name + w.Format().Ext
		rows := &parquetRows{ctx: ctx, ds: s.ds, path: parquet, summary: s.summary}
		f, err := writeFile(filepath.Join(b.dir, name), func(out io.Writer) error {
			return w.Write(out, rows, b.meta)
		})
		b.limit.release()
		if err != nil {
			return fmt.Errorf("publish %s: %w", name, err)
		}
		b.mu.Lock()
		b.files[s.ds.Name] = append(b.files[s.ds.Name], b.fileOf(s.ds, w, name, f))
		b.mu.Unlock()
	}
	return nil
}

// compareWithPrevious records what changed in the dataset since the
// previous release.
func (b *build) compareWithPrevious(ctx context.Context, s *stream) error {
	c := release.DatasetChanges{Dataset: s.ds.Name, After: s.summary.Rows, Added: s.summary.Rows}
	if b.prev != nil {
		before, ok := b.prev.Datasets[c.Dataset]
		c.Before, c.NewInRun = before, !ok
		if ok && b.unchangedCSV(s) {
			// The same bytes: no row added, removed or revised, and no
			// need to hash 600,000 rows of la_spend to say so.
			c.Added, c.Compared = 0, true
		} else if ok {
			if err := b.limit.acquire(ctx); err != nil {
				return err
			}
			d, err := compare(ctx, release.Dir(b.o.Out, b.prev.RunID), b.dir, s.ds)
			b.limit.release()
			if err != nil {
				return fmt.Errorf("comparing %s with release %s: %w", c.Dataset, b.prev.RunID, err)
			}
			c.Added, c.Removed, c.Revised, c.Compared = d.added, d.removed, d.revised, d.compared
			if !d.compared {
				c.Added = max(0, c.After-c.Before)
				c.Removed = max(0, c.Before-c.After)
			}
		}
	}
	b.mu.Lock()
	b.changes[s.ds.Name] = c
	b.mu.Unlock()
	return nil
}

// unchangedCSV reports whether the dataset's CSV is byte for byte the
// previous release's (its sha256 in that release's SHA256SUMS). The CSV
// shows every cell of every row, so equal files mean equal datasets.
func (b *build) unchangedCSV(s *stream) bool {
	b.prevSumsOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join(release.Dir(b.o.Out, b.prev.RunID), release.SumsFile))
		if err != nil {
			return // compare the rows instead
		}
		b.prevSums = map[string]string{}
		for _, line := range strings.Split(string(data), "\n") {
			if sum, name, ok := strings.Cut(line, "  "); ok {
				b.prevSums[name] = sum
			}
		}
	})
	name := s.ds.Name + output.CSV.Ext
	for _, fw := range s.files {
		if fw.name == name {
			prev, ok := b.prevSums[name]
			return ok && fw.file.SHA256 != "" && fw.file.SHA256 == prev
		}
	}
	return false
}

func (b *build) fileOf(ds *schemas.Dataset, w output.Writer, name string, f output.File) output.File {
	f.Dataset, f.Format, f.Path = ds, w.Format(), name
	return f
}

// orderedFiles lists the release's dataset files: datasets in release
// order, each dataset's formats in writer order.
func (b *build) orderedFiles() []output.File {
	var out []output.File
	for _, d := range b.plan.ordered() {
		for _, w := range b.o.Writers {
			for _, f := range b.files[d.Name] {
				if f.Format == w.Format() {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// summaryNotes are the producers' notes, extractors in registry order,
// then derivers in plan order, whatever order they ran in.
func (b *build) summaryNotes() []string {
	var out []string
	for _, e := range b.o.Registry.Extractors() {
		if n := b.notes[e.Name()]; n != nil {
			out = append(out, n.Lines()...)
		}
	}
	for _, d := range b.plan.derivers {
		if n := b.notes[d.Name()]; n != nil {
			out = append(out, n.Lines()...)
		}
	}
	return out
}

// sourcesTable builds the sources dataset from the run's inputs.
func (b *build) sourcesTable(env extract.Env) error {
	bl, err := env.Out.Open(&schemas.Sources)
	if err != nil {
		return err
	}
	for _, s := range b.in.all {
		retrieved := schemas.Null()
		if !s.RetrievedAt.IsZero() {
			retrieved = schemas.Time(s.RetrievedAt)
		}
		published := schemas.Null()
		if d, err := time.Parse("2006-01-02", s.Published); err == nil {
			published = schemas.Date(d)
		}
		row := schemas.SourcesRow{SourceID: schemas.Str(s.ID), Publisher: schemas.Str(s.Publisher), Title: schemas.Str(s.Title),
			URL: schemas.Str(s.URL), Licence: schemas.Str(s.Licence), Release: schemas.Str(s.Release), RetrievedAt: retrieved,
			SHA256: schemas.Str(s.SHA256), Bytes: schemas.Int(s.Bytes), MediaType: schemas.Str(s.MediaType), Published: published}
		if err := row.AppendTo(bl); err != nil {
			return err
		}
	}
	return nil
}

// sourcesOf returns how a dataset's sources are found once its rows are
// all built: the ids its source id columns name; for a dataset without
// one, the files its extractor or deriver read; for sources itself, all.
func (b *build) sourcesOf(ds *schemas.Dataset) func(*output.Tally) []output.Source {
	return func(t *output.Tally) []output.Source {
		ids, ok := t.SourceIDs(ds)
		if !ok {
			ids = b.origin[ds.Name]
		}
		var out []output.Source
		for _, s := range b.in.all {
			if ids == nil || ids[s.ID] {
				out = append(out, ref(s))
			}
		}
		return out
	}
}

// provenance records, by dataset, the ids of the input files its rows can
// have come from: an extractor's own sources and the lookups, and for a
// derived dataset those of the datasets it reads.
type provenance map[string]map[string]bool

func (p provenance) add(dataset string, in, lookups []extract.Input) {
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

// tappedTables give a deriver the rows its needs kept as they streamed.
type tappedTables map[*schemas.Dataset]*tap

func (t tappedTables) Table(ds *schemas.Dataset) (schemas.Table, error) {
	tp, ok := t[ds]
	if !ok {
		return schemas.Table{}, fmt.Errorf("reads dataset %s it did not declare in Needs", ds.Name)
	}
	tp.t.Record.Retain()
	return tp.t, nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// sortedFindings are the gate's findings in file order, as validate.Dir
// would list them.
func (b *build) sortedFindings() []validate.Finding {
	out := slices.Clone(b.findings)
	slices.SortStableFunc(out, func(x, y validate.Finding) int { return strings.Compare(x.File, y.File) })
	return out
}

// previousTables reads whole datasets of the previous release from its
// Parquet files, for derivers that carry a history (extract.Env.Previous).
type previousTables struct {
	dir string
	mem schemas.Allocator
}

// Table reads ds from the previous release; a dataset it lacks, or whose
// columns have changed since, has no rows.
func (p previousTables) Table(ds *schemas.Dataset) (schemas.Table, error) {
	b := schemas.NewBuilder(p.mem, ds)
	defer b.Release()
	pf, err := output.OpenParquet(filepath.Join(p.dir, ds.Name+output.Parquet.Ext))
	if errors.Is(err, fs.ErrNotExist) {
		return b.Table(), nil
	}
	if err != nil {
		return schemas.Table{}, fmt.Errorf("previous release %s: %w", ds.Name, err)
	}
	defer pf.Close()
	if ok, err := pf.SchemaIs(ds); err != nil || !ok {
		return b.Table(), err
	}
	err = pf.Scan(context.Background(), ds, func(t schemas.Table) error { return extract.KeepRows(b, t, nil) })
	if err != nil {
		return schemas.Table{}, fmt.Errorf("previous release %s: %w", ds.Name, err)
	}
	return b.Table(), nil
}
