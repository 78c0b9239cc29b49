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
	for _, name := range []string{file2023, file2025, "SFR27_2010_March.csv", "SFR50_CLA2017.csv", "CLA2019.csv", "release2024/" + placementsFile} {
		data := readSource(f, name)
		f.Add(data[:4000])
	}
	places := lookup(f)
	f.Add([]byte("\ufefftime_period\n2025\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		rel, err := Parse("fuzz", "fuzz.csv", data, places)
		if err != nil {
			var le *extract.LayoutError
			var ce *extract.CellError
			if !errors.As(err, &le) && !errors.As(err, &ce) && err.Error() == "" {
				t.Fatalf("untyped empty error")
			}
			return
		}
		for _, p := range rel.Placements {
			if rank(localityOrder, p.Locality) == len(localityOrder) || rank(typeOrder, p.Type) == len(typeOrder) ||
				rank(providerOrder, p.Provider) == len(providerOrder) {
				t.Fatalf("placement %v passed", p.key())
			}
			for _, v := range []schemas.Value{p.Count, p.Percentage} {
				if !v.Valid && (v.Status == "" || schemas.StandardSymbol(v.Status) != v.Status || !schemas.IsSymbol(v.Status)) {
					t.Fatalf("placement %v: status %q", p.key(), v.Status)
				}
			}
		}
		for _, r := range rel.Rows {
			if rel.Layout != layouts[0].name && rel.Layout != layouts[1].name {
				// Underlying data files: DfE's codes and names, EES symbols only.
				if g := r.Geography; g.Level == schemas.LocalAuthority && (g.NewLACode == "" || g.LAName == "" || g.RegionCode == "") {
					t.Fatalf("authority not placed: %+v", g)
				}
				for _, v := range []schemas.Value{r.Count, r.Rate, r.Population} {
					if !v.Valid && schemas.StandardSymbol(v.Status) != v.Status {
						t.Fatalf("status %q is not an EES symbol", v.Status)
					}
				}
			}
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
