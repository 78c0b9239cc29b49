package ofsted

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/csvsheet"
	"github.com/caredata/caredata/schemas"
)

// ErrBadValue is the cause of a *extract.CellError for a joiners and
// leavers cell that is not what its column holds.
var ErrBadValue = errors.New("not a value the column holds")

// joinersName is the file name of a joiners and leavers file: the
// "Leavers+Joiners" sheet of a year's underlying data exported as CSV,
// named by the year to 31 March it covers (joiners_leavers_23.csv is
// 1 April 2022 to 31 March 2023). The extractor tells these inputs from
// the registers by this name, because registers may be CSV exports too.
var joinersName = regexp.MustCompile(`(?i)^joiners_leavers_(\d{2})\.csv$`)

// IsJoinersLeavers reports whether a source path names a joiners and
// leavers file.
func IsJoinersLeavers(p string) bool { return joinersName.MatchString(path.Base(p)) }

// splitJoiners separates the joiners and leavers files from the registers.
func splitJoiners(in []extract.Input) (registers, joiners []extract.Input) {
	for _, i := range in {
		if IsJoinersLeavers(i.Source.Path) {
			joiners = append(joiners, i)
		} else {
			registers = append(registers, i)
		}
	}
	return registers, joiners
}

// joinerFields are the columns of a joiners and leavers file under every
// name Ofsted has given them. The dates changed names twice: 2017, 2018
// and 2023 give four "First effective date (that the provider became
// ...)" columns, 2019 to 2022 a registration date and one closing date
// named three ways.
var joinerFields = []field{
	{key: "urn", names: []string{"urn"}, required: true},
	{key: "type", names: []string{"provision type"}, required: true},
	{key: "sector", names: []string{"sector"}, required: true},
	{key: "la", names: []string{"local authority"}, required: true},
	{key: "region", names: []string{"government office region"}},
	{key: "places", names: []string{"places"}},
	{key: "registered", names: []string{"registration date", "first effective date (that the provider became active)"}, required: true},
	{key: "closed", names: []string{"date closed", "cancelled or resigned date", "resigned/closed date", "first effective date (that the provider closed)"}},
	{key: "resigned", names: []string{"first effective date (that the provider became resigned)"}},
	{key: "cancelled", names: []string{"first effective date (that the provider became cancelled)"}},
	{key: "joiner", names: []string{"joiner status"}, required: true},
	{key: "leaver", names: []string{"leaver status"}, required: true},
	{key: "name", names: []string{"name"}},
	{key: "reason", names: []string{"reason"}},
}

// Movement is one row of a joiners and leavers file: a provider that
// joined the register in the year, left it, or both.
type Movement struct {
	URN           string
	Name          string // as published: REDACTED for most children's homes
	ProvisionType string
	Sector        string
	LAName        string // as Ofsted spells it
	RegionName    string // Government Office Region as the file gives it
	Places        schemas.Value
	Registered    time.Time // zero when not given
	Closed        time.Time // the earliest closing, resignation or cancellation date; zero when none
	Joiner        bool
	Leaver        bool
	Reason        string // 2023 only: Ofsted's reason for the status
	Line          int    // line of the file
	LA            geo.LA // zero when the name matched no authority
	RegionCode    string
}

// JoinersLeavers is one year's joiners and leavers file.
type JoinersLeavers struct {
	// End is 31 March of the year the file covers; the year began on
	// 1 April, the day after the previous register.
	End       time.Time
	SourceID  string
	File      string
	Movements []Movement
	// Lines is the number of lines under the header, blank ones included
	// (2018 and 2019 end with empty lines of commas).
	Lines int
}

// Start is 31 March before the year: the date of the register the year's
// joiners were not on.
func (j *JoinersLeavers) Start() time.Time { return j.End.AddDate(-1, 0, 0) }

// stated finds the date a file states in its title or column names
// ("Leavers and Joiners at 31 Mar 2022", "Registration status at 31 March
// 2019"), to check it against the year in the file name.
var stated = regexp.MustCompile(`(?i)31 mar(?:ch)? (\d{4})`)

// ParseJoinersLeavers reads one joiners and leavers CSV file. The year is
// the file name's; the header is found by its column names (it is on
// line 1 until 2021 and under three title lines from 2022). The 2023 file
// is Windows-1252, the others UTF-8 with or without a byte-order mark.
func ParseJoinersLeavers(sourceID, file string, data []byte) (*JoinersLeavers, error) {
	m := joinersName.FindStringSubmatch(path.Base(file))
	if m == nil {
		return nil, fmt.Errorf("%s: not a joiners and leavers file: the name is not joiners_leavers_YY.csv", file)
	}
	yy, _ := strconv.Atoi(m[1])
	jl := &JoinersLeavers{End: time.Date(2000+yy, time.March, 31, 0, 0, 0, 0, time.UTC), SourceID: sourceID, File: file}
	wb, err := csvsheet.Open(file, file, data, "")
	if err != nil {
		return nil, err
	}
	sheetRows, err := wb.Rows(file)
	if err != nil {
		return nil, err
	}
	defer sheetRows.Close()
	// The title lines and the header are kept for checkYear.
	above := &textsRead{Rows: sheetRows}
	at, err := findHeader(file, "", above, joinerFields, 0)
	if err != nil {
		return nil, err
	}
	rows := above.Rows
	headerLine := rows.Number()
	header := make([]string, len(rows.Row()))
	for i, c := range rows.Row() {
		header[i] = strings.TrimSpace(c.Text)
	}
	if err := checkYear(file, jl.End.Year(), above.texts); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for rows.Next() {
		row := rows.Row()
		get := func(key string) string {
			if i, ok := at[key]; ok && i < len(row) {
				return strings.TrimSpace(strings.ReplaceAll(row[i].Text, "’", "'"))
			}
			return ""
		}
		line := rows.Number()
		cellErr := func(key string, err error) error {
			return &extract.CellError{File: file, Row: line, Column: header[at[key]], Value: get(key), Err: err}
		}
		urn := get("urn")
		if urn == "" {
			// A row without a URN is a note under the table, not a provider.
			continue
		}
		if first, dup := seen[urn]; dup {
			return nil, cellErr("urn", fmt.Errorf("URN %s repeats line %d: %w", urn, first, ErrBadValue))
		}
		seen[urn] = line
		mv := Movement{URN: urn, Name: get("name"), ProvisionType: get("type"), Sector: get("sector"), LAName: get("la"),
			RegionName: get("region"), Reason: get("reason"), Line: line}
		if mv.ProvisionType == "" {
			return nil, cellErr("type", fmt.Errorf("no provision type: %w", ErrBadValue))
		}
		for _, f := range []struct {
			key  string
			want string
			to   *bool
		}{{"joiner", "joiner", &mv.Joiner}, {"leaver", "leaver", &mv.Leaver}} {
			switch v := get(f.key); {
			case strings.EqualFold(v, f.want):
				*f.to = true
			case v != "":
				return nil, cellErr(f.key, fmt.Errorf("%q is neither %s nor empty: %w", v, f.want, ErrBadValue))
			}
		}
		if !mv.Joiner && !mv.Leaver {
			return nil, cellErr("joiner", fmt.Errorf("neither a joiner nor a leaver: %w", ErrBadValue))
		}
		if mv.Places, err = places(sheet.Cell{Kind: sheet.String, Text: notNull(get("places"))}); err != nil {
			return nil, cellErr("places", fmt.Errorf("%v: %w", err, ErrBadValue))
		}
		if mv.Registered, err = dmy(notNull(get("registered"))); err != nil {
			return nil, cellErr("registered", err)
		}
		for _, k := range []string{"closed", "resigned", "cancelled"} {
			d, err := dmy(notNull(get(k)))
			if err != nil {
				return nil, cellErr(k, err)
			}
			if !d.IsZero() && (mv.Closed.IsZero() || d.Before(mv.Closed)) {
				mv.Closed = d
			}
		}
		jl.Movements = append(jl.Movements, mv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	jl.Lines = lastLine(wb.Text()) - headerLine
	if len(jl.Movements) == 0 {
		return nil, &extract.LayoutError{File: file, Row: headerLine, Detail: "no providers under the header"}
	}
	return jl, nil
}

// checkYear fails when the lines down to the header state a 31 March other
// than the file name's: a file renamed to the wrong year would otherwise
// be compared with the wrong registers.
func checkYear(file string, year int, above []string) error {
	for _, t := range above {
		if m := stated.FindStringSubmatch(t); m != nil && m[1] != strconv.Itoa(year) {
			return &extract.LayoutError{File: file, Detail: fmt.Sprintf("the name says the year to 31 March %d, the file %q", year, t)}
		}
	}
	return nil
}

// notNull reads the 2017 file's NULL (52 places, a registration date) as
// the empty cell the other years leave: a value not given, not a zero.
func notNull(s string) string {
	if s == "NULL" {
		return ""
	}
	return s
}

// dmy reads a dd/mm/yyyy date, or nothing.
func dmy(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: %w", s, ErrBadValue)
}

// textsRead records the texts of the rows read through it: the title
// lines and the header, while findHeader looks for the header.
type textsRead struct {
	sheet.Rows
	texts []string
}

func (r *textsRead) Next() bool {
	if !r.Rows.Next() {
		return false
	}
	for _, c := range r.Row() {
		if c.Text != "" {
			r.texts = append(r.texts, c.Text)
		}
	}
	return true
}

// lastLine is the number of the file's last line that holds anything,
// lines of empty fields included (2018 and 2019 end with such lines).
func lastLine(text []byte) int {
	return bytes.Count(bytes.TrimRight(text, "\r\n"), []byte("\n")) + 1
}
