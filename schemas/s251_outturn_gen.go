// Code generated from s251_outturn.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// S251OutturnCol holds the index of each of s251_outturn's columns in S251Outturn.Columns,
// so readers name a column without a string or a lookup.
var S251OutturnCol = struct {
	TimePeriod               int // time_period
	TimeIdentifier           int // time_identifier
	GeographicLevel          int // geographic_level
	CountryCode              int // country_code
	CountryName              int // country_name
	RegionCode               int // region_code
	RegionName               int // region_name
	NewLACode                int // new_la_code
	OldLACode                int // old_la_code
	LAName                   int // la_name
	LineGroup                int // line_group
	Line                     int // line
	LineNumber               int // line_number
	SourceLineLabel          int // source_line_label
	OwnProvisionGBP          int // own_provision_gbp
	PrivateProvisionGBP      int // private_provision_gbp
	OtherPublicGBP           int // other_public_gbp
	VoluntaryGBP             int // voluntary_gbp
	PublicGBP                int // public_gbp
	TotalExpenditureGBP      int // total_expenditure_gbp
	IncomeGBP                int // income_gbp
	NetCurrentExpenditureGBP int // net_current_expenditure_gbp
	SourceID                 int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22}

// S251OutturnRow is one row of s251_outturn, a field per column: a row built by
// name cannot put a value in the wrong column.
type S251OutturnRow struct {
	TimePeriod               Value // time_period int32
	TimeIdentifier           Value // time_identifier string
	GeographicLevel          Value // geographic_level string
	CountryCode              Value // country_code string
	CountryName              Value // country_name string
	RegionCode               Value // region_code string
	RegionName               Value // region_name string
	NewLACode                Value // new_la_code string
	OldLACode                Value // old_la_code string
	LAName                   Value // la_name string
	LineGroup                Value // line_group string
	Line                     Value // line string
	LineNumber               Value // line_number int32
	SourceLineLabel          Value // source_line_label string
	OwnProvisionGBP          Value // own_provision_gbp int64
	PrivateProvisionGBP      Value // private_provision_gbp int64
	OtherPublicGBP           Value // other_public_gbp int64
	VoluntaryGBP             Value // voluntary_gbp int64
	PublicGBP                Value // public_gbp int64
	TotalExpenditureGBP      Value // total_expenditure_gbp int64
	IncomeGBP                Value // income_gbp int64
	NetCurrentExpenditureGBP Value // net_current_expenditure_gbp int64
	SourceID                 Value // source_id string
}

// Values returns the row's values in s251_outturn's column order.
func (r *S251OutturnRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.LineGroup, r.Line, r.LineNumber, r.SourceLineLabel, r.OwnProvisionGBP, r.PrivateProvisionGBP, r.OtherPublicGBP, r.VoluntaryGBP, r.PublicGBP, r.TotalExpenditureGBP, r.IncomeGBP, r.NetCurrentExpenditureGBP, r.SourceID}
}

// AppendTo appends the row to b, a builder of s251_outturn. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *S251OutturnRow) AppendTo(b *Builder) error {
	if b.Dataset() != &S251Outturn {
		return fmt.Errorf("a s251_outturn row appended to %s", b.Dataset().Name)
	}
	v := [23]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.LineGroup, r.Line, r.LineNumber, r.SourceLineLabel, r.OwnProvisionGBP, r.PrivateProvisionGBP, r.OtherPublicGBP, r.VoluntaryGBP, r.PublicGBP, r.TotalExpenditureGBP, r.IncomeGBP, r.NetCurrentExpenditureGBP, r.SourceID}
	return b.Append(v[:]...)
}

// ReadS251OutturnRow reads row i of a table of s251_outturn.
func ReadS251OutturnRow(r *Reader, i int) S251OutturnRow {
	return S251OutturnRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), LineGroup: r.Value(i, 10), Line: r.Value(i, 11), LineNumber: r.Value(i, 12), SourceLineLabel: r.Value(i, 13), OwnProvisionGBP: r.Value(i, 14), PrivateProvisionGBP: r.Value(i, 15), OtherPublicGBP: r.Value(i, 16), VoluntaryGBP: r.Value(i, 17), PublicGBP: r.Value(i, 18), TotalExpenditureGBP: r.Value(i, 19), IncomeGBP: r.Value(i, 20), NetCurrentExpenditureGBP: r.Value(i, 21), SourceID: r.Value(i, 22)}
}

// CSCSpendSeriesCol holds the index of each of csc_spend_series's columns in CSCSpendSeries.Columns,
// so readers name a column without a string or a lookup.
var CSCSpendSeriesCol = struct {
	TimePeriod               int // time_period
	TimeIdentifier           int // time_identifier
	GeographicLevel          int // geographic_level
	CountryCode              int // country_code
	CountryName              int // country_name
	RegionCode               int // region_code
	RegionName               int // region_name
	NewLACode                int // new_la_code
	OldLACode                int // old_la_code
	LAName                   int // la_name
	Measure                  int // measure
	Series                   int // series
	NetCurrentExpenditureGBP int // net_current_expenditure_gbp
	Definition               int // definition
	SourceID                 int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}

// CSCSpendSeriesRow is one row of csc_spend_series, a field per column: a row built by
// name cannot put a value in the wrong column.
type CSCSpendSeriesRow struct {
	TimePeriod               Value // time_period int32
	TimeIdentifier           Value // time_identifier string
	GeographicLevel          Value // geographic_level string
	CountryCode              Value // country_code string
	CountryName              Value // country_name string
	RegionCode               Value // region_code string
	RegionName               Value // region_name string
	NewLACode                Value // new_la_code string
	OldLACode                Value // old_la_code string
	LAName                   Value // la_name string
	Measure                  Value // measure string
	Series                   Value // series string
	NetCurrentExpenditureGBP Value // net_current_expenditure_gbp int64
	Definition               Value // definition string
	SourceID                 Value // source_id string
}

// Values returns the row's values in csc_spend_series's column order.
func (r *CSCSpendSeriesRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Measure, r.Series, r.NetCurrentExpenditureGBP, r.Definition, r.SourceID}
}

// AppendTo appends the row to b, a builder of csc_spend_series. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *CSCSpendSeriesRow) AppendTo(b *Builder) error {
	if b.Dataset() != &CSCSpendSeries {
		return fmt.Errorf("a csc_spend_series row appended to %s", b.Dataset().Name)
	}
	v := [15]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Measure, r.Series, r.NetCurrentExpenditureGBP, r.Definition, r.SourceID}
	return b.Append(v[:]...)
}

// ReadCSCSpendSeriesRow reads row i of a table of csc_spend_series.
func ReadCSCSpendSeriesRow(r *Reader, i int) CSCSpendSeriesRow {
	return CSCSpendSeriesRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), Measure: r.Value(i, 10), Series: r.Value(i, 11), NetCurrentExpenditureGBP: r.Value(i, 12), Definition: r.Value(i, 13), SourceID: r.Value(i, 14)}
}
