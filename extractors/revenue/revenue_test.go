package revenue

import (
	"errors"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

func TestValue(t *testing.T) {
	tests := []struct {
		name    string
		cell    sheet.Cell
		missing bool
		want    schemas.Value
		note    string
		wantErr bool
	}{
		{"float noise", sheet.Cell{Kind: sheet.Number, Number: 298128.33046999999}, false, schemas.Int(298128330), "", false},
		{"half pound rounds away from zero", sheet.Cell{Kind: sheet.Number, Number: -0.0005}, false, schemas.Int(-1), "", false},
		{"number as text", sheet.Cell{Kind: sheet.String, Text: "1,234"}, false, schemas.Int(1234000), "", false},
		{"symbol", sheet.Cell{Kind: sheet.String, Text: "[x]"}, false, schemas.Missing("x"), "", false},
		{"symbol z", sheet.Cell{Kind: sheet.String, Text: "[z]"}, false, schemas.Missing("z"), "", false},
		{"missing return", sheet.Cell{Kind: sheet.String, Text: "[x]"}, true, schemas.Missing("M"), "", false},
		{"missing return keeps a number", sheet.Cell{Kind: sheet.Number, Number: 5}, true, schemas.Int(5000), "", false},
		{"note", sheet.Cell{Kind: sheet.String, Text: "[note 4]"}, false, schemas.Missing("x"), "[note 4]", false},
		{"empty", sheet.Cell{}, false, schemas.Null(), "", false},
		{"words", sheet.Cell{Kind: sheet.String, Text: "see above"}, false, schemas.Value{}, "", true},
		{"CSV export's not available", sheet.Cell{Kind: sheet.String, Text: "..."}, false, schemas.Missing("x"), "", false},
		{"not available in a missing return", sheet.Cell{Kind: sheet.String, Text: "..."}, true, schemas.Missing("M"), "", false},
		{"ellipsis character", sheet.Cell{Kind: sheet.String, Text: "…"}, false, schemas.Missing("x"), "", false},
		{"stray punctuation", sheet.Cell{Kind: sheet.String, Text: ">"}, false, schemas.Missing("x"), `the source cell holds ">", not an amount`, false},
		{"separators in text", sheet.Cell{Kind: sheet.String, Text: " 11,270,191 "}, false, schemas.Int(11_270_191_000), "", false},
		{"negative text", sheet.Cell{Kind: sheet.String, Text: "-3,066"}, false, schemas.Int(-3_066_000), "", false},
		{"too large", sheet.Cell{Kind: sheet.Number, Number: 1e300}, false, schemas.Value{}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, note, err := Value(tt.cell, tt.missing)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err == nil && (v != tt.want || note != tt.note) {
				t.Errorf("got %+v %q, want %+v %q", v, note, tt.want, tt.note)
			}
		})
	}
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		in   string
		want int32
		ok   bool
	}{
		{"RSX_LA_Data_2022-23", 202223, true},
		{"RSX_LA_Data_202425", 202425, true},
		{"RO3_LA_Data_2023-24", 202324, true},
		{"Revenue Account Budget (RA) 2021-22: Revenue Account data", 202122, true},
		{"Worksheet 2: Revenue Outturn (RO) 2021-22 Final: Service Expenditure Summary (RSX) data", 202122, true},
		{"Last updated: 23 November 2023", 0, false},
		{"RSX 2022-24", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := Period(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Period(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if FormatPeriod(202122) != "2021-22" || FormatPeriod(200910) != "2009-10" {
		t.Error(FormatPeriod(202122), FormatPeriod(200910))
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Children Social Care -  Employees\n (C1)": "Children Social Care - Employees (C1)",
		"Children’s social care – total [note 3]":  "Children's social care - total",
		"\u00a0E-code ": "E-code",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeader(t *testing.T) {
	row := func(s ...string) []sheet.Cell {
		var out []sheet.Cell
		for _, x := range s {
			out = append(out, sheet.Cell{Kind: sheet.String, Text: x})
		}
		return out
	}
	h := Header{Labels: []string{"E-code", "ONS Code", "Local authority", "Class"}}
	if _, ok := h.Try(row("Revenue Account Budget (RA) 2021-22"), 1); ok {
		t.Fatal("a title was taken for the header")
	}
	if _, ok := h.Try(row("E-code", "ONS code (2024)", "Local authority", "", "Class"), 7); ok {
		t.Fatal("a header without ONS Code was taken")
	}
	err := h.Err("RA.csv", "RA")
	var le *extract.LayoutError
	if !errors.As(err, &le) || le.Row != 7 || le.Column != "ONS Code" || !strings.Contains(err.Error(), "ONS code (2024)") {
		t.Errorf("err = %v", err)
	}
	at, ok := h.Try(row("E-code", "ONS Code", "Local authority", "", "Class", "Class"), 7)
	if !ok || at["E-code"] != 0 || at["Class"] != 4 {
		t.Errorf("at = %v, %v", at, ok)
	}
}

func FuzzValue(f *testing.F) {
	for _, s := range []string{"[x]", "1,234", ">", "[note 4]", "1e309", "-0", "NaN", "...", "11,270,191"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, missing bool) {
		v, _, err := Value(sheet.Cell{Kind: sheet.String, Text: text}, missing)
		if err != nil {
			return
		}
		if !v.Valid && v.Status != "" && !schemas.IsSymbol(v.Status) {
			t.Fatalf("%q: status %q", text, v.Status)
		}
	})
}
