// Package s251 reads DfE's section 251 outturn files for children's and
// young people's services, 2008-09 to 2013-14 (one CSV a year, a row per
// authority and line of the return), and publishes s251_outturn.
//
// The files change every year: their columns are named differently
// (2008-09 "PRIVATE (x)", 2009-10 and 2010-11 "Private (z(i))", from
// 2011-12 "PrivateProvision") and are found by name, never by position;
// 2008-09 has no own/other public split (own_provision_gbp and
// other_public_gbp are x, public_gbp is its PUBLIC column) and prints the
// line number inside the label; the lines are renumbered, regrouped and
// relabelled every year, with typos, tabs and truncated labels. lines.go
// maps every year's labels to one label per line with an explicit table;
// a label the table does not know is schema drift and stops the run.
//
// source_line_label is the file's label with its white space tidied, and
// the one label longer than the 120 characters EES takes for a filter
// item (2010-11's line 51, 265 characters) cut at a word with an ellipsis.
//
// Amounts are pounds, printed with up to five decimal places; they are
// published rounded to the pound (half away from zero). A blank or NULL
// cell (memorandum lines, CERA's provider columns) is null with status z.
//
// The files have no England row. The National rows are the exact sums of
// the authorities' amounts as printed, pence and all, rounded once to the
// pound: the England total a reader gets by adding up the file. They can
// therefore differ by a few pounds from the sum of the published (each
// rounded) authority rows. Where some authorities leave a cell
// blank and others do not (two authorities in 2009-10, a few in other
// years), the National figure sums the amounts given and the run notes
// how many cells that concerns. A National cell is z only when every
// authority's is blank.
//
// Authorities are placed by their DfE three-digit code on 31 March of the
// year's end (geo.Lookup.ByDfECode): in 2008-09 that is Bedfordshire (820,
// E10000001) and Cheshire (875, E10000004), which split on 1 April 2009
// and are published as they were; la_successors describes the split.
package s251

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes s251_outturn.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "s251" }

// Datasets is s251_outturn.
func (Extractor) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.S251Outturn} }

// Extract parses the files one at a time (each year is decoded, parsed
// and written before the next is read) and appends each year's National
// rows, then its authorities'.
func (Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	places, err := geo.FromInputs(in, false)
	if err != nil {
		return err
	}
	b, err := env.Out.Open(&schemas.S251Outturn)
	if err != nil {
		return err
	}
	own := extract.Own(in)
	slices.SortStableFunc(own, func(a, b extract.Input) int { return cmp.Compare(a.Source.Release, b.Source.Release) })
	for _, i := range own {
		if err := ctx.Err(); err != nil {
			return err
		}
		period, err := Period(i.Source.Release)
		if err != nil {
			return fmt.Errorf("%s: %w", i.Source.Path, err)
		}
		f, err := Parse(i.Source.Path, i.Data, charset.FromMediaType(i.Source.MediaType), period, places)
		if err != nil {
			return err
		}
		f.SourceID = i.Source.ID
		if len(f.NextDay) > 0 {
			env.Notef("s251_outturn %s: %s placed by the codes of the authorities that took over on %s with the same DfE code and area (las.csv gives the earlier ones none)",
				i.Source.Release, strings.Join(f.NextDay, ", "), f.day().AddDate(0, 0, 1).Format("2 January 2006"))
		}
		if f.Partial > 0 {
			env.Notef("s251_outturn %s: %d National cells sum fewer than all %d authorities, the others leaving the cell blank",
				i.Source.Release, f.Partial, len(f.Authorities))
		}
		if err := f.AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}

// Period turns a manifest release such as "2008-09" into the time period
// 200809.
func Period(release string) (int32, error) {
	var y, yy int32
	if n, err := fmt.Sscanf(release, "%4d-%2d", &y, &yy); err != nil || n != 2 || len(release) != 7 || (y+1)%100 != yy {
		return 0, fmt.Errorf("release %q is not a financial year such as 2008-09", release)
	}
	return y*100 + yy, nil
}

// Amounts of a row, in the order of Row.Values.
const (
	Own = iota
	Private
	OtherPublic
	Voluntary
	Public
	Total
	Income
	Net
	nAmounts
)

// File is one year's file, parsed.
type File struct {
	Name, SourceID string
	Period         int32
	// Split is false for 2008-09, which has one public column and no own
	// provision or other public columns.
	Split bool
	// Authorities are the file's authorities in the order rows refer to
	// them.
	Authorities []geo.LA
	// Labels are the file's lines in order of their number: the index in
	// Lines, the number and the label as printed (white space cleaned, and
	// shortened to MaxLabel characters).
	Labels []Label
	// Rows are the authority rows, ordered by region, DfE code and line
	// number.
	Rows []Row
	// National is a row per entry of Labels: the authorities' sums.
	National []Row
	// NextDay names the authorities placed by their codes of the day
	// after the year's end: in 2008-09 the unitary authorities of 1 April
	// 2009 that kept their county's DfE code and area, for which las.csv
	// gives no code on 31 March 2009.
	NextDay []string
	// Partial counts the National cells that sum some authorities but not
	// all, the others being blank.
	Partial int
}

// Label is one line of a year's return.
type Label struct {
	Line   int    // index in Lines()
	Number int32  // the line's number that year
	Source string // the label as printed, white space cleaned (see Shorten)
}

// Row is one authority's (or England's) amounts on one line.
type Row struct {
	LA     int32 // index in Authorities; -1 on National rows
	Label  int32 // index in File.Labels
	Values [nAmounts]int64
	Null   uint16 // bit k set: Values[k] is null
}

// IsNull reports whether amount k (Own ... Net) is null.
func (r Row) IsNull(k int) bool { return r.Null&(1<<k) != 0 }

// column is a column the parser reads: its name in errors and the
// normalised headers it goes by over the years.
type column struct {
	name    string
	headers []string
}

// Columns of the files, by normalised header (see normaliseHeader).
var (
	colCode    = column{"LA code", []string{"leanumber", "lea", "la"}}
	colName    = column{"LA name", []string{"laname", "leaname"}}
	colNumber  = column{"line number", []string{"line", "linenumber"}}
	colLabel   = column{"line label", []string{"s52linereference", "cypservicedescription"}}
	colOwn     = column{"own provision", []string{"ownprovisiony", "ownprovision"}}
	colPrivate = column{"private provision", []string{"privatex", "privatezi", "privateprovision"}}
	colOther   = column{"other public provision", []string{"otherpubliczii", "otherpublic"}}
	colVol     = column{"voluntary provision", []string{"voluntaryy", "voluntaryziii", "voluntary"}}
	colPublic  = column{"public provision", []string{"publicz"}}
	colTotal   = column{"total expenditure", []string{"totalexpenditurek", "totalexpenditure"}}
	colIncome  = column{"income", []string{"incomel", "income"}}
	colNet     = column{"net current expenditure", []string{"netcurrentexpenditurem", "netcurrentexpenditure"}}
)

// layouts are the two shapes of file: 2008-09's (one public column, the
// number inside the label) and the later years'. amounts[k] is the column
// of amount k, nil where the layout has none (Public is derived in the
// later years).
type layout struct {
	split   bool
	columns []column // every column the layout needs
	amounts [nAmounts]*column
}

var (
	layout0809 = layout{split: false,
		columns: []column{colCode, colName, colLabel, colPrivate, colVol, colPublic, colTotal, colIncome, colNet},
		amounts: [nAmounts]*column{Private: &colPrivate, Voluntary: &colVol, Public: &colPublic, Total: &colTotal, Income: &colIncome, Net: &colNet}}
	layoutSplit = layout{split: true,
		columns: []column{colCode, colName, colNumber, colLabel, colOwn, colPrivate, colOther, colVol, colTotal, colIncome, colNet},
		amounts: [nAmounts]*column{Own: &colOwn, Private: &colPrivate, OtherPublic: &colOther, Voluntary: &colVol, Total: &colTotal, Income: &colIncome, Net: &colNet}}
)

// normaliseHeader is the form in which headers are compared: lower-case
// letters and digits only ("PRIVATE (x)" is privatex, "LEA Number:" is
// leanumber).
func normaliseHeader(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ErrBadValue is what a CellError wraps for a cell that is not what its
// column holds.
var ErrBadValue = errors.New("not a valid value")

// Parse reads one year's file. cs is the legacy charset the manifest
// names ("" for UTF-8 or ASCII files), period the financial year (200809
// ... 201314), which chooses the labels' meanings and the day (31 March
// of its end) on which the authorities' codes are looked up.
func Parse(name string, data []byte, cs string, period int32, places *geo.Lookup) (*File, error) {
	if !slices.Contains(Periods, period) {
		return nil, fmt.Errorf("%s: time period %d is not a year of the section 251 files (%d to %d)", name, period, Periods[0], Periods[len(Periods)-1])
	}
	text, err := charset.Decode(data, cs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, extract.ErrUnreadable, err)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, &extract.LayoutError{File: name, Row: 1, Detail: fmt.Sprintf("no header row: %v", err)}
	}
	idx := map[string]int{}
	found := make([]string, len(header))
	for i, h := range header {
		found[i] = h
		if _, dup := idx[normaliseHeader(h)]; !dup {
			idx[normaliseHeader(h)] = i
		}
	}
	lay := layout0809
	if has(idx, colOwn) || has(idx, colOther) || has(idx, colNumber) {
		lay = layoutSplit
	}
	pos := map[string]int{} // column name -> index
	var missing []string
	for _, c := range lay.columns {
		i, ok := lookupColumn(idx, c)
		if !ok {
			missing = append(missing, c.name)
			continue
		}
		pos[c.name] = i
	}
	if len(missing) > 0 {
		return nil, &extract.LayoutError{File: name, Row: 1, Column: missing[0], Missing: missing, Found: found}
	}
	p := parser{name: name, period: period, lay: lay, pos: pos, header: found, places: places,
		day:     time.Date(int(period/100)+1, time.March, 31, 0, 0, 0, 0, time.UTC),
		laByDfE: map[string]int32{}, labelByRaw: map[string]int32{}, lineUsed: map[int]int32{},
		f: &File{Name: name, Period: period, Split: lay.split}}
	p.day = p.f.day()
	// A row a record: no regrowing the slice 40 times over.
	p.f.Rows = make([]Row, 0, bytes.Count(text, []byte{'\n'}))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos has no record to place: the csv error has the line.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &extract.CellError{File: name, Row: line, Err: fmt.Errorf("%w: %w", ErrBadValue, err)}
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	if len(p.f.Rows) == 0 {
		return nil, &extract.LayoutError{File: name, Row: 2, Detail: "no rows below the header"}
	}
	p.finish()
	return p.f, nil
}

func has(idx map[string]int, c column) bool {
	_, ok := lookupColumn(idx, c)
	return ok
}

func lookupColumn(idx map[string]int, c column) (int, bool) {
	for _, h := range c.headers {
		if i, ok := idx[h]; ok {
			return i, true
		}
	}
	return 0, false
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// parser holds one file's state while its rows are read.
type parser struct {
	name   string
	period int32
	lay    layout
	pos    map[string]int
	header []string
	places *geo.Lookup
	day    time.Time
	f      *File
	// laByDfE and labelByRaw give each authority and raw label its index
	// once; lineUsed maps a line of the table to the entry of f.Labels
	// that took it, so two lines of a year never share a line.
	laByDfE    map[string]int32
	labelByRaw map[string]int32
	lineUsed   map[int]int32
	// seen marks, by authority, the lines of the table already read.
	seen [][]bool
	// exact sums each entry of f.Labels' amounts as printed, for the
	// National rows.
	exact [][nAmounts]Amount
}

func (p *parser) cell(rec []string, c column) string {
	i := p.pos[c.name]
	if i >= len(rec) {
		return ""
	}
	return rec[i]
}

func (p *parser) cellErr(line int, c column, value string, err error) error {
	return &extract.CellError{File: p.name, Row: line, Column: p.header[p.pos[c.name]], Value: value, Err: err}
}

func (p *parser) row(rec []string, line int) error {
	la, err := p.authority(rec, line)
	if err != nil {
		return err
	}
	label, err := p.label(rec, line)
	if err != nil {
		return err
	}
	for int(la) >= len(p.seen) {
		p.seen = append(p.seen, nil)
	}
	if p.seen[la] == nil {
		p.seen[la] = make([]bool, len(lines))
	}
	if p.seen[la][p.f.Labels[label].Line] {
		return p.cellErr(line, colLabel, p.cell(rec, colLabel), fmt.Errorf("%w: line %d of %s again",
			ErrBadValue, p.f.Labels[label].Number, p.f.Authorities[la].Name))
	}
	p.seen[la][p.f.Labels[label].Line] = true
	row := Row{LA: la, Label: label}
	for int(label) >= len(p.exact) {
		p.exact = append(p.exact, [nAmounts]Amount{})
	}
	var exact [nAmounts]Amount
	for k, c := range p.lay.amounts {
		if c == nil {
			continue
		}
		s := p.cell(rec, *c)
		a, null, err := ParseExact(s)
		if err != nil {
			return p.cellErr(line, *c, s, err)
		}
		exact[k] = a
		row.Values[k] = a.Round()
		if null {
			row.Null |= 1 << k
		}
	}
	if p.lay.split {
		// One public figure for every year: own plus other public.
		if row.IsNull(Own) || row.IsNull(OtherPublic) {
			row.Null |= 1 << Public
		} else {
			row.Values[Public] = row.Values[Own] + row.Values[OtherPublic]
			exact[Public] = exact[Own].Add(exact[OtherPublic])
		}
	}
	for k := range nAmounts {
		if !row.IsNull(k) {
			p.exact[label][k] = p.exact[label][k].Add(exact[k])
		}
	}
	p.f.Rows = append(p.f.Rows, row)
	return nil
}

// authority places the row's DfE code, checking the name beside it.
func (p *parser) authority(rec []string, line int) (int32, error) {
	code := strings.TrimSpace(p.cell(rec, colCode))
	if i, ok := p.laByDfE[code]; ok {
		return i, nil
	}
	if p.places == nil {
		return 0, fmt.Errorf("%s: no lookup of local authorities to place DfE code %q", p.name, code)
	}
	la, err := p.places.ByDfECode(code, p.day)
	if errors.Is(err, geo.ErrNoMatch) {
		// The counties that became unitary authorities on 1 April 2009
		// (Cornwall, Durham, Northumberland, Shropshire, Wiltshire) and the
		// Isles of Scilly have no DfE code in las.csv before that day; the
		// authority of the next day has the same code and area.
		next, nextErr := p.places.ByDfECode(code, p.day.AddDate(0, 0, 1))
		if nextErr == nil && next.From.Equal(p.day.AddDate(0, 0, 1)) {
			la, err = next, nil
			p.f.NextDay = append(p.f.NextDay, la.Name)
		}
	}
	if err != nil {
		return 0, p.cellErr(line, colCode, code, fmt.Errorf("%w: %v", ErrBadValue, err))
	}
	if name := p.cell(rec, colName); !la.Named(name) && !la.Named(spellings[geo.Normalise(name)]) {
		return 0, p.cellErr(line, colName, name, fmt.Errorf("%w: DfE's las.csv names %s (%s) %q", ErrBadValue, code, la.NewCode, la.Name))
	}
	i := int32(len(p.f.Authorities))
	p.f.Authorities = append(p.f.Authorities, la)
	p.laByDfE[code] = i
	return i, nil
}

// spellings are the files' names for authorities that geo.LA.Named does
// not recognise, by their normalised form, with DfE's name.
var spellings = map[string]string{
	"bedford borough": "Bedford", // 2009-10 to 2013-14
}

// label finds the row's line in the table, and its number: the Line
// column, or in 2008-09 the number the label starts with.
func (p *parser) label(rec []string, line int) (int32, error) {
	raw := p.cell(rec, colLabel)
	if i, ok := p.labelByRaw[raw]; ok {
		// The number must agree for every authority.
		if p.lay.split {
			if n := strings.TrimSpace(p.cell(rec, colNumber)); !sameNumber(n, p.f.Labels[i].Number) {
				return 0, p.cellErr(line, colNumber, n, fmt.Errorf("%w: the label %q is line %d above", ErrBadValue, Clean(raw), p.f.Labels[i].Number))
			}
		}
		return i, nil
	}
	var number int64
	var err error
	prefix := leadingNumber(raw)
	if p.lay.split {
		s := strings.TrimSpace(p.cell(rec, colNumber))
		if number, err = strconv.ParseInt(s, 10, 32); err != nil || number <= 0 {
			return 0, p.cellErr(line, colNumber, s, fmt.Errorf("%w: not a line number", ErrBadValue))
		}
		// 2012-13 and 2013-14 print the number in the label too.
		if prefix != "" && prefix != s {
			return 0, p.cellErr(line, colLabel, raw, fmt.Errorf("%w: the label starts with %s, the line number is %s", ErrBadValue, prefix, s))
		}
	} else if number, err = strconv.ParseInt(prefix, 10, 32); err != nil || number <= 0 {
		return 0, p.cellErr(line, colLabel, raw, fmt.Errorf("%w: no line number at the start of the label", ErrBadValue))
	}
	li, ok := Find(p.period, raw)
	if !ok {
		return 0, &extract.LayoutError{File: p.name, Row: line, Column: p.header[p.pos[colLabel.name]],
			Detail: fmt.Sprintf("line %d %q is in no line of the label table for %s (extractors/s251/lines.go): a new or renamed line",
				number, Clean(raw), periodLabel(p.period))}
	}
	i := int32(len(p.f.Labels))
	if prev, dup := p.lineUsed[li]; dup {
		if p.f.Labels[prev].Number == int32(number) {
			// The same line spelt differently by another authority.
			p.labelByRaw[raw] = prev
			return prev, nil
		}
		return 0, &extract.LayoutError{File: p.name, Row: line, Column: p.header[p.pos[colLabel.name]],
			Detail: fmt.Sprintf("lines %d %q and %d %q both map to %q in the label table",
				p.f.Labels[prev].Number, p.f.Labels[prev].Source, number, Clean(raw), lines[li].Label)}
	}
	for _, l := range p.f.Labels {
		if l.Number == int32(number) {
			return 0, p.cellErr(line, colNumber, raw, fmt.Errorf("%w: line %d is also %q", ErrBadValue, number, l.Source))
		}
	}
	p.lineUsed[li] = i
	p.labelByRaw[raw] = i
	p.f.Labels = append(p.f.Labels, Label{Line: li, Number: int32(number), Source: Shorten(Clean(raw))})
	return i, nil
}

// sameNumber reports whether s is the number n, without allocating.
func sameNumber(s string, n int32) bool {
	v, err := strconv.Atoi(s)
	return err == nil && v == int(n)
}

// MaxLabel is the longest filter item EES takes (source_line_label is a
// filter), in characters.
const MaxLabel = 120

// Shorten cuts a label longer than MaxLabel at the last space that leaves
// room for an ellipsis: 2010-11's line 51 prints 265 characters
// ("Spend on evidence based, early intervention services ... extracted
// from lines 5 to 7 above)").
func Shorten(label string) string {
	r := []rune(label)
	if len(r) <= MaxLabel {
		return label
	}
	cut := MaxLabel - 1
	for i := cut; i > 0; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,-") + "\u2026"
}

// leadingNumber returns the digits a label starts with ("" when none).
func leadingNumber(s string) string {
	s = strings.TrimLeft(s, " \t")
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return s[:n]
}

// day is 31 March of the year's end, the day the codes are looked up on.
func (f *File) day() time.Time {
	return time.Date(int(f.Period/100)+1, time.March, 31, 0, 0, 0, 0, time.UTC)
}

func periodLabel(p int32) string { return fmt.Sprintf("%d-%02d", p/100, p%100) }

// finish orders the labels and rows and sums the National rows.
func (p *parser) finish() {
	f := p.f
	// Labels by number; rows point at labels, so renumber them.
	order := make([]int32, len(f.Labels))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(f.Labels[a].Number, f.Labels[b].Number) })
	newIndex := make([]int32, len(order))
	sorted := make([]Label, len(order))
	for n, old := range order {
		newIndex[old] = int32(n)
		sorted[n] = f.Labels[old]
	}
	f.Labels = sorted
	for i := range f.Rows {
		f.Rows[i].Label = newIndex[f.Rows[i].Label]
	}
	slices.SortFunc(f.Rows, func(a, b Row) int {
		la, lb := &f.Authorities[a.LA], &f.Authorities[b.LA]
		if c := cmp.Compare(la.RegionCode, lb.RegionCode); c != 0 {
			return c
		}
		if c := cmp.Compare(la.OldCode, lb.OldCode); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	// National: sum what is given; null only where no authority gives a
	// figure.
	f.National = make([]Row, len(f.Labels))
	given := make([][nAmounts]int, len(f.Labels))
	for i := range f.National {
		f.National[i] = Row{LA: -1, Label: int32(i)}
	}
	for _, r := range f.Rows {
		for k := range nAmounts {
			if !r.IsNull(k) {
				given[r.Label][k]++
			}
		}
	}
	for old, sums := range p.exact {
		n := &f.National[newIndex[old]]
		for k := range nAmounts {
			n.Values[k] = sums[k].Round()
		}
	}
	all := len(f.Authorities)
	for i := range f.National {
		n := &f.National[i]
		for k := range nAmounts {
			switch g := given[i][k]; {
			case g == 0:
				n.Null |= 1 << k
			case g < all:
				f.Partial++
			}
		}
	}
}

// Amount is an amount in pounds as a file prints it, exactly: whole
// pounds and billionths of a pound (the files print up to nine decimal
// places), both of the amount's sign.
type Amount struct{ Pounds, Nano int64 }

const nanoPerPound = 1_000_000_000

// Add returns a + b, its billionths carried into pounds.
func (a Amount) Add(b Amount) Amount {
	s := Amount{a.Pounds + b.Pounds, a.Nano + b.Nano}
	s.Pounds += s.Nano / nanoPerPound
	s.Nano %= nanoPerPound
	if s.Pounds > 0 && s.Nano < 0 {
		s.Pounds, s.Nano = s.Pounds-1, s.Nano+nanoPerPound
	} else if s.Pounds < 0 && s.Nano > 0 {
		s.Pounds, s.Nano = s.Pounds+1, s.Nano-nanoPerPound
	}
	return s
}

// Round is the amount rounded to the pound, half away from zero.
func (a Amount) Round() int64 {
	switch {
	case a.Nano >= nanoPerPound/2:
		return a.Pounds + 1
	case a.Nano <= -nanoPerPound/2:
		return a.Pounds - 1
	}
	return a.Pounds
}

// ParseAmount reads an amount in pounds as the files print it ("123",
// "-4567.89", "1234567.12345"), rounded to the pound half away from zero.
// A blank or NULL cell is null.
func ParseAmount(s string) (v int64, null bool, err error) {
	a, null, err := ParseExact(s)
	return a.Round(), null, err
}

// ParseExact reads an amount exactly, without going through floating
// point (except for the one value printed with an exponent, a
// spreadsheet's residue, "-7.45058E-09" in 2010-11); digits beyond the
// ninth decimal place are dropped. A blank or NULL cell is null.
func ParseExact(s string) (a Amount, null bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "NULL" {
		return Amount{}, true, nil
	}
	neg := false
	t := s
	if t[0] == '-' {
		neg, t = true, t[1:]
	}
	if strings.ContainsAny(t, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= 1<<53 {
			return Amount{}, false, fmt.Errorf("%w: not an amount in pounds", ErrBadValue)
		}
		w := math.Trunc(f)
		return Amount{int64(w), int64(math.Round((f - w) * nanoPerPound))}, false, nil
	}
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" || !digits(whole) || !digits(frac) || (frac == "" && strings.HasSuffix(t, ".")) {
		return Amount{}, false, fmt.Errorf("%w: not an amount in pounds", ErrBadValue)
	}
	a.Pounds, err = strconv.ParseInt(whole, 10, 64)
	if err != nil || a.Pounds > 1<<62 {
		return Amount{}, false, fmt.Errorf("%w: not an amount in pounds", ErrBadValue)
	}
	for i := range 9 {
		a.Nano *= 10
		if i < len(frac) {
			a.Nano += int64(frac[i] - '0')
		}
	}
	if neg {
		a.Pounds, a.Nano = -a.Pounds, -a.Nano
	}
	return a, false, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// value is amount k of a row as published: null with status z (not
// applicable) where the file leaves the cell blank, x (not available) for
// the columns 2008-09's return does not have.
func (f *File) value(r *Row, k int) schemas.Value {
	if !f.Split && (k == Own || k == OtherPublic) {
		return schemas.Missing("x")
	}
	if r.IsNull(k) {
		return schemas.Missing("z")
	}
	return schemas.Int(r.Values[k])
}

// AppendTo appends the file's National rows, then its authorities', to a
// builder of s251_outturn.
func (f *File) AppendTo(b *schemas.Builder) error {
	row := schemas.S251OutturnRow{TimePeriod: schemas.Int(int64(f.Period)), TimeIdentifier: schemas.Str("Financial year"),
		CountryCode: schemas.Str(geo.England), CountryName: schemas.Str("England"), SourceID: schemas.Str(f.SourceID)}
	// Each label's values are built once, not once per authority.
	type labelValues struct{ group, line, number, source schemas.Value }
	lv := make([]labelValues, len(f.Labels))
	for i, l := range f.Labels {
		lv[i] = labelValues{schemas.Str(lines[l.Line].Group), schemas.Str(lines[l.Line].Label), schemas.Int(int64(l.Number)), schemas.Str(l.Source)}
	}
	put := func(r *Row) error {
		v := lv[r.Label]
		row.LineGroup, row.Line, row.LineNumber, row.SourceLineLabel = v.group, v.line, v.number, v.source
		row.OwnProvisionGBP, row.PrivateProvisionGBP = f.value(r, Own), f.value(r, Private)
		row.OtherPublicGBP, row.VoluntaryGBP, row.PublicGBP = f.value(r, OtherPublic), f.value(r, Voluntary), f.value(r, Public)
		row.TotalExpenditureGBP, row.IncomeGBP, row.NetCurrentExpenditureGBP = f.value(r, Total), f.value(r, Income), f.value(r, Net)
		return row.AppendTo(b)
	}
	row.GeographicLevel = schemas.Str(schemas.National)
	for i := range f.National {
		if err := put(&f.National[i]); err != nil {
			return err
		}
	}
	row.GeographicLevel = schemas.Str(schemas.LocalAuthority)
	last := int32(-1)
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.LA != last {
			la := f.Authorities[r.LA]
			row.RegionCode, row.RegionName = schemas.Str(la.RegionCode), schemas.Str(la.RegionName)
			row.NewLACode, row.OldLACode, row.LAName = schemas.Str(la.NewCode), schemas.Str(la.OldCode), schemas.Str(la.Name)
			last = r.LA
		}
		if err := put(r); err != nil {
			return err
		}
	}
	return nil
}
