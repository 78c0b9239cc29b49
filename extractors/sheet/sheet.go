// Package sheet is the format-neutral view of a spreadsheet that the data
// extractors read: a workbook of named sheets, each streamed row by row as
// the cells the file stores.
//
// Publishers release the same workbook as OpenDocument (.ods) and Office
// Open XML (.xlsx); extractors must not care which. The readers live in the
// sub-packages ods and xlsx, and open.Open picks one by looking at the file's
// content. They live apart from this package so that it has no dependencies
// and the readers can import it for the shared types without a cycle.
package sheet

import (
	"fmt"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
)

// Kind says what sort of value a cell stores, so an extractor can tell a
// number typed into a cell from the same digits typed as text.
type Kind uint8

// The kinds are deliberately few: percentages and currencies are numbers
// with a display format, and the display format is in Cell.Text.
const (
	// Empty is a cell with no value and no text; trailing empty cells are
	// trimmed from rows.
	Empty Kind = iota
	// String is text; Cell.Text holds it.
	String
	// Number is a float, percentage or currency value in Cell.Number.
	Number
	// Date is a date, date-time or time of day in Cell.Date (UTC, as the
	// file stores no zone); a time of day is dated 30 December 1899, the
	// spreadsheet epoch, in both formats.
	Date
	// Bool is a logical value: Cell.Number is 1 for true and 0 for false.
	Bool
)

var kindNames = [...]string{"Empty", "String", "Number", "Date", "Bool"}

// String names the kind for test failures and log lines.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Cell is one cell as the file stores it: what a person sees (Text) and
// the typed value behind it, so a caller never re-parses display text
// such as "1,234" or "11/11/2014".
type Cell struct {
	// Text is the display text, paragraphs joined with "\n". For numbers
	// and dates it is the formatted text the file carries, which may round.
	Text string
	// Kind says which of the fields below holds the value.
	Kind Kind
	// Number is the full-precision stored value of a Number cell (and 1
	// or 0 for a Bool cell); it is zero for the other kinds.
	Number float64
	// Date is the value of a Date cell, in UTC; zero for the other kinds.
	Date time.Time
}

// IsEmpty reports whether the cell holds nothing, the test the readers use
// to trim rows and skip blank ones.
func (c Cell) IsEmpty() bool { return c.Kind == Empty }

// Rows streams one sheet's rows in order. Rows with no non-empty cell are
// skipped, so a gap in Number marks blank rows. Use it like bufio.Scanner:
//
//	for rows.Next() { use(rows.Number(), rows.Row()) }
//	if err := rows.Err(); err != nil { ... }
type Rows interface {
	// Next moves to the next non-blank row and reports whether there is
	// one; it returns false at the end of the sheet or on an error.
	Next() bool
	// Row is the current row's cells from column A, trailing empty cells
	// trimmed. The slice belongs to the caller.
	Row() []Cell
	// Number is the current row's 1-based number in the sheet, counting
	// blank and repeated rows as the spreadsheet application does.
	Number() int
	// Hidden reports whether the current row is hidden (collapsed or
	// filtered out), as RO3 workbooks hide their helper rows.
	Hidden() bool
	// Err is the error that stopped Next, if any.
	Err() error
	// Close releases the stream; it is safe to call more than once.
	Close() error
}

// Workbook is an open spreadsheet file.
type Workbook interface {
	// Sheets lists the real sheet names in workbook order. Cached copies of
	// other workbooks' sheets (external links) are not sheets of this one
	// and are left out.
	Sheets() []string
	// Rows opens one sheet for streaming. An unknown name gives an error
	// wrapping ErrNoSheet.
	Rows(sheet string) (Rows, error)
	// Close releases the file's resources.
	Close() error
}

// Sentinel errors: every error the readers return wraps one of these, so a
// caller can tell a damaged file from a missing sheet with errors.Is. All
// of them are also extract.ErrUnreadable: the run exits 4.
var (
	// ErrNotSpreadsheet means the input is not an ODS or XLSX package
	// (not a zip, or a zip without the parts a spreadsheet needs).
	ErrNotSpreadsheet error = unreadable("not a spreadsheet")
	// ErrNoSheet means the workbook has no sheet of the name asked for.
	ErrNoSheet error = unreadable("no such sheet")
	// ErrTooLarge means the file tripped one of the Limits; the error is
	// a *LimitError saying which.
	ErrTooLarge error = unreadable("over a reader limit")
	// ErrMalformed means the file is a spreadsheet package but its content
	// is broken: bad XML, a value that does not parse, a corrupt entry.
	ErrMalformed error = unreadable("malformed spreadsheet")
)

// unreadable is a sentinel that is also extract.ErrUnreadable.
type unreadable string

func (e unreadable) Error() string { return string(e) }

// Is makes errors.Is(err, extract.ErrUnreadable) true.
func (e unreadable) Is(target error) bool { return target == extract.ErrUnreadable }

// CellError places an error at a cell, so a message about a bad value in
// a 4,000-row sheet says where to look: file.ods sheet "X" row 12 column
// AB: .... It is the one cell error type of every extractor.
type CellError = extract.CellError

// LimitError says which guard a file tripped; it matches ErrTooLarge.
type LimitError struct {
	File  string // the name given to Open
	Part  string // the zip entry, e.g. "content.xml"
	Limit string // the Limits field, e.g. "MaxDepth"
	Got   int64  // the value seen (a lower bound where reading stopped early)
	Max   int64  // the limit in force
}

// Error names the limit so the fix (raise it, or reject the file) is plain.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: %s: %s exceeded: %d > %d: %v", e.File, e.Part, e.Limit, e.Got, e.Max, ErrTooLarge)
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *LimitError) Unwrap() error { return ErrTooLarge }

// Limits bounds what a reader accepts, so a hostile or broken file fails
// fast with a *LimitError instead of exhausting memory or time. A zero
// field means the default from DefaultLimits.
type Limits struct {
	// MaxPartSize caps the uncompressed bytes of one XML part
	// (content.xml, a worksheet). Real Ofsted files are 40-75 MB.
	MaxPartSize int64
	// MaxRatio caps uncompressed:compressed size for parts over 1 MiB, the
	// signature of a zip bomb; real files are under 40:1.
	MaxRatio int64
	// MaxDepth caps XML element nesting; real files nest under 15 deep.
	MaxDepth int
	// MaxCellsPerRow caps the cell elements in one row (a repeated run is
	// one element), so a row of millions of elements is refused.
	MaxCellsPerRow int
	// MaxColumns caps the columns up to a row's last non-empty cell:
	// 16,384 is both applications' sheet width.
	MaxColumns int
	// MaxRowRepeat caps how many copies of one repeated non-empty row are
	// yielded; a longer run is an error, not a million identical rows.
	MaxRowRepeat int
	// MaxCellText caps the bytes of one cell's text (Excel allows 32,767
	// characters).
	MaxCellText int
}

// DefaultLimits are generous for real publications and small enough that
// a hostile file cannot take more than a few hundred MB.
func DefaultLimits() Limits {
	return Limits{
		MaxPartSize:    512 << 20,
		MaxRatio:       200,
		MaxDepth:       128,
		MaxCellsPerRow: 20000,
		MaxColumns:     16384,
		MaxRowRepeat:   10000,
		MaxCellText:    1 << 20,
	}
}

// WithDefaults fills the zero fields from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = d.MaxPartSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxCellsPerRow <= 0 {
		l.MaxCellsPerRow = d.MaxCellsPerRow
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxRowRepeat <= 0 {
		l.MaxRowRepeat = d.MaxRowRepeat
	}
	if l.MaxCellText <= 0 {
		l.MaxCellText = d.MaxCellText
	}
	return l
}

// ColumnName turns a 0-based column index into spreadsheet letters
// (0 → "A", 25 → "Z", 26 → "AA"), for messages that point at a cell. A
// negative index gives "?".
func ColumnName(i int) string {
	if i < 0 {
		return "?"
	}
	var b [16]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// NoSheetError builds the error Workbook.Rows returns for an unknown name:
// it names the file and the sheet and lists the sheets present, since the
// usual cause is a publisher renaming a sheet between years.
func NoSheetError(file, sheet string, present []string) error {
	q := make([]string, len(present))
	for i, s := range present {
		q[i] = fmt.Sprintf("%q", s)
	}
	return fmt.Errorf("%s: sheet %q: %w (sheets: %s)", file, sheet, ErrNoSheet, strings.Join(q, ", "))
}
