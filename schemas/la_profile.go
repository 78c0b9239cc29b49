package schemas

// LAProfile joins, for each upper-tier local authority and financial
// year, the children in care at the year's end, what the council spent on
// children's social care, its child population and its children's homes:
// the table council analysts use to compare themselves with neighbours.
var LAProfile = Dataset{
	Name:  "la_profile",
	Title: "Local authority profile: children in care, spending and children's homes",
	Description: "One row per upper-tier local authority and financial year: children looked after on 31 March at the year's end " +
		"(DfE), net current expenditure on children's social care, children looked after, residential care and fostering " +
		"(MHCLG RO3), the ONS population aged 0 to 17 that DfE uses for that count, spend per child and per child in care, and " +
		"the authority's children's homes on 31 March with their private share (Ofsted; null where Ofsted's register for that " +
		"31 March is not among the sources). Authorities are those in operation on 31 March of the year, under that day's codes.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "children_in_care_31_march", Type: Int64, Role: Indicator, Label: "Children looked after on 31 March", Description: "Children looked after on 31 March at the end of the financial year (DfE)", Status: true},
		{Name: "rate_per_10000", Type: Float64, Role: Indicator, Label: "Children looked after per 10,000 children", Description: "DfE's rate per 10,000 children aged 0 to 17", Status: true},
		{Name: "csc_net_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Children's social care net expenditure (£)", Description: "TOTAL CHILDREN SOCIAL CARE net current expenditure, pounds (RO3)", Status: true},
		{Name: "cla_net_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Children looked after net expenditure (£)", Description: "Children Looked After net current expenditure, pounds (RO3)", Status: true},
		{Name: "residential_care_net_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Residential care net expenditure (£)", Description: "Children Looked After of which residential care, net current expenditure, pounds (RO3)", Status: true},
		{Name: "fostering_net_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Fostering net expenditure (£)", Description: "Children Looked After of which fostering services, net current expenditure, pounds (RO3)", Status: true},
		{Name: "population_0_17", Type: Int64, Role: Indicator, Label: "Population aged 0 to 17", Description: "ONS mid-year estimate of the financial year's first year (mid-2023 for 202324), the population DfE uses for the 31 March count", Status: true},
		{Name: "csc_spend_per_child_gbp", Type: Float64, Role: Indicator, Unit: "£", Label: "Children's social care spend per child (£)", Description: "csc_net_expenditure_gbp / population_0_17", Status: true},
		{Name: "cla_spend_per_child_in_care_gbp", Type: Float64, Role: Indicator, Unit: "£", Label: "Spend per child in care (£)", Description: "cla_net_expenditure_gbp / children_in_care_31_march", Status: true},
		{Name: "childrens_homes_in_la", Type: Int64, Role: Indicator, Label: "Children's homes", Description: "Children's homes in the authority on 31 March at the year's end (Ofsted)", Status: true},
		{Name: "private_share_childrens_homes_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Private share of children's homes (%)", Description: "Share of those homes run by private providers", Status: true},
	}),
	Key: []string{"time_period", "old_la_code"},
}
