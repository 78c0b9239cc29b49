package validate

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"sync"
)

func init() {
	for k, v := range map[string]string{
		"xlsx-merged-cells":   "no sheet has merged cells",
		"xlsx-hidden":         "no row or column is hidden",
		"xlsx-blank-row":      "no blank row inside a table",
		"xlsx-blank-column":   "no blank column inside a table",
		"xlsx-outside-table":  "text above a table is in column A only, and nothing is below or to the right of it",
		"xlsx-number-as-text": "numeric columns hold numbers, or the bracketed shorthand ([c], [x], [z]) as text",
		"xlsx-cursor-a1":      "every sheet opens with the cursor in A1",
		"xlsx-rows":           "the data tables hold as many rows as the dataset's CSV",
	} {
		Rules[k] = v
	}
}

// shorthand is a GSS shorthand cell such as [x] or [low].
var shorthand = regexp.MustCompile(`^\[[a-z]+\]$`)

// area is a cell range, 1-based and inclusive.
type area struct{ col0, row0, col1, row1 int }

// parseRef parses "A5:O3518".
func parseRef(ref string) (area, bool) {
	a, b, ok := bytes.Cut([]byte(ref), []byte(":"))
	if !ok {
		b = a
	}
	c0, r0, ok0 := parseCell(a)
	c1, r1, ok1 := parseCell(b)
	return area{c0, r0, c1, r1}, ok0 && ok1 && c0 <= c1 && r0 <= r1
}

// parseCell parses "L635996" into column 12 and row 635996.
func parseCell(ref []byte) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3 {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row, err := strconv.Atoi(string(ref[i:]))
	return col, row, i > 0 && err == nil && row > 0
}

func colName(c int) string {
	s := ""
	for c > 0 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

// cellScan checks one worksheet cell by cell. There is no Go library that
// streams a sheet fast enough for a 600,000-row table inside the
// validator's time (excelize's row iterator decodes every cell through
// encoding/xml, about 20 times slower), so this is a byte scanner over the
// worksheet XML looking only at the tags it needs: row, c (with its v or
// t), col, mergeCell and selection.
type cellScan struct {
	table   area // zero when the sheet has no table
	numeric map[int]bool
	shared  func(int) (string, bool)
	emit    func(rule string, row int, cell, detail string)

	row, col      int  // current row, and column of the last cell
	rowFilled     bool // the current row has a non-empty cell in the table
	firstDataRow  int  // first table data row seen with a value, 0 before
	lastDataRow   int  // last table data row seen with a value, 0 before
	colFilled     []bool
	blankReported bool
	// prefix scans only the first chunk of the sheet (the release gate's
	// reading of a long data sheet, whose rows one loop of the writer
	// wrote): the checks that need every row are left out.
	prefix bool
}

// chunkSize is how much worksheet XML one worker scans at a time.
const chunkSize = 4 << 20

var rowEnd = []byte("</row>")

// scan reads a whole worksheet part. The XML is cut into chunks of whole
// rows that are scanned in parallel, one per core (the chunks' row states
// are joined in order afterwards), because a 600,000-row sheet is 480 MB
// of XML. Rows are found by their r attribute, which Excel, LibreOffice
// and excelize always write.
// size is the part's uncompressed size where known, to size the buffers.
func (s *cellScan) scan(r io.Reader, size int64) error {
	workers, bufSize := runtime.GOMAXPROCS(0), chunkSize
	if size >= 0 && size < chunkSize {
		workers, bufSize = 1, int(size)+512
	}
	type part struct {
		sc       *cellScan
		findings []func()
		err      error
	}
	var (
		parts []*part
		wg    sync.WaitGroup
		free  = make(chan []byte, workers+1)
	)
	for range workers + 1 {
		free <- make([]byte, 0, bufSize)
	}
	buf := <-free
	for eof := false; !eof; {
		if len(buf) == cap(buf) { // a row longer than the buffer, or a wrong size
			if cap(buf) >= 64<<20 {
				return fmt.Errorf("a row over 64 MB")
			}
			buf = append(buf[:cap(buf)], make([]byte, cap(buf))...)[:len(buf)]
		}
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			eof = true
		default:
			return err
		}
		cut := len(buf)
		if !eof {
			i := bytes.LastIndex(buf, rowEnd)
			if i < 0 {
				continue // read more before cutting
			}
			cut = i + len(rowEnd)
		}
		next := <-free
		next = append(next[:0], buf[cut:]...)
		chunk := buf[:cut]
		p := &part{}
		p.sc = &cellScan{table: s.table, numeric: s.numeric, shared: s.shared, colFilled: make([]bool, s.table.col1+1),
			emit: func(rule string, row int, cell, detail string) {
				p.findings = append(p.findings, func() { s.emit(rule, row, cell, detail) })
			}}
		parts = append(parts, p)
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.err = p.sc.scanChunk(chunk)
			free <- chunk[:0]
		}()
		buf = next
		if s.prefix {
			break // the first chunk is being scanned; the rest is trusted
		}
	}
	wg.Wait()
	// Join the parts in order: their findings, the table's columns, and
	// blank rows between one part's last data row and the next one's first.
	last := s.table.row0 // the header row
	colFilled := make([]bool, s.table.col1+1)
	for _, p := range parts {
		if p.err != nil {
			return p.err
		}
		if p.sc.firstDataRow > last+1 && !s.blankReported {
			s.emit("xlsx-blank-row", last+1, "", fmt.Sprintf("row %d of the table is blank", last+1))
			s.blankReported = true
		}
		for _, f := range p.findings {
			f()
		}
		s.blankReported = s.blankReported || p.sc.blankReported
		last = max(last, p.sc.lastDataRow)
		for c, ok := range p.sc.colFilled {
			colFilled[c] = colFilled[c] || ok
		}
	}
	if s.table.row1 > 0 && !s.prefix {
		if last < s.table.row1 && !s.blankReported {
			s.emit("xlsx-blank-row", last+1, "", fmt.Sprintf("rows %d to %d of the table are blank", last+1, s.table.row1))
		}
		for c := s.table.col0; c <= s.table.col1; c++ {
			if !colFilled[c] {
				s.emit("xlsx-blank-column", s.table.row0, colName(c)+strconv.Itoa(s.table.row0), "column "+colName(c)+" of the table is blank")
			}
		}
	}
	return nil
}

// scanChunk scans whole rows of worksheet XML (the first chunk also holds
// the sheet's start, the last its end).
func (s *cellScan) scanChunk(b []byte) error {
	for pos := 0; ; {
		i := bytes.IndexByte(b[pos:], '<')
		if i < 0 {
			break
		}
		pos += i
		n, err := s.element(b[pos:])
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrUnexpectedEOF
		}
		pos += n
	}
	s.endRow()
	return nil
}

var (
	tagRow   = []byte("<row")
	tagCol   = []byte("<col ")
	tagMerge = []byte("<mergeCell ")
	tagSel   = []byte("<selection ")
)

// element handles the element starting at b[0] == '<' and returns how many
// bytes it used, or 0 when b does not hold all of it yet.
func (s *cellScan) element(b []byte) (int, error) {
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		return 0, nil
	}
	tag := b[:end+1]
	switch {
	case len(tag) > 4 && bytes.HasPrefix(tag, tagRow) && (tag[4] == ' ' || tag[4] == '>'):
		s.endRow()
		if r, ok := attr(tag, "r"); ok {
			s.row, _ = strconv.Atoi(string(r))
		} else {
			s.row++
		}
		s.col = 0
		if h, ok := attr(tag, "hidden"); ok && (string(h) == "1" || string(h) == "true") {
			s.emit("xlsx-hidden", s.row, "", fmt.Sprintf("row %d is hidden", s.row))
		}
		return end + 1, nil
	case len(tag) > 2 && tag[1] == 'c' && (tag[2] == ' ' || tag[2] == '>' || tag[2] == '/'):
		n := end + 1
		var text []byte
		filled := false
		if tag[len(tag)-2] != '/' {
			// Walk the content's tags to </c>, keeping the text of the
			// first <v> or <t>.
			for {
				k := bytes.IndexByte(b[n:], '<')
				if k < 0 || n+k+4 > len(b) {
					return 0, nil
				}
				n += k + 1
				switch c := b[n]; {
				case c == '/' && b[n+1] == 'c' && b[n+2] == '>':
					n += 3
				case (c == 'v' || c == 't') && !filled && (b[n+1] == '>' || c == 't' && b[n+1] == ' '):
					j := bytes.IndexByte(b[n:], '>')
					if j < 0 {
						return 0, nil
					}
					if b[n+j-1] == '/' {
						continue // <t/>: empty
					}
					e := bytes.IndexByte(b[n+j+1:], '<')
					if e < 0 {
						return 0, nil
					}
					text = b[n+j+1 : n+j+1+e]
					filled = len(text) > 0
					n += j + 1 + e
					continue
				default:
					continue
				}
				break
			}
		}
		s.cell(tag, text, filled)
		return n, nil
	case bytes.HasPrefix(tag, tagCol):
		if h, ok := attr(tag, "hidden"); ok && (string(h) == "1" || string(h) == "true") {
			min, _ := attr(tag, "min")
			s.emit("xlsx-hidden", 0, "", fmt.Sprintf("column %s is hidden", min))
		}
	case bytes.HasPrefix(tag, tagMerge):
		ref, _ := attr(tag, "ref")
		s.emit("xlsx-merged-cells", 0, string(ref), "merged cells "+string(ref))
	case bytes.HasPrefix(tag, tagSel):
		if c, ok := attr(tag, "activeCell"); ok && string(c) != "A1" {
			s.emit("xlsx-cursor-a1", 0, string(c), "the sheet opens with the cursor in "+string(c))
		}
	}
	return end + 1, nil
}

// cell checks one c element: its start tag and the text of its value.
func (s *cellScan) cell(tag, text []byte, filled bool) {
	r, typ := cellAttrs(tag)
	if c := colOf(r); c > 0 {
		s.col = c
	} else {
		s.col++
	}
	if filled && string(typ) == "s" && s.shared != nil {
		if n, err := strconv.Atoi(string(text)); err == nil {
			str, _ := s.shared(n)
			text, filled = []byte(str), str != ""
		}
	}
	if !filled {
		return
	}
	t := s.table
	ref := func() string { return colName(s.col) + strconv.Itoa(s.row) }
	switch {
	case t.row1 == 0:
		return // a sheet without a table: the cover
	case s.row < t.row0:
		if s.col != 1 {
			s.emit("xlsx-outside-table", s.row, ref(), "text above the table is not in column A")
		}
	case s.row > t.row1 || s.col < t.col0 || s.col > t.col1:
		s.emit("xlsx-outside-table", s.row, ref(), "a value outside the table "+fmt.Sprintf("%s%d:%s%d", colName(t.col0), t.row0, colName(t.col1), t.row1))
	case s.row == t.row0:
		s.colFilled[s.col] = true // a header makes a column not blank (S7)
	default:
		s.rowFilled = true
		s.colFilled[s.col] = true
		if s.numeric[s.col] && typ != nil && string(typ) != "n" && !shorthand.Match(text) {
			s.emit("xlsx-number-as-text", s.row, ref(), fmt.Sprintf("%q in a numeric column is stored as %s", text, typ))
		}
	}
}

// colOf returns the column number of a cell reference such as L635996.
func colOf(ref []byte) int {
	c := 0
	for i := 0; i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		c = c*26 + int(ref[i]-'A'+1)
	}
	return c
}

// cellAttrs reads a c start tag's r and t attributes in one pass.
func cellAttrs(tag []byte) (r, t []byte) {
	i := 2
	for i < len(tag) {
		for i < len(tag) && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n') {
			i++
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 || i+eq+1 >= len(tag) {
			return
		}
		key := tag[i : i+eq]
		q := tag[i+eq+1]
		v := tag[i+eq+2:]
		k := bytes.IndexByte(v, q)
		if k < 0 {
			return
		}
		switch string(key) {
		case "r":
			r = v[:k]
		case "t":
			t = v[:k]
		}
		i += eq + 2 + k + 1
	}
	return
}

// endRow closes the current row: a data row of the table with no value,
// or a gap in the row numbers, is a blank row.
func (s *cellScan) endRow() {
	t := s.table
	if s.row <= t.row0 || s.row > t.row1 || !s.rowFilled {
		s.rowFilled = false
		return
	}
	if s.firstDataRow == 0 {
		s.firstDataRow = s.row
	} else if s.row > s.lastDataRow+1 && !s.blankReported {
		s.emit("xlsx-blank-row", s.lastDataRow+1, "", fmt.Sprintf("row %d of the table is blank", s.lastDataRow+1))
		s.blankReported = true
	}
	s.lastDataRow = s.row
	s.rowFilled = false
}

// attr returns an attribute's value from a start tag, reading the
// attributes in one pass without allocating.
func attr(tag []byte, name string) ([]byte, bool) {
	i := bytes.IndexByte(tag, ' ')
	if i < 0 {
		return nil, false
	}
	for i < len(tag) {
		for i < len(tag) && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n') {
			i++
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 || i+eq+1 >= len(tag) {
			return nil, false
		}
		key := tag[i : i+eq]
		q := tag[i+eq+1]
		if q != '"' && q != '\'' {
			return nil, false
		}
		v := tag[i+eq+2:]
		k := bytes.IndexByte(v, q)
		if k < 0 {
			return nil, false
		}
		if string(key) == name {
			return v[:k], true
		}
		i += eq + 2 + k + 1
	}
	return nil, false
}

// inflate decompresses a zip part in its own goroutine, handing over 1 MB
// chunks, so that a big sheet is inflated on one core while it is scanned
// on another.
func inflate(f *zip.File) io.ReadCloser {
	rc, err := f.Open()
	if err != nil {
		return errReader{err}
	}
	ch := make(chan []byte, 4)
	free := make(chan []byte, 6)
	for range 6 {
		free <- make([]byte, 1<<20)
	}
	cr := &chunkReader{ch: ch, free: free, done: make(chan struct{})}
	go func() {
		defer close(ch)
		defer rc.Close()
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-cr.done:
				return
			}
			n, err := io.ReadFull(rc, buf)
			if n > 0 {
				select {
				case ch <- buf[:n]:
				case <-cr.done:
					return
				}
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return
			}
			if err != nil {
				cr.err = err
				return
			}
		}
	}()
	return cr
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
func (e errReader) Close() error             { return nil }

type chunkReader struct {
	ch        chan []byte
	free      chan []byte
	done      chan struct{}
	cur, head []byte
	err       error
	closed    bool
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.head != nil {
			c.free <- c.head[:cap(c.head)]
			c.head = nil
		}
		b, ok := <-c.ch
		if !ok {
			if c.err != nil {
				return 0, c.err
			}
			return 0, io.EOF
		}
		c.cur, c.head = b, b
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

func (c *chunkReader) Close() error {
	if !c.closed {
		c.closed = true
		close(c.done)
	}
	return nil
}
