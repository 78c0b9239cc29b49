package ods

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/caredata/caredata/extractors/sheet"
)

// The index pass only needs each table's name and where it starts, yet the
// tables are 99% of content.xml and encoding/xml tokenizes at about 40 MB/s.
// So once the decoder has returned a table's start tag, the pass takes the
// byte stream from under it and skips the body by scanning for '<' and
// counting open elements (quotes, comments, CDATA and processing
// instructions are respected, so a '<' or '>' inside them does not count),
// then hands the stream back after the table's end tag. That is about five
// times faster. It is safe because encoding/xml reads a bufio.Reader (an
// io.ByteReader) one byte at a time and, after a start tag, holds no byte
// back; byteCounter checks that on every use and the pass falls back to
// skipping with tokens if it does not hold. Rows tokenizes the table it
// reads with encoding/xml in full, so nothing here decides cell content.

// byteCounter counts the bytes the decoder takes, and keeps the last two,
// so the pass knows its exact position and whether a start tag was "/>".
type byteCounter struct {
	br           *bufio.Reader
	n            int64 // bytes consumed from br
	skipped      int64 // of which consumed by skipBytes, unknown to the decoder
	last, before byte
}

// offset is the position in content.xml of the decoder's next token.
func (c *byteCounter) offset(d *xml.Decoder) int64 { return d.InputOffset() + c.skipped }

func (c *byteCounter) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
		c.before, c.last = c.last, b
	}
	return b, err
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

// errFallback means the byte scanner cannot start here.
var errFallback = errors.New("ods: byte skip not possible")

// skipBytes consumes the content and end tag of the element whose start
// tag the decoder has just returned, at depth. It reports whether the
// element has a direct child whose local name is table-source.
func (w *Workbook) skipBytes(c *byteCounter, d *xml.Decoder, depth int) (bool, error) {
	if c.n != c.offset(d) || c.last != '>' || c.before == '/' {
		// The decoder holds a byte back, or the element was <x/> and
		// has no body: let the decoder handle it.
		return false, errFallback
	}
	s := scanner{br: c.br}
	linked := false
	open := 0 // elements open inside the one being skipped
	for {
		if err := s.until('<'); err != nil {
			return false, w.scanErr(err)
		}
		b, err := s.peek(1)
		if err != nil {
			return false, w.scanErr(err)
		}
		switch b[0] {
		case '/':
			if err := s.tag(); err != nil {
				return false, w.scanErr(err)
			}
			if open == 0 {
				c.n += s.n
				c.skipped += s.n
				c.before, c.last = '?', '>'
				return linked, nil
			}
			open--
		case '!':
			b, err := s.peek(8)
			if err != nil {
				return false, w.scanErr(err)
			}
			// Step over the opener first, so "<!-->" does not end where it
			// starts (encoding/xml agrees).
			switch {
			case bytes.HasPrefix(b, []byte("!--")):
				err = s.skipThen(3, "-->")
			case bytes.HasPrefix(b, []byte("![CDATA[")):
				err = s.skipThen(8, "]]>")
			default:
				err = fmt.Errorf("unexpected <%s", b[:1])
			}
			if err != nil {
				return false, w.scanErr(err)
			}
		case '?':
			if err := s.skipThen(1, "?>"); err != nil {
				return false, w.scanErr(err)
			}
		default:
			name, _ := s.peek(64)
			if open == 0 && isTableSource(name) {
				linked = true
			}
			if err := s.tag(); err != nil {
				return false, w.scanErr(err)
			}
			if !s.selfClosed {
				open++
				if depth+open > w.lim.MaxDepth {
					return false, w.depthErr(depth + open)
				}
			}
		}
	}
}

// isTableSource reports whether a start tag's name (the bytes after '<')
// has the local name table-source.
func isTableSource(b []byte) bool {
	end := bytes.IndexAny(b, " \t\r\n/>")
	if end < 0 {
		return false
	}
	name := b[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == "table-source"
}

func (w *Workbook) scanErr(err error) error {
	if errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
		return err
	}
	if err == io.EOF || err == bufio.ErrBufferFull {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %s: %w: %w", w.name, contentXML, sheet.ErrMalformed, err)
}

// scanner consumes a bufio.Reader in the few ways skipBytes needs,
// counting what it consumes.
type scanner struct {
	br         *bufio.Reader
	n          int64
	selfClosed bool
}

// until consumes up to and including the next c.
func (s *scanner) until(c byte) error {
	for {
		b, err := s.br.ReadSlice(c)
		s.n += int64(len(b))
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

func (s *scanner) peek(n int) ([]byte, error) {
	b, err := s.br.Peek(n)
	if len(b) > 0 {
		return b, nil
	}
	return nil, err
}

// skipThen consumes n bytes, then up to and including the terminator.
func (s *scanner) skipThen(n int, term string) error {
	d, err := s.br.Discard(n)
	s.n += int64(d)
	if err != nil {
		return err
	}
	return s.past(term)
}

// past consumes up to and including the terminator.
func (s *scanner) past(term string) error {
	last := term[len(term)-1]
	var tail []byte // the last len(term) bytes consumed
	for {
		b, err := s.br.ReadSlice(last)
		s.n += int64(len(b))
		tail = append(tail, b...)
		if len(tail) > len(term) {
			tail = tail[len(tail)-len(term):]
		}
		if err == nil && string(tail) == term {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
}

// tag consumes a tag up to and including its closing '>', which is the
// first one outside a quoted attribute value, and notes whether it was
// self-closing ("/>").
func (s *scanner) tag() error {
	var quote, prev byte
	for {
		b, err := s.br.ReadSlice('>')
		s.n += int64(len(b))
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
		for i, ch := range b {
			switch {
			case quote != 0:
				if ch == quote {
					quote = 0
				}
			case ch == '"' || ch == '\'':
				quote = ch
			case ch == '>' && i == len(b)-1:
				s.selfClosed = prev == '/'
				return nil
			}
			prev = ch
		}
	}
}
