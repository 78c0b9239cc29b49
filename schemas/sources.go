package schemas

// Sources lists every input file a release was built from, with where it
// came from and the sha256 of the exact bytes read.
var Sources = Dataset{
	Name:        "sources",
	Title:       "Sources of this release",
	Description: "One row per input file: publisher, title, official address, licence, release, when it was retrieved, the sha256 of the bytes read, and its publication date where known.",
	Columns: []Column{
		{Name: "source_id", Type: String, Label: "Source id", Description: "Id of the input file, as in every dataset's source_id column"},
		{Name: "publisher", Type: String, Label: "Publisher", Description: "Organisation that published the file"},
		{Name: "title", Type: String, Label: "Title", Description: "Title of the publication the file belongs to"},
		{Name: "url", Type: String, Label: "Official address", Description: "Official download or publication page address"},
		{Name: "licence", Type: String, Label: "Licence", Description: "Licence identifier, OGL-UK-3.0 for official statistics"},
		{Name: "release", Type: String, Label: "Release", Description: "Release the file belongs to, e.g. 2025 or 2024-25"},
		{Name: "retrieved_at", Type: Timestamp, Label: "Retrieved at", Description: "When the file was retrieved from its publisher (UTC)"},
		{Name: "sha256", Type: String, Label: "SHA-256", Description: "SHA-256 of the file's bytes, hex"},
		{Name: "bytes", Type: Int64, Label: "Size in bytes", Description: "Size of the file in bytes"},
		{Name: "media_type", Type: String, Label: "Media type", Description: "Media type of the file"},
		{Name: "published", Type: Date32, Label: "Published", Description: "Publication date of the file where the file itself or its page states it (an Ofsted cover sheet's \"Published on\", an RO3 front page's release date, a document's date); blank where unknown"},
	},
	Key: []string{"source_id"},
}

// Revisions lists every value a newer release of a source changed in a
// period an older release had already published.
var Revisions = Dataset{
	Name:  "revisions",
	Title: "Revisions between source releases",
	Description: "One row per value a newer release changed: which dataset and row (key), which column, the old and new " +
		"value as text (a suppression symbol stands for itself), and the two source files. A row the newer release " +
		"added or withdrew is listed once with column \"row\".",
	Columns: []Column{
		{Name: "dataset", Type: String, Label: "Dataset", Description: "Published dataset the value belongs to", Dictionary: true},
		{Name: "key", Type: String, Label: "Row", Description: "The identifying columns of the row, as name=value pairs separated by \"; \""},
		{Name: "column", Type: String, Label: "Column", Description: "Column whose value changed, or \"row\" for a row added or withdrawn", Dictionary: true},
		{Name: "old_value", Type: String, Label: "Old value", Description: "Value in the older release (null when the row was added)"},
		{Name: "new_value", Type: String, Label: "New value", Description: "Value in the newer release (null when the row was withdrawn)"},
		{Name: "old_source_id", Type: String, Label: "Old source", Description: "Source id of the older release", Dictionary: true},
		{Name: "new_source_id", Type: String, Label: "New source", Description: "Source id of the newer release", Dictionary: true},
	},
	Key: []string{"dataset", "key", "column"},
}

// Revision is one row of Revisions. An empty OldValue or NewValue is null.
type Revision struct {
	Dataset, Key, Column     string
	OldValue, NewValue       string
	OldSourceID, NewSourceID string
}

// Row returns the revision as a row of Revisions.
func (r Revision) Row() *RevisionsRow {
	return &RevisionsRow{Dataset: Str(r.Dataset), Key: Str(r.Key), Column: Str(r.Column), OldValue: Str(r.OldValue),
		NewValue: Str(r.NewValue), OldSourceID: Str(r.OldSourceID), NewSourceID: Str(r.NewSourceID)}
}
