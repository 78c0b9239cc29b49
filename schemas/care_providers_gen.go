// Code generated from care_providers.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// CareProvidersCol holds the index of each of care_providers's columns in CareProviders.Columns,
// so readers name a column without a string or a lookup.
var CareProvidersCol = struct {
	SnapshotDate         int // snapshot_date
	URN                  int // urn
	ProviderName         int // provider_name
	ProvisionType        int // provision_type
	Sector               int // sector
	Places               int // places
	RegistrationDate     int // registration_date
	Owner                int // owner
	LAName               int // la_name
	NewLACode            int // new_la_code
	OldLACode            int // old_la_code
	RegionCode           int // region_code
	RegionName           int // region_name
	OfstedRegion         int // ofsted_region
	OverallEffectiveness int // overall_effectiveness
	SourceID             int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// CareProvidersRow is one row of care_providers, a field per column: a row built by
// name cannot put a value in the wrong column.
type CareProvidersRow struct {
	SnapshotDate         Value // snapshot_date date32
	URN                  Value // urn string
	ProviderName         Value // provider_name string
	ProvisionType        Value // provision_type string
	Sector               Value // sector string
	Places               Value // places int64
	RegistrationDate     Value // registration_date date32
	Owner                Value // owner string
	LAName               Value // la_name string
	NewLACode            Value // new_la_code string
	OldLACode            Value // old_la_code string
	RegionCode           Value // region_code string
	RegionName           Value // region_name string
	OfstedRegion         Value // ofsted_region string
	OverallEffectiveness Value // overall_effectiveness string
	SourceID             Value // source_id string
}

// Values returns the row's values in care_providers's column order.
func (r *CareProvidersRow) Values() []Value {
	return []Value{r.SnapshotDate, r.URN, r.ProviderName, r.ProvisionType, r.Sector, r.Places, r.RegistrationDate, r.Owner, r.LAName, r.NewLACode, r.OldLACode, r.RegionCode, r.RegionName, r.OfstedRegion, r.OverallEffectiveness, r.SourceID}
}

// AppendTo appends the row to b, a builder of care_providers. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *CareProvidersRow) AppendTo(b *Builder) error {
	if b.Dataset() != &CareProviders {
		return fmt.Errorf("a care_providers row appended to %s", b.Dataset().Name)
	}
	v := [16]Value{r.SnapshotDate, r.URN, r.ProviderName, r.ProvisionType, r.Sector, r.Places, r.RegistrationDate, r.Owner, r.LAName, r.NewLACode, r.OldLACode, r.RegionCode, r.RegionName, r.OfstedRegion, r.OverallEffectiveness, r.SourceID}
	return b.Append(v[:]...)
}

// ReadCareProvidersRow reads row i of a table of care_providers.
func ReadCareProvidersRow(r *Reader, i int) CareProvidersRow {
	return CareProvidersRow{SnapshotDate: r.Value(i, 0), URN: r.Value(i, 1), ProviderName: r.Value(i, 2), ProvisionType: r.Value(i, 3), Sector: r.Value(i, 4), Places: r.Value(i, 5), RegistrationDate: r.Value(i, 6), Owner: r.Value(i, 7), LAName: r.Value(i, 8), NewLACode: r.Value(i, 9), OldLACode: r.Value(i, 10), RegionCode: r.Value(i, 11), RegionName: r.Value(i, 12), OfstedRegion: r.Value(i, 13), OverallEffectiveness: r.Value(i, 14), SourceID: r.Value(i, 15)}
}

// PrivateProvisionShareCol holds the index of each of private_provision_share's columns in PrivateProvisionShare.Columns,
// so readers name a column without a string or a lookup.
var PrivateProvisionShareCol = struct {
	TimePeriod               int // time_period
	TimeIdentifier           int // time_identifier
	SnapshotDate             int // snapshot_date
	GeographicLevel          int // geographic_level
	CountryCode              int // country_code
	CountryName              int // country_name
	RegionCode               int // region_code
	RegionName               int // region_name
	NewLACode                int // new_la_code
	OldLACode                int // old_la_code
	LAName                   int // la_name
	ProvisionGroup           int // provision_group
	ProvidersTotal           int // providers_total
	ProvidersPrivate         int // providers_private
	ProvidersLocalAuthority  int // providers_local_authority
	ProvidersVoluntary       int // providers_voluntary
	ProvidersOther           int // providers_other
	PlacesTotal              int // places_total
	PlacesPrivate            int // places_private
	PlacesLocalAuthority     int // places_local_authority
	PlacesVoluntary          int // places_voluntary
	PlacesOther              int // places_other
	PrivateShareProvidersPct int // private_share_providers_pct
	PrivateSharePlacesPct    int // private_share_places_pct
	OfstedCountProviders     int // ofsted_count_providers
	RegisterCompletenessPct  int // register_completeness_pct
	RegisterCoverage         int // register_coverage
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26}

// PrivateProvisionShareRow is one row of private_provision_share, a field per column: a row built by
// name cannot put a value in the wrong column.
type PrivateProvisionShareRow struct {
	TimePeriod               Value // time_period int32
	TimeIdentifier           Value // time_identifier string
	SnapshotDate             Value // snapshot_date date32
	GeographicLevel          Value // geographic_level string
	CountryCode              Value // country_code string
	CountryName              Value // country_name string
	RegionCode               Value // region_code string
	RegionName               Value // region_name string
	NewLACode                Value // new_la_code string
	OldLACode                Value // old_la_code string
	LAName                   Value // la_name string
	ProvisionGroup           Value // provision_group string
	ProvidersTotal           Value // providers_total int64
	ProvidersPrivate         Value // providers_private int64
	ProvidersLocalAuthority  Value // providers_local_authority int64
	ProvidersVoluntary       Value // providers_voluntary int64
	ProvidersOther           Value // providers_other int64
	PlacesTotal              Value // places_total int64
	PlacesPrivate            Value // places_private int64
	PlacesLocalAuthority     Value // places_local_authority int64
	PlacesVoluntary          Value // places_voluntary int64
	PlacesOther              Value // places_other int64
	PrivateShareProvidersPct Value // private_share_providers_pct float64
	PrivateSharePlacesPct    Value // private_share_places_pct float64
	OfstedCountProviders     Value // ofsted_count_providers int64
	RegisterCompletenessPct  Value // register_completeness_pct float64
	RegisterCoverage         Value // register_coverage string
}

// Values returns the row's values in private_provision_share's column order.
func (r *PrivateProvisionShareRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.SnapshotDate, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ProvisionGroup, r.ProvidersTotal, r.ProvidersPrivate, r.ProvidersLocalAuthority, r.ProvidersVoluntary, r.ProvidersOther, r.PlacesTotal, r.PlacesPrivate, r.PlacesLocalAuthority, r.PlacesVoluntary, r.PlacesOther, r.PrivateShareProvidersPct, r.PrivateSharePlacesPct, r.OfstedCountProviders, r.RegisterCompletenessPct, r.RegisterCoverage}
}

// AppendTo appends the row to b, a builder of private_provision_share. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *PrivateProvisionShareRow) AppendTo(b *Builder) error {
	if b.Dataset() != &PrivateProvisionShare {
		return fmt.Errorf("a private_provision_share row appended to %s", b.Dataset().Name)
	}
	v := [27]Value{r.TimePeriod, r.TimeIdentifier, r.SnapshotDate, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.ProvisionGroup, r.ProvidersTotal, r.ProvidersPrivate, r.ProvidersLocalAuthority, r.ProvidersVoluntary, r.ProvidersOther, r.PlacesTotal, r.PlacesPrivate, r.PlacesLocalAuthority, r.PlacesVoluntary, r.PlacesOther, r.PrivateShareProvidersPct, r.PrivateSharePlacesPct, r.OfstedCountProviders, r.RegisterCompletenessPct, r.RegisterCoverage}
	return b.Append(v[:]...)
}

// ReadPrivateProvisionShareRow reads row i of a table of private_provision_share.
func ReadPrivateProvisionShareRow(r *Reader, i int) PrivateProvisionShareRow {
	return PrivateProvisionShareRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), SnapshotDate: r.Value(i, 2), GeographicLevel: r.Value(i, 3), CountryCode: r.Value(i, 4), CountryName: r.Value(i, 5), RegionCode: r.Value(i, 6), RegionName: r.Value(i, 7), NewLACode: r.Value(i, 8), OldLACode: r.Value(i, 9), LAName: r.Value(i, 10), ProvisionGroup: r.Value(i, 11), ProvidersTotal: r.Value(i, 12), ProvidersPrivate: r.Value(i, 13), ProvidersLocalAuthority: r.Value(i, 14), ProvidersVoluntary: r.Value(i, 15), ProvidersOther: r.Value(i, 16), PlacesTotal: r.Value(i, 17), PlacesPrivate: r.Value(i, 18), PlacesLocalAuthority: r.Value(i, 19), PlacesVoluntary: r.Value(i, 20), PlacesOther: r.Value(i, 21), PrivateShareProvidersPct: r.Value(i, 22), PrivateSharePlacesPct: r.Value(i, 23), OfstedCountProviders: r.Value(i, 24), RegisterCompletenessPct: r.Value(i, 25), RegisterCoverage: r.Value(i, 26)}
}

// ProviderOwnersCol holds the index of each of provider_owners's columns in ProviderOwners.Columns,
// so readers name a column without a string or a lookup.
var ProviderOwnersCol = struct {
	SnapshotDate           int // snapshot_date
	Owner                  int // owner
	OwnerVariants          int // owner_variants
	Sector                 int // sector
	Homes                  int // homes
	Places                 int // places
	ShareOfSectorPlacesPct int // share_of_sector_places_pct
	RankInSector           int // rank_in_sector
	CumulativeSharePct     int // cumulative_share_pct
}{0, 1, 2, 3, 4, 5, 6, 7, 8}

// ProviderOwnersRow is one row of provider_owners, a field per column: a row built by
// name cannot put a value in the wrong column.
type ProviderOwnersRow struct {
	SnapshotDate           Value // snapshot_date date32
	Owner                  Value // owner string
	OwnerVariants          Value // owner_variants string
	Sector                 Value // sector string
	Homes                  Value // homes int64
	Places                 Value // places int64
	ShareOfSectorPlacesPct Value // share_of_sector_places_pct float64
	RankInSector           Value // rank_in_sector int32
	CumulativeSharePct     Value // cumulative_share_pct float64
}

// Values returns the row's values in provider_owners's column order.
func (r *ProviderOwnersRow) Values() []Value {
	return []Value{r.SnapshotDate, r.Owner, r.OwnerVariants, r.Sector, r.Homes, r.Places, r.ShareOfSectorPlacesPct, r.RankInSector, r.CumulativeSharePct}
}

// AppendTo appends the row to b, a builder of provider_owners. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ProviderOwnersRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ProviderOwners {
		return fmt.Errorf("a provider_owners row appended to %s", b.Dataset().Name)
	}
	v := [9]Value{r.SnapshotDate, r.Owner, r.OwnerVariants, r.Sector, r.Homes, r.Places, r.ShareOfSectorPlacesPct, r.RankInSector, r.CumulativeSharePct}
	return b.Append(v[:]...)
}

// ReadProviderOwnersRow reads row i of a table of provider_owners.
func ReadProviderOwnersRow(r *Reader, i int) ProviderOwnersRow {
	return ProviderOwnersRow{SnapshotDate: r.Value(i, 0), Owner: r.Value(i, 1), OwnerVariants: r.Value(i, 2), Sector: r.Value(i, 3), Homes: r.Value(i, 4), Places: r.Value(i, 5), ShareOfSectorPlacesPct: r.Value(i, 6), RankInSector: r.Value(i, 7), CumulativeSharePct: r.Value(i, 8)}
}
