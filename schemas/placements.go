package schemas

// Items of placements' filters that stand for all children of a
// dimension. DfE's files write them in their own words (provider "All
// children", placement type "1. All children looked after at 31 March",
// "2. All children placed inside council boundary"); the extractor maps
// those to these.
const (
	LocalityAll         = "All localities"
	LocalityInside      = "Inside council boundary"
	LocalityOutside     = "Outside council boundary"
	PlacementTypeAll    = "All placement types"
	ProviderAll         = "All providers"
	ProviderPrivate     = "Private provision"
	LocalityOver20      = "More than 20 miles from home"
	LocalityInsideGT20  = "Inside council boundary, more than 20 miles from home"
	LocalityOutsideGT20 = "Outside council boundary, more than 20 miles from home"
)

// Placements is DfE's count of children looked after on 31 March by
// placement type, placement provider and locality: nationally from the
// Explore Education Statistics file
// national_cla_on_31_march_by_placement_provider_placement_type_and_locality
// (2023 release on), and by region and local authority from the local
// authority underlying data files of the releases of 2011 to 2019.
var Placements = Dataset{
	Name:  "placements",
	Title: "Children looked after on 31 March by placement type, provider and locality",
	Description: "Children looked after by local authorities in England on 31 March by placement type, placement provider " +
		"(the authority's own provision, another authority, other public, private, voluntary or third sector, parents, " +
		"not reported) and locality (inside or outside the council's boundary, more than 20 miles from home): England " +
		"2011 to 2024, regions and local authorities 2011 to 2019, where DfE published each. Each year at each " +
		"geographic level and locality comes from the newest DfE release that covers it.",
	EES: true,
	Notes: []string{
		"England from 2019 comes from DfE's national table of children looked after on 31 March by placement provider, " +
			"placement type and locality (Explore Education Statistics, 2023 and 2024 releases). Its placement types are " +
			"numbered by locality (1 all children, 2 inside the council boundary, 3 outside, 4 other placements): the " +
			"number is the locality filter here. The 2024 release regrouped some types (\"Secure homes and children's " +
			"homes\" and \"Independent and semi-independent living arrangements/supported accommodation\" replace \"Secure " +
			"units, children's homes and semi-independent living accommodation\" and \"Other placement in the community\"): " +
			"the groupings are kept apart, so 2019 has the old ones and 2020 to 2024 the new.",
		"2011 to 2019 by region and local authority (and England to 2018) come from DfE's local authority underlying " +
			"data files of the releases of 2011 to 2019, which give each year's providers and localities for all placement " +
			"types together, with no percentage except CLA2019's providers: [x]. In those files inside and outside the " +
			"boundary add up to all children from 2015 and to fewer before; the EES table counts other placements apart. " +
			"More than 20 miles from home is given from 2017 (split by boundary) and 2018 (in all).",
		"Those files' symbols are shown as the EES ones: 'x' as c (suppressed to protect confidentiality), 'c' as c " +
			"(CLA2019), '.' as z (not applicable) and '-' as low (rounds to 0 but is not 0). DfE's EES table writes k for " +
			"a percentage that rounds to 0 but is not 0.",
	},
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "locality", Type: String, Role: Filter, Label: "Locality", Description: "Where the child is placed: in all " +
			"localities, inside or outside the responsible council's boundary, more than 20 miles from home", Dictionary: true,
			Default: LocalityAll},
		{Name: "placement_type", Type: String, Role: Filter, Label: "Placement type", Description: "Type of placement " +
			"(foster placements, children's homes, placed for adoption, ...), as DfE names it", Dictionary: true,
			Default: PlacementTypeAll},
		{Name: "placement_provider", Type: String, Role: Filter, Label: "Placement provider", Description: "Who provides " +
			"the placement: the council's own provision, another council, other public, private, voluntary or third sector, " +
			"parents, not reported", Dictionary: true, Default: ProviderAll},
		{Name: "children_count", Type: Int64, Role: Indicator, Label: "Number of children", Description: "Number of children looked after on 31 March", Status: true},
		{Name: "percentage", Type: Float64, Role: Indicator, Unit: "%", Label: "Percentage", Description: "Percentage of the " +
			"children of the same locality and placement type placed by this provider (100 for all providers), as DfE rounds it", Status: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "country_code", "region_code", "old_la_code", "locality", "placement_type", "placement_provider"},
}
