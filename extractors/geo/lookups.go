package geo

import "github.com/caredata/caredata/extract"

// Source ids of the lookups in the manifest (extractor "lookup").
const (
	SourceLAs     = "dfe-las"
	SourceRegions = "dfe-regions"
	SourceWales   = "ons-ltla-utla-2023"
)

// FromInputs loads the lookup from the run's lookup inputs: DfE's las.csv
// and regions.csv, and with wales the Welsh authorities of ONS's lookup.
func FromInputs(in []extract.Input, wales bool) (*Lookup, error) {
	las, err := extract.FindLookup(in, SourceLAs)
	if err != nil {
		return nil, err
	}
	regions, err := extract.FindLookup(in, SourceRegions)
	if err != nil {
		return nil, err
	}
	l, err := Load(las.Data, regions.Data)
	if err != nil || !wales {
		return l, err
	}
	ons, err := extract.FindLookup(in, SourceWales)
	if err != nil {
		return nil, err
	}
	return l, l.AddWales(ons.Data)
}
