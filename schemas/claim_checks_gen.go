// Code generated from claim_checks.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ClaimChecksCol holds the index of each of claim_checks's columns in ClaimChecks.Columns,
// so readers name a column without a string or a lookup.
var ClaimChecksCol = struct {
	DocumentID         int // document_id
	ClaimIndex         int // claim_index
	Mention            int // mention
	Value              int // value
	Unit               int // unit
	Comparator         int // comparator
	Topic              int // topic
	DocumentDate       int // document_date
	MatchRule          int // match_rule
	Dataset            int // dataset
	StatisticKey       int // statistic_key
	StatisticColumn    int // statistic_column
	StatisticLabel     int // statistic_label
	StatisticValue     int // statistic_value
	StatisticPeriod    int // statistic_period
	StatisticSourceID  int // statistic_source_id
	Difference         int // difference
	Ratio              int // ratio
	Verdict            int // verdict
	NotCheckableReason int // not_checkable_reason
	JudgedOn           int // judged_on
	Explanation        int // explanation
	SourceID           int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22}

// ClaimChecksRow is one row of claim_checks, a field per column: a row built by
// name cannot put a value in the wrong column.
type ClaimChecksRow struct {
	DocumentID         Value // document_id string
	ClaimIndex         Value // claim_index int32
	Mention            Value // mention string
	Value              Value // value float64
	Unit               Value // unit string
	Comparator         Value // comparator string
	Topic              Value // topic string
	DocumentDate       Value // document_date date32
	MatchRule          Value // match_rule string
	Dataset            Value // dataset string
	StatisticKey       Value // statistic_key string
	StatisticColumn    Value // statistic_column string
	StatisticLabel     Value // statistic_label string
	StatisticValue     Value // statistic_value float64
	StatisticPeriod    Value // statistic_period string
	StatisticSourceID  Value // statistic_source_id string
	Difference         Value // difference float64
	Ratio              Value // ratio float64
	Verdict            Value // verdict string
	NotCheckableReason Value // not_checkable_reason string
	JudgedOn           Value // judged_on date32
	Explanation        Value // explanation string
	SourceID           Value // source_id string
}

// Values returns the row's values in claim_checks's column order.
func (r *ClaimChecksRow) Values() []Value {
	return []Value{r.DocumentID, r.ClaimIndex, r.Mention, r.Value, r.Unit, r.Comparator, r.Topic, r.DocumentDate, r.MatchRule, r.Dataset, r.StatisticKey, r.StatisticColumn, r.StatisticLabel, r.StatisticValue, r.StatisticPeriod, r.StatisticSourceID, r.Difference, r.Ratio, r.Verdict, r.NotCheckableReason, r.JudgedOn, r.Explanation, r.SourceID}
}

// AppendTo appends the row to b, a builder of claim_checks. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ClaimChecksRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ClaimChecks {
		return fmt.Errorf("a claim_checks row appended to %s", b.Dataset().Name)
	}
	v := [23]Value{r.DocumentID, r.ClaimIndex, r.Mention, r.Value, r.Unit, r.Comparator, r.Topic, r.DocumentDate, r.MatchRule, r.Dataset, r.StatisticKey, r.StatisticColumn, r.StatisticLabel, r.StatisticValue, r.StatisticPeriod, r.StatisticSourceID, r.Difference, r.Ratio, r.Verdict, r.NotCheckableReason, r.JudgedOn, r.Explanation, r.SourceID}
	return b.Append(v[:]...)
}

// ReadClaimChecksRow reads row i of a table of claim_checks.
func ReadClaimChecksRow(r *Reader, i int) ClaimChecksRow {
	return ClaimChecksRow{DocumentID: r.Value(i, 0), ClaimIndex: r.Value(i, 1), Mention: r.Value(i, 2), Value: r.Value(i, 3), Unit: r.Value(i, 4), Comparator: r.Value(i, 5), Topic: r.Value(i, 6), DocumentDate: r.Value(i, 7), MatchRule: r.Value(i, 8), Dataset: r.Value(i, 9), StatisticKey: r.Value(i, 10), StatisticColumn: r.Value(i, 11), StatisticLabel: r.Value(i, 12), StatisticValue: r.Value(i, 13), StatisticPeriod: r.Value(i, 14), StatisticSourceID: r.Value(i, 15), Difference: r.Value(i, 16), Ratio: r.Value(i, 17), Verdict: r.Value(i, 18), NotCheckableReason: r.Value(i, 19), JudgedOn: r.Value(i, 20), Explanation: r.Value(i, 21), SourceID: r.Value(i, 22)}
}
