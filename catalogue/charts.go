package catalogue

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/caredata/caredata/schemas"
)

// Chart is one headline chart: the values it plots, read from the
// release's CSVs, and the words around it.
type Chart struct {
	// ID is the chart's HTML id (its SVG's <title> and <desc> ids derive
	// from it).
	ID string
	// Title says what the chart shows, with the place and period.
	Title string
	// Dataset is the published file stem the values come from.
	Dataset string
	// Category and Value are the axis labels: the categories (years,
	// regions, authorities) and the measured value with its unit.
	Category, Value string
	// Unit is how values are written: "children", "%" or "£".
	Unit string
	// DetailLabel heads the data table's column of Point.Detail.
	DetailLabel string
	// Source is the chart's source line.
	Source string
	// Notes say what was left out and why (symbol cells skipped).
	Notes []string
	// Absent says why the chart is not drawn when its data is not in the
	// release (no CSV, or no rows to plot); Points is then empty.
	Absent string
	// Points are the plotted values in the order drawn (top to bottom for
	// bar charts with names, left to right for years).
	Points []Point
}

// Point is one plotted value: Value is the published number as the CSV
// holds it, at full precision (the page rounds only for display).
type Point struct {
	// Label names the category: a year, a region, an authority.
	Label string
	// Value is the number plotted.
	Value float64
	// Detail is shown beside the value in the chart's data table, e.g. the
	// counts a percentage is made of.
	Detail string
	// Highlight marks a reference value drawn apart (England among the
	// regions).
	Highlight bool
	// Caveat marks a value to be read with care (a year whose register is
	// incomplete): drawn as a hollow marker and named in the data table.
	Caveat string
}

// Chart ids, in page order.
const (
	ChartLookedAfter       = "chart-looked-after"
	ChartPrivatePlacements = "chart-private-placements"
	ChartPrivateShare      = "chart-private-share"
	ChartSpendPerChild     = "chart-spend-per-child"
	ChartSpendGrowth       = "chart-spend-growth"
)

// ChartIDs lists every headline chart's id, in page order.
var ChartIDs = []string{ChartLookedAfter, ChartPrivatePlacements, ChartPrivateShare, ChartSpendPerChild, ChartSpendGrowth}

// Charts reads the headline charts' values from the release folder
// dir, in page order: children looked after on 31 March in England by
// year (children_in_care.csv), the share of them placed by private
// providers by year (placements.csv), the private share of children's
// homes by region at the latest snapshot (private_provision_share.csv),
// and children's social care net spend per child by local authority in
// the latest financial year (la_profile.csv), and England's change in
// spending by service over the two latest years (spend_growth.csv). A chart whose CSV is not in the
// release, or has no values to plot, is returned with Absent set and no
// points. Charts reads only
// the CSVs and, for source lines, sources.csv.
func Charts(dir string) ([]Chart, error) {
	r := &release{dir: dir}
	if err := r.readSources(); err != nil {
		return nil, err
	}
	return r.charts()
}

func (r *release) charts() ([]Chart, error) {
	var out []Chart
	for _, f := range []func() (Chart, error){r.lookedAfterChart, r.privatePlacementsChart, r.privateShareChart, r.spendPerChildChart, r.spendGrowthChart} {
		c, err := f()
		if err != nil {
			return nil, err
		}
		if c.Absent == "" && len(c.Points) == 0 {
			c.Absent = fmt.Sprintf("%s.csv in this release has no values for this chart, so it is not drawn.", c.Dataset)
			if len(c.Notes) > 0 {
				c.Absent += " " + strings.Join(c.Notes, " ")
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func absent(c Chart) Chart {
	c.Absent = fmt.Sprintf("This release does not include %s.csv, so this chart is not drawn.", c.Dataset)
	return c
}

// number parses a published numeric cell; ok is false for a symbol or an
// empty cell.
func number(s string) (float64, bool, error) {
	if s == "" || schemas.IsSymbol(s) {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("not a number: %q", s)
	}
	return v, true, nil
}

// skipped describes cells left out of a chart because they hold symbols.
type skipped struct {
	what   string // "year", "authority"
	labels map[string][]string
}

func (s *skipped) add(symbol, label string) {
	if s.labels == nil {
		s.labels = map[string][]string{}
	}
	s.labels[symbol] = append(s.labels[symbol], label)
}

func (s *skipped) notes() []string {
	var syms []string
	for k := range s.labels {
		syms = append(syms, k)
	}
	sort.Strings(syms)
	var out []string
	for _, sym := range syms {
		l := s.labels[sym]
		what := plural(s.what, len(l))
		out = append(out, fmt.Sprintf("%d %s not shown: the value is %q (%s): %s.",
			len(l), what, sym, schemas.SymbolMeaning(sym), strings.Join(l, ", ")))
	}
	return out
}

func (r *release) lookedAfterChart() (Chart, error) {
	c := Chart{
		ID:       ChartLookedAfter,
		Title:    "Children looked after on 31 March, England",
		Dataset:  schemas.ChildrenInCare.Name,
		Category: "Year (count on 31 March)",
		Value:    "Children looked after",
		Unit:     "children",
	}
	path := filepath.Join(r.dir, c.Dataset+".csv")
	if _, err := os.Stat(path); err != nil {
		return absent(c), nil
	}
	type row struct {
		value  string
		source string
	}
	byYear := map[string][]row{}
	cic := schemas.ChildrenInCareCol
	err := eachRow(path, schemas.ChildrenInCare.Names(cic.TimePeriod, cic.GeographicLevel, cic.CountryCode, cic.Measure, cic.ChildrenCount, cic.SourceID),
		func(v []string) error {
			if v[1] == schemas.National && v[3] == schemas.MeasureLookedAfter31March {
				byYear[v[0]] = append(byYear[v[0]], row{v[4], v[5]})
			}
			return nil
		})
	if err != nil {
		return c, err
	}
	years := make([]string, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Strings(years)
	skip := skipped{what: "year"}
	var used []string
	for _, y := range years {
		rows := byYear[y]
		// A year should have one national row: the pipeline keeps the
		// newest release's. If a file ever held more, take the newest
		// source's, and refuse two from the same source.
		best := rows[0]
		for _, o := range rows[1:] {
			switch cmp := r.compareSources(o.source, best.source); {
			case cmp == 0:
				return c, fmt.Errorf("%s.csv: %d national rows of %q for %s from source %s", c.Dataset, len(rows), schemas.MeasureLookedAfter31March, y, o.source)
			case cmp > 0:
				best = o
			}
		}
		v, ok, err := number(best.value)
		if err != nil {
			return c, fmt.Errorf("%s.csv: children_count of %s: %w", c.Dataset, y, err)
		}
		if !ok {
			skip.add(best.value, y)
			continue
		}
		if !slices.Contains(used, best.source) {
			used = append(used, best.source)
		}
		c.Points = append(c.Points, Point{Label: y, Value: v})
	}
	c.Notes = skip.notes()
	c.Source = r.sourceLine(used, c.Dataset)
	return c, nil
}

// privatePlacementsChart is the share of children looked after on 31
// March in England placed by private providers, by year: placements'
// England rows of all localities and placement types, private provision
// divided by all providers (the counts, not DfE's rounded percentage).
func (r *release) privatePlacementsChart() (Chart, error) {
	c := Chart{
		ID:          ChartPrivatePlacements,
		Title:       "Children looked after placed by private providers on 31 March, England",
		Dataset:     schemas.Placements.Name,
		Category:    "Year (on 31 March)",
		Value:       "Children placed by private providers (%)",
		Unit:        "%",
		DetailLabel: "Private provision of all children looked after",
	}
	path := filepath.Join(r.dir, c.Dataset+".csv")
	if _, err := os.Stat(path); err != nil {
		return absent(c), nil
	}
	type year struct {
		private, all, source string
		n                    int
	}
	byYear := map[string]*year{}
	pl := schemas.PlacementsCol
	err := eachRow(path, schemas.Placements.Names(pl.TimePeriod, pl.GeographicLevel, pl.Locality, pl.PlacementType, pl.PlacementProvider,
		pl.ChildrenCount, pl.SourceID),
		func(v []string) error {
			if v[1] != schemas.National || v[2] != schemas.LocalityAll || v[3] != schemas.PlacementTypeAll {
				return nil
			}
			y := byYear[v[0]]
			if y == nil {
				y = &year{}
				byYear[v[0]] = y
			}
			switch v[4] {
			case schemas.ProviderPrivate:
				y.private, y.n = v[5], y.n+1
			case schemas.ProviderAll:
				y.all, y.n = v[5], y.n+1
			default:
				return nil
			}
			// Both rows of a year come from one release: the pipeline
			// keeps a year's locality whole.
			if y.source != "" && y.source != v[6] {
				return fmt.Errorf("England's %s rows of %s come from %s and %s", schemas.LocalityAll, v[0], y.source, v[6])
			}
			y.source = v[6]
			return nil
		})
	if err != nil {
		return c, fmt.Errorf("%s.csv: %w", c.Dataset, err)
	}
	years := make([]string, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Strings(years)
	skip := skipped{what: "year"}
	var used []string
	for _, label := range years {
		y := byYear[label]
		if y.n != 2 || y.private == "" || y.all == "" {
			return c, fmt.Errorf("%s.csv: %s has %d England rows of private provision and all providers, want one each", c.Dataset, label, y.n)
		}
		p, okP, err := number(y.private)
		if err != nil {
			return c, fmt.Errorf("%s.csv: children_count of private provision in %s: %w", c.Dataset, label, err)
		}
		a, okA, err := number(y.all)
		if err != nil {
			return c, fmt.Errorf("%s.csv: children_count of all providers in %s: %w", c.Dataset, label, err)
		}
		switch {
		case !okP:
			skip.add(y.private, label)
			continue
		case !okA || a == 0:
			skip.add(y.all, label)
			continue
		}
		if !slices.Contains(used, y.source) {
			used = append(used, y.source)
		}
		c.Points = append(c.Points, Point{Label: label, Value: p / a * 100,
			Detail: fmt.Sprintf("%s of %s children", thousands(y.private), thousands(y.all))})
	}
	if len(c.Points) > 0 {
		c.Title += fmt.Sprintf(", %s to %s", c.Points[0].Label, c.Points[len(c.Points)-1].Label)
	}
	c.Notes = skip.notes()
	c.Source = r.sourceLine(used, c.Dataset) + " The share is the children placed by private providers divided by all " +
		"children looked after, in all placement types and localities, both as DfE rounds them (to the nearest 10)."
	return c, nil
}

// compareSources orders two source ids by their release as sources.csv
// gives it (newest greatest), falling back to the ids themselves.
func (r *release) compareSources(a, b string) int {
	if a == b {
		return 0
	}
	sa, oka := r.source(a)
	sb, okb := r.source(b)
	if oka && okb && sa.Release != sb.Release {
		return strings.Compare(sa.Release, sb.Release)
	}
	return strings.Compare(a, b)
}

// sourceLine names the publications the plotted rows came from.
func (r *release) sourceLine(ids []string, dataset string) string {
	var parts []string
	for _, id := range ids {
		if s, ok := r.source(id); ok {
			parts = append(parts, fmt.Sprintf("%s, %s (release %s)", s.Publisher, s.Title, s.Release))
		} else {
			parts = append(parts, id)
		}
	}
	line := "Source: "
	if len(parts) > 0 {
		line += strings.Join(parts, "; ") + ". "
	}
	return line + "Data: " + dataset + ".csv in this release."
}

// privateShareChart is the private share of England's children's homes
// on each 31 March a register covers: private_provision_share's national
// rows of the children's homes group. A date whose register holds fewer
// homes than Ofsted's own national count is marked (Point.Caveat), since
// its share describes the homes listed, not all of them.
func (r *release) privateShareChart() (Chart, error) {
	c := Chart{
		ID:          ChartPrivateShare,
		Title:       "Children's homes run by private providers on 31 March, England",
		Dataset:     schemas.PrivateProvisionShare.Name,
		Category:    "Year (register of 31 March)",
		Value:       "Children's homes run by private providers (%)",
		Unit:        "%",
		DetailLabel: "Private homes of all homes in the register; the register's completeness",
	}
	path := filepath.Join(r.dir, c.Dataset+".csv")
	if _, err := os.Stat(path); err != nil {
		return absent(c), nil
	}
	type row struct {
		date, share, private, total, completeness, coverage string
	}
	var rows []row
	pps := schemas.PrivateProvisionShareCol
	err := eachRow(path, schemas.PrivateProvisionShare.Names(pps.SnapshotDate, pps.GeographicLevel, pps.ProvisionGroup,
		pps.PrivateShareProvidersPct, pps.ProvidersPrivate, pps.ProvidersTotal, pps.RegisterCompletenessPct, pps.RegisterCoverage),
		func(v []string) error {
			if v[1] == schemas.National && v[2] == schemas.GroupChildrensHomes {
				rows = append(rows, row{v[0], v[3], v[4], v[5], v[6], v[7]})
			}
			return nil
		})
	if err != nil {
		return c, fmt.Errorf("%s.csv: %w", c.Dataset, err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].date < rows[j].date })
	skip := skipped{what: "year"}
	var incomplete []string
	for i, rw := range rows {
		if i > 0 && rows[i-1].date == rw.date {
			return c, fmt.Errorf("%s.csv: two national rows of %q on %s", c.Dataset, schemas.GroupChildrensHomes, rw.date)
		}
		year := rw.date[:4]
		v, ok, err := number(rw.share)
		if err != nil {
			return c, fmt.Errorf("%s.csv: private_share_providers_pct on %s: %w", c.Dataset, rw.date, err)
		}
		if !ok {
			skip.add(rw.share, year)
			continue
		}
		p := Point{Label: year, Value: v, Detail: fmt.Sprintf("%s of %s homes", thousands(rw.private), thousands(rw.total))}
		if pct, ok, _ := number(rw.completeness); ok {
			p.Detail += fmt.Sprintf("; %s%% of Ofsted's count", formatNumber(pct, 1))
		}
		if rw.coverage == schemas.CoverageIncomplete {
			p.Caveat = "incomplete register"
			p.Detail += " (incomplete register)"
			incomplete = append(incomplete, year)
		}
		c.Points = append(c.Points, p)
	}
	if len(c.Points) > 0 {
		c.Title += fmt.Sprintf(", %s to %s", c.Points[0].Label, c.Points[len(c.Points)-1].Label)
	}
	c.Notes = skip.notes()
	if len(incomplete) > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("Hollow markers (%s): the register that survives for that date lists fewer "+
			"children's homes than Ofsted's own national count, because it omits homes not yet inspected, so the share is of "+
			"the homes listed. The table gives each register's completeness.", strings.Join(incomplete, ", ")))
	}
	c.Source = "Source: Ofsted, children's social care data in England, registers of providers on 31 March " +
		"(underlying data and sheets of it). Data: " + c.Dataset + ".csv in this release. The share counts children's homes " +
		"(providers), not places; regional and authority figures are in the table."
	return c, nil
}

func (r *release) spendPerChildChart() (Chart, error) {
	c := Chart{
		ID:       ChartSpendPerChild,
		Dataset:  schemas.LAProfile.Name,
		Category: "Local authority",
		Value:    "Net spend per child aged 0 to 17 (£)",
		Unit:     "£",
	}
	path := filepath.Join(r.dir, c.Dataset+".csv")
	if _, err := os.Stat(path); err != nil {
		c.Title = "Children's social care net spend per child by local authority"
		return absent(c), nil
	}
	type row struct {
		period int
		name   string
		value  string
	}
	var rows []row
	latest := 0
	lap := schemas.LAProfileCol
	err := eachRow(path, schemas.LAProfile.Names(lap.TimePeriod, lap.GeographicLevel, lap.LAName, lap.CSCSpendPerChildGBP),
		func(v []string) error {
			if v[1] != schemas.LocalAuthority {
				return nil
			}
			p, err := strconv.Atoi(v[0])
			if err != nil {
				return fmt.Errorf("time_period %q: %w", v[0], err)
			}
			rows = append(rows, row{p, v[2], v[3]})
			latest = max(latest, p)
			return nil
		})
	if err != nil {
		return c, err
	}
	fy := financialYear(latest)
	c.Title = "Children's social care net spend per child aged 0 to 17, by local authority, " + fy
	skip := skipped{what: "authority"}
	for _, rw := range rows {
		if rw.period != latest {
			continue
		}
		v, ok, err := number(rw.value)
		if err != nil {
			return c, fmt.Errorf("%s.csv: csc_spend_per_child_gbp of %s in %d: %w", c.Dataset, rw.name, rw.period, err)
		}
		if !ok {
			skip.add(rw.value, rw.name)
			continue
		}
		c.Points = append(c.Points, Point{Label: rw.name, Value: v})
	}
	sort.SliceStable(c.Points, func(i, j int) bool { return c.Points[i].Value > c.Points[j].Value })
	c.Notes = skip.notes()
	c.Source = "Source: Ministry of Housing, Communities and Local Government, revenue outturn RO3 " + fy +
		" (TOTAL CHILDREN SOCIAL CARE, net current expenditure), divided by the Office for National Statistics' " +
		"mid-year estimate of children aged 0 to 17. Data: " + c.Dataset + ".csv in this release (csc_spend_per_child_gbp)."
	return c, nil
}

// financialYear writes 202425 as 2024-25.
func financialYear(p int) string {
	if p >= 100000 {
		return fmt.Sprintf("%d-%02d", p/100, p%100)
	}
	return strconv.Itoa(p)
}

// longDate writes 2025-03-31 as 31 March 2025.
func longDate(iso string) string {
	t, err := parseDate(iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}

// spendGrowthChart is England's percentage change in net current
// expenditure by service over the latest two years spend_growth covers
// (2022-23 to 2024-25): the rows of spend_growth whose to_year is the
// latest and whose from_year is two years before it, children's social
// care highlighted.
func (r *release) spendGrowthChart() (Chart, error) {
	c := Chart{
		ID:          ChartSpendGrowth,
		Title:       "Change in councils' net spending by service, England",
		Dataset:     schemas.SpendGrowth.Name,
		Category:    "Service",
		Value:       "Change in net current expenditure (%, cash)",
		Unit:        "%",
		DetailLabel: "Net current expenditure, earlier year to later year",
	}
	path := filepath.Join(r.dir, c.Dataset+".csv")
	if _, err := os.Stat(path); err != nil {
		return absent(c), nil
	}
	type row struct {
		from, to           int
		service, pct, f, t string
	}
	var rows []row
	latest := 0
	sg := schemas.SpendGrowthCol
	err := eachRow(path, schemas.SpendGrowth.Names(sg.FromYear, sg.ToYear, sg.GeographicLevel, sg.Service, sg.ChangePct, sg.FromGBP, sg.ToGBP),
		func(v []string) error {
			if v[2] != schemas.National || v[3] == schemas.ServiceTotal {
				return nil
			}
			from, err := strconv.Atoi(v[0])
			if err != nil {
				return fmt.Errorf("from_year %q: %w", v[0], err)
			}
			to, err := strconv.Atoi(v[1])
			if err != nil {
				return fmt.Errorf("to_year %q: %w", v[1], err)
			}
			rows = append(rows, row{from, to, v[3], v[4], v[5], v[6]})
			latest = max(latest, to)
			return nil
		})
	if err != nil {
		return c, fmt.Errorf("%s.csv: %w", c.Dataset, err)
	}
	// Two financial years back: 202425 - 202 = 202223.
	from := latest - 202
	c.Title += fmt.Sprintf(", %s to %s", financialYear(from), financialYear(latest))
	skip := skipped{what: "service"}
	for _, rw := range rows {
		if rw.to != latest || rw.from != from {
			continue
		}
		v, ok, err := number(rw.pct)
		if err != nil {
			return c, fmt.Errorf("%s.csv: change_pct of %s: %w", c.Dataset, rw.service, err)
		}
		if !ok {
			skip.add(rw.pct, rw.service)
			continue
		}
		c.Points = append(c.Points, Point{Label: rw.service, Value: v, Highlight: rw.service == schemas.ServiceChildren,
			Detail: fmt.Sprintf("£%s to £%s", thousands(rw.f), thousands(rw.t))})
	}
	sort.SliceStable(c.Points, func(i, j int) bool { return c.Points[i].Value > c.Points[j].Value })
	c.Notes = skip.notes()
	c.Source = "Source: Ministry of Housing, Communities and Local Government, revenue outturn summary (RSX), England " +
		"totals. Cash terms, not adjusted for inflation. Children's social care is highlighted. Data: " + c.Dataset +
		".csv in this release (National rows; every other pair of years and every authority is there too)."
	return c, nil
}
