package schemas

// Returns that csc_spend_series takes its figures from (the series
// column): two collections that define spending differently.
const (
	SeriesS251 = "s251 outturn (DfE)"
	SeriesRSX  = "RSX revenue outturn (MHCLG)"
	SeriesRO3  = "RO3 revenue outturn (MHCLG)"
)

// Measures of csc_spend_series.
const (
	MeasureCSCTotal    = "Children's social care, total"
	MeasureLookedAfter = "Children looked after"
)

// Harmonised lines of s251_outturn (its line column) that other code
// selects: csc_spend_series takes its section 251 figures from them. The
// labels are caredata's, the same in every year; extractors/s251 maps each
// year's own label to them.
const (
	S251LineTotalExclCERA    = "Total children and young people's services (excluding CERA)"
	S251LineTotalLookedAfter = "Total children looked after"
	S251LineResidential      = "Residential care"
)

// S251Outturn is DfE's section 251 outturn for children's and young
// people's services, 2008-09 to 2013-14: one row per financial year,
// authority and line of the return, with spending split by provider.
var S251Outturn = Dataset{
	Name:  "s251_outturn",
	Title: "Section 251 outturn: children's and young people's services spending by line and provider, 2008-09 to 2013-14",
	Description: "What each English local authority spent on children's and young people's services, line by line of " +
		"DfE's section 251 outturn return (residential care, fostering services, safeguarding, family support, youth " +
		"justice ...), split by who provided the service (the authority itself, private providers, other public bodies, " +
		"voluntary organisations), with total expenditure, income and net current expenditure, in pounds as published. " +
		"The return's lines are renumbered and relabelled every year: line is one label for the same line in every year, " +
		"source_line_label the file's own. The files have no England row: the National rows sum the authorities.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "line_group", Type: String, Role: Filter, Label: "Group of lines", Description: "The block of the return " +
			"the line belongs to (Children looked after, Safeguarding, Family support services, Youth justice ...), the same in every year", Dictionary: true},
		{Name: "line", Type: String, Role: Filter, Label: "Line", Description: "The line, under one label for every year " +
			"(the files spell and number it differently from year to year)", Dictionary: true},
		{Name: "line_number", Type: Int32, Role: Filter, Label: "Line number", Description: "The line's number in that year's return"},
		{Name: "source_line_label", Type: String, Role: Filter, Label: "Line as printed", Description: "The line's label as that year's file prints it", Dictionary: true},
		{Name: "own_provision_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Own provision (£)", Status: true,
			Description: "Spending on services the authority provided itself, in pounds; x in 2008-09, whose return did not split public provision"},
		{Name: "private_provision_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Private provision (£)", Status: true,
			Description: "Spending on services bought from private providers, in pounds"},
		{Name: "other_public_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Other public provision (£)", Status: true,
			Description: "Spending on services bought from other public bodies, in pounds; x in 2008-09, whose return did not split public provision"},
		{Name: "voluntary_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Voluntary provision (£)", Status: true,
			Description: "Spending on services bought from voluntary organisations, in pounds"},
		{Name: "public_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "All public provision (£)", Status: true,
			Description: "Own provision plus other public provision, in pounds (2008-09: the return's PUBLIC column), so that one public figure spans every year"},
		{Name: "total_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Total expenditure (£)", Status: true,
			Description: "Gross expenditure, in pounds"},
		{Name: "income_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Income (£)", Status: true,
			Description: "Income, in pounds"},
		{Name: "net_current_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Net current expenditure (£)", Status: true,
			Description: "Total expenditure less income, in pounds"},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "new_la_code", "line_number"},
	Notes: []string{
		"2008-09 has 150 authorities: Bedfordshire and Cheshire are published under their own codes (E10000001, " +
			"E10000004); from 2009-10 their successors (Bedford and Central Bedfordshire, Cheshire East and Cheshire West " +
			"and Chester) report. la_successors gives the split.",
		"A cell the file leaves blank or NULL (memorandum lines) is z, not applicable.",
		"The files print amounts in pounds and pence; each row is rounded to the pound. The National rows are the " +
			"exact sums of the authorities' amounts as printed, rounded once, so they can differ by a few pounds from the " +
			"sum of the rounded authority rows.",
		"Amounts are cash, not adjusted for inflation.",
	},
}

// CSCSpendSeries is one series of children's social care spending from
// 2008-09 to 2024-25 taken from two different returns, with the break
// between them stated on every row.
var CSCSpendSeries = Dataset{
	Name:  "csc_spend_series",
	Title: "Children's social care spending, 2008-09 to 2024-25, from two returns (series break)",
	Description: "Net current expenditure on children's social care and on children looked after, for England and each " +
		"local authority, from DfE's section 251 outturn (2008-09 to 2013-14) and MHCLG's revenue outturn (RSX for the " +
		"total, 2021-22 to 2024-25; RO3 for children looked after, 2022-23 to 2024-25). The two returns define spending " +
		"differently, so the series column names the return of every row and the two parts must not be read as one " +
		"continuous line. The years 2014-15 to 2020-21, for which caredata has no file, are absent, not estimated.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "measure", Type: String, Role: Filter, Label: "Measure", Description: "Children's social care, total; or " +
			"Children looked after", Dictionary: true, Default: MeasureCSCTotal},
		{Name: "series", Type: String, Role: Filter, Label: "Return (series)", Hint: "Series break: section 251 (to 2013-14) " +
			"and MHCLG's revenue outturn (from 2021-22) define spending differently; compare years within one return only",
			Description: "The return the figure comes from: s251 outturn (DfE), RSX revenue outturn (MHCLG) or RO3 revenue " +
				"outturn (MHCLG). The returns define children's social care differently: do not read across the break",
			Dictionary: true, Default: SeriesRSX},
		{Name: "net_current_expenditure_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Net current expenditure (£)", Status: true,
			Description: "Net current expenditure, in pounds, cash (not adjusted for inflation)"},
		{Name: "definition", Type: String, Role: Filter, Label: "Definition", Description: "The line of the return the figure is", Dictionary: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "new_la_code", "measure"},
	Notes: []string{
		"Series break: the figures for 2008-09 to 2013-14 are DfE's section 251 outturn, whose total covers children's and " +
			"young people's services as that year's return defined them (it changed in 2010-11 and 2011-12); those from " +
			"2021-22 are MHCLG's revenue outturn, whose children's social care total covers a different set of services. " +
			"The two must not be read as one continuous line: compare years within one return only.",
		"No figures are published for 2014-15 to 2020-21: caredata has no file for them, and nothing is interpolated.",
		"Section 251 has no England row: its National figures sum the authorities. MHCLG's England row includes its " +
			"estimates for returns that were missing.",
		"Amounts are cash, not adjusted for inflation.",
	},
}
