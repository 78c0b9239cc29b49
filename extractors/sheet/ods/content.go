package ods

import (
	"archive/zip"
	"bufio"
	"fmt"
	"hash"
	"hash/crc32"
	"io"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/zipguard"
	"github.com/caredata/caredata/extractors/sheet/ods/internal/inflate"
)

// Reading a sheet means inflating content.xml up to it. The index pass
// inflates all of it once; so that Rows does not inflate everything
// before its sheet again (a sheet of the Ofsted workbooks starts up to 72
// MB in), the index pass saves the inflater's state at the start of sheets
// far into the file (internal/inflate; about 40 KB each, with the bytes of
// the scanner's buffer from the sheet's start on), and Rows resumes from
// the nearest one at or before its sheet, skipping the rest of the way. A
// stored (uncompressed) content.xml is simply read from the sheet's
// offset.
const (
	checkpointGap = 4 << 20 // inflating this much again costs about 3 ms
	maxCheckpoint = 32      // so at most a few MB per workbook
)

// checkpoint is the inflater at the start of a table.
type checkpoint struct {
	at      int64  // offset in content.xml of pending[0], the table's start
	pending []byte // inflated bytes from at on, already read from the inflater
	state   *inflate.Checkpoint
}

// stream is content.xml inflated, with the zip's checks and the limits.
type stream struct {
	io.ReadCloser                 // guarded
	fl            *inflate.Reader // nil unless deflated
}

// openContent opens content.xml from its start: inflated by the
// resumable inflater if it is deflated, with the checks archive/zip
// makes (size, CRC-32), under the limits.
func (w *Workbook) openContent() (*stream, error) {
	f := w.content
	if f.Method != zip.Deflate {
		rc, err := zipguard.Open(w.name, f, w.lim)
		return &stream{ReadCloser: rc}, err
	}
	raw, err := w.raw(0)
	if err != nil {
		return nil, err
	}
	fl := inflate.NewReader(bufio.NewReaderSize(raw, 32<<10))
	rc, err := zipguard.Guard(w.name, f, w.lim, &checked{r: fl, f: f, crc: crc32.NewIEEE()}, 0)
	return &stream{ReadCloser: rc, fl: fl}, err
}

// raw is the entry's compressed bytes from offset off on.
func (w *Workbook) raw(off int64) (*io.SectionReader, error) {
	data, err := w.content.DataOffset()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w: %w", w.name, contentXML, sheet.ErrMalformed, err)
	}
	return io.NewSectionReader(w.r, data+off, int64(w.content.CompressedSize64)-off), nil
}

// openAt opens content.xml for a scanner that starts at offset off: from a
// checkpoint, at off itself if it is stored, or from the start. It
// returns the scanner positioned at off.
func (w *Workbook) openAt(off int64) (*scanner, io.Closer, error) {
	f := w.content
	var cp *checkpoint
	for i := range w.checkpoints {
		if c := &w.checkpoints[i]; c.at <= off {
			cp = c
		}
	}
	var (
		rc   io.ReadCloser
		s    *scanner
		done int64 // bytes before the first that rc yields
	)
	switch {
	case f.Method == zip.Store && f.UncompressedSize64 == f.CompressedSize64 && off <= int64(f.CompressedSize64):
		raw, err := w.raw(off)
		if err != nil {
			return nil, nil, err
		}
		if rc, err = zipguard.Guard(w.name, f, w.lim, io.NopCloser(raw), off); err != nil {
			return nil, nil, err
		}
		s = newScanner(rc, w.name, w.lim, false)
		s.off = off
		return s, rc, nil
	case cp != nil:
		raw, err := w.raw(cp.state.InputOffset())
		if err != nil {
			return nil, nil, err
		}
		fl := inflate.Resume(bufio.NewReaderSize(raw, 32<<10), cp.state)
		done = cp.at + int64(len(cp.pending))
		if rc, err = zipguard.Guard(w.name, f, w.lim, io.NopCloser(fl), done); err != nil {
			return nil, nil, err
		}
		s = newScanner(rc, w.name, w.lim, false)
		s.off = cp.at
		s.end = copy(s.buf, cp.pending)
	default:
		st, err := w.openContent()
		if err != nil {
			return nil, nil, err
		}
		rc = st
		s = newScanner(rc, w.name, w.lim, false)
	}
	if err := s.discard(off - s.off); err != nil {
		rc.Close()
		return nil, nil, w.xmlErr(err)
	}
	return s, rc, nil
}

// saveCheckpoint saves the inflater's state at a table starting at off,
// which the scanner has just read the start tag of, if that is far enough
// from the last checkpoint.
func (w *Workbook) saveCheckpoint(st *stream, s *scanner, off int64) {
	last := int64(0)
	if n := len(w.checkpoints); n > 0 {
		last = w.checkpoints[n-1].at
	}
	if st.fl == nil || off-last < checkpointGap || len(w.checkpoints) >= maxCheckpoint ||
		off < s.off || int64(s.end)-(off-s.off) > bufSize {
		return
	}
	state := st.fl.Checkpoint()
	if state == nil {
		return
	}
	w.checkpoints = append(w.checkpoints, checkpoint{
		at:      off,
		pending: append([]byte(nil), s.buf[off-s.off:s.end]...),
		state:   state,
	})
}

// checked makes archive/zip's checks on an entry it did not inflate: no
// more bytes than the header says, and at the end as many, with the
// CRC-32 it says.
type checked struct {
	r   io.Reader
	f   *zip.File
	crc hash.Hash32
	n   uint64
}

func (c *checked) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc.Write(p[:n])
	c.n += uint64(n)
	if c.n > c.f.UncompressedSize64 {
		return 0, zip.ErrFormat
	}
	if err == io.EOF {
		if c.n != c.f.UncompressedSize64 {
			return n, io.ErrUnexpectedEOF
		}
		if c.f.CRC32 != 0 && c.crc.Sum32() != c.f.CRC32 {
			return n, zip.ErrChecksum
		}
	}
	return n, err
}

func (c *checked) Close() error { return nil }
