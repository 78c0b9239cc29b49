package pipeline

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// diff compares a dataset with the same dataset in the previous release,
// row by row on the dataset's key: rows added, rows removed and values
// revised (cells of a kept row whose published text changed). It reads the
// previous release's CSV, the format every release has. ok is false when
// the previous release has no such file or the dataset has no key.
func diff(prevDir string, t schemas.Table) (added, removed, revised int, ok bool, err error) {
	ds := t.Dataset
	if len(ds.Key) == 0 {
		return 0, 0, 0, false, nil
	}
	f, br, _, err := output.OpenCSV(filepath.Join(prevDir, ds.Name+".csv"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, 0, false, err
	}
	defer f.Close()
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return 0, 0, 0, false, err
	}
	header = append([]string(nil), header...)
	if strings.Join(header, ",") != strings.Join(ds.Header(), ",") {
		// Columns changed between releases: a row-level comparison would
		// mislead; report only the counts the caller already has.
		return 0, 0, 0, false, nil
	}
	keyCols := make([]int, len(ds.Key))
	for i, k := range ds.Key {
		keyCols[i] = ds.Column(k)
	}
	// Rows are kept joined: one string a row costs far less than a slice
	// of cells, and la_spend has 636,000 rows.
	before := map[string]string{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, 0, false, err
		}
		before[rowKey(rec, keyCols)] = strings.Join(rec, "\x00")
	}
	r := schemas.NewReader(t)
	row := make([]string, len(ds.Columns))
	seen := make(map[string]bool, t.Rows())
	for i := 0; i < t.Rows(); i++ {
		for j, c := range ds.Columns {
			row[j] = r.Value(i, j).Text(c.Type)
		}
		k := rowKey(row, keyCols)
		seen[k] = true
		joined, ok := before[k]
		if !ok {
			added++
			continue
		}
		if joined == strings.Join(row, "\x00") {
			continue
		}
		old := strings.Split(joined, "\x00")
		for j := range row {
			if j < len(old) && row[j] != old[j] && ds.Columns[j].Name != "source_id" {
				revised++
			}
		}
	}
	for k := range before {
		if !seen[k] {
			removed++
		}
	}
	return added, removed, revised, true, nil
}

func rowKey(rec []string, cols []int) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(rec[c])
		b.WriteByte(0)
	}
	return b.String()
}
