package schemas

// Items of provider_changes' filters that are not Ofsted's own spellings.
const (
	// GroupAllProviders is every provision type on the register.
	GroupAllProviders = "All provision types"
	// SectorTotal is every sector together.
	SectorTotal = "Total"
	// BasisJoinersLeavers marks a period whose opened and closed counts are
	// Ofsted's joiners and leavers.
	BasisJoinersLeavers = "Ofsted joiners and leavers"
	// BasisRegisters marks a period whose opened and closed counts come from
	// comparing the two registers.
	BasisRegisters = "Registers compared"
)

// changeCount is one count indicator of provider_changes.
func changeCount(name, label, description string) Column {
	return Column{Name: name, Type: Int64, Role: Indicator, Label: label, Description: description, Status: true}
}

// ProviderChanges is the flow of providers between consecutive registers:
// how many opened, closed, changed provision type, sector or owner, by
// provision group, sector and geography, with Ofsted's own joiners and
// leavers beside the registers' comparison where both exist.
var ProviderChanges = Dataset{
	Name:  "provider_changes",
	Title: "Children's homes and other providers opened, closed and changing sector or owner",
	Description: "For each period between two of Ofsted's registers of 31 March (a year, or longer where a register is missing), " +
		"by provision group, sector, and England, region and local authority: providers on the earlier register, those that opened, " +
		"closed, changed provision type into or out of the group, changed sector or changed owner, and those on the later register. " +
		"A provider is matched across registers by its URN. Where Ofsted's joiners and leavers file covers the period (years to 31 March " +
		"2017 to 2023), opened and closed are its joiners and leavers (basis 'Ofsted joiners and leavers'), which count a provider that " +
		"joined and left within the year; elsewhere they are the registers' comparison ('Registers compared'). Both figures stand side " +
		"by side where both exist, with the providers each misses. The registers before 2021 were published without the providers not " +
		"yet inspected, so a home first inspected in a later year appears there as opened although it was registered earlier: " +
		"opened_panel_registered_before_start counts them. Each provider is placed in its local authority on the later register (the " +
		"codes in force at the end of the period); a provider that closed, in the authority its earlier register's name means at the end " +
		"of the period, or its own where that authority no longer existed (Cumbria). On 'Registers compared' rows providers_at_end = " +
		"providers_at_start + opened - closed + changed_type_in - changed_type_out + changed_sector_in - changed_sector_out.",
	EES: true,
	Columns: concat(TimeColumns, []Column{
		// A date filter in EES terms: time_period is the year of the later register.
		{Name: "period_start", Type: Date32, Role: Filter, Label: "Start of period", Description: "Date of the earlier register, 31 March; the period runs from the day after it to 31 March of time_period"},
	}, GeographyColumns, []Column{
		{Name: "provision_group", Type: String, Role: Filter, Label: "Provision group", Description: "Children's homes; independent fostering agencies; all children's homes including secure homes and residential special schools registered as homes; all provision types", Dictionary: true, Default: GroupChildrensHomes},
		{Name: "sector", Type: String, Role: Filter, Label: "Sector", Description: "Private, Local Authority, Voluntary, Health Authority, Academy, or Total: the sector on the later register (on the earlier one for providers_at_start, closed and changed_sector_out)", Dictionary: true},
		{Name: "basis", Type: String, Role: Filter, Label: "Source of opened and closed", Description: "Ofsted joiners and leavers where Ofsted's file covers the period; Registers compared otherwise", Dictionary: true, Default: BasisJoinersLeavers},
		changeCount("providers_at_start", "Providers on the earlier register", "Providers (homes, for the children's-home groups) of the group on the earlier register; x where there is no register of that date"),
		changeCount("opened", "Opened", "Providers that opened in the period, from the basis: opened_joiners_leavers or opened_panel"),
		changeCount("closed", "Closed", "Providers that closed in the period, from the basis: closed_joiners_leavers or closed_panel"),
		changeCount("changed_type_in", "Changed provision type into the group", "Providers on both registers that joined the group by a change of provision type (a residential special school re-registered as a children's home)"),
		changeCount("changed_type_out", "Changed provision type out of the group", "Providers on both registers that left the group by a change of provision type"),
		changeCount("changed_sector_in", "Changed sector into this sector", "Providers on both registers whose sector became this one; on Total rows every provider that changed sector"),
		changeCount("changed_sector_out", "Changed sector out of this sector", "Providers on both registers whose sector was this one and changed; on Total rows every provider that changed sector"),
		changeCount("changed_owner", "Changed owner", "Providers on both registers whose owner's name changed, compared without case, spacing, punctuation, apostrophes, "+
			"company suffixes (Limited, Ltd, PLC, LLP), The, company numbers or the council words Metropolitan, District, Borough and County "+
			"(a company renamed counts); x where a register gives no owners"),
		changeCount("providers_at_end", "Providers on the later register", "Providers of the group on the later register; x where there is no register of that date"),
		changeCount("opened_panel", "Opened (registers compared)", "Providers on the later register whose URN is not on the earlier one"),
		changeCount("closed_panel", "Closed (registers compared)", "Providers on the earlier register whose URN is not on the later one"),
		changeCount("opened_panel_registered_before_start", "Opened (registers compared) but registered before the period", "Of opened_panel, those the later register says were registered on or before the earlier register's date: missing from it, not new"),
		changeCount("opened_joiners_leavers", "Opened (Ofsted joiners)", "Joiners in Ofsted's joiners and leavers file, those that also left included; x where no file covers the period"),
		changeCount("closed_joiners_leavers", "Closed (Ofsted leavers)", "Leavers in Ofsted's joiners and leavers file, those that also joined included; x where no file covers the period"),
		changeCount("opened_and_closed_joiners_leavers", "Opened and closed within the period (Ofsted)", "Providers Ofsted lists as both joiner and leaver of the year: on neither register"),
		changeCount("opened_panel_not_joiner", "Opened (registers compared) but not an Ofsted joiner", "Of opened_panel, those Ofsted's file does not list as joiners"),
		changeCount("joiner_not_opened_panel", "Ofsted joiner not opened (registers compared)", "Joiners that did not also leave and that the registers do not show as opened"),
		changeCount("closed_panel_not_leaver", "Closed (registers compared) but not an Ofsted leaver", "Of closed_panel, those Ofsted's file does not list as leavers"),
		changeCount("leaver_not_closed_panel", "Ofsted leaver not closed (registers compared)", "Leavers that did not also join and that the registers do not show as closed"),
	}),
	Key: []string{"time_period", "period_start", "geographic_level", "region_code", "old_la_code", "new_la_code", "provision_group", "sector"},
	Notes: []string{
		"x in a count means the period has no source for it: no register at one end, no joiners and leavers file, or no owners or registration dates on a register.",
	},
}
