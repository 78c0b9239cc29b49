package ofsted

import (
	"sort"
	"strings"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// englandGeo is the national row of every Ofsted table.
var englandGeo = schemas.Geography{Level: schemas.National, CountryCode: geo.England, CountryName: "England"}

// geographies lists the rows a provider or premises counts in: England;
// the English region regionCode names, which is Ofsted's region column
// wherever it gives one (it wins for regional totals, see Locate); and its
// English authority with a DfE code, as EES authority rows are, placed in
// the authority's own region even where Ofsted's column differs, so an
// authority has one row whichever region its homes are counted in.
//
// The rows go in buf, the caller's, since this runs for every provider of
// every register: 180 MB of small slices a run otherwise.
func geographies(buf *[3]schemas.Geography, regionCode, regionName string, la geo.LA) []schemas.Geography {
	out := append(buf[:0], englandGeo)
	english := la.NewCode == "" || la.Country == geo.England
	if english && strings.HasPrefix(regionCode, "E12") {
		g := englandGeo
		g.Level, g.RegionCode, g.RegionName = schemas.Regional, regionCode, regionName
		out = append(out, g)
	}
	if la.NewCode != "" && la.Country == geo.England && la.OldCode != "" {
		g := englandGeo
		g.Level, g.RegionCode, g.RegionName = schemas.LocalAuthority, la.RegionCode, la.RegionName
		g.NewLACode, g.OldLACode, g.LAName = la.NewCode, la.OldCode, la.Name
		out = append(out, g)
	}
	return out
}

// levelRank orders geographic levels as the tables list them.
var levelRank = map[string]int{schemas.National: 0, schemas.Regional: 1, schemas.LocalAuthority: 2}

// sortGeographies orders rows as every Ofsted table lists them: England,
// the regions, then the authorities, each by region code and then
// authority code.
func sortGeographies(geos []schemas.Geography) {
	sort.Slice(geos, func(i, j int) bool {
		a, b := geos[i], geos[j]
		if levelRank[a.Level] != levelRank[b.Level] {
			return levelRank[a.Level] < levelRank[b.Level]
		}
		if a.RegionCode != b.RegionCode {
			return a.RegionCode < b.RegionCode
		}
		return a.NewLACode < b.NewLACode
	})
}

// keysOf returns a map's geographies in table order.
func keysOf[V any](m map[schemas.Geography]V) []schemas.Geography {
	geos := make([]schemas.Geography, 0, len(m))
	for g := range m {
		geos = append(geos, g)
	}
	sortGeographies(geos)
	return geos
}
