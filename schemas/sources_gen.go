// Code generated from sources.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// SourcesCol holds the index of each of sources's columns in Sources.Columns,
// so readers name a column without a string or a lookup.
var SourcesCol = struct {
	SourceID    int // source_id
	Publisher   int // publisher
	Title       int // title
	URL         int // url
	Licence     int // licence
	Release     int // release
	RetrievedAt int // retrieved_at
	SHA256      int // sha256
	Bytes       int // bytes
	MediaType   int // media_type
	Published   int // published
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// SourcesRow is one row of sources, a field per column: a row built by
// name cannot put a value in the wrong column.
type SourcesRow struct {
	SourceID    Value // source_id string
	Publisher   Value // publisher string
	Title       Value // title string
	URL         Value // url string
	Licence     Value // licence string
	Release     Value // release string
	RetrievedAt Value // retrieved_at timestamp
	SHA256      Value // sha256 string
	Bytes       Value // bytes int64
	MediaType   Value // media_type string
	Published   Value // published date32
}

// Values returns the row's values in sources's column order.
func (r *SourcesRow) Values() []Value {
	return []Value{r.SourceID, r.Publisher, r.Title, r.URL, r.Licence, r.Release, r.RetrievedAt, r.SHA256, r.Bytes, r.MediaType, r.Published}
}

// AppendTo appends the row to b, a builder of sources. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *SourcesRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Sources {
		return fmt.Errorf("a sources row appended to %s", b.Dataset().Name)
	}
	v := [11]Value{r.SourceID, r.Publisher, r.Title, r.URL, r.Licence, r.Release, r.RetrievedAt, r.SHA256, r.Bytes, r.MediaType, r.Published}
	return b.Append(v[:]...)
}

// ReadSourcesRow reads row i of a table of sources.
func ReadSourcesRow(r *Reader, i int) SourcesRow {
	return SourcesRow{SourceID: r.Value(i, 0), Publisher: r.Value(i, 1), Title: r.Value(i, 2), URL: r.Value(i, 3), Licence: r.Value(i, 4), Release: r.Value(i, 5), RetrievedAt: r.Value(i, 6), SHA256: r.Value(i, 7), Bytes: r.Value(i, 8), MediaType: r.Value(i, 9), Published: r.Value(i, 10)}
}

// RevisionsCol holds the index of each of revisions's columns in Revisions.Columns,
// so readers name a column without a string or a lookup.
var RevisionsCol = struct {
	Dataset     int // dataset
	Key         int // key
	Column      int // column
	OldValue    int // old_value
	NewValue    int // new_value
	OldSourceID int // old_source_id
	NewSourceID int // new_source_id
}{0, 1, 2, 3, 4, 5, 6}

// RevisionsRow is one row of revisions, a field per column: a row built by
// name cannot put a value in the wrong column.
type RevisionsRow struct {
	Dataset     Value // dataset string
	Key         Value // key string
	Column      Value // column string
	OldValue    Value // old_value string
	NewValue    Value // new_value string
	OldSourceID Value // old_source_id string
	NewSourceID Value // new_source_id string
}

// Values returns the row's values in revisions's column order.
func (r *RevisionsRow) Values() []Value {
	return []Value{r.Dataset, r.Key, r.Column, r.OldValue, r.NewValue, r.OldSourceID, r.NewSourceID}
}

// AppendTo appends the row to b, a builder of revisions. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *RevisionsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Revisions {
		return fmt.Errorf("a revisions row appended to %s", b.Dataset().Name)
	}
	v := [7]Value{r.Dataset, r.Key, r.Column, r.OldValue, r.NewValue, r.OldSourceID, r.NewSourceID}
	return b.Append(v[:]...)
}

// ReadRevisionsRow reads row i of a table of revisions.
func ReadRevisionsRow(r *Reader, i int) RevisionsRow {
	return RevisionsRow{Dataset: r.Value(i, 0), Key: r.Value(i, 1), Column: r.Value(i, 2), OldValue: r.Value(i, 3), NewValue: r.Value(i, 4), OldSourceID: r.Value(i, 5), NewSourceID: r.Value(i, 6)}
}
