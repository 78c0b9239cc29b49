package schemas

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
)

// Value is one cell of a published table, before it is written in any
// format. A null value may carry the source's symbol in Status: that is how
// a suppressed count stays distinguishable from a missing one and from 0.
//
// A non-null value knows its kind (a whole number, a decimal, text, a
// date, an instant or a truth value), set by the constructor that made
// it, so that appending it to a column of another type is an error
// rather than a silent 0 or "". Build values with Int, Float, Str, Date,
// Time, Boolean, Null and Missing, never as literals.
type Value struct {
	Valid  bool
	Int    int64 // Int32, Int64; days since 1970-01-01 for Date32; Unix seconds for Timestamp; 1 or 0 for Bool
	Float  float64
	Str    string
	Status string // source symbol ("c", "x", "z", ...) when !Valid
	kind   kind
}

// kind is what a non-null value holds; nulls have none, and fit any column.
type kind uint8

const (
	noKind kind = iota
	intKind
	floatKind
	strKind
	dateKind
	timeKind
	boolKind
)

// kindOf is the kind of value a column of type t takes.
func kindOf(t Type) kind {
	switch t {
	case Int32, Int64:
		return intKind
	case Float64:
		return floatKind
	case Date32:
		return dateKind
	case Timestamp:
		return timeKind
	case Bool:
		return boolKind
	}
	return strKind
}

func (k kind) String() string {
	switch k {
	case intKind:
		return "whole number"
	case floatKind:
		return "decimal number"
	case strKind:
		return "text"
	case dateKind:
		return "date"
	case timeKind:
		return "instant"
	case boolKind:
		return "true/false"
	}
	return "value made without a constructor"
}

// Int is a whole number.
func Int(v int64) Value { return Value{Valid: true, Int: v, kind: intKind} }

// Float is a decimal number.
func Float(v float64) Value { return Value{Valid: true, Float: v, kind: floatKind} }

// Str is text; the empty string is a null, because the EES standard leaves
// columns that do not apply to a row blank.
func Str(s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{Valid: true, Str: s, kind: strKind}
}

// Date is a calendar date (the time of day is ignored).
func Date(t time.Time) Value {
	return Value{Valid: true, Int: int64(arrow.Date32FromTime(t)), kind: dateKind}
}

// Time is an instant, kept to the second in UTC.
func Time(t time.Time) Value { return Value{Valid: true, Int: t.Unix(), kind: timeKind} }

// Boolean is true or false, held in Int as 1 or 0.
func Boolean(b bool) Value {
	if b {
		return Value{Valid: true, Int: 1, kind: boolKind}
	}
	return Value{Valid: true, kind: boolKind}
}

// Fits reports whether the value can be stored in a column of type t:
// nulls fit every column, other values only their own type's.
func (v Value) Fits(t Type) bool { return !v.Valid || v.kind == kindOf(t) }

// Null is a value that does not apply or was not given, with no symbol.
func Null() Value { return Value{} }

// Missing is a null carrying the source's symbol, normalised (see NormaliseSymbol).
func Missing(symbol string) Value { return Value{Status: NormaliseSymbol(symbol)} }

// Text renders the value as CSV text under the EES data standard: plain
// numbers (no separators, no exponent), ISO dates, and the symbol in
// place of a suppressed value, as StandardSymbol shows it.
func (v Value) Text(t Type) string {
	if !v.Valid {
		return StandardSymbol(v.Status)
	}
	switch t {
	case Int32, Int64:
		return strconv.FormatInt(v.Int, 10)
	case Float64:
		return strconv.FormatFloat(v.Float, 'f', -1, 64)
	case Date32:
		return arrow.Date32(v.Int).FormattedString()
	case Timestamp:
		return time.Unix(v.Int, 0).UTC().Format(time.RFC3339)
	case Bool:
		return strconv.FormatBool(v.Int != 0)
	}
	return v.Str
}

// AppendText appends the value's Text to dst, without allocating for
// numbers and text: the CSV writer formats millions of cells with it.
func (v Value) AppendText(dst []byte, t Type) []byte {
	if !v.Valid {
		return append(dst, StandardSymbol(v.Status)...)
	}
	switch t {
	case Int32, Int64:
		return strconv.AppendInt(dst, v.Int, 10)
	case Float64:
		return strconv.AppendFloat(dst, v.Float, 'f', -1, 64)
	case Bool:
		return strconv.AppendBool(dst, v.Int != 0)
	case String:
		return append(dst, v.Str...)
	}
	return append(dst, v.Text(t)...)
}

// AsTime returns a Date32 or Timestamp value as a time in UTC.
func (v Value) AsTime(t Type) time.Time {
	if t == Date32 {
		return arrow.Date32(v.Int).ToTime()
	}
	return time.Unix(v.Int, 0).UTC()
}

// Equal reports whether two values of the same column are the same,
// symbol included.
func (v Value) Equal(o Value) bool { return v == o }

// symbols are the shorthand the sources use for a value that is not a
// number, with the meaning given on the Notes sheet. DfE/GSS: c, k, low, u,
// x, z; MHCLG RO3 adds n, Y and M.
var symbols = map[string]string{
	"c":   "confidential: suppressed to protect individuals",
	"k":   "a low figure that rounds to zero but is not zero",
	"low": "a low figure that rounds to zero but is not zero",
	"u":   "low reliability",
	"x":   "not available",
	"z":   "not applicable",
	"n":   "no appropriate estimate could be made",
	"Y":   "not relevant",
	"M":   "the return was not received in time for publication",
}

// standard maps symbols outside the GSS/EES shorthand to the one that
// users' tools accept: MHCLG's M (return not received) and n (no
// estimate possible) are "not available", its Y (not relevant) is "not
// applicable". Parquet keeps the source's own symbol in <column>_status.
var standard = map[string]string{"M": "x", "n": "x", "Y": "z"}

// StandardSymbol returns the GSS/EES symbol CSV and Excel files show for
// a source symbol.
func StandardSymbol(s string) string {
	if t, ok := standard[s]; ok {
		return t
	}
	return s
}

// SymbolsShownAs lists the source symbols that StandardSymbol maps to s,
// other than s itself, for notes that explain the mapping.
func SymbolsShownAs(s string) []string {
	var out []string
	for src, std := range standard {
		if std == s {
			out = append(out, src)
		}
	}
	sort.Strings(out)
	return out
}

// NormaliseSymbol strips brackets and spaces: "[x]" and " x " become "x".
func NormaliseSymbol(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	return strings.TrimSpace(s)
}

// IsSymbol reports whether s (bracketed or not) is a shorthand symbol a
// source may put in place of a number.
func IsSymbol(s string) bool {
	_, ok := symbols[NormaliseSymbol(s)]
	return ok
}

// SymbolMeaning explains a symbol in a sentence fragment, for notes and
// metadata; unknown symbols get a generic meaning.
func SymbolMeaning(s string) string {
	if m, ok := symbols[s]; ok {
		return m
	}
	return "a value the source did not give as a number"
}
