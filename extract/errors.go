package extract

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnreadable is what every error about an input's layout or contents
// wraps: a LayoutError, a CellError, and the spreadsheet readers' damaged
// and hostile file errors. The command maps it to exit code 4.
var ErrUnreadable = errors.New("input cannot be read")

// ErrUnknownLayout means a file's header or sheets match no layout the
// extractor knows.
var ErrUnknownLayout = errors.New("unknown layout")

// LayoutError means a file is not laid out as the extractor expects: a
// column or sheet it needs is missing or renamed. It names the file, the
// sheet (empty for CSV files), the row where the header was sought (the
// closest candidate; 0 when no row came near) and the column that is
// missing, so the message says where to look.
type LayoutError struct {
	File   string
	Sheet  string
	Row    int    // 1-based; a CSV file's header is row 1
	Column string // the first missing column, as the extractor names it
	// Missing lists every column the closest known layout needs and the
	// file lacks; Found lists what the header row holds.
	Missing []string
	Found   []string
	// Detail says more where a missing column is not the whole story.
	Detail string
}

func (e *LayoutError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, " row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " column %q", e.Column)
	}
	b.WriteString(": " + ErrUnknownLayout.Error())
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if len(e.Missing) > 0 {
		b.WriteString("; missing " + strings.Join(e.Missing, ", "))
	}
	if len(e.Found) > 0 {
		// A 500-column header is no help in full: the start says enough.
		found := e.Found
		if len(found) > maxFound {
			found = append(found[:maxFound:maxFound], fmt.Sprintf("and %d more", len(e.Found)-maxFound))
		}
		b.WriteString("; found " + strings.Join(found, ", "))
	}
	return b.String()
}

// maxFound is how many of the columns found a message lists.
const maxFound = 25

// Unwrap makes errors.Is(err, ErrUnknownLayout) true.
func (e *LayoutError) Unwrap() error { return ErrUnknownLayout }

// Is makes errors.Is(err, ErrUnreadable) true.
func (e *LayoutError) Is(target error) bool { return target == ErrUnreadable }

// CellError places a value that cannot be read at its file, sheet, row
// and column.
type CellError struct {
	File  string
	Sheet string // empty for CSV files
	Row   int    // 1-based; a CSV file's header is row (line) 1
	// Column is the column's letters in a sheet ("AB") or its name in a
	// CSV file.
	Column string
	Value  string // the cell's text, when it helps
	Err    error
}

func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", e.Sheet)
	}
	if e.Sheet != "" || e.Row > 0 {
		// A spreadsheet user counts rows; a CSV user counts lines.
		if e.Sheet == "" {
			fmt.Fprintf(&b, " line %d", e.Row)
		} else {
			fmt.Fprintf(&b, " row %d", e.Row)
		}
	}
	if e.Column != "" {
		if e.Sheet != "" {
			fmt.Fprintf(&b, " column %s", e.Column)
		} else {
			fmt.Fprintf(&b, " column %q", e.Column)
		}
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": %q", e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns the reason.
func (e *CellError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUnreadable) true.
func (e *CellError) Is(target error) bool { return target == ErrUnreadable }
