package cla

import (
	"sort"

	"github.com/caredata/caredata/schemas"
)

// part is what a release wins whole: one year's rows at one geographic
// level and, for placements, one locality. Whole, because merging row by
// row would count twice the authorities whose ONS codes changed (North
// Yorkshire and Somerset in 2023), and mix two releases' groupings of
// placement types in one year. By level, because a release may cover a
// year at one level only: DfE's national placements table wins England
// in 2019, and CLA2019 still gives the regions and authorities. By
// locality, because a release may not split a year by a locality at all:
// the national table has no distance from home, CLA2019 has.
type part struct {
	year  int32
	level string
	sub   string // the locality of a placement; "" for children_in_care
}

// column is a published value that revisions compare, other than the
// key. bit is set in a row's absence when its file does not carry the
// column at all.
type column[R any] struct {
	name string
	get  func(R) schemas.Value
	typ  schemas.Type
	bit  absence
}

// rows says how Merge sees the rows of one dataset.
type rows[R any, K interface {
	comparable
	String() string
}] struct {
	dataset string
	of      func(*Release) []R // the release's rows of the dataset
	part    func(R) part
	key     func(R) K // identifies a row across releases
	// category is what a release carries or not as a whole (a measure; a
	// placement type and provider): a row one release has and the other
	// lacks is a revision only if both carry its category.
	category func(R) string
	absent   func(R) absence
	columns  []column[R]
	less     func(a, b R) bool // the published order
}

// merge keeps every part from the newest release that covers it (newest:
// the latest last year of the dataset, then the later label), and returns
// the rows in the published order with the revisions between consecutive
// releases of a part: by year, then by the pair of releases, then by key.
func merge[R any, K interface {
	comparable
	String() string
}](releases []*Release, d rows[R, K]) ([]R, []schemas.Revision) {
	lastYear := func(r *Release) int32 {
		var y int32
		for _, row := range d.of(r) {
			y = max(y, d.part(row).year)
		}
		return y
	}
	var order []*Release
	for _, r := range releases {
		if len(d.of(r)) > 0 {
			order = append(order, r)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		yi, yj := lastYear(order[i]), lastYear(order[j])
		if yi != yj {
			return yi < yj
		}
		return order[i].Label < order[j].Label
	})
	// byPart[p] lists, oldest release first, each release's rows of part p.
	type piece struct {
		rank   int // the release's place in order
		source string
		rows   []R
	}
	byPart := map[part][]piece{}
	for rank, r := range order {
		parts := map[part][]R{}
		for _, row := range d.of(r) {
			p := d.part(row)
			parts[p] = append(parts[p], row)
		}
		for p, rs := range parts {
			byPart[p] = append(byPart[p], piece{rank, r.SourceID, rs})
		}
	}
	parts := make([]part, 0, len(byPart))
	for p := range byPart {
		parts = append(parts, p)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].year < parts[j].year })

	// Sized first: a row is some 300 bytes, and growing the slice by
	// appending copied placements' 100,000 rows over and over.
	n := 0
	for _, p := range parts {
		pieces := byPart[p]
		n += len(pieces[len(pieces)-1].rows)
	}
	out := make([]R, 0, n)
	type revised struct {
		year         int32
		older, newer int // the releases' places in order
		rev          schemas.Revision
	}
	var revs []revised
	for _, p := range parts {
		pieces := byPart[p]
		for k := 1; k < len(pieces); k++ {
			o, n := pieces[k-1], pieces[k]
			for _, r := range d.diff(o.source, n.source, o.rows, n.rows) {
				revs = append(revs, revised{p.year, o.rank, n.rank, r})
			}
		}
		out = append(out, pieces[len(pieces)-1].rows...)
	}
	sort.SliceStable(out, func(i, j int) bool { return d.less(out[i], out[j]) })
	// By year, then by the pair of releases, then by key (stable: a row's
	// columns keep their order).
	sort.SliceStable(revs, func(i, j int) bool {
		a, b := revs[i], revs[j]
		switch {
		case a.year != b.year:
			return a.year < b.year
		case a.newer != b.newer:
			return a.newer < b.newer
		case a.older != b.older:
			return a.older < b.older
		}
		return a.rev.Key < b.rev.Key
	})
	flat := make([]schemas.Revision, len(revs))
	for i, r := range revs {
		flat[i] = r.rev
	}
	return out, flat
}

// diff lists what the newer rows of one part changed from the older ones:
// values both files give, and rows one file has and the other lacks of a
// category both carry (the underlying data files carry only the 31 March
// count, so the EES files' starting and ceasing rows revise nothing; the
// 2024 placements table's regrouped placement types neither).
func (d rows[R, K]) diff(oldSource, newSource string, older, newer []R) []schemas.Revision {
	was := make(map[K]R, len(older))
	oldCats, newCats := map[string]bool{}, map[string]bool{}
	for _, r := range older {
		was[d.key(r)] = r
		oldCats[d.category(r)] = true
	}
	for _, r := range newer {
		newCats[d.category(r)] = true
	}
	var revs []schemas.Revision
	seen := make(map[K]bool, len(newer))
	for _, n := range newer {
		k := d.key(n)
		seen[k] = true
		o, ok := was[k]
		if !ok {
			if oldCats[d.category(n)] {
				revs = append(revs, schemas.Revision{Dataset: d.dataset, Key: k.String(), Column: "row", NewValue: "present", OldSourceID: oldSource, NewSourceID: newSource})
			}
			continue
		}
		for _, c := range d.columns {
			if (d.absent(o)|d.absent(n))&c.bit != 0 {
				continue
			}
			ov, nv := c.get(o), c.get(n)
			if !ov.Equal(nv) {
				revs = append(revs, schemas.Revision{Dataset: d.dataset, Key: k.String(), Column: c.name,
					OldValue: ov.Text(c.typ), NewValue: nv.Text(c.typ), OldSourceID: oldSource, NewSourceID: newSource})
			}
		}
	}
	for _, o := range older {
		if k := d.key(o); !seen[k] && newCats[d.category(o)] {
			revs = append(revs, schemas.Revision{Dataset: d.dataset, Key: k.String(), Column: "row", OldValue: "present", OldSourceID: oldSource, NewSourceID: newSource})
		}
	}
	sort.SliceStable(revs, func(i, j int) bool { return revs[i].Key < revs[j].Key })
	return revs
}

// geography are the columns of a row's place that revisions compare.
func geography[R any](g func(R) schemas.Geography) []column[R] {
	str := func(f func(schemas.Geography) string) func(R) schemas.Value {
		return func(r R) schemas.Value { return schemas.Str(f(g(r))) }
	}
	return []column[R]{
		{"new_la_code", str(func(g schemas.Geography) string { return g.NewLACode }), schemas.String, absentNewLACode},
		{"la_name", str(func(g schemas.Geography) string { return g.LAName }), schemas.String, 0},
		{"region_code", str(func(g schemas.Geography) string { return g.RegionCode }), schemas.String, absentRegion},
		{"region_name", str(func(g schemas.Geography) string { return g.RegionName }), schemas.String, absentRegion},
	}
}
