package pipeline

import (
	"context"
	"fmt"
	"sort"

	"github.com/caredata/caredata/schemas"
)

// An Extractor turns the files of one kind of source into published tables.
type Extractor interface {
	// Name is the manifest's `extractor` value for its sources.
	Name() string
	// Datasets lists the datasets it publishes, declared up front.
	Datasets() []*schemas.Dataset
	// Extract reads its inputs (its own sources in manifest order, then
	// every lookup; see Lookups) and returns one or
	// more tables; tables of a dataset several extractors publish (such
	// as revisions) are joined by the pipeline.
	Extract(ctx context.Context, in []Input) ([]schemas.Table, error)
}

// Lookups is the manifest's extractor value for reference files (code
// lists, boundary lookups) that any extractor may read: every extractor
// gets them after its own sources, and finds them by source id.
const Lookups = "lookup"

// Own returns the inputs that are the extractor's own sources, not lookups.
func Own(in []Input) []Input {
	var out []Input
	for _, i := range in {
		if i.Source.Extractor != Lookups {
			out = append(out, i)
		}
	}
	return out
}

// FindLookup returns the lookup input with that source id.
func FindLookup(in []Input, id string) (Input, error) {
	for _, i := range in {
		if i.Source.Extractor == Lookups && i.Source.ID == id {
			return i, nil
		}
	}
	return Input{}, fmt.Errorf("lookup %s is not in the manifest", id)
}

// A Deriver builds datasets from other datasets after every extractor
// has run: la_profile joins counts, spending and provision, which come
// from three sources.
type Deriver interface {
	Name() string
	Datasets() []*schemas.Dataset
	// Derive reads the extracted tables by dataset name (and the lookups)
	// and returns new tables; it must not release the tables it is given.
	Derive(ctx context.Context, tables map[string]schemas.Table, lookups []Input) ([]schemas.Table, error)
}

// DatasetUser is implemented by a Deriver that says which datasets it
// reads, so that a derived dataset lists as its sources only the files
// those came from (plus the lookups); without it, every source is listed.
type DatasetUser interface {
	Uses() []string
}

// Registry is the set of extractors and derivers a run uses.
type Registry struct {
	byName   map[string]Extractor
	derivers []Deriver
}

// RegisterDeriver adds a deriver; derivers run in the order registered.
func (r *Registry) RegisterDeriver(d Deriver) {
	for _, x := range r.derivers {
		if x.Name() == d.Name() {
			panic(fmt.Sprintf("pipeline: deriver %q registered twice", d.Name()))
		}
	}
	r.derivers = append(r.derivers, d)
}

// Derivers returns the derivers in registration order.
func (r *Registry) Derivers() []Deriver { return r.derivers }

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byName: map[string]Extractor{}} }

// Register adds an extractor. Registering a name twice is a programming
// error and panics.
func (r *Registry) Register(e Extractor) {
	if _, dup := r.byName[e.Name()]; dup {
		panic(fmt.Sprintf("pipeline: extractor %q registered twice", e.Name()))
	}
	r.byName[e.Name()] = e
}

// Extractors returns the registered extractors sorted by name.
func (r *Registry) Extractors() []Extractor {
	out := make([]Extractor, 0, len(r.byName))
	for _, e := range r.byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Lookup returns the extractor with that name.
func (r *Registry) Lookup(name string) (Extractor, bool) {
	e, ok := r.byName[name]
	return e, ok
}
