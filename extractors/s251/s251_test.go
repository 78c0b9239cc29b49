package s251

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// manifestInputs returns the s251 files and the lookups, as a run reads
// them: from the embedded manifest, sha256 checked.
func manifestInputs(t testing.TB) []extract.Input {
	t.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	var own, lookups []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != "s251" && s.Extractor != extract.Lookups {
			continue
		}
		i, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			t.Fatal(err)
		}
		if s.Extractor == extract.Lookups {
			lookups = append(lookups, i)
		} else {
			own = append(own, i)
		}
	}
	if len(own) != 6 {
		t.Fatalf("%d s251 files in the manifest, want 6", len(own))
	}
	return append(own, lookups...)
}

// parsed caches the six files, parsed.
var parsed = struct {
	sync.Once
	files map[int32]*File
	err   error
}{}

func realFiles(t testing.TB) map[int32]*File {
	t.Helper()
	parsed.Do(func() {
		in := manifestInputs(t)
		places, err := geo.FromInputs(in, false)
		if err != nil {
			parsed.err = err
			return
		}
		parsed.files = map[int32]*File{}
		for _, i := range extract.Own(in) {
			p, err := Period(i.Source.Release)
			if err != nil {
				parsed.err = err
				return
			}
			f, err := Parse(i.Source.Path, i.Data, charset.FromMediaType(i.Source.MediaType), p, places)
			if err != nil {
				parsed.err = err
				return
			}
			parsed.files[p] = f
		}
	})
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	return parsed.files
}

// national returns England's row of a line.
func national(t *testing.T, f *File, line string) Row {
	t.Helper()
	for _, r := range f.National {
		if lines[f.Labels[r.Label].Line].Label == line {
			return r
		}
	}
	t.Fatalf("%d: no National row of %q", f.Period, line)
	return Row{}
}

func TestParseRealFiles(t *testing.T) {
	files := realFiles(t)
	for _, p := range Periods {
		f := files[p]
		t.Logf("%d: %d authorities, %d lines, %d rows, %d partial National cells", p, len(f.Authorities), len(f.Labels), len(f.Rows), f.Partial)
	}
}

func TestRun(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	tables, notes, err := extract.Run(context.Background(), Extractor{}, mem, manifestInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tables[0].Release()
	t.Log(tables[0].Rows(), notes)
	_ = errors.New
	_ = strings.Contains
	_ = schemas.National
}
