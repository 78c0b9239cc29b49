package schemas

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

// A value of the wrong type is refused with the dataset and the column
// named, never stored as a 0 or an empty string.
func TestAppendChecksTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	good := LASpendRow{TimePeriod: Int(202425), TimeIdentifier: Str("Financial year"), GeographicLevel: Str(National),
		NewLACode: Str("E92000001"), LAName: Str("England"), ServiceArea: Str(SpendAreaChildren), Service: Str(SpendTotalChildren),
		Measure: Str(SpendNet), ValueGBP: Int(15556137155), SourceID: Str("mhclg-ro3-2024-25")}
	tests := []struct {
		name   string
		edit   func(*LASpendRow)
		column string
		err    string
	}{
		{"text in an int64 column", func(r *LASpendRow) { r.ValueGBP = Str("15556137155") }, "value_gbp", "holds int64 values: got a text"},
		{"decimal in an int64 column", func(r *LASpendRow) { r.ValueGBP = Float(1.5) }, "value_gbp", "holds int64 values: got a decimal number"},
		{"number in a text column", func(r *LASpendRow) { r.LAName = Int(7) }, "la_name", "holds string values: got a whole number"},
		{"date in an int32 column", func(r *LASpendRow) { r.TimePeriod = Date(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)) }, "time_period", "holds int32 values: got a date"},
		{"untyped literal", func(r *LASpendRow) { r.ValueGBP = Value{Valid: true, Int: 5} }, "value_gbp", "got a value made without a constructor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(mem, &LASpend)
			defer b.Release()
			row := good
			tt.edit(&row)
			err := row.AppendTo(b)
			var te *TypeError
			if !errors.As(err, &te) || te.Dataset != "la_spend" || te.Column != tt.column {
				t.Fatalf("err = %v, want a TypeError naming la_spend column %s", err, tt.column)
			}
			if !strings.Contains(err.Error(), "la_spend column "+tt.column) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("message %q", err)
			}
			if b.Rows() != 0 {
				t.Errorf("%d rows kept after a refused append", b.Rows())
			}
			tb := b.Table()
			defer tb.Release()
			if tb.Rows() != 0 {
				t.Errorf("table has %d rows", tb.Rows())
			}
		})
	}
	// The good row goes in, and nulls fit any column.
	b := NewBuilder(mem, &LASpend)
	defer b.Release()
	if err := good.AppendTo(b); err != nil {
		t.Fatal(err)
	}
	good.ValueGBP, good.LAName = Missing("x"), Null()
	if err := good.AppendTo(b); err != nil {
		t.Fatal(err)
	}
	// A row of one dataset is not appended to another's builder.
	other := NewBuilder(mem, &Revisions)
	defer other.Release()
	if err := good.AppendTo(other); err == nil || !strings.Contains(err.Error(), "la_spend row appended to revisions") {
		t.Errorf("err = %v", err)
	}
}

// A stream builder hands on batches of the size asked for, then the rest,
// and the batches hold the rows in order.
func TestStreamBatches(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	var sizes []int
	var years []int64
	b := NewStream(mem, &Revisions, 4, func(tb Table) error {
		defer tb.Release()
		sizes = append(sizes, tb.Rows())
		r := NewReader(tb)
		for i := 0; i < tb.Rows(); i++ {
			years = append(years, int64(len(r.Value(i, RevisionsCol.Key).Str)))
		}
		return nil
	})
	defer b.Release()
	for i := 1; i <= 10; i++ {
		row := Revision{Dataset: "children_in_care", Key: strings.Repeat("k", i), Column: "children_count", OldValue: "1", NewValue: "2"}.Row()
		if err := row.AppendTo(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := sizes; len(got) != 3 || got[0] != 4 || got[1] != 4 || got[2] != 2 {
		t.Errorf("batches %v, want [4 4 2]", got)
	}
	for i, y := range years {
		if y != int64(i+1) {
			t.Fatalf("row %d out of order: %v", i, years)
		}
	}
	if b.Rows() != 10 {
		t.Errorf("Rows() = %d", b.Rows())
	}
	// An emit error stops the builder and names the dataset.
	failing := NewStream(mem, &Revisions, 1, func(tb Table) error { tb.Release(); return errors.New("disk full") })
	defer failing.Release()
	row := Revision{Dataset: "d", Key: "k", Column: "c"}.Row()
	if err := row.AppendTo(failing); err == nil || err.Error() != "revisions: disk full" {
		t.Errorf("err = %v", err)
	}
	if err := row.AppendTo(failing); err == nil {
		t.Error("a failed builder took another row")
	}
}
