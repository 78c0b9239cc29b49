package output_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// packageFiles is a fixed release: the four files of the test dataset and
// the csv of schemas.Sources (a non-EES dataset, so no .meta.csv).
func packageFiles() []output.File {
	hash := func(c string) string { return strings.Repeat(c, 64) }
	return []output.File{
		{Dataset: testDS, Format: output.Parquet, Path: "conformance_test.parquet", Bytes: 4096, SHA256: hash("a")},
		{Dataset: testDS, Format: output.CSV, Path: "conformance_test.csv", Bytes: 812, SHA256: hash("b")},
		{Dataset: testDS, Format: output.MetaCSV, Path: "conformance_test.meta.csv", Bytes: 301, SHA256: hash("c")},
		{Dataset: testDS, Format: output.Excel, Path: "conformance_test.xlsx", Bytes: 12345, SHA256: hash("d")},
		{Dataset: &schemas.Sources, Format: output.CSV, Path: "sources.csv", Bytes: 999, SHA256: hash("e")},
	}
}

func TestDataPackageGolden(t *testing.T) {
	got, err := output.DataPackage(packageFiles(), testMeta, testSources, map[string][]output.Source{testDS.Name: testSources[:1]})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "datapackage.json.golden", got)
}

// dpResource is the part of a resource the assertions below read.
type dpResource struct {
	Name, Path, Format, Hash, Encoding string
	MediaType                          string `json:"mediatype"`
	Bytes                              int64
	Dialect                            map[string]any
	Schema                             struct {
		Fields []struct {
			Name, Type string
		}
		MissingValues []string `json:"missingValues"`
	}
}

func TestDataPackageResources(t *testing.T) {
	files := packageFiles()
	raw, err := output.DataPackage(files, testMeta, testSources, nil)
	if err != nil {
		t.Fatal(err)
	}
	var dp struct {
		Schema    string `json:"$schema"`
		Created   string
		Version   string
		Licenses  []struct{ Name, Path string }
		Sources   []struct{ Title, Path string }
		Resources []dpResource
	}
	if err := json.Unmarshal(raw, &dp); err != nil {
		t.Fatal(err)
	}
	if dp.Created != "2025-06-01T12:00:00Z" || dp.Version != testMeta.ReleaseID {
		t.Errorf("created %q version %q", dp.Created, dp.Version)
	}
	if len(dp.Licenses) != 1 || dp.Licenses[0].Name != "OGL-UK-3.0" || dp.Licenses[0].Path != output.LicenceURL {
		t.Errorf("licenses %+v", dp.Licenses)
	}
	if len(dp.Sources) != len(testSources) {
		t.Errorf("%d sources, want %d", len(dp.Sources), len(testSources))
	}
	if len(dp.Resources) != len(files) {
		t.Fatalf("%d resources, want %d", len(dp.Resources), len(files))
	}
	names := map[string]bool{}
	for i, r := range dp.Resources {
		f := files[i]
		if names[r.Name] {
			t.Errorf("resource name %s repeated", r.Name)
		}
		names[r.Name] = true
		if r.Path != f.Path || r.Bytes != f.Bytes || r.Hash != "sha256:"+f.SHA256 || r.MediaType != f.Format.MediaType || r.Format != f.Format.Name {
			t.Errorf("resource %d %+v does not describe %+v", i, r, f)
		}
		var fields []string
		for _, fl := range r.Schema.Fields {
			fields = append(fields, fl.Name)
		}
		var want []string
		var missing []string
		switch f.Format {
		case output.Parquet:
			for _, fl := range f.Dataset.Arrow().Fields() {
				want = append(want, fl.Name)
			}
			missing = []string{""}
		case output.MetaCSV:
			want = output.MetaHeader
			missing = []string{""}
		case output.CSV:
			want = f.Dataset.Header()
			missing = []string{"", "c", "k", "low", "u", "x", "z", "n", "Y", "M"}
		case output.Excel:
			want = f.Dataset.Header()
			missing = []string{"", "[c]", "[k]", "[low]", "[u]", "[x]", "[z]", "[n]", "[Y]", "[M]"}
		}
		if !slices.Equal(fields, want) {
			t.Errorf("%s fields %q, want %q", r.Path, fields, want)
		}
		if !slices.Equal(r.Schema.MissingValues, missing) {
			t.Errorf("%s missingValues %q, want %q", r.Path, r.Schema.MissingValues, missing)
		}
		isCSV := f.Format == output.CSV || f.Format == output.MetaCSV
		if isCSV != (r.Encoding == "utf-8") || isCSV != (r.Dialect["lineTerminator"] == "\n") {
			t.Errorf("%s encoding %q dialect %v", r.Path, r.Encoding, r.Dialect)
		}
	}
	// Table Schema types.
	types := map[string]string{}
	for _, fl := range dp.Resources[0].Schema.Fields {
		types[fl.Name] = fl.Type
	}
	for name, want := range map[string]string{
		"time_period": "integer", "children_count": "integer", "children_count_status": "string",
		"spend": "number", "period_end": "date", "retrieved_at": "datetime", "la_name": "string",
	} {
		if types[name] != want {
			t.Errorf("parquet field %s type %q, want %q", name, types[name], want)
		}
	}
}
