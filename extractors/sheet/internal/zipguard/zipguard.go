// Package zipguard opens spreadsheet zip packages and their entries under
// sheet.Limits, shared by the ODS and XLSX readers so both refuse zip bombs
// the same way.
package zipguard

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"

	"github.com/caredata/caredata/extractors/sheet"
)

// ratioFloor is the size under which the ratio check is not applied: a
// small entry of repeated bytes compresses extremely well and is harmless.
const ratioFloor = 1 << 20

// NewReader opens the zip directory; a non-zip is ErrNotSpreadsheet.
func NewReader(file string, r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	// ErrInsecurePath only warns about entry names such as "../x"; this
	// package never writes entries to disk, so the reader is still usable.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%s: %w: %w", file, sheet.ErrNotSpreadsheet, err)
	}
	return zr, nil
}

// Find returns the entry of that exact name, or nil.
func Find(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Check refuses an entry whose declared sizes break the limits, before any
// byte of it is inflated.
func Check(file string, f *zip.File, lim sheet.Limits) error {
	lim = lim.WithDefaults()
	if f.UncompressedSize64 > uint64(lim.MaxPartSize) {
		return &sheet.LimitError{File: file, Part: f.Name, Limit: "MaxPartSize", Got: clamp(f.UncompressedSize64), Max: lim.MaxPartSize}
	}
	if r, bad := ratioExceeded(int64(f.UncompressedSize64), f.CompressedSize64, lim.MaxRatio); bad {
		return &sheet.LimitError{File: file, Part: f.Name, Limit: "MaxRatio", Got: r, Max: lim.MaxRatio}
	}
	return nil
}

// ReadSmall reads a whole entry that should be tiny (mimetype, rels),
// refusing one over max bytes.
func ReadSmall(file string, f *zip.File, max int64) ([]byte, error) {
	rc, err := Open(file, f, sheet.Limits{MaxPartSize: max})
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// Open opens an entry after Check and enforces the limits again on the
// bytes actually inflated, since a hostile zip can lie in its headers.
// Read errors come back wrapping sheet.ErrMalformed (corrupt deflate data,
// checksum) or as a *sheet.LimitError.
func Open(file string, f *zip.File, lim sheet.Limits) (io.ReadCloser, error) {
	lim = lim.WithDefaults()
	if err := Check(file, f, lim); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w: %w", file, f.Name, sheet.ErrMalformed, err)
	}
	return &guarded{rc: rc, file: file, f: f, lim: lim}, nil
}

// Guard is Open for an entry the caller inflates itself (the ODS reader
// resumes inflating part-way through content.xml): after Check, it
// enforces the same limits on rc, whose first byte is at offset done of
// the entry, and wraps rc's errors in the same way.
func Guard(file string, f *zip.File, lim sheet.Limits, rc io.ReadCloser, done int64) (io.ReadCloser, error) {
	lim = lim.WithDefaults()
	if err := Check(file, f, lim); err != nil {
		return nil, err
	}
	return &guarded{rc: rc, file: file, f: f, lim: lim, n: done}, nil
}

type guarded struct {
	rc   io.ReadCloser
	file string
	f    *zip.File
	lim  sheet.Limits
	n    int64
	err  error
}

func (g *guarded) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.rc.Read(p)
	g.n += int64(n)
	switch {
	case g.n > g.lim.MaxPartSize:
		g.err = &sheet.LimitError{File: g.file, Part: g.f.Name, Limit: "MaxPartSize", Got: g.n, Max: g.lim.MaxPartSize}
	case err == nil || err == io.EOF:
		if r, bad := ratioExceeded(g.n, g.f.CompressedSize64, g.lim.MaxRatio); bad {
			g.err = &sheet.LimitError{File: g.file, Part: g.f.Name, Limit: "MaxRatio", Got: r, Max: g.lim.MaxRatio}
		}
	default:
		g.err = fmt.Errorf("%s: %s: %w: %w", g.file, g.f.Name, sheet.ErrMalformed, err)
	}
	if g.err != nil {
		return n, g.err
	}
	return n, err
}

func (g *guarded) Close() error { return g.rc.Close() }

// ratioExceeded reports the ratio of size to compressed and whether it is
// over max for an entry above the floor.
func ratioExceeded(size int64, compressed uint64, max int64) (int64, bool) {
	if size <= ratioFloor {
		return 0, false
	}
	if compressed == 0 {
		return size, true
	}
	r := size / clamp(compressed)
	return r, r > max
}

func clamp(u uint64) int64 {
	if u > 1<<62 {
		return 1 << 62
	}
	return int64(u)
}
