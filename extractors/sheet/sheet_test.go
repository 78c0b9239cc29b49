package sheet_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/open"
)

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD", 16384: "XFE", -1: "?"} {
		if got := sheet.ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestCellError(t *testing.T) {
	err := fmt.Errorf("reading: %w", &sheet.CellError{File: "file.ods", Sheet: "X", Row: 12, Column: sheet.ColumnName(27), Err: fmt.Errorf("%w: office:value %q", sheet.ErrMalformed, "abc")})
	if got, want := err.Error(), `reading: file.ods sheet "X" row 12 column AB: malformed spreadsheet: office:value "abc"`; got != want {
		t.Errorf("Error() = %q\nwant %q", got, want)
	}
	var ce *sheet.CellError
	if !errors.As(err, &ce) || ce.Row != 12 || !errors.Is(err, sheet.ErrMalformed) {
		t.Errorf("errors.As/Is failed on %v", err)
	}
}

func TestLimitError(t *testing.T) {
	var err error = &sheet.LimitError{File: "f.ods", Part: "content.xml", Limit: "MaxDepth", Got: 129, Max: 128}
	if !errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
		t.Errorf("%v: Is(ErrTooLarge) should hold, Is(ErrMalformed) not", err)
	}
	if got, want := err.Error(), "f.ods: content.xml: MaxDepth exceeded: 129 > 128: over a reader limit"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestWithDefaults(t *testing.T) {
	if got := (sheet.Limits{}).WithDefaults(); got != sheet.DefaultLimits() {
		t.Errorf("zero Limits = %+v, want the defaults", got)
	}
	got := sheet.Limits{MaxDepth: 10}.WithDefaults()
	want := sheet.DefaultLimits()
	want.MaxDepth = 10
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[sheet.Kind]string{sheet.Empty: "Empty", sheet.String: "String", sheet.Number: "Number", sheet.Date: "Date", sheet.Bool: "Bool", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", k, got, want)
		}
	}
}

// Example reads the providers sheet of Ofsted's 2023 workbook: it finds the
// header row by name rather than position, then counts the providers under
// it, using typed values instead of parsing display text.
func Example() {
	wb, err := open.OpenFile("../../sources/ofsted/Childrens_social_care_in_England_2023_underlying_data.ods")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer wb.Close()
	rows, err := wb.Rows("Providers+places_at_31_Mar_2023")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	var header []sheet.Cell
	providers := 0
	for rows.Next() {
		row := rows.Row()
		if header == nil {
			if len(row) > 1 && row[1].Text == "URN" {
				header = row
				fmt.Println("header at row", rows.Number(), "with", len(header), "columns")
			}
			continue
		}
		providers++
		if providers == 1 {
			urn, registered := row[1], row[4]
			fmt.Printf("first provider: URN %.0f (%s), registered %s (shown as %q)\n",
				urn.Number, urn.Kind, registered.Date.Format("2 January 2006"), registered.Text)
		}
	}
	if err := rows.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(providers, "providers")
	// Output:
	// header at row 4 with 21 columns
	// first provider: URN 2611190 (Number), registered 8 January 2021 (shown as "08/01/2021")
	// 3812 providers
}
