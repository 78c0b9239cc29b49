package schemas

// Claims are the figures documents state, one row per figure, as
// spec/claims.md defines them. Offsets are code points of the document's
// text as caredata reads it (`caredata text FILE` prints that text).
var Claims = Dataset{
	Name:  "claims",
	Title: "Figures stated in documents about children's social care",
	Description: "Every figure (money, count, percentage or proportion, multiple) that the documents state, with the " +
		"normalised value, unit, comparator, the span of years an amount is spread over, topic, what is counted, who the " +
		"figure is attributed to, whether it is a projection, and the sentence it is in. Page furniture is excluded.",
	Columns: []Column{
		{Name: "document_id", Type: String, Label: "Document", Description: "Id of the document (see documents)", Dictionary: true},
		{Name: "claim_index", Type: Int32, Label: "Claim number", Description: "0-based order of the claim in the document"},
		{Name: "mention", Type: String, Label: "Mention", Description: "The figure as written, without comparator words"},
		{Name: "start", Type: Int64, Label: "Start", Description: "Code-point offset of the mention in the document's text"},
		{Name: "end", Type: Int64, Label: "End", Description: "Code-point offset just after the mention"},
		{Name: "sentence", Type: String, Label: "Sentence", Description: "The sentence that contains the mention"},
		{Name: "value", Type: Float64, Label: "Value", Description: "The normalised number: £2.6 billion is 2600000000, 78 per cent is 78, one in three is 33.33"},
		{Name: "unit", Type: String, Label: "Unit", Description: "GBP, percent, count or multiple", Dictionary: true},
		{Name: "comparator", Type: String, Label: "Comparator", Description: "eq, approx, gt, ge, lt or le", Dictionary: true},
		{Name: "period_years", Type: Float64, Label: "Period (years)", Description: "Years an amount is spread over (per year is 1); null when none is stated"},
		{Name: "topic", Type: String, Label: "Topic", Description: "children_in_care, private_provision, spend, workforce or other", Dictionary: true},
		{Name: "subject", Type: String, Label: "Subject", Description: "What is counted or measured"},
		{Name: "attributed_to", Type: String, Label: "Attributed to", Description: "Person or organisation the text attributes the figure to; null when it does not"},
		{Name: "is_projection", Type: Bool, Label: "Projection", Description: "True for a forecast, target, proposal or ask rather than a measured fact"},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file (see sources)", Dictionary: true},
	},
	Key: []string{"document_id", "claim_index"},
}

// Documents lists the documents claims were read from. Their full text is
// not published: articles belong to their publishers, and a claim quotes
// only its sentence.
var Documents = Dataset{
	Name:  "documents",
	Title: "Documents read for claims",
	Description: "One row per document: title, publisher, publication date where known, address, the sha256 of the file " +
		"and of the text claims' offsets refer to, its length in characters and the number of claims found.",
	Columns: []Column{
		{Name: "document_id", Type: String, Label: "Document", Description: "File name without its extension"},
		{Name: "title", Type: String, Label: "Title", Description: "Title as the document gives it"},
		{Name: "publisher", Type: String, Label: "Publisher", Description: "Publisher or author as stated; null when unknown"},
		{Name: "publication_date", Type: Date32, Label: "Publication date", Description: "Date of publication where known"},
		{Name: "url", Type: String, Label: "Address", Description: "Where the document was published; null when unknown"},
		{Name: "sha256", Type: String, Label: "SHA-256 of the file", Description: "SHA-256 of the source bytes"},
		{Name: "text_sha256", Type: String, Label: "SHA-256 of the text", Description: "SHA-256 of the extracted text (UTF-8) that offsets refer to"},
		{Name: "characters", Type: Int64, Label: "Characters", Description: "Length of the extracted text in code points"},
		{Name: "claims", Type: Int64, Label: "Claims", Description: "Number of claims found"},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file (see sources)"},
	},
	Key: []string{"document_id"},
}
