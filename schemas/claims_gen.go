// Code generated from claims.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ClaimsCol holds the index of each of claims's columns in Claims.Columns,
// so readers name a column without a string or a lookup.
var ClaimsCol = struct {
	DocumentID   int // document_id
	ClaimIndex   int // claim_index
	Mention      int // mention
	Start        int // start
	End          int // end
	Sentence     int // sentence
	Value        int // value
	Unit         int // unit
	Comparator   int // comparator
	PeriodYears  int // period_years
	Topic        int // topic
	Subject      int // subject
	AttributedTo int // attributed_to
	IsProjection int // is_projection
	SourceID     int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}

// ClaimsRow is one row of claims, a field per column: a row built by
// name cannot put a value in the wrong column.
type ClaimsRow struct {
	DocumentID   Value // document_id string
	ClaimIndex   Value // claim_index int32
	Mention      Value // mention string
	Start        Value // start int64
	End          Value // end int64
	Sentence     Value // sentence string
	Value        Value // value float64
	Unit         Value // unit string
	Comparator   Value // comparator string
	PeriodYears  Value // period_years float64
	Topic        Value // topic string
	Subject      Value // subject string
	AttributedTo Value // attributed_to string
	IsProjection Value // is_projection bool
	SourceID     Value // source_id string
}

// Values returns the row's values in claims's column order.
func (r *ClaimsRow) Values() []Value {
	return []Value{r.DocumentID, r.ClaimIndex, r.Mention, r.Start, r.End, r.Sentence, r.Value, r.Unit, r.Comparator, r.PeriodYears, r.Topic, r.Subject, r.AttributedTo, r.IsProjection, r.SourceID}
}

// AppendTo appends the row to b, a builder of claims. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ClaimsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Claims {
		return fmt.Errorf("a claims row appended to %s", b.Dataset().Name)
	}
	v := [15]Value{r.DocumentID, r.ClaimIndex, r.Mention, r.Start, r.End, r.Sentence, r.Value, r.Unit, r.Comparator, r.PeriodYears, r.Topic, r.Subject, r.AttributedTo, r.IsProjection, r.SourceID}
	return b.Append(v[:]...)
}

// ReadClaimsRow reads row i of a table of claims.
func ReadClaimsRow(r *Reader, i int) ClaimsRow {
	return ClaimsRow{DocumentID: r.Value(i, 0), ClaimIndex: r.Value(i, 1), Mention: r.Value(i, 2), Start: r.Value(i, 3), End: r.Value(i, 4), Sentence: r.Value(i, 5), Value: r.Value(i, 6), Unit: r.Value(i, 7), Comparator: r.Value(i, 8), PeriodYears: r.Value(i, 9), Topic: r.Value(i, 10), Subject: r.Value(i, 11), AttributedTo: r.Value(i, 12), IsProjection: r.Value(i, 13), SourceID: r.Value(i, 14)}
}

// DocumentsCol holds the index of each of documents's columns in Documents.Columns,
// so readers name a column without a string or a lookup.
var DocumentsCol = struct {
	DocumentID      int // document_id
	Title           int // title
	Publisher       int // publisher
	PublicationDate int // publication_date
	URL             int // url
	SHA256          int // sha256
	TextSHA256      int // text_sha256
	Characters      int // characters
	Claims          int // claims
	SourceID        int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// DocumentsRow is one row of documents, a field per column: a row built by
// name cannot put a value in the wrong column.
type DocumentsRow struct {
	DocumentID      Value // document_id string
	Title           Value // title string
	Publisher       Value // publisher string
	PublicationDate Value // publication_date date32
	URL             Value // url string
	SHA256          Value // sha256 string
	TextSHA256      Value // text_sha256 string
	Characters      Value // characters int64
	Claims          Value // claims int64
	SourceID        Value // source_id string
}

// Values returns the row's values in documents's column order.
func (r *DocumentsRow) Values() []Value {
	return []Value{r.DocumentID, r.Title, r.Publisher, r.PublicationDate, r.URL, r.SHA256, r.TextSHA256, r.Characters, r.Claims, r.SourceID}
}

// AppendTo appends the row to b, a builder of documents. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *DocumentsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Documents {
		return fmt.Errorf("a documents row appended to %s", b.Dataset().Name)
	}
	v := [10]Value{r.DocumentID, r.Title, r.Publisher, r.PublicationDate, r.URL, r.SHA256, r.TextSHA256, r.Characters, r.Claims, r.SourceID}
	return b.Append(v[:]...)
}

// ReadDocumentsRow reads row i of a table of documents.
func ReadDocumentsRow(r *Reader, i int) DocumentsRow {
	return DocumentsRow{DocumentID: r.Value(i, 0), Title: r.Value(i, 1), Publisher: r.Value(i, 2), PublicationDate: r.Value(i, 3), URL: r.Value(i, 4), SHA256: r.Value(i, 5), TextSHA256: r.Value(i, 6), Characters: r.Value(i, 7), Claims: r.Value(i, 8), SourceID: r.Value(i, 9)}
}
