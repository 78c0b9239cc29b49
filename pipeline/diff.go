package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// difference is a dataset compared with the previous release by key.
type difference struct {
	added, removed, revised int
	// compared is false when the previous release has no such Parquet
	// file, its columns differ, or the dataset has no key.
	compared bool
}

// keyed is one row of a release reduced to hashes: of its key, and of
// every cell as the CSV and Excel files show it.
type keyed struct{ key, row uint64 }

// compare compares a dataset with the same dataset in the previous
// release, row by row on the dataset's key: rows added, rows removed and
// values revised (cells of a kept row whose published text changed,
// source ids aside). It reads both releases' Parquet files: the keys and
// the _status columns say everything the CSV would, in a fraction of the
// bytes. Rows are first compared by hash; only the rows whose hashes
// differ are read again to count their changed cells.
func compare(ctx context.Context, prevDir, curDir string, ds *schemas.Dataset) (difference, error) {
	if len(ds.Key) == 0 {
		return difference{}, nil
	}
	prevPath := filepath.Join(prevDir, ds.Name+output.Parquet.Ext)
	curPath := filepath.Join(curDir, ds.Name+output.Parquet.Ext)
	if ok, err := sameColumns(prevPath, ds); err != nil || !ok {
		// Columns changed between releases: a row-level comparison would
		// mislead; report only the counts the caller already has.
		return difference{}, err
	}
	keyCols := make([]int, len(ds.Key))
	for i, k := range ds.Key {
		keyCols[i] = ds.Column(k)
	}
	seed := maphash.MakeSeed()
	before, err := hashRows(ctx, prevPath, ds, keyCols, seed)
	if err != nil {
		return difference{}, err
	}
	// The last row of a repeated key wins, as it would in a map.
	slices.SortStableFunc(before, func(a, b keyed) int { return cmpUint(a.key, b.key) })
	before = dedupeLast(before)
	d := difference{compared: true}
	seen := make([]bool, len(before))
	changed := map[uint64]bool{}
	err = eachHashed(ctx, curPath, ds, keyCols, seed, func(r keyed) {
		i, found := slices.BinarySearchFunc(before, r.key, func(k keyed, key uint64) int { return cmpUint(k.key, key) })
		if !found {
			d.added++
			return
		}
		seen[i] = true
		if before[i].row != r.row {
			changed[r.key] = true
		}
	})
	if err != nil {
		return difference{}, err
	}
	for _, s := range seen {
		if !s {
			d.removed++
		}
	}
	if len(changed) > 0 {
		if d.revised, err = countRevised(ctx, prevPath, curPath, ds, keyCols, seed, changed); err != nil {
			return difference{}, err
		}
	}
	return d, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dedupeLast keeps the last of each run of equal keys in a sorted slice.
func dedupeLast(s []keyed) []keyed {
	out := s[:0]
	for i, r := range s {
		if i+1 < len(s) && s[i+1].key == r.key {
			continue
		}
		out = append(out, r)
	}
	return out
}

// sameColumns reports whether a Parquet file exists with ds's columns.
func sameColumns(path string, ds *schemas.Dataset) (bool, error) {
	pf, err := output.OpenParquet(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer pf.Close()
	return pf.SchemaIs(ds)
}

// hashRows reads a Parquet file of ds and hashes each row's key and
// cells.
func hashRows(ctx context.Context, path string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed) ([]keyed, error) {
	var out []keyed
	err := eachHashed(ctx, path, ds, keyCols, seed, func(r keyed) { out = append(out, r) })
	return out, err
}

// eachHashed reads a Parquet file of ds and calls fn with each row's hashes,
// with string columns read as dictionaries so that each distinct string is
// hashed once per batch: la_spend's 8.9 million cells hold 1,600 strings.
func eachHashed(ctx context.Context, path string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed, fn func(keyed)) error {
	pf, err := output.OpenParquet(path)
	if err != nil {
		return err
	}
	defer pf.Close()
	return pf.ScanDictionaries(ctx, func(rec arrow.Record) error {
		keys, rows, err := batchHashes(rec, ds, keyCols, seed)
		for i := range rows {
			fn(keyed{keys[i], rows[i]})
		}
		return err
	})
}

// batchHashes hashes each row of a record of ds (plain, or with string
// columns as dictionaries): its key columns, and all its cells. It works
// column by column on the Arrow arrays.
func batchHashes(rec arrow.Record, ds *schemas.Dataset, keyCols []int, seed maphash.Seed) (keys, rows []uint64, err error) {
	n := int(rec.NumRows())
	keys, rows = make([]uint64, n), make([]uint64, n)
	f := 0 // Arrow field of column j; its status companion follows it
	for j, c := range ds.Columns {
		var status arrow.Array
		if c.Status {
			status = rec.Column(f + 1)
		}
		cells, err := columnHashes(rec.Column(f), status, seed)
		if err != nil {
			return nil, nil, fmt.Errorf("%s column %s: %w", ds.Name, c.Name, err)
		}
		salt := uint64(j+1) * 0x9e3779b97f4a7c15
		key := slices.Contains(keyCols, j)
		for i, h := range cells {
			rows[i] = mix(rows[i], h^salt)
			if key {
				keys[i] = mix(keys[i], h^salt)
			}
		}
		f++
		if c.Status {
			f++
		}
	}
	return keys, rows, nil
}

// mix folds x into the hash h.
func mix(h, x uint64) uint64 {
	h = bits.RotateLeft64(h, 27) ^ x
	return h * 0xff51afd7ed558ccd
}

// columnHashes hashes each cell of a column as it is published: a value by
// its type's bits or its text, a null by the symbol the CSV shows for it
// (so MHCLG's M and the standard x hash alike).
func columnHashes(col, status arrow.Array, seed maphash.Seed) ([]uint64, error) {
	out := make([]uint64, col.Len())
	switch a := col.(type) {
	case *array.Int32:
		for i := range out {
			out[i] = uint64(a.Value(i))
		}
	case *array.Int64:
		for i := range out {
			out[i] = uint64(a.Value(i))
		}
	case *array.Float64:
		for i := range out {
			out[i] = math.Float64bits(a.Value(i))
		}
	case *array.Date32:
		for i := range out {
			out[i] = uint64(a.Value(i))
		}
	case *array.Timestamp:
		for i := range out {
			out[i] = uint64(a.Value(i))
		}
	case *array.Boolean:
		for i := range out {
			if a.Value(i) {
				out[i] = 1
			}
		}
	default:
		h, idx, err := stringHashes(col, seed, nil)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if col.IsValid(i) {
				out[i] = h[idx(i)]
			}
		}
	}
	if col.NullN() == 0 {
		return out, nil
	}
	var symbols []uint64
	var symbolOf func(int) int
	if status != nil {
		var err error
		if symbols, symbolOf, err = stringHashes(status, seed, schemas.StandardSymbol); err != nil {
			return nil, err
		}
	}
	for i := range out {
		if col.IsValid(i) {
			continue
		}
		out[i] = 0x5bd1e9955bd1e995 // a null without a symbol: an empty cell
		if status != nil && status.IsValid(i) {
			out[i] ^= symbols[symbolOf(i)]
		}
	}
	return out, nil
}

// stringHashes hashes the distinct strings of a string or dictionary
// column (through norm, when given) and returns them with a function from
// row to the index of its hash; rows that are null have none.
func stringHashes(col arrow.Array, seed maphash.Seed, norm func(string) string) ([]uint64, func(int) int, error) {
	text := func(s string) uint64 {
		if norm != nil {
			s = norm(s)
		}
		return maphash.String(seed, s)
	}
	switch a := col.(type) {
	case *array.Dictionary:
		dict, ok := a.Dictionary().(*array.String)
		if !ok {
			return nil, nil, fmt.Errorf("a dictionary of %s, not of strings", a.Dictionary().DataType())
		}
		h := make([]uint64, dict.Len())
		for k := range h {
			h[k] = text(dict.Value(k))
		}
		return h, a.GetValueIndex, nil
	case *array.String:
		h := make([]uint64, a.Len())
		for i := range h {
			if a.IsValid(i) {
				h[i] = text(a.Value(i))
			}
		}
		return h, func(i int) int { return i }, nil
	}
	return nil, nil, fmt.Errorf("unexpected column type %s", col.DataType())
}

// countRevised counts the cells that differ between the two releases in
// the rows whose keys are in changed, leaving out source ids (a row
// restated by a newer file is not a revised value).
func countRevised(ctx context.Context, prevPath, curPath string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed, changed map[uint64]bool) (int, error) {
	texts := func(path string) (map[uint64][]string, error) {
		pf, err := output.OpenParquet(path)
		if err != nil {
			return nil, err
		}
		defer pf.Close()
		out := map[uint64][]string{}
		err = pf.Scan(ctx, ds, func(t schemas.Table) error {
			keys, _, err := batchHashes(t.Record, ds, keyCols, seed)
			if err != nil {
				return err
			}
			r := schemas.NewReader(t)
			for i, k := range keys {
				if !changed[k] {
					continue
				}
				row := make([]string, len(ds.Columns))
				for j, c := range ds.Columns {
					row[j] = r.Value(i, j).Text(c.Type)
				}
				out[k] = row
			}
			return nil
		})
		return out, err
	}
	old, err := texts(prevPath)
	if err != nil {
		return 0, err
	}
	cur, err := texts(curPath)
	if err != nil {
		return 0, err
	}
	revised := 0
	for k, row := range cur {
		was := old[k]
		for j := range row {
			if j < len(was) && row[j] != was[j] && ds.Columns[j].Name != "source_id" {
				revised++
			}
		}
	}
	return revised, nil
}
