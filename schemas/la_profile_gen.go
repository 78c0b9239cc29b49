// Code generated from la_profile.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// LAProfileCol holds the index of each of la_profile's columns in LAProfile.Columns,
// so readers name a column without a string or a lookup.
var LAProfileCol = struct {
	TimePeriod                       int // time_period
	TimeIdentifier                   int // time_identifier
	GeographicLevel                  int // geographic_level
	CountryCode                      int // country_code
	CountryName                      int // country_name
	RegionCode                       int // region_code
	RegionName                       int // region_name
	NewLACode                        int // new_la_code
	OldLACode                        int // old_la_code
	LAName                           int // la_name
	ChildrenInCare31March            int // children_in_care_31_march
	RatePer10000                     int // rate_per_10000
	CSCNetExpenditureGBP             int // csc_net_expenditure_gbp
	CLANetExpenditureGBP             int // cla_net_expenditure_gbp
	ResidentialCareNetExpenditureGBP int // residential_care_net_expenditure_gbp
	FosteringNetExpenditureGBP       int // fostering_net_expenditure_gbp
	Population0To17                  int // population_0_17
	CSCSpendPerChildGBP              int // csc_spend_per_child_gbp
	CLASpendPerChildInCareGBP        int // cla_spend_per_child_in_care_gbp
	ChildrensHomesInLA               int // childrens_homes_in_la
	PrivateShareChildrensHomesPct    int // private_share_childrens_homes_pct
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}

// LAProfileRow is one row of la_profile, a field per column: a row built by
// name cannot put a value in the wrong column.
type LAProfileRow struct {
	TimePeriod                       Value // time_period int32
	TimeIdentifier                   Value // time_identifier string
	GeographicLevel                  Value // geographic_level string
	CountryCode                      Value // country_code string
	CountryName                      Value // country_name string
	RegionCode                       Value // region_code string
	RegionName                       Value // region_name string
	NewLACode                        Value // new_la_code string
	OldLACode                        Value // old_la_code string
	LAName                           Value // la_name string
	ChildrenInCare31March            Value // children_in_care_31_march int64
	RatePer10000                     Value // rate_per_10000 float64
	CSCNetExpenditureGBP             Value // csc_net_expenditure_gbp int64
	CLANetExpenditureGBP             Value // cla_net_expenditure_gbp int64
	ResidentialCareNetExpenditureGBP Value // residential_care_net_expenditure_gbp int64
	FosteringNetExpenditureGBP       Value // fostering_net_expenditure_gbp int64
	Population0To17                  Value // population_0_17 int64
	CSCSpendPerChildGBP              Value // csc_spend_per_child_gbp float64
	CLASpendPerChildInCareGBP        Value // cla_spend_per_child_in_care_gbp float64
	ChildrensHomesInLA               Value // childrens_homes_in_la int64
	PrivateShareChildrensHomesPct    Value // private_share_childrens_homes_pct float64
}

// Values returns the row's values in la_profile's column order.
func (r *LAProfileRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ChildrenInCare31March, r.RatePer10000, r.CSCNetExpenditureGBP, r.CLANetExpenditureGBP, r.ResidentialCareNetExpenditureGBP, r.FosteringNetExpenditureGBP, r.Population0To17, r.CSCSpendPerChildGBP, r.CLASpendPerChildInCareGBP, r.ChildrensHomesInLA, r.PrivateShareChildrensHomesPct}
}

// AppendTo appends the row to b, a builder of la_profile. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *LAProfileRow) AppendTo(b *Builder) error {
	if b.Dataset() != &LAProfile {
		return fmt.Errorf("a la_profile row appended to %s", b.Dataset().Name)
	}
	v := [21]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ChildrenInCare31March, r.RatePer10000, r.CSCNetExpenditureGBP, r.CLANetExpenditureGBP, r.ResidentialCareNetExpenditureGBP, r.FosteringNetExpenditureGBP, r.Population0To17, r.CSCSpendPerChildGBP, r.CLASpendPerChildInCareGBP, r.ChildrensHomesInLA, r.PrivateShareChildrensHomesPct}
	return b.Append(v[:]...)
}

// ReadLAProfileRow reads row i of a table of la_profile.
func ReadLAProfileRow(r *Reader, i int) LAProfileRow {
	return LAProfileRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), ChildrenInCare31March: r.Value(i, 10), RatePer10000: r.Value(i, 11), CSCNetExpenditureGBP: r.Value(i, 12), CLANetExpenditureGBP: r.Value(i, 13), ResidentialCareNetExpenditureGBP: r.Value(i, 14), FosteringNetExpenditureGBP: r.Value(i, 15), Population0To17: r.Value(i, 16), CSCSpendPerChildGBP: r.Value(i, 17), CLASpendPerChildInCareGBP: r.Value(i, 18), ChildrensHomesInLA: r.Value(i, 19), PrivateShareChildrensHomesPct: r.Value(i, 20)}
}
