package extract_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

func TestErrorsNamePlaces(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&extract.LayoutError{File: "RO3.ods", Sheet: "RO3_LA_Data_2023-24", Row: 12, Column: "ONS Code", Missing: []string{"ONS Code"}, Found: []string{"E-code", "ONS code (2024)"}},
			`RO3.ods sheet "RO3_LA_Data_2023-24" row 12 column "ONS Code": unknown layout; missing ONS Code; found E-code, ONS code (2024)`},
		{&extract.LayoutError{File: "cla.csv", Row: 1, Column: "children_count", Missing: []string{"children_count"}},
			`cla.csv row 1 column "children_count": unknown layout; missing children_count`},
		{&extract.LayoutError{File: "RO3.ods", Detail: "no data sheet RO3_LA_Data_YYYY-YY", Found: []string{"Cover", "Notes"}},
			`RO3.ods: unknown layout: no data sheet RO3_LA_Data_YYYY-YY; found Cover, Notes`},
		{&extract.CellError{File: "cla.csv", Row: 3, Column: "rate_per_10000", Value: "~", Err: errors.New("not a number")},
			`cla.csv line 3 column "rate_per_10000": "~": not a number`},
		{&extract.CellError{File: "x.ods", Sheet: "S", Row: 12, Column: "AB", Err: errors.New("bad")},
			`x.ods sheet "S" row 12 column AB: bad`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
		wrapped := fmt.Errorf("ro3: %w", tt.err)
		if !errors.Is(wrapped, extract.ErrUnreadable) {
			t.Errorf("%v is not ErrUnreadable", tt.err)
		}
	}
	if !errors.Is(&extract.LayoutError{File: "f"}, extract.ErrUnknownLayout) {
		t.Error("a LayoutError is not ErrUnknownLayout")
	}
	long := &extract.LayoutError{File: "f", Found: make([]string, 500)}
	if n := strings.Count(long.Error(), ","); n > 30 {
		t.Errorf("a 500-column header is listed in full (%d commas)", n)
	}
}

// fakeExtractor declares two datasets and fills one.
type fakeExtractor struct{ open *schemas.Dataset }

func (fakeExtractor) Name() string { return "fake" }
func (fakeExtractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.Revisions, &schemas.Documents}
}
func (f fakeExtractor) Extract(_ context.Context, env extract.Env, in []extract.Input) error {
	env.Notef("read %d inputs", len(extract.Own(in)))
	b, err := env.Out.Open(f.open)
	if err != nil {
		return err
	}
	return schemas.Revision{Dataset: "d", Key: "k", Column: "c", NewValue: "1"}.Row().AppendTo(b)
}

func TestRunCollects(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	in := []extract.Input{{Source: extract.Source{ID: "a", Extractor: "fake"}}, {Source: extract.Source{ID: "las", Extractor: extract.Lookups}}}
	tables, notes, err := extract.Run(context.Background(), fakeExtractor{open: &schemas.Revisions}, mem, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 2 || tables[0].Rows() != 1 || tables[1].Dataset != &schemas.Documents || tables[1].Rows() != 0 {
		t.Errorf("tables %v", tables)
	}
	for _, tb := range tables {
		tb.Release()
	}
	if len(notes) != 1 || notes[0] != "read 1 inputs" {
		t.Errorf("notes %q", notes)
	}
	if _, err := extract.FindLookup(in, "las"); err != nil {
		t.Error(err)
	}
	if _, err := extract.FindLookup(in, "a"); err == nil {
		t.Error("an own source was found as a lookup")
	}
	// A dataset not declared cannot be opened.
	if _, _, err := extract.Run(context.Background(), fakeExtractor{open: &schemas.LASpend}, mem, in); err == nil || !strings.Contains(err.Error(), "did not declare") {
		t.Errorf("err = %v", err)
	}
}
