package schemas

// Register coverage of private_provision_share: whether a date's register
// holds every provider Ofsted counts.
const (
	CoverageComplete   = "Complete"
	CoverageIncomplete = "Incomplete"
	CoverageUnknown    = "Not known"
)

// Provision groups of private_provision_share.
const (
	GroupChildrensHomes    = "Children's homes"
	GroupFosteringAgencies = "Independent fostering agencies"
	GroupAllHomes          = "All children's homes incl. secure and residential special schools"
)

// CareProviders is Ofsted's register of children's social care providers
// on 31 March of each year, one row per provider. Addresses are never
// published; names Ofsted redacted stay "REDACTED".
var CareProviders = Dataset{
	Name:  "care_providers",
	Title: "Children's social care providers registered with Ofsted on 31 March",
	Description: "Every provider on Ofsted's register of children's social care providers and places on 31 March " +
		"(children's homes, fostering and adoption agencies, residential special schools, supported accommodation and others), " +
		"with its sector, places, owner, local authority and latest overall judgement. Addresses are not published, and names " +
		"Ofsted redacted stay redacted.",
	Columns: []Column{
		{Name: "snapshot_date", Type: Date32, Label: "Snapshot date", Description: "The date of the register, 31 March"},
		{Name: "urn", Type: String, Label: "URN", Description: "Ofsted unique reference number of the provider"},
		{Name: "provider_name", Type: String, Label: "Provider name", Description: "Provider name as Ofsted publishes it (REDACTED where Ofsted redacts it)"},
		{Name: "provision_type", Type: String, Label: "Provision type", Description: "Type of provision, harmonised in case (Children's home)", Dictionary: true},
		{Name: "sector", Type: String, Label: "Sector", Description: "Private, Local Authority, Voluntary, Health Authority or Academy", Dictionary: true},
		{Name: "places", Type: Int64, Label: "Places", Description: "Registered places; null where not applicable (agencies); x where the register gives no places (2015)", Status: true},
		{Name: "registration_date", Type: Date32, Label: "Registration date", Description: "Date the provider was registered"},
		{Name: "owner", Type: String, Label: "Owner", Description: "Organisation which owns the provider, as Ofsted spells it"},
		{Name: "la_name", Type: String, Label: "Local authority (Ofsted)", Description: "Local authority the provider is in, as Ofsted spells it", Dictionary: true},
		{Name: "new_la_code", Type: String, Label: "Local authority ONS code", Description: "ONS code of the authority on the snapshot date, matched from the name", Dictionary: true},
		{Name: "old_la_code", Type: String, Label: "Local authority DfE code", Description: "DfE three-digit code of the authority on the snapshot date", Dictionary: true},
		{Name: "region_code", Type: String, Label: "Region code", Description: "ONS code of the region Ofsted's Government Office Region column gives (the authority's region where Ofsted gives none, 2015)", Dictionary: true},
		{Name: "region_name", Type: String, Label: "Region", Description: "Government Office Region as Ofsted gives it", Dictionary: true},
		{Name: "ofsted_region", Type: String, Label: "Ofsted region", Description: "Ofsted's own region", Dictionary: true},
		{Name: "overall_effectiveness", Type: String, Label: "Latest overall judgement", Description: "Latest full inspection's overall judgement, from the provider-level sheet; null if not yet inspected", Dictionary: true},
		{Name: "source_id", Type: String, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	},
	Key: []string{"snapshot_date", "urn"},
}

// shareCounts are the count columns of private_provision_share, for
// providers and for places.
func shareCounts(what, label string) []Column {
	var out []Column
	for _, s := range []struct{ name, label string }{{"total", "all sectors"}, {"private", "private"},
		{"local_authority", "local authority"}, {"voluntary", "voluntary"}, {"other", "other sectors"}} {
		out = append(out, Column{Name: what + "_" + s.name, Type: Int64, Role: Indicator,
			Label: label + ", " + s.label, Description: label + " run by " + s.label + " providers"})
	}
	out[0].Description = label + " in all sectors"
	if what == "places" {
		for i := range out {
			// Agencies have no places (z) and the 2015 register gives none (x): never 0.
			out[i].Status = true
			out[i].Description += "; z where the provision has no places (fostering agencies); x where the register gives no places (2015)"
		}
	}
	return out
}

// PrivateProvisionShare is the share of children's homes (and fostering
// agencies) run by private providers, by snapshot, country, region and
// local authority: the Care Review's "78 per cent" figure and its detail.
var PrivateProvisionShare = Dataset{
	Name:  "private_provision_share",
	Title: "Private provision of children's homes and fostering agencies",
	Description: "Providers and places by sector on 31 March, with the private share, for England, each region and each local " +
		"authority with such provision, from Ofsted's register. Regions are Government Office Regions, as Ofsted publishes them.",
	EES: true,
	Columns: concat(TimeColumns, []Column{
		// A date filter in EES terms: the day of the register (time_period is its year).
		{Name: "snapshot_date", Type: Date32, Role: Filter, Label: "Snapshot date", Description: "The date of the register, 31 March"},
	}, GeographyColumns, []Column{
		{Name: "provision_group", Type: String, Role: Filter, Label: "Provision group", Description: "Children's homes; independent fostering agencies; all children's homes including secure homes and residential special schools registered as homes", Dictionary: true, Default: "Children's homes"},
	}, shareCounts("providers", "Providers"), shareCounts("places", "Places"), []Column{
		{Name: "private_share_providers_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Private share of providers (%)", Description: "Private providers as a percentage of all providers", Status: true},
		{Name: "private_share_places_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Private share of places (%)", Description: "Places in private providers as a percentage of all places; z where the provision has no places (fostering agencies); x where the register gives no places (2015)", Status: true},
		{Name: "ofsted_count_providers", Type: Int64, Role: Indicator, Label: "Providers in Ofsted's national count",
			Description: "England's providers of the group on the date in Ofsted's own national time series (sheet Providers+places_Time_series of the latest workbook), the same on every row of a date and group; x where the series has no count", Status: true},
		{Name: "register_completeness_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Register completeness (%)",
			Description: "England's providers of the group in this register as a percentage of Ofsted's national count for the date: below 100 where the register (a Provider_level sheet) omits providers not yet inspected; x where the series has no count", Status: true},
		{Name: "register_coverage", Type: String, Role: Filter, Label: "Register coverage", Dictionary: true, Default: CoverageComplete,
			Description: "Complete where the register holds every provider of the group in Ofsted's national count for the date, Incomplete where it holds fewer (its shares then describe the providers listed, not all of them), Not known where the series has no count"},
	}),
	Key: []string{"snapshot_date", "geographic_level", "region_code", "new_la_code", "provision_group"},
}

// ProviderOwners ranks the owners of children's homes by places within
// each sector: the "largest providers" of the Care Review's windfall-tax
// proposal are the top private ones.
var ProviderOwners = Dataset{
	Name:  "provider_owners",
	Title: "Owners of children's homes by places",
	Description: "One row per owner and sector of children's homes on 31 March: homes, places, share of the sector's places, " +
		"rank in the sector (1 = most places) and the cumulative share of the owners ranked so far, so the share of the 15 " +
		"largest private owners reads from the row ranked 15. Spellings that differ only in case, spacing or Limited/Ltd are merged.",
	Columns: []Column{
		{Name: "snapshot_date", Type: Date32, Label: "Snapshot date", Description: "The date of the register, 31 March"},
		{Name: "owner", Type: String, Label: "Owner", Description: "Organisation which owns the homes (the most common spelling)"},
		{Name: "owner_variants", Type: String, Label: "Spellings", Description: "Every spelling of the owner's name in the register, separated by \" | \""},
		{Name: "sector", Type: String, Label: "Sector", Description: "Sector of the homes", Dictionary: true},
		{Name: "homes", Type: Int64, Label: "Children's homes", Description: "Number of children's homes"},
		{Name: "places", Type: Int64, Label: "Places", Description: "Registered places in those homes"},
		{Name: "share_of_sector_places_pct", Type: Float64, Label: "Share of the sector's places (%)", Description: "Places as a percentage of all places in children's homes of the sector"},
		{Name: "rank_in_sector", Type: Int32, Label: "Rank in sector", Description: "1 = most places in the sector; ties broken by homes, then name"},
		{Name: "cumulative_share_pct", Type: Float64, Label: "Cumulative share (%)", Description: "Share of the sector's places held by the owners ranked 1 to this one"},
	},
	Key: []string{"snapshot_date", "sector", "owner"},
}
