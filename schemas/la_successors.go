package schemas

// Relations between a predecessor and a successor authority in
// la_successors (the relation column).
const (
	// RelationSameArea: the same area under a new ONS code (North
	// Yorkshire E10000023 → E06000065 on 1 April 2023, DfE 815 on both
	// sides).
	RelationSameArea = "same_area"
	// RelationSplit: the predecessor was divided wholly among two or more
	// successors, each lying wholly inside it (Cumbria → Cumberland and
	// Westmorland and Furness).
	RelationSplit = "split"
	// RelationMergerPart: a reorganisation in which a successor was made
	// from areas of more than one predecessor (Bournemouth, Poole and,
	// for Christchurch, Dorset county → Bournemouth, Christchurch and
	// Poole); every row of that reorganisation has it, including Dorset
	// county → Dorset, which took the rest of the county.
	RelationMergerPart = "merger_part"
	// RelationBoundaryChange: both authorities carried on under their DfE
	// codes, with new ONS codes, after a boundary change order moved a
	// small area from one to the other (one house from Gateshead to
	// Northumberland in 2013; a housing development from Barnsley to
	// Sheffield in 2025).
	RelationBoundaryChange = "boundary_change"
)

// LASuccessors lists every change of an English upper-tier local
// authority's code since 2009: one row per predecessor and successor
// whose areas overlap.
var LASuccessors = Dataset{
	Name:  "la_successors",
	Title: "Local authority code changes since 2009: predecessors and successors",
	Description: "One row per pair of a predecessor and a successor upper-tier local authority whose areas overlap, for " +
		"every code change since 2009 that DfE's lookup of local authorities shows: the two authorities' ONS and DfE " +
		"codes and names, the successor's first day, the relation (same_area, split, merger_part, boundary_change), " +
		"whether the successor covers the whole predecessor and whether the predecessor covers the whole successor, " +
		"and the order that made the change. The rows of a change together account for every part of its " +
		"predecessors' and successors' areas.",
	Columns: []Column{
		{Name: "change_date", Type: Date32, Label: "Date of change", Description: "First day of the successor, as DfE's las.csv gives it (date_of_operation); the predecessor's last day is the day before"},
		{Name: "predecessor_ons_code", Type: String, Label: "Predecessor ONS code", Description: "ONS nine-character code of the authority before the change, e.g. E10000006"},
		{Name: "predecessor_dfe_code", Type: String, Label: "Predecessor DfE code", Description: "DfE three-digit code of the authority before the change; null where las.csv gives none (x): the pre-2009 ONS county codes of Cornwall and Isles of Scilly, Durham, Northumberland, Shropshire and Wiltshire, whose councils DfE already coded as it codes the successors (see note)"},
		{Name: "predecessor_name", Type: String, Label: "Predecessor", Description: "Name of the authority before the change, spelt as DfE spells it"},
		{Name: "successor_ons_code", Type: String, Label: "Successor ONS code", Description: "ONS nine-character code of the authority after the change, e.g. E06000063"},
		{Name: "successor_dfe_code", Type: String, Label: "Successor DfE code", Description: "DfE three-digit code of the authority after the change"},
		{Name: "successor_name", Type: String, Label: "Successor", Description: "Name of the authority after the change, spelt as DfE spells it"},
		{Name: "relation", Type: String, Label: "Relation", Dictionary: true, Description: "same_area: the same area under a new code (both flags true); " +
			"split: the predecessor was divided wholly among successors that each lie wholly inside it (successor_covers_predecessor false, predecessor_covers_successor true); " +
			"merger_part: a row of a reorganisation in which a successor took areas of more than one predecessor (Dorset, Bournemouth and Poole into Bournemouth, Christchurch and Poole, and the rest of Dorset county into Dorset), the flags saying which part; " +
			"boundary_change: both authorities carried on under their DfE codes and took new ONS codes when a boundary change order moved a small area between them"},
		{Name: "successor_covers_predecessor", Type: Bool, Label: "Successor covers whole predecessor", Description: "True when all of the predecessor's area went to this successor (true for same_area, and for Bournemouth and Poole into Bournemouth, Christchurch and Poole)"},
		{Name: "predecessor_covers_successor", Type: Bool, Label: "Predecessor covers whole successor", Description: "True when all of the successor's area came from this predecessor (true for same_area and split, and for Dorset county into Dorset)"},
		{Name: "legislation", Type: String, Label: "Order", Description: "The statutory instrument that made the change, e.g. The Cumbria (Structural Changes) Order 2022"},
		{Name: "note", Type: String, Label: "Note", Description: "What part of the area the row stands for, where that is not the whole of either authority, and anything the codes do not say"},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file the codes, names and dates came from (see sources)", Dictionary: true},
	},
	Key: []string{"predecessor_ons_code", "successor_ons_code"},
}
