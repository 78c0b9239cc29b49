package extract

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/caredata/caredata/schemas"
)

// Collect is an Output that keeps every row in memory, for running an
// extractor or deriver without a pipeline (tests, the claims command).
type Collect struct {
	mem      schemas.Allocator
	declared []*schemas.Dataset
	builders map[*schemas.Dataset]*schemas.Builder
}

// NewCollect returns an Output that accepts the datasets declared.
func NewCollect(mem schemas.Allocator, declared []*schemas.Dataset) *Collect {
	if mem == nil {
		mem = schemas.DefaultAllocator
	}
	return &Collect{mem: mem, declared: declared, builders: map[*schemas.Dataset]*schemas.Builder{}}
}

// Open returns a builder of ds that keeps its rows.
func (c *Collect) Open(ds *schemas.Dataset) (*schemas.Builder, error) {
	ok := false
	for _, d := range c.declared {
		ok = ok || d == ds
	}
	if !ok {
		return nil, fmt.Errorf("opened dataset %s it did not declare", ds.Name)
	}
	if _, dup := c.builders[ds]; dup {
		return nil, fmt.Errorf("dataset %s opened twice", ds.Name)
	}
	b := schemas.NewBuilder(c.mem, ds)
	c.builders[ds] = b
	return b, nil
}

// Tables returns a table for every declared dataset, in declared order
// (an empty one for a dataset never opened), and frees the builders. The
// caller releases the tables.
func (c *Collect) Tables() []schemas.Table {
	out := make([]schemas.Table, len(c.declared))
	for i, ds := range c.declared {
		b, ok := c.builders[ds]
		if !ok {
			b = schemas.NewBuilder(c.mem, ds)
		}
		out[i] = b.Table()
		b.Release()
		delete(c.builders, ds)
	}
	return out
}

// release frees the builders without making tables.
func (c *Collect) release() {
	for ds, b := range c.builders {
		b.Release()
		delete(c.builders, ds)
	}
}

// Run runs an extractor on its inputs with every row kept in memory, and
// returns a table for each dataset it declares, in that order, with the
// notes it added. The caller releases the tables.
func Run(ctx context.Context, e Extractor, mem schemas.Allocator, in []Input) ([]schemas.Table, []string, error) {
	out := NewCollect(mem, e.Datasets())
	notes := &Notes{}
	if err := e.Extract(ctx, Env{Mem: out.mem, Log: slog.Default(), Notes: notes, Out: out}, in); err != nil {
		out.release()
		return nil, notes.Lines(), err
	}
	return out.Tables(), notes.Lines(), nil
}

// Derive runs a deriver over tables held in memory (by dataset name), as
// Run runs an extractor.
func Derive(ctx context.Context, d Deriver, mem schemas.Allocator, tables map[string]schemas.Table, lookups []Input) ([]schemas.Table, error) {
	return DeriveAfter(ctx, d, mem, tables, lookups, Release{}, nil)
}

// DeriveAfter is Derive for release rel, with the previous release's
// datasets (Env.Previous; nil for none).
func DeriveAfter(ctx context.Context, d Deriver, mem schemas.Allocator, tables map[string]schemas.Table, lookups []Input, rel Release, previous Tables) ([]schemas.Table, error) {
	out := NewCollect(mem, d.Datasets())
	in := MemTables{Tables: tables, Mem: out.mem, Needs: d.Needs()}
	env := Env{Mem: out.mem, Log: slog.Default(), Notes: &Notes{}, Out: out, Release: rel, Previous: previous}
	if err := d.Derive(ctx, env, in, lookups); err != nil {
		out.release()
		return nil, err
	}
	return out.Tables(), nil
}

// MemTables gives a deriver tables held in memory, by dataset name, as
// its needs select their rows.
type MemTables struct {
	Tables map[string]schemas.Table
	Mem    schemas.Allocator
	Needs  []Need
}

// Table returns the rows of ds that the deriver's need of it keeps, as a
// new table (an empty one when Tables has none).
func (m MemTables) Table(ds *schemas.Dataset) (schemas.Table, error) {
	var need *Need
	for i := range m.Needs {
		if m.Needs[i].Dataset == ds {
			need = &m.Needs[i]
		}
	}
	if need == nil {
		return schemas.Table{}, fmt.Errorf("reads dataset %s it did not declare in Needs", ds.Name)
	}
	mem := m.Mem
	if mem == nil {
		mem = schemas.DefaultAllocator
	}
	b := schemas.NewBuilder(mem, ds)
	defer b.Release()
	t, ok := m.Tables[ds.Name]
	if !ok || t.Record == nil {
		return b.Table(), nil
	}
	if err := KeepRows(b, t, need.Keep); err != nil {
		return schemas.Table{}, err
	}
	return b.Table(), nil
}

// KeepRows appends to b the rows of t that keep accepts (all when keep is
// nil).
func KeepRows(b *schemas.Builder, t schemas.Table, keep func(r *schemas.Reader, i int) bool) error {
	r := schemas.NewReader(t)
	row := make([]schemas.Value, len(t.Dataset.Columns)) // one buffer for every row kept
	for i := 0; i < t.Rows(); i++ {
		if keep == nil || keep(r, i) {
			if err := b.Append(r.RowInto(row, i)...); err != nil {
				return err
			}
		}
	}
	return nil
}
