// Package geo matches the local authority names publishers print to the
// codes of the Explore Education Statistics standard: the ONS nine-character
// code, DfE's three-digit code and the region. It reads DfE's own lookups
// (las.csv and regions.csv from dfe-analytical-services/dfe-published-data-qa,
// vendored under sources/lookups), which give each authority's dates of
// operation, so a name is matched to the codes in force on the date the
// data describe: Cumbria on 31 March 2023, Cumberland on 31 March 2024.
//
// Publishers spell names differently (Ofsted writes "Southend on Sea",
// "Bristol", "Durham", "St Helens", "Bournemouth, Christchurch & Poole");
// names are compared after the normalisation in Normalise, which removes
// punctuation, "&"/"and" and the ", City of"/", County of" qualifiers that
// DfE uses and Ofsted does not. No library does this matching.
package geo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// LA is a local authority as the EES standard names it.
type LA struct {
	NewCode    string // ONS code, e.g. E06000033
	OldCode    string // DfE code, e.g. 882; empty outside England
	Name       string // DfE spelling, e.g. Southend-on-Sea
	RegionCode string // E12000001 ... E12000009; empty outside England
	RegionName string
	Country    string    // ONS country code: E92000001 England, W92000004 Wales
	From, To   time.Time // dates of operation; To is zero while live
}

// Operating reports whether the authority existed on day d.
func (l LA) Operating(d time.Time) bool {
	return !d.Before(l.From) && (l.To.IsZero() || !d.After(l.To))
}

// Entry is one English row of las.csv as DfE gives it, including the rows
// Match, ByCode and Operating leave out: the pre-2009 counties DfE gives
// no code ("x": Durham E10000010, Wiltshire E10000033, ...), whose OldCode
// is empty, and rows joining two authorities DfE reports together
// ("E06000061 / E06000062"), whose NewCode, OldCode and Name are as
// written and whose Parts are the ONS codes joined.
type Entry struct {
	LA
	Parts []string // a joint row's ONS codes; nil for an authority
}

// Joint reports whether the row joins two or more authorities.
func (e Entry) Joint() bool { return len(e.Parts) > 0 }

// Lookup finds authorities by name and date.
type Lookup struct {
	entries      []Entry // every English row of las.csv, in file order
	byName       map[string][]LA
	regions      map[string]string // code -> name
	regionByName map[string]string
	byCode       map[string]LA   // built on first use by ByCode
	byOld        map[string][]LA // built on first use by ByDfECode
}

// ErrNoMatch means no authority of that name operated on the date.
var ErrNoMatch = errors.New("no local authority of that name on that date")

// Load reads DfE's las.csv and regions.csv.
func Load(las, regions []byte) (*Lookup, error) {
	l := &Lookup{byName: map[string][]LA{}, regions: map[string]string{}, regionByName: map[string]string{}}
	rrows, err := readCSV("regions.csv", regions, "region_code", "region_name")
	if err != nil {
		return nil, err
	}
	for _, r := range rrows {
		if strings.HasPrefix(r[0], "E") {
			l.regions[r[0]] = r[1]
			l.regionByName[Normalise(r[1])] = r[0]
		}
	}
	rows, err := readCSV("las.csv", las, "new_la_code", "la_name", "date_of_operation", "date_of_termination", "parent_geography_code", "old_la_code")
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		// Only English rows (the file also has "z", British Forces Post
		// Office overseas establishments).
		if !strings.HasPrefix(r[0], "E") {
			continue
		}
		old := r[5]
		if old == "x" {
			old = ""
		}
		la := LA{NewCode: r[0], Name: r[1], RegionCode: r[4], RegionName: l.regions[r[4]], OldCode: old, Country: England}
		if la.RegionName == "" {
			return nil, fmt.Errorf("las.csv line %d: region %q is not in regions.csv", i+2, r[4])
		}
		if la.From, err = time.Parse("02/01/2006", r[2]); err != nil {
			return nil, fmt.Errorf("las.csv line %d column date_of_operation: %w", i+2, err)
		}
		if r[3] != "" {
			if la.To, err = time.Parse("02/01/2006", r[3]); err != nil {
				return nil, fmt.Errorf("las.csv line %d column date_of_termination: %w", i+2, err)
			}
		}
		e := Entry{LA: la}
		if strings.Contains(r[0], "/") {
			for _, p := range strings.Split(r[0], "/") {
				e.Parts = append(e.Parts, strings.TrimSpace(p))
			}
		}
		l.entries = append(l.entries, e)
		// Rows joining two authorities and entries without a DfE code
		// are not authorities we publish figures for.
		if e.Joint() || la.OldCode == "" {
			continue
		}
		for _, k := range keys(la.Name) {
			l.byName[k] = append(l.byName[k], la)
		}
	}
	return l, nil
}

// Entries returns every English row of las.csv in file order: the
// authorities Match finds, and also those without a DfE code and the
// joint rows (see Entry). derive/successors reads the codes that
// started and ended since 2009 from them.
func (l *Lookup) Entries() []Entry { return slices.Clone(l.entries) }

// Country codes of the authorities the lookups know.
const (
	England = "E92000001"
	Wales   = "W92000004"
)

// AddWales adds the Welsh upper-tier authorities of ONS's lower-tier to
// upper-tier lookup (LTLA23CD, UTLA23CD, UTLA23NM). Ofsted registers a few
// supported-accommodation providers whose authority is Welsh; they have
// ONS codes but no DfE code or English region. English rows are left to
// DfE's las.csv, which knows the dates boundaries changed.
func (l *Lookup) AddWales(ons []byte) error {
	rows, err := readCSV("LTLA-UTLA lookup", ons, "UTLA23CD", "UTLA23NM")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if !strings.HasPrefix(r[0], "W") || seen[r[0]] {
			continue
		}
		seen[r[0]] = true
		la := LA{NewCode: r[0], Name: r[1], Country: Wales}
		for _, k := range keys(la.Name) {
			l.byName[k] = append(l.byName[k], la)
		}
	}
	if len(seen) == 0 {
		return fmt.Errorf("LTLA-UTLA lookup: no Welsh authorities (codes W...)")
	}
	return nil
}

// readCSV reads a lookup CSV and returns the named columns of every row.
func readCSV(file string, data []byte, cols ...string) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	idx := make([]int, len(cols))
	for j, c := range cols {
		idx[j] = -1
		for i, h := range header {
			if h == c {
				idx[j] = i
			}
		}
		if idx[j] < 0 {
			return nil, fmt.Errorf("%s: no column %q (found %s)", file, c, strings.Join(header, ", "))
		}
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		row := make([]string, len(cols))
		for j, i := range idx {
			row[j] = strings.TrimSpace(rec[i])
		}
		out = append(out, row)
	}
}

// Normalise reduces a name to the form names are compared in: lower case,
// "&" as "and", punctuation and repeated spaces removed.
func Normalise(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	name = normaliser.Replace(name)
	return strings.Join(strings.Fields(name), " ")
}

var normaliser = strings.NewReplacer("&", " and ", "-", " ", ".", "", ",", " ", "'", "", "’", "")

// keys are the normalised forms a DfE name is found under: the name
// itself, without DfE's ", City of"/", County of" qualifier, and without a
// leading "County " ("County Durham" is "Durham" to Ofsted).
func keys(name string) []string {
	n := Normalise(name)
	ks := []string{n}
	for _, suffix := range []string{" city of", " county of"} {
		if s := strings.TrimSuffix(n, suffix); s != n {
			ks = append(ks, s)
		}
	}
	if s := strings.TrimPrefix(n, "county "); s != n {
		ks = append(ks, s)
	}
	return ks
}

// Match returns the authority of that name operating on day d.
func (l *Lookup) Match(name string, d time.Time) (LA, error) {
	var found []LA
	for _, la := range l.byName[Normalise(name)] {
		if la.Operating(d) {
			found = append(found, la)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return LA{}, fmt.Errorf("%q on %s: %w", name, d.Format("2006-01-02"), ErrNoMatch)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].NewCode < found[j].NewCode })
	return LA{}, fmt.Errorf("%q on %s: %d authorities match (%s and %s)", name, d.Format("2006-01-02"), len(found), found[0].NewCode, found[1].NewCode)
}

// ByDfECode returns the English authority with that DfE three-digit code
// in operation on day d: the codes and name of the day, for files that
// give DfE codes only (DfE's children looked after file of 2010).
func (l *Lookup) ByDfECode(code string, d time.Time) (LA, error) {
	if l.byOld == nil {
		l.byOld = map[string][]LA{}
		seen := map[string]bool{}
		for _, las := range l.byName {
			for _, la := range las {
				if la.Country == England && la.OldCode != "" && !seen[la.NewCode] {
					seen[la.NewCode] = true
					l.byOld[la.OldCode] = append(l.byOld[la.OldCode], la)
				}
			}
		}
	}
	var found []LA
	for _, la := range l.byOld[code] {
		if la.Operating(d) {
			found = append(found, la)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return LA{}, fmt.Errorf("DfE code %q on %s: %w", code, d.Format("2006-01-02"), ErrNoMatch)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].NewCode < found[j].NewCode })
	return LA{}, fmt.Errorf("DfE code %q on %s: %d authorities (%s and %s)", code, d.Format("2006-01-02"), len(found), found[0].NewCode, found[1].NewCode)
}

// Named reports whether name is the authority's name as publishers write
// it: equal to DfE's after Normalise, or without DfE's qualifiers (see
// Match).
func (l LA) Named(name string) bool {
	n := Normalise(name)
	for _, k := range keys(l.Name) {
		if k == n {
			return true
		}
	}
	return false
}

// ByCode returns the English authority with that ONS code, whatever its
// dates: an ONS code is never reused for another authority.
func (l *Lookup) ByCode(code string) (LA, bool) {
	if l.byCode == nil {
		l.byCode = map[string]LA{}
		for _, las := range l.byName {
			for _, la := range las {
				l.byCode[la.NewCode] = la
			}
		}
	}
	la, ok := l.byCode[code]
	return la, ok && la.Country == England
}

// Operating lists the English authorities with a DfE code in operation on
// day d, ordered by DfE code: the upper-tier authorities of that day.
func (l *Lookup) Operating(d time.Time) []LA {
	seen := map[string]bool{}
	var out []LA
	for _, las := range l.byName {
		for _, la := range las {
			if la.Country == England && la.OldCode != "" && la.Operating(d) && !seen[la.NewCode] {
				seen[la.NewCode] = true
				out = append(out, la)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OldCode < out[j].OldCode })
	return out
}

// Region returns the code of a region given by name ("London",
// "Yorkshire and the Humber"), or "".
func (l *Lookup) Region(name string) string { return l.regionByName[Normalise(name)] }

// RegionName returns the EES name of a region code.
func (l *Lookup) RegionName(code string) string { return l.regions[code] }
