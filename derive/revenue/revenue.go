// Package revenue holds what the derivers of MHCLG's revenue datasets
// (budget_vs_outturn, spend_growth, csc_spend_series) share: the columns
// that name a body of the revenue returns, and the arithmetic of amounts
// in whole pounds with their symbols.
package revenue

import (
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Body is a body of the revenue returns as service_spend names it.
type Body struct {
	Level, NewCode, OldCode, ECode, Name, Class string
}

// England is the National row's body.
var England = Body{Level: schemas.National, NewCode: geo.England, ECode: "Eng", Name: "England", Class: "Eng"}

// Fill sets the six body columns of a generated row.
func (b Body) Fill(level, newCode, oldCode, eCode, name, class *schemas.Value) {
	*level, *newCode, *oldCode = schemas.Str(b.Level), schemas.Str(b.NewCode), schemas.Str(b.OldCode)
	*eCode, *name, *class = schemas.Str(b.ECode), schemas.Str(b.Name), schemas.Str(b.Class)
}

// BodyColumns are the indexes of the body columns in a dataset.
type BodyColumns struct{ level, newCode, oldCode, eCode, name, class int }

// BodyColumnsOf finds the body columns of a revenue dataset by name.
func BodyColumnsOf(ds *schemas.Dataset) BodyColumns {
	return BodyColumns{ds.Column("geographic_level"), ds.Column("new_la_code"), ds.Column("old_la_code"),
		ds.Column("e_code"), ds.Column("la_name"), ds.Column("la_class")}
}

// Read returns row i's body.
func (c BodyColumns) Read(r *schemas.Reader, i int) Body {
	return Body{Level: r.Value(i, c.level).Str, NewCode: r.Value(i, c.newCode).Str, OldCode: r.Value(i, c.oldCode).Str,
		ECode: r.Value(i, c.eCode).Str, Name: r.Value(i, c.name).Str, Class: r.Value(i, c.class).Str}
}

// Difference is a less b in pounds, or null with the symbol of the side
// that is null (x when it has none).
func Difference(a, b schemas.Value) schemas.Value {
	switch {
	case !a.Valid:
		return schemas.Missing(symbol(a))
	case !b.Valid:
		return schemas.Missing(symbol(b))
	}
	return schemas.Int(a.Int - b.Int)
}

// ChangePct is the change from base to v as a percentage of base,
// rounded half away from zero to one decimal place in integer arithmetic
// (so 12.25 is 12.3 whatever floating point makes of it); z (not
// applicable) when base is not positive, as a percentage of nothing or of
// a net income is no growth rate.
func ChangePct(base, v schemas.Value) schemas.Value {
	switch {
	case !base.Valid:
		return schemas.Missing(symbol(base))
	case !v.Valid:
		return schemas.Missing(symbol(v))
	case base.Int <= 0:
		return schemas.Missing("z")
	}
	return schemas.Float(float64(tenths(v.Int-base.Int, base.Int)) / 10)
}

// tenths is round(1000 × num / den) half away from zero, for den > 0.
// Amounts are under £10^12, so 2000 × num stays well inside int64.
func tenths(num, den int64) int64 {
	n := 2000 * num
	if n >= 0 {
		return (n + den) / (2 * den)
	}
	return -((-n + den) / (2 * den))
}

// Ratio is the exact change from base to v as a fraction of base, for
// ranking (rounded percentages tie where the changes do not); ok is false
// where ChangePct is null.
func Ratio(base, v schemas.Value) (float64, bool) {
	if !base.Valid || !v.Valid || base.Int <= 0 {
		return 0, false
	}
	return float64(v.Int-base.Int) / float64(base.Int), true
}

func symbol(v schemas.Value) string {
	if v.Status == "" {
		return "x"
	}
	return v.Status
}
