// Package revenue holds what MHCLG's revenue returns have in common, for
// the extractors of the outturn (ro3: RO3; rsx: RSX) and of the budget
// (ra: RA): the header row found by its identity columns (E-code, ONS
// Code, Local authority, ...), labels compared without their spacing and
// note references, amounts in £ thousand converted to whole pounds
// (numbers in ODS, text with separators in the CSV exports) with the
// files' symbols kept as statuses, the Notes sheet's note texts, and the
// financial year in a title or sheet name.
package revenue

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

// EnglandCode is the ONS code of the England row of the outturn files.
const EnglandCode = "E92000001"

var (
	// spaceRun and noteRef are removed from labels: line breaks and
	// "[note 3]" references vary between years, the meaning does not.
	spaceRun = regexp.MustCompile(`\s+`)
	noteRef  = regexp.MustCompile(`\s*\[note \d+\]`)
	noteOnly = regexp.MustCompile(`^\[note \d+\]$`)
	// periodRE finds a financial year, "2022-23" or "202425", at the end
	// of a sheet name or anywhere in a title.
	periodRE = regexp.MustCompile(`(?:^|\D)(20\d{2})-?(\d{2})(?:\D|$)`)
)

// Clean harmonises a label: one space between words, no note references,
// plain apostrophes and hyphens (the files mix ’ and ', – and -).
func Clean(s string) string {
	s = strings.NewReplacer("’", "'", "–", "-", "\u00a0", " ").Replace(s)
	s = noteRef.ReplaceAllString(s, "")
	return strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
}

// Period reads a financial year in s ("RSX_LA_Data_2022-23",
// "RSX_LA_Data_202425", "Revenue Account Budget (RA) 2021-22: ...") as
// YYYYyy, 202223; ok is false when s names none or names two years that
// do not follow each other.
func Period(s string) (period int32, ok bool) {
	m := periodRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	start, _ := strconv.Atoi(m[1])
	end, _ := strconv.Atoi(m[2])
	if (start+1)%100 != end {
		return 0, false
	}
	return int32(start*100 + end), true
}

// FormatPeriod writes 202223 as "2022-23", as the manifest's releases do.
func FormatPeriod(p int32) string { return fmt.Sprintf("%d-%02d", p/100, p%100) }

// TitlePeriod is the financial year a return's title rows state ("Revenue
// Account Budget (RA) 2021-22: …", "Worksheet 2: Revenue Outturn (RO)
// 2022-23: …"), which must be the release the manifest gives src and,
// when sheetNamesYear, the year the sheet's name states where it names
// one. headerRow is where the title was looked for, for the error.
func TitlePeriod(src extract.Source, sheetName, title string, headerRow int, sheetNamesYear bool) (int32, error) {
	p, ok := Period(title)
	if !ok {
		return 0, &extract.LayoutError{File: src.Path, Sheet: sheetName, Row: headerRow, Detail: "no financial year in the title rows above the header"}
	}
	if q, ok := Period(sheetName); sheetNamesYear && ok && q != p {
		return 0, &extract.LayoutError{File: src.Path, Sheet: sheetName, Detail: fmt.Sprintf("the title says %s, the sheet name %s", FormatPeriod(p), FormatPeriod(q))}
	}
	if r := src.Release; r != "" && r != FormatPeriod(p) {
		return 0, &extract.LayoutError{File: src.Path, Sheet: sheetName, Detail: fmt.Sprintf("the title says %s, the manifest's release %s", FormatPeriod(p), r)}
	}
	return p, nil
}

// ServiceKey is a service's name as the returns' labels are compared:
// case, apostrophes and spacing aside ("Children Social Care",
// "Children's social care", "TOTAL CHILDREN'S SOCIAL CARE").
func ServiceKey(s string) string {
	s = strings.ToLower(Clean(s))
	s = strings.NewReplacer("'", "", "children's", "children", "childrens", "children").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Value reads one cell in £ thousand as whole pounds. A symbol becomes a
// null with its status; "..." (the CSV exports' "not available") becomes
// x; a note reference standing for a value becomes x with the note kept;
// a missing return (missing) marks nulls M.
func Value(c sheet.Cell, missing bool) (v schemas.Value, note string, err error) {
	defer func() {
		if err == nil && missing && !v.Valid {
			v = schemas.Missing("M")
		}
	}()
	switch c.Kind {
	case sheet.Empty:
		return schemas.Null(), "", nil
	case sheet.Number:
		v, err := Pounds(c.Number)
		return v, "", err
	}
	t := strings.TrimSpace(c.Text)
	switch {
	case t == "":
		return schemas.Null(), "", nil
	case schemas.IsSymbol(t):
		return schemas.Missing(t), "", nil
	case t == "..." || t == "…":
		return schemas.Missing("x"), "", nil
	case noteOnly.MatchString(t):
		return schemas.Missing("x"), t, nil
	case !strings.ContainsFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		// Punctuation alone is a slip in the file (RO3 2022-23 has ">" for
		// Wakefield's dental services): no amount, kept visible in the note.
		return schemas.Missing("x"), fmt.Sprintf("the source cell holds %q, not an amount", t), nil
	}
	f, perr := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if perr != nil {
		return schemas.Value{}, "", fmt.Errorf("%q is not an amount or a known symbol", t)
	}
	v, err = Pounds(f)
	return v, "", err
}

// Pounds converts £ thousand to whole pounds, rounding half away from
// zero, so the files' float noise (298128.33046999999) does not leak.
func Pounds(thousands float64) (schemas.Value, error) {
	p := math.Round(thousands * 1000)
	if math.IsNaN(p) || math.Abs(p) > 1e15 {
		return schemas.Value{}, fmt.Errorf("%v is not a plausible amount", thousands)
	}
	return schemas.Int(int64(p)), nil
}

// ReadNotes maps "[note N]" to its text from the workbook's Notes sheet;
// a workbook without one (a CSV export) has no texts.
func ReadNotes(wb sheet.Workbook) (map[string]string, error) {
	out := map[string]string{}
	rows, err := wb.Rows("Notes")
	if errors.Is(err, sheet.ErrNoSheet) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := rows.Row()
		if len(r) >= 2 && strings.HasPrefix(strings.TrimSpace(r[0].Text), "[note ") {
			out[strings.TrimSpace(r[0].Text)] = Clean(r[1].Text)
		}
	}
	return out, rows.Err()
}

// Header finds the header row of a data sheet by its identity columns:
// the first row that has every one of Labels. Rows before it are offered
// to Try one by one; the row with most of them is kept for the error when
// none has all.
type Header struct {
	Labels []string // as the files name them, e.g. "E-code", "ONS Code"
	near   struct {
		row   int
		found map[string]int
		cells []sheet.Cell
	}
}

// Try returns the index of each identity column (by label) and true when
// row, number n of its sheet, is the header.
func (h *Header) Try(row []sheet.Cell, n int) (map[string]int, bool) {
	at := map[string]int{}
	for i, c := range row {
		t := Clean(c.Text)
		for _, l := range h.Labels {
			if strings.EqualFold(t, l) {
				if _, dup := at[l]; !dup {
					at[l] = i
				}
			}
		}
	}
	if len(at) == len(h.Labels) {
		return at, true
	}
	if len(at) > len(h.near.found) {
		h.near.row, h.near.found, h.near.cells = n, at, row
	}
	return nil, false
}

// Err is the error when no row was the header: it names the row that came
// nearest, the identity columns it lacks and what it holds.
func (h *Header) Err(file, sheetName string) error {
	e := &extract.LayoutError{File: file, Sheet: sheetName, Row: h.near.row, Detail: "no header row with the columns " + strings.Join(h.Labels, ", ")}
	for _, l := range h.Labels {
		if _, ok := h.near.found[l]; !ok {
			e.Missing = append(e.Missing, l)
		}
	}
	e.Column = e.Missing[0]
	for _, c := range h.near.cells {
		e.Found = append(e.Found, Clean(c.Text))
	}
	return e
}

// Text returns the trimmed text of row's cell i, "" beyond the row's end.
func Text(row []sheet.Cell, i int) string {
	if i >= 0 && i < len(row) {
		return strings.TrimSpace(row[i].Text)
	}
	return ""
}

// Cell returns row's cell i, an empty cell beyond the row's end.
func Cell(row []sheet.Cell, i int) sheet.Cell {
	if i >= 0 && i < len(row) {
		return row[i]
	}
	return sheet.Cell{}
}

// Body is how a dataset names a body of the returns: its geographic level
// (National for England), name in DfE's spelling where geo knows its ONS
// code (so "York UA" in 2023-24 and "York" in 2022-23 are one name), else
// the file's, and DfE's three-digit code where it has one.
func Body(lookup *geo.Lookup, onsCode, name string) (level, dfeName, oldCode string) {
	if onsCode == EnglandCode {
		return schemas.National, name, ""
	}
	if la, ok := lookup.ByCode(onsCode); ok {
		return schemas.LocalAuthority, la.Name, la.OldCode
	}
	return schemas.LocalAuthority, name, ""
}

// Money writes pounds with thousands separators, for run notes.
func Money(n int64) string { return number.Sprintf("%d", n) }

// number formats numbers the British way, with thousands separators.
var number = message.NewPrinter(language.BritishEnglish)
