package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Registry is the set of extractors and derivers a run uses.
type Registry struct {
	byName   map[string]extract.Extractor
	derivers []extract.Deriver
}

// NewRegistry returns a registry holding the extractors and derivers
// given (package extractors/all lists them all).
func NewRegistry(extractors []extract.Extractor, derivers []extract.Deriver) *Registry {
	r := &Registry{byName: map[string]extract.Extractor{}}
	for _, e := range extractors {
		r.Register(e)
	}
	for _, d := range derivers {
		r.RegisterDeriver(d)
	}
	return r
}

// Register adds an extractor. Registering a name twice is a programming
// error and panics.
func (r *Registry) Register(e extract.Extractor) {
	if _, dup := r.byName[e.Name()]; dup {
		panic(fmt.Sprintf("pipeline: extractor %q registered twice", e.Name()))
	}
	r.byName[e.Name()] = e
}

// RegisterDeriver adds a deriver. Registering a name twice panics.
func (r *Registry) RegisterDeriver(d extract.Deriver) {
	for _, x := range r.derivers {
		if x.Name() == d.Name() {
			panic(fmt.Sprintf("pipeline: deriver %q registered twice", d.Name()))
		}
	}
	r.derivers = append(r.derivers, d)
}

// Extractors returns the registered extractors sorted by name.
func (r *Registry) Extractors() []extract.Extractor {
	out := make([]extract.Extractor, 0, len(r.byName))
	for _, e := range r.byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Derivers returns the derivers in registration order.
func (r *Registry) Derivers() []extract.Deriver { return r.derivers }

// Lookup returns the extractor with that name.
func (r *Registry) Lookup(name string) (extract.Extractor, bool) {
	e, ok := r.byName[name]
	return e, ok
}

// ErrPlan means the registry's derivers cannot be ordered: a deriver
// needs a dataset nobody publishes, or the needs form a cycle.
var ErrPlan = errors.New("derivers cannot be ordered")

// plan is what a run builds, from whom.
type plan struct {
	// producer names who publishes each dataset: an extractor's or a
	// deriver's name, or "" for the sources dataset the run builds.
	producer map[string]string
	datasets map[string]*schemas.Dataset
	// derivers in an order where each comes after those it needs.
	derivers []extract.Deriver
}

// plan checks that every dataset has one producer and orders the
// derivers by their needs, failing on a missing dataset or a cycle.
func (r *Registry) plan() (*plan, error) {
	p := &plan{producer: map[string]string{schemas.Sources.Name: ""}, datasets: map[string]*schemas.Dataset{schemas.Sources.Name: &schemas.Sources}}
	declare := func(who string, ds []*schemas.Dataset) error {
		for _, d := range ds {
			if prev, dup := p.producer[d.Name]; dup {
				if prev == "" {
					prev = "the run"
				}
				return fmt.Errorf("%w: dataset %s is published by both %s and %s", ErrPlan, d.Name, prev, who)
			}
			p.producer[d.Name], p.datasets[d.Name] = who, d
		}
		return nil
	}
	for _, e := range r.Extractors() {
		if err := declare(e.Name(), e.Datasets()); err != nil {
			return nil, err
		}
	}
	for _, d := range r.derivers {
		if err := declare(d.Name(), d.Datasets()); err != nil {
			return nil, err
		}
	}
	derivedBy := map[string]extract.Deriver{}
	for _, d := range r.derivers {
		for _, ds := range d.Datasets() {
			derivedBy[ds.Name] = d
		}
		for _, need := range d.Needs() {
			if _, ok := p.producer[need.Dataset.Name]; !ok {
				return nil, fmt.Errorf("%w: %s needs dataset %s, which no extractor or deriver publishes", ErrPlan, d.Name(), need.Dataset.Name)
			}
		}
	}
	// Depth-first topological order, in registration order where free.
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(d extract.Deriver, path []string) error
	visit = func(d extract.Deriver, path []string) error {
		switch state[d.Name()] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("%w: the needs form a cycle: %s", ErrPlan, strings.Join(append(path, d.Name()), " → "))
		}
		state[d.Name()] = visiting
		for _, need := range d.Needs() {
			if up, ok := derivedBy[need.Dataset.Name]; ok {
				if err := visit(up, append(path, d.Name())); err != nil {
					return err
				}
			}
		}
		state[d.Name()] = done
		p.derivers = append(p.derivers, d)
		return nil
	}
	for _, d := range r.derivers {
		if err := visit(d, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// ordered lists the planned datasets in schemas.All order, then any others
// by name: the order a release lists its files in.
func (p *plan) ordered() []*schemas.Dataset {
	rank := map[string]int{}
	for i, d := range schemas.All {
		rank[d.Name] = i + 1
	}
	out := make([]*schemas.Dataset, 0, len(p.datasets))
	for _, d := range p.datasets {
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
