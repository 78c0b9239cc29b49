package cla

import (
	"errors"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic,
// and every error must be one a caller can act on or a CSV syntax error.
func FuzzParse(f *testing.F) {
	for _, name := range []string{file2023, file2025} {
		data := readSource(f, name)
		f.Add(data[:2000])
	}
	f.Add([]byte("\ufefftime_period\n2025\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		rel, err := Parse("fuzz", "fuzz.csv", data)
		if err != nil {
			var le *extract.LayoutError
			var ce *extract.CellError
			if !errors.As(err, &le) && !errors.As(err, &ce) && err.Error() == "" {
				t.Fatalf("untyped empty error")
			}
			return
		}
		for _, r := range rel.Rows {
			switch r.Measure {
			case schemas.MeasureLookedAfter31March, schemas.MeasureStarting, schemas.MeasureCeasing:
			default:
				t.Fatalf("measure %q passed", r.Measure)
			}
			for _, v := range []schemas.Value{r.Count, r.Rate, r.Population} {
				if !v.Valid && v.Status != "" && !schemas.IsSymbol(v.Status) {
					t.Fatalf("status %q is not a symbol", v.Status)
				}
			}
		}
	})
}
