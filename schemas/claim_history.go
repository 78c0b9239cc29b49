package schemas

// Changes recorded in claim_history.
const (
	ChangeFirstChecked = "first_checked"
	ChangeVerdict      = "verdict_changed"
	ChangeStatistic    = "statistic_changed"
)

// ClaimHistory is the ledger of claim_checks across releases: a row each
// time a claim's verdict, or the statistic beside it, changed.
var ClaimHistory = Dataset{
	Name:  "claim_history",
	Title: "Claim checks across releases: when a verdict or its statistic changed",
	Description: "One row per claim and release in which the claim was first checked, its verdict changed, or the statistic " +
		"it is compared with changed (a new period, or a publisher's revision), with the verdict and statistic before and " +
		"after and the release's explanation: so a reader can see when a claim went out of date and why. Rows of earlier " +
		"releases are carried forward unchanged; a release that changes nothing for a claim adds no row for it.",
	Columns: []Column{
		{Name: "document_id", Type: String, Label: "Document", Description: "Id of the document (see documents)", Dictionary: true},
		{Name: "claim_index", Type: Int32, Label: "Claim number", Description: "0-based order of the claim in the document (see claims)"},
		{Name: "mention", Type: String, Label: "Mention", Description: "The figure as written"},
		{Name: "release_id", Type: String, Label: "Release", Description: "Id of the release in which the change appeared", Dictionary: true},
		{Name: "release_created", Type: Timestamp, Label: "Release made", Description: "When that release was made (UTC)"},
		{Name: "change", Type: String, Label: "Change", Description: "first_checked, verdict_changed or statistic_changed", Dictionary: true},
		{Name: "verdict", Type: String, Label: "Verdict", Description: "The verdict in that release (see claim_checks)", Dictionary: true},
		{Name: "previous_verdict", Type: String, Label: "Previous verdict", Description: "The verdict before; null on first_checked rows", Dictionary: true},
		{Name: "statistic_value", Type: Float64, Label: "Statistic's value", Description: "The statistic beside the claim in that release; null where none"},
		{Name: "previous_statistic_value", Type: Float64, Label: "Previous statistic's value", Description: "The statistic before; null on first_checked rows or where none"},
		{Name: "statistic_period", Type: String, Label: "Statistic's period", Description: "The period of the statistic in that release", Dictionary: true},
		{Name: "previous_statistic_period", Type: String, Label: "Previous statistic's period", Description: "The period before", Dictionary: true},
		{Name: "statistic_source_id", Type: String, Label: "Statistic's source file", Description: "Id of the input file of the statistic in that release (see sources)", Dictionary: true},
		{Name: "explanation", Type: String, Label: "Explanation", Description: "claim_checks' explanation in that release"},
	},
	Key: []string{"document_id", "claim_index", "release_id"},
}
