// Code generated from service_spend.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ServiceSpendCol holds the index of each of service_spend's columns in ServiceSpend.Columns,
// so readers name a column without a string or a lookup.
var ServiceSpendCol = struct {
	TimePeriod               int // time_period
	TimeIdentifier           int // time_identifier
	GeographicLevel          int // geographic_level
	NewLACode                int // new_la_code
	OldLACode                int // old_la_code
	ECode                    int // e_code
	LAName                   int // la_name
	LAClass                  int // la_class
	Service                  int // service
	Line                     int // line
	EmployeesGBP             int // employees_gbp
	RunningExpensesGBP       int // running_expenses_gbp
	TotalExpenditureGBP      int // total_expenditure_gbp
	SalesFeesChargesGBP      int // sales_fees_charges_gbp
	OtherIncomeGBP           int // other_income_gbp
	TotalIncomeGBP           int // total_income_gbp
	NetCurrentExpenditureGBP int // net_current_expenditure_gbp
	Note                     int // note
	SourceID                 int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}

// ServiceSpendRow is one row of service_spend, a field per column: a row built by
// name cannot put a value in the wrong column.
type ServiceSpendRow struct {
	TimePeriod               Value // time_period int32
	TimeIdentifier           Value // time_identifier string
	GeographicLevel          Value // geographic_level string
	NewLACode                Value // new_la_code string
	OldLACode                Value // old_la_code string
	ECode                    Value // e_code string
	LAName                   Value // la_name string
	LAClass                  Value // la_class string
	Service                  Value // service string
	Line                     Value // line int32
	EmployeesGBP             Value // employees_gbp int64
	RunningExpensesGBP       Value // running_expenses_gbp int64
	TotalExpenditureGBP      Value // total_expenditure_gbp int64
	SalesFeesChargesGBP      Value // sales_fees_charges_gbp int64
	OtherIncomeGBP           Value // other_income_gbp int64
	TotalIncomeGBP           Value // total_income_gbp int64
	NetCurrentExpenditureGBP Value // net_current_expenditure_gbp int64
	Note                     Value // note string
	SourceID                 Value // source_id string
}

// Values returns the row's values in service_spend's column order.
func (r *ServiceSpendRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.Line, r.EmployeesGBP, r.RunningExpensesGBP, r.TotalExpenditureGBP, r.SalesFeesChargesGBP, r.OtherIncomeGBP, r.TotalIncomeGBP, r.NetCurrentExpenditureGBP, r.Note, r.SourceID}
}

// AppendTo appends the row to b, a builder of service_spend. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ServiceSpendRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ServiceSpend {
		return fmt.Errorf("a service_spend row appended to %s", b.Dataset().Name)
	}
	v := [19]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.Line, r.EmployeesGBP, r.RunningExpensesGBP, r.TotalExpenditureGBP, r.SalesFeesChargesGBP, r.OtherIncomeGBP, r.TotalIncomeGBP, r.NetCurrentExpenditureGBP, r.Note, r.SourceID}
	return b.Append(v[:]...)
}

// ReadServiceSpendRow reads row i of a table of service_spend.
func ReadServiceSpendRow(r *Reader, i int) ServiceSpendRow {
	return ServiceSpendRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), NewLACode: r.Value(i, 3), OldLACode: r.Value(i, 4), ECode: r.Value(i, 5), LAName: r.Value(i, 6), LAClass: r.Value(i, 7), Service: r.Value(i, 8), Line: r.Value(i, 9), EmployeesGBP: r.Value(i, 10), RunningExpensesGBP: r.Value(i, 11), TotalExpenditureGBP: r.Value(i, 12), SalesFeesChargesGBP: r.Value(i, 13), OtherIncomeGBP: r.Value(i, 14), TotalIncomeGBP: r.Value(i, 15), NetCurrentExpenditureGBP: r.Value(i, 16), Note: r.Value(i, 17), SourceID: r.Value(i, 18)}
}

// RevenueBudgetsCol holds the index of each of revenue_budgets's columns in RevenueBudgets.Columns,
// so readers name a column without a string or a lookup.
var RevenueBudgetsCol = struct {
	TimePeriod                     int // time_period
	TimeIdentifier                 int // time_identifier
	GeographicLevel                int // geographic_level
	NewLACode                      int // new_la_code
	OldLACode                      int // old_la_code
	ECode                          int // e_code
	LAName                         int // la_name
	LAClass                        int // la_class
	Service                        int // service
	Line                           int // line
	BudgetNetCurrentExpenditureGBP int // budget_net_current_expenditure_gbp
	SourceID                       int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}

// RevenueBudgetsRow is one row of revenue_budgets, a field per column: a row built by
// name cannot put a value in the wrong column.
type RevenueBudgetsRow struct {
	TimePeriod                     Value // time_period int32
	TimeIdentifier                 Value // time_identifier string
	GeographicLevel                Value // geographic_level string
	NewLACode                      Value // new_la_code string
	OldLACode                      Value // old_la_code string
	ECode                          Value // e_code string
	LAName                         Value // la_name string
	LAClass                        Value // la_class string
	Service                        Value // service string
	Line                           Value // line int32
	BudgetNetCurrentExpenditureGBP Value // budget_net_current_expenditure_gbp int64
	SourceID                       Value // source_id string
}

// Values returns the row's values in revenue_budgets's column order.
func (r *RevenueBudgetsRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.Line, r.BudgetNetCurrentExpenditureGBP, r.SourceID}
}

// AppendTo appends the row to b, a builder of revenue_budgets. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *RevenueBudgetsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &RevenueBudgets {
		return fmt.Errorf("a revenue_budgets row appended to %s", b.Dataset().Name)
	}
	v := [12]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.Line, r.BudgetNetCurrentExpenditureGBP, r.SourceID}
	return b.Append(v[:]...)
}

// ReadRevenueBudgetsRow reads row i of a table of revenue_budgets.
func ReadRevenueBudgetsRow(r *Reader, i int) RevenueBudgetsRow {
	return RevenueBudgetsRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), NewLACode: r.Value(i, 3), OldLACode: r.Value(i, 4), ECode: r.Value(i, 5), LAName: r.Value(i, 6), LAClass: r.Value(i, 7), Service: r.Value(i, 8), Line: r.Value(i, 9), BudgetNetCurrentExpenditureGBP: r.Value(i, 10), SourceID: r.Value(i, 11)}
}

// BudgetVsOutturnCol holds the index of each of budget_vs_outturn's columns in BudgetVsOutturn.Columns,
// so readers name a column without a string or a lookup.
var BudgetVsOutturnCol = struct {
	TimePeriod      int // time_period
	TimeIdentifier  int // time_identifier
	GeographicLevel int // geographic_level
	NewLACode       int // new_la_code
	OldLACode       int // old_la_code
	ECode           int // e_code
	LAName          int // la_name
	LAClass         int // la_class
	Service         int // service
	BudgetGBP       int // budget_gbp
	OutturnGBP      int // outturn_gbp
	DifferenceGBP   int // difference_gbp
	OverspendPct    int // overspend_pct
	BudgetSourceID  int // budget_source_id
	OutturnSourceID int // outturn_source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}

// BudgetVsOutturnRow is one row of budget_vs_outturn, a field per column: a row built by
// name cannot put a value in the wrong column.
type BudgetVsOutturnRow struct {
	TimePeriod      Value // time_period int32
	TimeIdentifier  Value // time_identifier string
	GeographicLevel Value // geographic_level string
	NewLACode       Value // new_la_code string
	OldLACode       Value // old_la_code string
	ECode           Value // e_code string
	LAName          Value // la_name string
	LAClass         Value // la_class string
	Service         Value // service string
	BudgetGBP       Value // budget_gbp int64
	OutturnGBP      Value // outturn_gbp int64
	DifferenceGBP   Value // difference_gbp int64
	OverspendPct    Value // overspend_pct float64
	BudgetSourceID  Value // budget_source_id string
	OutturnSourceID Value // outturn_source_id string
}

// Values returns the row's values in budget_vs_outturn's column order.
func (r *BudgetVsOutturnRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.BudgetGBP, r.OutturnGBP, r.DifferenceGBP, r.OverspendPct, r.BudgetSourceID, r.OutturnSourceID}
}

// AppendTo appends the row to b, a builder of budget_vs_outturn. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *BudgetVsOutturnRow) AppendTo(b *Builder) error {
	if b.Dataset() != &BudgetVsOutturn {
		return fmt.Errorf("a budget_vs_outturn row appended to %s", b.Dataset().Name)
	}
	v := [15]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.BudgetGBP, r.OutturnGBP, r.DifferenceGBP, r.OverspendPct, r.BudgetSourceID, r.OutturnSourceID}
	return b.Append(v[:]...)
}

// ReadBudgetVsOutturnRow reads row i of a table of budget_vs_outturn.
func ReadBudgetVsOutturnRow(r *Reader, i int) BudgetVsOutturnRow {
	return BudgetVsOutturnRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), NewLACode: r.Value(i, 3), OldLACode: r.Value(i, 4), ECode: r.Value(i, 5), LAName: r.Value(i, 6), LAClass: r.Value(i, 7), Service: r.Value(i, 8), BudgetGBP: r.Value(i, 9), OutturnGBP: r.Value(i, 10), DifferenceGBP: r.Value(i, 11), OverspendPct: r.Value(i, 12), BudgetSourceID: r.Value(i, 13), OutturnSourceID: r.Value(i, 14)}
}

// SpendGrowthCol holds the index of each of spend_growth's columns in SpendGrowth.Columns,
// so readers name a column without a string or a lookup.
var SpendGrowthCol = struct {
	FromYear        int // from_year
	ToYear          int // to_year
	GeographicLevel int // geographic_level
	NewLACode       int // new_la_code
	OldLACode       int // old_la_code
	ECode           int // e_code
	LAName          int // la_name
	LAClass         int // la_class
	Service         int // service
	FromGBP         int // from_gbp
	ToGBP           int // to_gbp
	ChangeGBP       int // change_gbp
	ChangePct       int // change_pct
	RankByChangePct int // rank_by_change_pct
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}

// SpendGrowthRow is one row of spend_growth, a field per column: a row built by
// name cannot put a value in the wrong column.
type SpendGrowthRow struct {
	FromYear        Value // from_year int32
	ToYear          Value // to_year int32
	GeographicLevel Value // geographic_level string
	NewLACode       Value // new_la_code string
	OldLACode       Value // old_la_code string
	ECode           Value // e_code string
	LAName          Value // la_name string
	LAClass         Value // la_class string
	Service         Value // service string
	FromGBP         Value // from_gbp int64
	ToGBP           Value // to_gbp int64
	ChangeGBP       Value // change_gbp int64
	ChangePct       Value // change_pct float64
	RankByChangePct Value // rank_by_change_pct int32
}

// Values returns the row's values in spend_growth's column order.
func (r *SpendGrowthRow) Values() []Value {
	return []Value{r.FromYear, r.ToYear, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.FromGBP, r.ToGBP, r.ChangeGBP, r.ChangePct, r.RankByChangePct}
}

// AppendTo appends the row to b, a builder of spend_growth. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *SpendGrowthRow) AppendTo(b *Builder) error {
	if b.Dataset() != &SpendGrowth {
		return fmt.Errorf("a spend_growth row appended to %s", b.Dataset().Name)
	}
	v := [14]Value{r.FromYear, r.ToYear, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.Service, r.FromGBP, r.ToGBP, r.ChangeGBP, r.ChangePct, r.RankByChangePct}
	return b.Append(v[:]...)
}

// ReadSpendGrowthRow reads row i of a table of spend_growth.
func ReadSpendGrowthRow(r *Reader, i int) SpendGrowthRow {
	return SpendGrowthRow{FromYear: r.Value(i, 0), ToYear: r.Value(i, 1), GeographicLevel: r.Value(i, 2), NewLACode: r.Value(i, 3), OldLACode: r.Value(i, 4), ECode: r.Value(i, 5), LAName: r.Value(i, 6), LAClass: r.Value(i, 7), Service: r.Value(i, 8), FromGBP: r.Value(i, 9), ToGBP: r.Value(i, 10), ChangeGBP: r.Value(i, 11), ChangePct: r.Value(i, 12), RankByChangePct: r.Value(i, 13)}
}
