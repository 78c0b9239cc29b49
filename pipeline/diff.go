package pipeline

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math"
	"os"
	"path/filepath"
	"slices"

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
	after, err := hashRows(ctx, curPath, ds, keyCols, seed)
	if err != nil {
		return difference{}, err
	}
	d := difference{compared: true}
	seen := make([]bool, len(before))
	changed := map[uint64]bool{}
	for _, r := range after {
		i, found := slices.BinarySearchFunc(before, r.key, func(k keyed, key uint64) int { return cmpUint(k.key, key) })
		if !found {
			d.added++
			continue
		}
		seen[i] = true
		if before[i].row != r.row {
			changed[r.key] = true
		}
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

// eachKeyed reads a Parquet file of ds and calls fn with every row and
// the hash of its key.
func eachKeyed(ctx context.Context, path string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed, fn func(key uint64, r *schemas.Reader, i int)) error {
	pf, err := output.OpenParquet(path)
	if err != nil {
		return err
	}
	defer pf.Close()
	var h maphash.Hash
	h.SetSeed(seed)
	return pf.Scan(ctx, ds, func(t schemas.Table) error {
		r := schemas.NewReader(t)
		for i := 0; i < t.Rows(); i++ {
			h.Reset()
			for _, j := range keyCols {
				hashCell(&h, r.Value(i, j))
			}
			fn(h.Sum64(), r, i)
		}
		return nil
	})
}

// hashRows reads a Parquet file of ds and hashes each row's key and cells.
func hashRows(ctx context.Context, path string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed) ([]keyed, error) {
	var out []keyed
	var h maphash.Hash
	h.SetSeed(seed)
	err := eachKeyed(ctx, path, ds, keyCols, seed, func(key uint64, r *schemas.Reader, i int) {
		h.Reset()
		for j := range ds.Columns {
			hashCell(&h, r.Value(i, j))
		}
		out = append(out, keyed{key, h.Sum64()})
	})
	return out, err
}

// hashCell hashes a cell as it is published: two cells hash alike when
// their CSV text is the same (a null by the symbol it shows, so MHCLG's M
// and the standard x are one).
func hashCell(h *maphash.Hash, v schemas.Value) {
	var buf [9]byte
	if !v.Valid {
		buf[0] = 0
		h.Write(buf[:1])
		h.WriteString(schemas.StandardSymbol(v.Status))
	} else {
		buf[0] = 1
		binary.LittleEndian.PutUint64(buf[1:], uint64(v.Int)^math.Float64bits(v.Float))
		h.Write(buf[:])
		h.WriteString(v.Str)
	}
	h.WriteByte(0xff)
}

// countRevised counts the cells that differ between the two releases in
// the rows whose keys are in changed, leaving out source ids (a row
// restated by a newer file is not a revised value).
func countRevised(ctx context.Context, prevPath, curPath string, ds *schemas.Dataset, keyCols []int, seed maphash.Seed, changed map[uint64]bool) (int, error) {
	texts := func(path string) (map[uint64][]string, error) {
		out := map[uint64][]string{}
		err := eachKeyed(ctx, path, ds, keyCols, seed, func(key uint64, r *schemas.Reader, i int) {
			if !changed[key] {
				return
			}
			row := make([]string, len(ds.Columns))
			for j, c := range ds.Columns {
				row[j] = r.Value(i, j).Text(c.Type)
			}
			out[key] = row
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
