// Code generated from provider_changes.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ProviderChangesCol holds the index of each of provider_changes's columns in ProviderChanges.Columns,
// so readers name a column without a string or a lookup.
var ProviderChangesCol = struct {
	TimePeriod                       int // time_period
	TimeIdentifier                   int // time_identifier
	PeriodStart                      int // period_start
	GeographicLevel                  int // geographic_level
	CountryCode                      int // country_code
	CountryName                      int // country_name
	RegionCode                       int // region_code
	RegionName                       int // region_name
	NewLACode                        int // new_la_code
	OldLACode                        int // old_la_code
	LAName                           int // la_name
	ProvisionGroup                   int // provision_group
	Sector                           int // sector
	Basis                            int // basis
	ProvidersAtStart                 int // providers_at_start
	Opened                           int // opened
	Closed                           int // closed
	ChangedTypeIn                    int // changed_type_in
	ChangedTypeOut                   int // changed_type_out
	ChangedSectorIn                  int // changed_sector_in
	ChangedSectorOut                 int // changed_sector_out
	ChangedOwner                     int // changed_owner
	ProvidersAtEnd                   int // providers_at_end
	OpenedPanel                      int // opened_panel
	ClosedPanel                      int // closed_panel
	OpenedPanelRegisteredBeforeStart int // opened_panel_registered_before_start
	OpenedJoinersLeavers             int // opened_joiners_leavers
	ClosedJoinersLeavers             int // closed_joiners_leavers
	OpenedAndClosedJoinersLeavers    int // opened_and_closed_joiners_leavers
	OpenedPanelNotJoiner             int // opened_panel_not_joiner
	JoinerNotOpenedPanel             int // joiner_not_opened_panel
	ClosedPanelNotLeaver             int // closed_panel_not_leaver
	LeaverNotClosedPanel             int // leaver_not_closed_panel
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}

// ProviderChangesRow is one row of provider_changes, a field per column: a row built by
// name cannot put a value in the wrong column.
type ProviderChangesRow struct {
	TimePeriod                       Value // time_period int32
	TimeIdentifier                   Value // time_identifier string
	PeriodStart                      Value // period_start date32
	GeographicLevel                  Value // geographic_level string
	CountryCode                      Value // country_code string
	CountryName                      Value // country_name string
	RegionCode                       Value // region_code string
	RegionName                       Value // region_name string
	NewLACode                        Value // new_la_code string
	OldLACode                        Value // old_la_code string
	LAName                           Value // la_name string
	ProvisionGroup                   Value // provision_group string
	Sector                           Value // sector string
	Basis                            Value // basis string
	ProvidersAtStart                 Value // providers_at_start int64
	Opened                           Value // opened int64
	Closed                           Value // closed int64
	ChangedTypeIn                    Value // changed_type_in int64
	ChangedTypeOut                   Value // changed_type_out int64
	ChangedSectorIn                  Value // changed_sector_in int64
	ChangedSectorOut                 Value // changed_sector_out int64
	ChangedOwner                     Value // changed_owner int64
	ProvidersAtEnd                   Value // providers_at_end int64
	OpenedPanel                      Value // opened_panel int64
	ClosedPanel                      Value // closed_panel int64
	OpenedPanelRegisteredBeforeStart Value // opened_panel_registered_before_start int64
	OpenedJoinersLeavers             Value // opened_joiners_leavers int64
	ClosedJoinersLeavers             Value // closed_joiners_leavers int64
	OpenedAndClosedJoinersLeavers    Value // opened_and_closed_joiners_leavers int64
	OpenedPanelNotJoiner             Value // opened_panel_not_joiner int64
	JoinerNotOpenedPanel             Value // joiner_not_opened_panel int64
	ClosedPanelNotLeaver             Value // closed_panel_not_leaver int64
	LeaverNotClosedPanel             Value // leaver_not_closed_panel int64
}

// Values returns the row's values in provider_changes's column order.
func (r *ProviderChangesRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.PeriodStart, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ProvisionGroup, r.Sector, r.Basis, r.ProvidersAtStart, r.Opened, r.Closed, r.ChangedTypeIn, r.ChangedTypeOut, r.ChangedSectorIn, r.ChangedSectorOut, r.ChangedOwner, r.ProvidersAtEnd, r.OpenedPanel, r.ClosedPanel, r.OpenedPanelRegisteredBeforeStart, r.OpenedJoinersLeavers, r.ClosedJoinersLeavers, r.OpenedAndClosedJoinersLeavers, r.OpenedPanelNotJoiner, r.JoinerNotOpenedPanel, r.ClosedPanelNotLeaver, r.LeaverNotClosedPanel}
}

// AppendTo appends the row to b, a builder of provider_changes. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ProviderChangesRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ProviderChanges {
		return fmt.Errorf("a provider_changes row appended to %s", b.Dataset().Name)
	}
	v := [33]Value{r.TimePeriod, r.TimeIdentifier, r.PeriodStart, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ProvisionGroup, r.Sector, r.Basis, r.ProvidersAtStart, r.Opened, r.Closed, r.ChangedTypeIn, r.ChangedTypeOut, r.ChangedSectorIn, r.ChangedSectorOut, r.ChangedOwner, r.ProvidersAtEnd, r.OpenedPanel, r.ClosedPanel, r.OpenedPanelRegisteredBeforeStart, r.OpenedJoinersLeavers, r.ClosedJoinersLeavers, r.OpenedAndClosedJoinersLeavers, r.OpenedPanelNotJoiner, r.JoinerNotOpenedPanel, r.ClosedPanelNotLeaver, r.LeaverNotClosedPanel}
	return b.Append(v[:]...)
}

// ReadProviderChangesRow reads row i of a table of provider_changes.
func ReadProviderChangesRow(r *Reader, i int) ProviderChangesRow {
	return ProviderChangesRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), PeriodStart: r.Value(i, 2), GeographicLevel: r.Value(i, 3), CountryCode: r.Value(i, 4), CountryName: r.Value(i, 5), RegionCode: r.Value(i, 6), RegionName: r.Value(i, 7), NewLACode: r.Value(i, 8), OldLACode: r.Value(i, 9), LAName: r.Value(i, 10), ProvisionGroup: r.Value(i, 11), Sector: r.Value(i, 12), Basis: r.Value(i, 13), ProvidersAtStart: r.Value(i, 14), Opened: r.Value(i, 15), Closed: r.Value(i, 16), ChangedTypeIn: r.Value(i, 17), ChangedTypeOut: r.Value(i, 18), ChangedSectorIn: r.Value(i, 19), ChangedSectorOut: r.Value(i, 20), ChangedOwner: r.Value(i, 21), ProvidersAtEnd: r.Value(i, 22), OpenedPanel: r.Value(i, 23), ClosedPanel: r.Value(i, 24), OpenedPanelRegisteredBeforeStart: r.Value(i, 25), OpenedJoinersLeavers: r.Value(i, 26), ClosedJoinersLeavers: r.Value(i, 27), OpenedAndClosedJoinersLeavers: r.Value(i, 28), OpenedPanelNotJoiner: r.Value(i, 29), JoinerNotOpenedPanel: r.Value(i, 30), ClosedPanelNotLeaver: r.Value(i, 31), LeaverNotClosedPanel: r.Value(i, 32)}
}
