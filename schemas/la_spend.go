package schemas

// Values of la_spend's service_area, service and measure columns that
// other datasets and checks select on (la_profile, claim_checks).
const (
	SpendAreaChildren = "Children's social care"
	SpendAreaAdults   = "Adult social care"
	SpendAreaHealth   = "Public health"
	SpendAreaOther    = "Other"

	SpendTotalChildren = "TOTAL CHILDREN SOCIAL CARE"
	SpendLookedAfter   = "Children Looked After"
	SpendResidential   = "Children Looked After of which residential care"
	SpendFostering     = "Children Looked After of which fostering services"

	SpendNet = "Net Current Expenditure"
)

// LASpend is MHCLG's revenue outturn RO3 (social care and public health)
// in long form: one row per financial year, authority, service line and
// measure, in pounds.
var LASpend = Dataset{
	Name:  "la_spend",
	Title: "Local authority spending on social care and public health (revenue outturn RO3)",
	Description: "What each English local authority spent on children's social care, adult social care and public health, " +
		"by service line and measure (employees, running expenses, income, net current expenditure), from MHCLG's revenue " +
		"outturn RO3 returns, converted from £ thousand to pounds. The England row is published as National; it includes " +
		"MHCLG's estimates for returns that were missing, so it is more than the sum of the authorities.",
	Columns: concat(financialYear, revenueBody, []Column{
		{Name: "service_area", Type: String, Label: "Service area", Description: "Children's social care, Adult social care, Public health or Other", Dictionary: true},
		{Name: "service", Type: String, Label: "Service line", Description: "Line of the RO3 return, e.g. Children Looked After, TOTAL CHILDREN SOCIAL CARE", Dictionary: true},
		{Name: "measure", Type: String, Label: "Measure", Description: "Employees, Running Expenses, Total Expenditure, Sales, Fees and Charges, Other Income, Total Income, Net Current Expenditure, or a memorandum item", Dictionary: true},
		{Name: "value_gbp", Type: Int64, Unit: "£", Label: "Amount (£)", Description: "Amount in pounds, rounded to the pound (the source is in £ thousand)", Status: true},
		{Name: "note", Type: String, Label: "Note", Description: "The source's note where a note stands in place of the amount"},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "new_la_code", "e_code", "service", "measure"},
}
