package s251

import (
	"bytes"
	"errors"
	"testing"

	"github.com/caredata/caredata/extract"
)

// FuzzParse feeds the parser the start of every real file and mutations
// of it: it must never panic, fail only with an error naming the file, and
// whatever it returns must hold together (a National row per line, rows
// pointing at real authorities and lines).
func FuzzParse(f *testing.F) {
	places := lookup(f)
	for i, name := range []string{"outturn_0809.csv", "outturn_0910.csv", "outturn_1011.csv", "outturn_1112.csv", "outturn_1213.csv", "outturn_1314.csv"} {
		data := realFile(f, name)
		// The header and the first authority's lines (2011-12 is sorted by
		// line: its first 60 rows are two lines).
		end := 0
		for n := 0; n < 60 && end < len(data); n++ {
			j := bytes.IndexByte(data[end:], '\n')
			if j < 0 {
				end = len(data)
				break
			}
			end += j + 1
		}
		f.Add(data[:end], uint8(i))
	}
	f.Add([]byte("LA,LA Name,LineNumber,CYPServiceDescription,OwnProvision,PrivateProvision,OtherPublic,Voluntary,TotalExpenditure,Income,NetCurrentExpenditure\n"+
		"886,Kent,6,6 Residential care,1.5,NULL,,-2.5,1e3,0,0\n"), uint8(5))
	f.Add([]byte("\"unterminated\n"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, year uint8) {
		period := Periods[int(year)%len(Periods)]
		file, err := Parse("fuzz.csv", data, "windows-1252", period, places)
		if err != nil {
			if !errors.Is(err, extract.ErrUnreadable) {
				t.Fatalf("error does not wrap ErrUnreadable: %v", err)
			}
			return
		}
		if len(file.National) != len(file.Labels) || len(file.Rows) == 0 {
			t.Fatalf("%d National rows for %d lines, %d rows", len(file.National), len(file.Labels), len(file.Rows))
		}
		for _, r := range file.Rows {
			if int(r.LA) >= len(file.Authorities) || int(r.Label) >= len(file.Labels) {
				t.Fatalf("row points outside the file: %+v", r)
			}
		}
	})
}
