package ro3

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/caredata/caredata/extractors/revenue"
	"github.com/caredata/caredata/schemas"
)

// Service areas of la_spend, as published (package schemas).
const (
	AreaChildren = schemas.SpendAreaChildren
	AreaAdults   = schemas.SpendAreaAdults
	AreaHealth   = schemas.SpendAreaHealth
	AreaOther    = schemas.SpendAreaOther
)

// The lines of the return that la_profile and claim checks read.
const (
	ServiceTotalCSC    = schemas.SpendTotalChildren
	ServiceCLA         = schemas.SpendLookedAfter
	ServiceResidential = schemas.SpendResidential
	ServiceFostering   = schemas.SpendFostering
	MeasureNet         = schemas.SpendNet
)

// Required are the columns a workbook must have: without them la_profile
// cannot be built, so their absence is schema drift, not a detail.
var Required = []Column{
	{Area: AreaChildren, Service: ServiceTotalCSC, Measure: MeasureNet},
	{Area: AreaChildren, Service: ServiceCLA, Measure: MeasureNet},
	{Area: AreaChildren, Service: ServiceResidential, Measure: MeasureNet},
	{Area: AreaChildren, Service: ServiceFostering, Measure: MeasureNet},
}

// Column is what one value column of the sheet measures.
type Column struct {
	Index   int // 0-based column of the sheet
	Area    string
	Service string
	Measure string
}

// measures are the standard columns C1 to C7 of every service line.
var measures = []string{"Employees", "Running Expenses", "Total Expenditure", "Sales, Fees and Charges",
	"Other Income", "Total Income", "Net Current Expenditure"}

var (
	// measureRE matches "Employees (C1)", with the digits Excel appends to
	// make repeated table headers unique ("Employees (C1)2"), and captures
	// the service before it in the one-row headers of 2024-25
	// ("TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)").
	measureRE = regexp.MustCompile(`^(?:(.*) - )?(` + strings.Join(measures, "|") + `) \(C\d[^)]*\)\d*$`)
	// trailingDigits are Excel's uniqueness suffixes on other labels.
	trailingDigits = regexp.MustCompile(`([^\d\s(])\d+$`)
)

// serviceName drops the area prefix from a children's service line, as
// the spec names them ("Children Looked After").
func serviceName(s string) string {
	for _, p := range []string{"Children's social care - ", "Children's social care: "} {
		if r, ok := strings.CutPrefix(s, p); ok {
			return r
		}
	}
	return s
}

// labeller turns header cells into Columns. Service lines come in blocks
// that each end with their TOTAL line, which is how the area is known;
// memorandum lines after the last total name their area in words.
type labeller struct {
	area        int // index into areaOrder of the current block
	prevService string
	current     string // area of prevService
}

var areaOrder = []struct{ area, total string }{
	{AreaChildren, "TOTAL CHILDREN SOCIAL CARE"},
	{AreaAdults, "TOTAL ADULT SOCIAL CARE"},
	{AreaHealth, "TOTAL PUBLIC HEALTH"},
}

func (l *labeller) areaOf(service string) string {
	if l.area < len(areaOrder) {
		a := areaOrder[l.area].area
		if strings.EqualFold(service, areaOrder[l.area].total) {
			l.area++
		}
		return a
	}
	lower := strings.ToLower(service)
	switch {
	case strings.Contains(lower, "children social care") || strings.Contains(lower, "children's social care"):
		return AreaChildren
	case strings.Contains(lower, "adult social care"):
		return AreaAdults
	case strings.Contains(lower, "public health"):
		return AreaHealth
	}
	return AreaOther
}

// label reads one column's header: service (the spanning cell above, in
// the two-row headers of 2022-23 and 2023-24, or "" in the one-row
// headers of 2024-25) and the header cell itself.
func (l *labeller) label(index int, service, header string) (Column, error) {
	service, header = revenue.Clean(service), revenue.Clean(header)
	var measure string
	if m := measureRE.FindStringSubmatch(header); m != nil {
		measure = m[2]
		if m[1] != "" {
			service = m[1]
		}
	} else {
		// A memorandum item: its label is the measure. In one-row headers
		// it follows its service's name, like the column before it.
		measure = trailingDigits.ReplaceAllString(header, "$1")
		if service == "" {
			rest, ok := strings.CutPrefix(measure, l.prevService+" - ")
			if l.prevService == "" || !ok {
				return Column{}, fmt.Errorf("header %q names no measure (C1 to C7) and does not follow its service line", header)
			}
			service, measure = l.prevService, rest
		}
	}
	if service == "" || measure == "" {
		return Column{}, fmt.Errorf("header %q: no service line", header)
	}
	if service != l.prevService {
		l.prevService = service
		l.current = l.areaOf(service)
	}
	return Column{Index: index, Area: l.current, Service: serviceName(service), Measure: measure}, nil
}
