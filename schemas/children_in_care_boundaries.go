package schemas

// What each row of children_in_care_boundaries is (the boundary_basis
// column).
const (
	// BasisAsPublished: the row of children_in_care as published, its
	// codes those of the series.
	BasisAsPublished = "as_published"
	// BasisSameArea: the authority's figures as published under the codes
	// of a predecessor with the same area (la_successors relation
	// same_area: North Yorkshire E10000023 until 2020), shown under the
	// series' codes.
	BasisSameArea = "same_area_series"
	// BasisBoundaryChange: the authority's figures as published under the
	// codes it had before a boundary change order moved a small area to or
	// from it (relation boundary_change: Gateshead E08000020 and
	// Northumberland E06000048 until 2013), shown under the series' codes.
	BasisBoundaryChange = "boundary_change_series"
	// BasisSumOfSuccessors: derived, the sum of the published figures of
	// the successors of an authority split wholly among them (relation
	// split), at the abolished authority's boundary.
	BasisSumOfSuccessors = "sum_of_successors"
)

// ChildrenInCareBoundaries is children_in_care on consistent local
// authority boundaries: one series per authority under one set of codes
// across same-area and boundary-change code changes, and the sum of the
// successors of an authority split wholly among them.
var ChildrenInCareBoundaries = Dataset{
	Name:  "children_in_care_boundaries",
	Title: "Children looked after in England, on consistent local authority boundaries",
	Description: "children_in_care with each local authority's figures as one series across code changes: an authority whose code " +
		"changed with the same area (North Yorkshire, Somerset, Buckinghamshire) or when a boundary change moved a small area " +
		"(Gateshead and Northumberland, 2013) appears every year under its codes of 31 March of the newest year, and an " +
		"authority divided wholly among successors (Bedfordshire and Cheshire 2009, Northamptonshire 2021, Cumbria 2023) also " +
		"appears, for each year after the division, with the sum of its successors' figures at its own boundary, marked " +
		"sum_of_successors. Where only part of an area moved (Dorset, Bournemouth and Poole into Bournemouth, Christchurch and " +
		"Poole, and Dorset, 2019) the figures are as published and no series is made up. England and regions are as published. " +
		"boundary_basis says what each row is and published_under which published rows its figures are.",
	EES: true,
	Notes: []string{
		"boundary_basis: as_published is the row of children_in_care unchanged; same_area_series is an authority's published row under " +
			"the codes of a predecessor with the same area (North Yorkshire E10000023, Somerset E10000027 until 2020, Buckinghamshire " +
			"E10000002 until 2018), shown under the authority's current codes; boundary_change_series is the same for codes that changed " +
			"when a boundary change order moved a small area (Gateshead E08000020 and Northumberland E06000048 until 2013); " +
			"sum_of_successors is derived: the sum of the successors' published figures for an authority divided wholly among them.",
		"A sum is given only when every successor's figure is: a suppressed or unavailable part makes the sum null with that part's " +
			"symbol (c if any part is c), and a successor with no row makes it null with x. The rate per 10,000 of a sum is its count " +
			"divided by its population, times 10,000, rounded half up to a whole number as DfE's rates are; x when either is null.",
		"The codes of a series are those DfE's las.csv gives the authority on 31 March of the newest year (an abolished authority's " +
			"last codes), so a series does not change codes from year to year; published_under gives the codes each figure was " +
			"published under.",
	},
	Columns: concat(TimeColumns, boundaryGeography(), []Column{
		ChildrenInCare.Columns[ChildrenInCare.Column("measure")],
		{Name: "boundary_basis", Type: String, Role: Filter, Label: "Boundary basis", Description: "What the row is: as_published (the row " +
			"of children_in_care unchanged), same_area_series (published under a predecessor's codes with the same area, shown under the " +
			"series' codes), boundary_change_series (published under the codes the authority had before a small boundary change), " +
			"sum_of_successors (derived: the sum of the successors of an authority divided wholly among them)", Dictionary: true,
			Default: BasisAsPublished},
		{Name: "published_under", Type: String, Role: Filter, Label: "Published under", Description: "The geography whose published " +
			"rows of children_in_care the figures are, by name (ONS code, DfE code): one authority, or each successor summed, joined by ' + '", Dictionary: true,
			Default: "England (E92000001)"},
		{Name: "children_count", Type: Int64, Role: Indicator, Label: "Number of children", Description: "Number of children; for a sum, the successors' counts added", Status: true},
		{Name: "rate_per_10000", Type: Float64, Role: Indicator, Label: "Rate per 10,000 children", Description: "Children per 10,000 children aged 0 to 17; for a sum, recomputed from the summed count and population and rounded half up to a whole number", Status: true},
		{Name: "population_estimate", Type: Int64, Role: Indicator, Label: "Population aged 0 to 17", Description: "ONS mid-year estimate of children aged 0 to 17 used for the rate; for a sum, the successors' estimates added", Status: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the figures came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "country_code", "region_code", "old_la_code", "measure"},
}

// boundaryGeography is the EES geography with the local authority columns
// described as a series' codes.
func boundaryGeography() []Column {
	cols := append([]Column(nil), GeographyColumns...)
	for i, c := range cols {
		switch c.Name {
		case "new_la_code":
			cols[i].Description = "ONS nine-character code of the local authority the series is, on 31 March of the newest year (an abolished authority's last code)"
		case "old_la_code":
			cols[i].Description = "DfE three-digit code of the local authority the series is"
		case "la_name":
			cols[i].Description = "Name of the local authority the series is, spelt as DfE spells it"
		}
	}
	return cols
}
