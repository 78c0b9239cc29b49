// Code generated from claim_history.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ClaimHistoryCol holds the index of each of claim_history's columns in ClaimHistory.Columns,
// so readers name a column without a string or a lookup.
var ClaimHistoryCol = struct {
	DocumentID              int // document_id
	ClaimIndex              int // claim_index
	Mention                 int // mention
	ReleaseID               int // release_id
	ReleaseCreated          int // release_created
	Change                  int // change
	Verdict                 int // verdict
	PreviousVerdict         int // previous_verdict
	StatisticValue          int // statistic_value
	PreviousStatisticValue  int // previous_statistic_value
	StatisticPeriod         int // statistic_period
	PreviousStatisticPeriod int // previous_statistic_period
	StatisticSourceID       int // statistic_source_id
	Explanation             int // explanation
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}

// ClaimHistoryRow is one row of claim_history, a field per column: a row built by
// name cannot put a value in the wrong column.
type ClaimHistoryRow struct {
	DocumentID              Value // document_id string
	ClaimIndex              Value // claim_index int32
	Mention                 Value // mention string
	ReleaseID               Value // release_id string
	ReleaseCreated          Value // release_created timestamp
	Change                  Value // change string
	Verdict                 Value // verdict string
	PreviousVerdict         Value // previous_verdict string
	StatisticValue          Value // statistic_value float64
	PreviousStatisticValue  Value // previous_statistic_value float64
	StatisticPeriod         Value // statistic_period string
	PreviousStatisticPeriod Value // previous_statistic_period string
	StatisticSourceID       Value // statistic_source_id string
	Explanation             Value // explanation string
}

// Values returns the row's values in claim_history's column order.
func (r *ClaimHistoryRow) Values() []Value {
	return []Value{r.DocumentID, r.ClaimIndex, r.Mention, r.ReleaseID, r.ReleaseCreated, r.Change, r.Verdict, r.PreviousVerdict, r.StatisticValue, r.PreviousStatisticValue, r.StatisticPeriod, r.PreviousStatisticPeriod, r.StatisticSourceID, r.Explanation}
}

// AppendTo appends the row to b, a builder of claim_history. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ClaimHistoryRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ClaimHistory {
		return fmt.Errorf("a claim_history row appended to %s", b.Dataset().Name)
	}
	v := [14]Value{r.DocumentID, r.ClaimIndex, r.Mention, r.ReleaseID, r.ReleaseCreated, r.Change, r.Verdict, r.PreviousVerdict, r.StatisticValue, r.PreviousStatisticValue, r.StatisticPeriod, r.PreviousStatisticPeriod, r.StatisticSourceID, r.Explanation}
	return b.Append(v[:]...)
}

// ReadClaimHistoryRow reads row i of a table of claim_history.
func ReadClaimHistoryRow(r *Reader, i int) ClaimHistoryRow {
	return ClaimHistoryRow{DocumentID: r.Value(i, 0), ClaimIndex: r.Value(i, 1), Mention: r.Value(i, 2), ReleaseID: r.Value(i, 3), ReleaseCreated: r.Value(i, 4), Change: r.Value(i, 5), Verdict: r.Value(i, 6), PreviousVerdict: r.Value(i, 7), StatisticValue: r.Value(i, 8), PreviousStatisticValue: r.Value(i, 9), StatisticPeriod: r.Value(i, 10), PreviousStatisticPeriod: r.Value(i, 11), StatisticSourceID: r.Value(i, 12), Explanation: r.Value(i, 13)}
}
