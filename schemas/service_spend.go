package schemas

// Services of MHCLG's revenue returns as service_spend, revenue_budgets,
// budget_vs_outturn and spend_growth name them: the service blocks of the
// revenue outturn summary (RSX) and of the revenue account budget (RA),
// whose labels differ between the two returns and between years
// ("Children Social Care", "TOTAL CHILDREN'S SOCIAL CARE").
const (
	ServiceEducation     = "Education services"
	ServiceHighways      = "Highways and transport services"
	ServiceChildren      = "Children's social care"
	ServiceAdults        = "Adult social care"
	ServicePublicHealth  = "Public health"
	ServiceHousing       = "Housing services (GFRA only)"
	ServiceCultural      = "Cultural and related services"
	ServiceEnvironmental = "Environmental and regulatory services"
	ServicePlanning      = "Planning and development services"
	ServicePolice        = "Police services"
	ServiceFire          = "Fire and rescue services"
	ServiceCentral       = "Central services"
	ServiceOther         = "Other services"
	ServiceTotal         = "Total service expenditure"
)

// RevenueService is one service block of the revenue returns: its name
// and the line number the returns give its total (330 for children's
// social care in RSX, RA and RO3 alike), which is how the extractors
// recognise it whatever the label says.
type RevenueService struct {
	Line    int32
	Service string
}

// RevenueServices are the service blocks in the returns' order, the total
// of all services last.
var RevenueServices = []RevenueService{
	{190, ServiceEducation}, {290, ServiceHighways}, {330, ServiceChildren}, {360, ServiceAdults},
	{390, ServicePublicHealth}, {490, ServiceHousing}, {509, ServiceCultural}, {590, ServiceEnvironmental},
	{599, ServicePlanning}, {601, ServicePolice}, {602, ServiceFire}, {690, ServiceCentral},
	{698, ServiceOther}, {799, ServiceTotal},
}

// revenueBody are the columns that name a body in MHCLG's revenue returns,
// as la_spend has them: every body that makes a return, not only the
// authorities with children's services (districts, police, fire, parks).
var revenueBody = []Column{
	{Name: "geographic_level", Type: String, Label: "Geographic level", Description: "National for the England row, Local authority otherwise", Dictionary: true},
	{Name: "new_la_code", Type: String, Label: "ONS code", Description: "The sheet's ONS code of the authority (E92000001 for England)", Dictionary: true},
	{Name: "old_la_code", Type: String, Label: "DfE code", Description: "DfE three-digit code, for authorities with children's services", Dictionary: true},
	{Name: "e_code", Type: String, Label: "E-code", Description: "MHCLG's E-code of the authority", Dictionary: true},
	{Name: "la_name", Type: String, Label: "Authority", Description: "Authority name, in DfE's spelling where it has a DfE code", Dictionary: true},
	{Name: "la_class", Type: String, Label: "Class", Description: "MHCLG class: UA unitary, MD metropolitan district, LB London borough, SC shire county, SD shire district, O other", Dictionary: true},
}

// financialYear is the time columns of a dataset of financial years.
var financialYear = []Column{
	{Name: "time_period", Type: Int32, Label: "Financial year", Description: "Financial year as YYYYyy, e.g. 202425 for April 2024 to March 2025"},
	{Name: "time_identifier", Type: String, Label: "Time identifier", Description: "Financial year", Dictionary: true},
}

// serviceColumn names the service block of a revenue return.
var serviceColumn = Column{Name: "service", Type: String, Role: Filter, Label: "Service",
	Description: "Service block of the revenue returns: Education services, Highways and transport services, Children's " +
		"social care, Adult social care, Public health, Housing services (GFRA only), Cultural and related services, " +
		"Environmental and regulatory services, Planning and development services, Police services, Fire and rescue " +
		"services, Central services, Other services, or Total service expenditure", Dictionary: true}

// pounds is an amount column in whole pounds converted from £ thousand.
func pounds(name, label, what string) Column {
	return Column{Name: name, Type: Int64, Role: Indicator, Unit: "£", Label: label, Status: true,
		Description: what + ", in pounds rounded to the pound (the source is in £ thousand); null with the source's symbol where it gives none"}
}

// ServiceSpend is MHCLG's revenue outturn summary (RSX): what every
// English authority spent on each service, one row per financial year,
// body and service, with the seven measures of the return as columns.
var ServiceSpend = Dataset{
	Name:  "service_spend",
	Title: "Local authority spending by service: revenue outturn summary (RSX), 2021-22 to 2024-25",
	Description: "What each English local authority (and police, fire, park, waste and combined authority) spent on each " +
		"service (education, highways and transport, children's social care, adult social care, public health, housing, " +
		"cultural, environmental, planning, police, fire, central and other services) from MHCLG's revenue outturn " +
		"summary (RSX), converted from £ thousand to pounds. Net current expenditure is spending less sales, fees, charges " +
		"and other income. The England row is MHCLG's, which estimates the returns that were missing, so it is more than " +
		"the sum of the authorities. Amounts are cash: not adjusted for inflation.",
	Columns: concat(financialYear, revenueBody, []Column{
		serviceColumn,
		{Name: "line", Type: Int32, Label: "Line", Description: "Line number of the service's total in the revenue returns (330 children's social care, 360 adult social care, 799 total)"},
		pounds("employees_gbp", "Employees (£)", "Employees (C1)"),
		pounds("running_expenses_gbp", "Running expenses (£)", "Running expenses (C2)"),
		pounds("total_expenditure_gbp", "Total expenditure (£)", "Total expenditure (C3 = C1 + C2)"),
		pounds("sales_fees_charges_gbp", "Sales, fees and charges (£)", "Sales, fees and charges (C4)"),
		pounds("other_income_gbp", "Other income (£)", "Other income (C5)"),
		pounds("total_income_gbp", "Total income (£)", "Total income (C6 = C4 + C5)"),
		pounds("net_current_expenditure_gbp", "Net current expenditure (£)", "Net current expenditure (C7 = C3 - C6)"),
		{Name: "note", Type: String, Label: "Note", Description: "The source's note on the row, where a note stands in place of amounts"},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "new_la_code", "e_code", "service"},
	Notes: []string{
		"A body whose return was not received in time (M in the source's Notes column) has every amount null with status M; " +
			"MHCLG's England row includes an estimate for it.",
		"Amounts are cash, not adjusted for inflation.",
	},
}

// RevenueBudgets is MHCLG's revenue account budget (RA): what each
// authority budgeted, before the year, to spend net on each service.
var RevenueBudgets = Dataset{
	Name:  "revenue_budgets",
	Title: "Local authority budgets by service: revenue account budget (RA), 2021-22 and 2023-24",
	Description: "Net current expenditure each English local authority budgeted for each service before the financial " +
		"year began, from MHCLG's revenue account budget (RA) returns, converted from £ thousand to pounds. These are " +
		"plans, not spending: budget_vs_outturn sets them beside the outturn. The RA files have no England row.",
	Columns: concat(financialYear, revenueBody, []Column{
		serviceColumn,
		{Name: "line", Type: Int32, Label: "Line", Description: "Line number of the service's total in the revenue returns (330 children's social care, 360 adult social care, 799 total)"},
		pounds("budget_net_current_expenditure_gbp", "Budgeted net current expenditure (£)", "Budgeted net current expenditure"),
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "new_la_code", "e_code", "service"},
}

// BudgetVsOutturn sets each authority's budgeted net current expenditure
// on children's and adult social care (RA) beside what it spent (RSX).
var BudgetVsOutturn = Dataset{
	Name:  "budget_vs_outturn",
	Title: "Budget against outturn: children's and adult social care, 2021-22 and 2023-24",
	Description: "For each English authority with social care responsibilities and each year with both a budget (RA) and " +
		"an outturn (RSX) file, net current expenditure on children's social care and, as a comparator, adult social care: " +
		"what was budgeted, what was spent, the difference (spent less budgeted) and the overspend as a percentage of the " +
		"budget (negative for an underspend). The National row sums the authorities listed that year, so England's " +
		"figures cover the same authorities on both sides.",
	Columns: concat(financialYear, revenueBody, []Column{
		serviceColumn,
		pounds("budget_gbp", "Budget (£)", "Budgeted net current expenditure (revenue account budget, RA)"),
		pounds("outturn_gbp", "Outturn (£)", "Net current expenditure spent (revenue outturn summary, RSX)"),
		{Name: "difference_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Outturn less budget (£)", Status: true,
			Description: "Outturn less budget, in pounds: positive is an overspend; null where either is"},
		{Name: "overspend_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Overspend (% of budget)", Status: true,
			Description: "Outturn less budget as a percentage of the budget, rounded half up to one decimal place; null where either is null or the budget is not positive"},
		{Name: "budget_source_id", Type: String, Label: "Budget source file", Description: "Id of the RA file (see sources)", Dictionary: true},
		{Name: "outturn_source_id", Type: String, Label: "Outturn source file", Description: "Id of the RSX file (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "new_la_code", "e_code", "service"},
}

// SpendGrowth is each service's change in net current expenditure between
// any two published years of service_spend, so that which service grew
// fastest is one filter away.
var SpendGrowth = Dataset{
	Name:  "spend_growth",
	Title: "Growth in spending by service between any two years, 2021-22 to 2024-25",
	Description: "For England and each body in service_spend, the change in each service's net current expenditure from " +
		"one financial year to a later one (every pair of published years), in pounds and per cent, in cash terms (not " +
		"adjusted for inflation), with the service's rank among the thirteen services by percentage growth.",
	Columns: concat([]Column{
		{Name: "from_year", Type: Int32, Label: "From financial year", Description: "The earlier financial year, YYYYyy"},
		{Name: "to_year", Type: Int32, Label: "To financial year", Description: "The later financial year, YYYYyy"},
	}, revenueBody, []Column{
		serviceColumn,
		pounds("from_gbp", "Net current expenditure in the earlier year (£)", "Net current expenditure in from_year"),
		pounds("to_gbp", "Net current expenditure in the later year (£)", "Net current expenditure in to_year"),
		{Name: "change_gbp", Type: Int64, Role: Indicator, Unit: "£", Label: "Change (£)", Status: true,
			Description: "to_gbp less from_gbp, in pounds; null where either is null"},
		{Name: "change_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Change (%)", Status: true,
			Description: "The change as a percentage of from_gbp, rounded half up to one decimal place; null where either is null or from_gbp is not positive"},
		{Name: "rank_by_change_pct", Type: Int32, Role: Indicator, Label: "Rank among services by change (%)", Status: true,
			Description: "1 for the service whose spending grew fastest in per cent for this body and pair of years, among the thirteen services (Total service expenditure is not ranked); null where change_pct is"},
	}),
	Key:   []string{"from_year", "to_year", "new_la_code", "e_code", "service"},
	Notes: []string{"Changes are in cash terms: not adjusted for inflation."},
}
