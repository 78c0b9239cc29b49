package schemas

// Verdicts of claim_checks.
const (
	VerdictConsistent   = "consistent"
	VerdictClose        = "close"
	VerdictDiffers      = "differs"
	VerdictOutdated     = "outdated"
	VerdictNotCheckable = "not_checkable"
	// VerdictPending is a forecast whose date the statistics do not reach
	// yet: it is judged in the first release that covers it.
	VerdictPending = "pending"
)

// ClaimChecks puts each figure a document states about children in care,
// private provision or spending beside the official statistic it refers
// to, with a verdict and a sentence explaining it (derive/claimchecks
// documents the matching table and the verdict rules).
var ClaimChecks = Dataset{
	Name:  "claim_checks",
	Title: "Figures in documents checked against the official statistics",
	Description: "One row per claim about children in care, private provision or spending: the figure as the document states " +
		"it, the official statistic it refers to (dataset, row, value, period and source file), the difference and ratio, a " +
		"verdict (consistent within the rounding the claim implies, close within 5%, differs, outdated, pending or not checkable) " +
		"and one sentence explaining it. The statistic is the latest published before the document (for Ofsted's registers, the " +
		"latest 31 March on or before it; the latest overall when the document's date is unknown). A forecast gets the date it " +
		"can be judged at and is pending until a release covers that date; proposals and asks are not checkable and show the " +
		"latest related figure.",
	Columns: []Column{
		{Name: "document_id", Type: String, Label: "Document", Description: "Id of the document (see documents)", Dictionary: true},
		{Name: "claim_index", Type: Int32, Label: "Claim number", Description: "0-based order of the claim in the document (see claims)"},
		{Name: "mention", Type: String, Label: "Mention", Description: "The figure as written, without comparator words"},
		{Name: "value", Type: Float64, Label: "Claimed value", Description: "The claim's normalised number: £2.6 billion is 2600000000, 78 per cent is 78"},
		{Name: "unit", Type: String, Label: "Unit", Description: "GBP, percent or count", Dictionary: true},
		{Name: "comparator", Type: String, Label: "Comparator", Description: "eq, approx, gt, ge, lt or le: how the claim relates to the true value", Dictionary: true},
		{Name: "topic", Type: String, Label: "Topic", Description: "children_in_care, private_provision or spend", Dictionary: true},
		{Name: "document_date", Type: Date32, Label: "Document date", Description: "Publication date of the document used to choose the statistic; null when unknown"},
		{Name: "match_rule", Type: String, Label: "Matching rule", Description: "Row of the matching table that matched the claim; null when none did", Dictionary: true},
		{Name: "dataset", Type: String, Label: "Statistic's dataset", Description: "Published dataset the statistic comes from; null when there is none", Dictionary: true},
		{Name: "statistic_key", Type: String, Label: "Statistic's row", Description: "The identifying columns of the statistic's row in that dataset, as name=value pairs separated by \"; \""},
		{Name: "statistic_column", Type: String, Label: "Statistic's column", Description: "Column of that row the statistic is read from", Dictionary: true},
		{Name: "statistic_label", Type: String, Label: "Statistic", Description: "What the statistic measures, in plain English"},
		{Name: "statistic_value", Type: Float64, Label: "Statistic's value", Description: "The statistic, in the claim's unit (pounds, percent or a count)"},
		{Name: "statistic_period", Type: String, Label: "Statistic's period", Description: "The date or financial year the statistic refers to, e.g. 31 March 2023 or 2024-25"},
		{Name: "statistic_source_id", Type: String, Label: "Statistic's source file", Description: "Id of the input file the statistic's value comes from (see sources)", Dictionary: true},
		{Name: "difference", Type: Float64, Label: "Difference", Description: "Claimed value minus the statistic; null when not checkable"},
		{Name: "ratio", Type: Float64, Label: "Ratio", Description: "Claimed value divided by the statistic; null when not checkable"},
		{Name: "verdict", Type: String, Label: "Verdict", Description: "consistent, close, differs, outdated, pending (a forecast not yet due) or not_checkable", Dictionary: true},
		{Name: "not_checkable_reason", Type: String, Label: "Why not checkable", Description: "forecast, proposal, ask, not_published, no_matching_statistic, only_later_figures or statistic_missing; null when checked; forecast on a pending row", Dictionary: true},
		{Name: "judged_on", Type: Date32, Label: "Forecast judged on", Description: "For a forecast, the date of the statistic it is judged against (31 March of the year it names, or the first 31 March after the span it gives); null for other claims"},
		{Name: "explanation", Type: String, Label: "Explanation", Description: "One sentence a reader can quote explaining the verdict"},
		{Name: "source_id", Type: String, Label: "Document's source file", Description: "Id of the document's input file (see sources)", Dictionary: true},
	},
	Key: []string{"document_id", "claim_index"},
}
