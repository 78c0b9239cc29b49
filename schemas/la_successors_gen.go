// Code generated from la_successors.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// LASuccessorsCol holds the index of each of la_successors's columns in LASuccessors.Columns,
// so readers name a column without a string or a lookup.
var LASuccessorsCol = struct {
	ChangeDate                 int // change_date
	PredecessorONSCode         int // predecessor_ons_code
	PredecessorDfECode         int // predecessor_dfe_code
	PredecessorName            int // predecessor_name
	SuccessorONSCode           int // successor_ons_code
	SuccessorDfECode           int // successor_dfe_code
	SuccessorName              int // successor_name
	Relation                   int // relation
	SuccessorCoversPredecessor int // successor_covers_predecessor
	PredecessorCoversSuccessor int // predecessor_covers_successor
	Legislation                int // legislation
	Note                       int // note
	SourceID                   int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

// LASuccessorsRow is one row of la_successors, a field per column: a row built by
// name cannot put a value in the wrong column.
type LASuccessorsRow struct {
	ChangeDate                 Value // change_date date32
	PredecessorONSCode         Value // predecessor_ons_code string
	PredecessorDfECode         Value // predecessor_dfe_code string
	PredecessorName            Value // predecessor_name string
	SuccessorONSCode           Value // successor_ons_code string
	SuccessorDfECode           Value // successor_dfe_code string
	SuccessorName              Value // successor_name string
	Relation                   Value // relation string
	SuccessorCoversPredecessor Value // successor_covers_predecessor bool
	PredecessorCoversSuccessor Value // predecessor_covers_successor bool
	Legislation                Value // legislation string
	Note                       Value // note string
	SourceID                   Value // source_id string
}

// Values returns the row's values in la_successors's column order.
func (r *LASuccessorsRow) Values() []Value {
	return []Value{r.ChangeDate, r.PredecessorONSCode, r.PredecessorDfECode, r.PredecessorName, r.SuccessorONSCode, r.SuccessorDfECode, r.SuccessorName, r.Relation, r.SuccessorCoversPredecessor, r.PredecessorCoversSuccessor, r.Legislation, r.Note, r.SourceID}
}

// AppendTo appends the row to b, a builder of la_successors. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *LASuccessorsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &LASuccessors {
		return fmt.Errorf("a la_successors row appended to %s", b.Dataset().Name)
	}
	v := [13]Value{r.ChangeDate, r.PredecessorONSCode, r.PredecessorDfECode, r.PredecessorName, r.SuccessorONSCode, r.SuccessorDfECode, r.SuccessorName, r.Relation, r.SuccessorCoversPredecessor, r.PredecessorCoversSuccessor, r.Legislation, r.Note, r.SourceID}
	return b.Append(v[:]...)
}

// ReadLASuccessorsRow reads row i of a table of la_successors.
func ReadLASuccessorsRow(r *Reader, i int) LASuccessorsRow {
	return LASuccessorsRow{ChangeDate: r.Value(i, 0), PredecessorONSCode: r.Value(i, 1), PredecessorDfECode: r.Value(i, 2), PredecessorName: r.Value(i, 3), SuccessorONSCode: r.Value(i, 4), SuccessorDfECode: r.Value(i, 5), SuccessorName: r.Value(i, 6), Relation: r.Value(i, 7), SuccessorCoversPredecessor: r.Value(i, 8), PredecessorCoversSuccessor: r.Value(i, 9), Legislation: r.Value(i, 10), Note: r.Value(i, 11), SourceID: r.Value(i, 12)}
}
