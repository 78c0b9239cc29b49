package output

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// appendRecord writes exactly what encoding/csv's Writer writes, quoting
// included, for the published CSVs to stay byte for byte what they were.
func TestAppendRecordIsEncodingCSV(t *testing.T) {
	for _, rec := range [][]string{
		{"plain", "", "2025", "-1.5"},
		{"a,b", `say "hi"`, "line\nbreak", "cr\rhere", "\r\n"},
		{" leading space", "\tleading tab", "\u00a0nbsp", "trailing "},
		{`\.`, `\`, `.`, `""`, "£ and ’"},
		{"Kingston upon Hull, City of", "Children’s home"},
	} {
		if got, want := string(appendRecord(nil, rec)), encodingCSV(t, rec); got != want {
			t.Errorf("%q:\n got %q\nwant %q", rec, got, want)
		}
	}
}

func encodingCSV(t testing.TB, rec []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return b.String()
}

// FuzzAppendRecord: for any fields, the same bytes as encoding/csv.
func FuzzAppendRecord(f *testing.F) {
	f.Add("a", "b,c", "\"q\"")
	f.Add(" x", "\r\n", `\.`)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		rec := []string{a, b, c}
		if got, want := string(appendRecord(nil, rec)), encodingCSV(t, rec); got != want {
			t.Fatalf("%q:\n got %q\nwant %q", rec, got, want)
		}
	})
}
