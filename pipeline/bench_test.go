package pipeline_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/caredata/caredata/catalogue"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
	"github.com/caredata/caredata/validate"
)

// BenchmarkRun publishes a whole release of the embedded sources into a
// fresh folder, as `caredata run` does: the figure the README's budget
// (5 s, 200 MB on two cores) is about. Profile it with
// go test -bench Run -cpuprofile cpu.out ./pipeline.
func BenchmarkRun(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		out := b.TempDir()
		if _, err := pipeline.Run(context.Background(), runOpts(out, clock())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStages times each stage of a run on its own, on the real
// sources and the shared release, one core's worth of work each: every
// extractor (rows kept in memory), every dataset in every format (from
// the published rows), the release gate and the catalogue page.
func BenchmarkStages(b *testing.B) {
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		b.Fatal(err)
	}
	own := map[string][]extract.Input{}
	var lookups []extract.Input
	for _, s := range m.Sources {
		in, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			b.Fatal(err)
		}
		if s.Extractor == extract.Lookups {
			lookups = append(lookups, in)
		} else {
			own[s.Extractor] = append(own[s.Extractor], in)
		}
	}
	for _, e := range all.Extractors() {
		b.Run("extract/"+e.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tables, _, err := extract.Run(context.Background(), e, nil, append(own[e.Name()], lookups...))
				if err != nil {
					b.Fatal(err)
				}
				for _, t := range tables {
					t.Release()
				}
			}
		})
	}
	dir := testrelease.Dir(b)
	for _, ds := range schemas.All {
		t := testrelease.Table(b, ds)
		for _, w := range output.Writers() {
			if !w.Applies(ds) {
				continue
			}
			b.Run(fmt.Sprintf("write/%s%s", ds.Name, w.Format().Ext), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := w.Write(io.Discard, output.TableRows(t), output.Meta{ReleaseID: "bench", Licence: pipeline.Licence}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run("read/"+ds.Name+".parquet", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pf, err := output.OpenParquet(filepath.Join(dir, ds.Name+".parquet"))
				if err != nil {
					b.Fatal(err)
				}
				if err := pf.Scan(context.Background(), ds, func(schemas.Table) error { return nil }); err != nil {
					b.Fatal(err)
				}
				pf.Close()
			}
		})
	}
	report, err := release.ReadReport(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("validate/staged", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if f, err := validate.Staged(dir, report.Datasets); err != nil || len(validate.Errors(f)) > 0 {
				b.Fatal(err, f)
			}
		}
	})
	b.Run("catalogue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := catalogue.Write(io.Discard, dir); err != nil {
				b.Fatal(err)
			}
		}
	})
}
