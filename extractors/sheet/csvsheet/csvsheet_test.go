package csvsheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caredata/caredata/extractors/sheet"
)

// TestMacRomanRegister reads Ofsted's 2024 register export, whose title
// line has an en dash saved as Mac-Roman byte 0xD0 (Windows-1252 would
// read it as "Ð").
func TestMacRomanRegister(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "sources", "ofsted", "registers", "provider_at_march_2024.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte{0xd0}) || utf8.Valid(data) {
		t.Fatal("the 2024 export is no longer the Mac-Roman file this test reads")
	}
	wb, err := Open("provider_at_march_2024.csv", "register", data, "macintosh")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.Rows("register")
	if err != nil {
		t.Fatal(err)
	}
	var n, header int
	var title string
	for rows.Next() {
		n++
		row := rows.Row()
		if n == 1 {
			title = row[0].Text
		}
		if len(row) > 1 && row[1].Text == "URN" {
			header = rows.Number()
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if title != "Children's social care data in England 2024 – Provider level as at 31 March 2024" {
		t.Errorf("title %q", title)
	}
	// Three title lines, then the header on row 4 (blank rows are skipped
	// but counted), then 3,876 providers.
	if header != 4 || n != 4+3876 {
		t.Errorf("header on row %d, %d rows", header, n)
	}
	if _, err := wb.Rows("other"); !errors.Is(err, sheet.ErrNoSheet) {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		in      string
		charset string
		want    string
		err     bool
	}{
		{"\xef\xbb\xbfURN,Name", "", "URN,Name", false},
		{"caf\xe9", "", "café", false},          // Windows-1252 by default
		{"caf\x8e", "macintosh", "café", false}, // Mac-Roman é
		{"\x96", "windows-1252", "–", false},    // the 2022 export's dash
		{"ok – already UTF-8", "macintosh", "ok – already UTF-8", false},
		{"caf\xe9", "ebcdic", "", true},
	} {
		got, err := Decode("f.csv", []byte(c.in), c.charset)
		if (err != nil) != c.err || string(got) != c.want {
			t.Errorf("Decode(%q, %q) = %q, %v; want %q", c.in, c.charset, got, err, c.want)
		}
	}
}

func TestRaggedAndBlankRows(t *testing.T) {
	wb, err := Open("f.csv", "s", []byte("title,,\n\n,,\nURN,Type\nSC1,home,,\n\"SC2\",\"two\nlines\"\nafter\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.Rows("s")
	var got []string
	for rows.Next() {
		var cells []string
		for _, c := range rows.Row() {
			cells = append(cells, c.Text)
		}
		got = append(got, strings.Join(cells, "|")+"@"+string(rune('0'+rows.Number())))
	}
	// The row after a cell that spans two lines is row 7, not line 8.
	if want := "title@1 URN|Type@4 SC1|home@5 SC2|two\nlines@6 after@7"; strings.Join(got, " ") != want {
		t.Errorf("got %q\nwant %q", strings.Join(got, " "), want)
	}
	bad, _ := Open("bad.csv", "s", []byte("a,\"b\nc"), "")
	rows, _ = bad.Rows("s")
	for rows.Next() {
	}
	if err := rows.Err(); !errors.Is(err, sheet.ErrMalformed) || !strings.Contains(err.Error(), "bad.csv") {
		t.Errorf("err = %v", err)
	}
}

// FuzzRows holds the reader to encoding/csv: for any input, the rows it
// yields are encoding/csv's records less blank ones and trailing blanks.
func FuzzRows(f *testing.F) {
	f.Add([]byte("a,b\n\n,c,,\n\"x\ny\",z\n"))
	f.Add([]byte("\xef\xbb\xbfURN,\xd0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Open("f.csv", "s", data, "macintosh")
		if err != nil {
			return
		}
		text, _ := Decode("f.csv", data, "macintosh")
		r := csv.NewReader(bytes.NewReader(text))
		r.FieldsPerRecord = -1
		var want [][]string
		for {
			rec, err := r.Read()
			if err != nil {
				break
			}
			n := len(rec)
			for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
				n--
			}
			if n > 0 {
				want = append(want, rec[:n])
			}
		}
		rows, _ := wb.Rows("s")
		i := 0
		for rows.Next() {
			row := rows.Row()
			if i >= len(want) || len(row) != len(want[i]) {
				t.Fatalf("row %d: %d cells, want %v", i, len(row), want)
			}
			for j, c := range row {
				if strings.TrimSpace(want[i][j]) == "" && c.Kind != sheet.Empty || strings.TrimSpace(want[i][j]) != "" && c.Text != want[i][j] {
					t.Fatalf("row %d cell %d: %q, want %q", i, j, c.Text, want[i][j])
				}
			}
			i++
		}
		if rows.Err() == nil && i != len(want) {
			t.Fatalf("%d rows, want %d", i, len(want))
		}
	})
}
