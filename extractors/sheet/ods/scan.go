package ods

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/caredata/caredata/extractors/sheet"
)

// The scanner tokenizes content.xml straight from the bytes inflated into
// its buffer, with no allocation per token: names, attribute values and
// text are slices of the buffer (or of a scratch buffer where entities or
// line ends had to be decoded), valid until the next call. It accepts
// exactly the XML that encoding/xml's Decoder (Strict, no entity map, no
// CharsetReader) accepts, decodes text and attribute values as it does,
// and resolves namespace prefixes as its Token does; where it cannot do
// so cheaply (a name with non-ASCII letters) it asks encoding/xml.
// FuzzScanner holds it to that. Character data is delivered in pieces of
// some tens of KB, never cut inside an entity or a UTF-8 sequence, so a
// long text (a base64 image, say) is never held whole; any other token
// must fit in the buffer, which grows to at most maxToken bytes.
//
// skipBody is the other way through the bytes: the index pass's fast skip
// over a table body, which only counts elements (see its comment).

type tokKind uint8

const (
	tokEOF   tokKind = iota
	tokStart         // a start tag; a self-closing one is followed by its tokEnd
	tokEnd
	tokText  // a piece of character data, decoded
	tokOther // a comment, processing instruction or directive
)

// nsID names the namespaces the reader matches against; every other
// namespace, and none, is nsNone.
type nsID uint8

const (
	nsNone nsID = iota
	nsIDOffice
	nsIDTable
	nsIDText
)

func nsIDOf(uri string) nsID {
	switch uri {
	case nsOffice:
		return nsIDOffice
	case nsTable:
		return nsIDTable
	case nsText:
		return nsIDText
	}
	return nsNone
}

// binding is one namespace declaration in scope.
type binding struct {
	prefix string // "" for the default namespace (xmlns="...")
	uri    string
	id     nsID
	depth  int // of the element that declares it
}

// elem is an open element.
type elem struct {
	name  int32 // its raw name is names[name:end]
	local int32 // where the local part starts
	end   int32
	ns    nsID
	binds int32 // len(binds) before its own declarations
}

// nsCache remembers prefixes resolved while the declarations in scope
// stay the same, by length and first letter.
type nsCache [64]struct {
	prefix string
	id     nsID
	ok     bool
}

func cacheSlot(prefix []byte) int {
	if len(prefix) == 0 {
		return 0
	}
	return (len(prefix)*7 + int(prefix[0])) & 63
}

// xattr is an attribute of the current start tag, as positions in the
// scanner's buffer (no pointers, so that storing one is cheap).
type xattr struct {
	p0, p1, l0, l1 int32 // its prefix (p0 == p1 if none) and local name in buf
	v0, v1         int32 // its value, in buf, or decoded in abuf
	decoded        bool
	ns             nsID
}

func (a *xattr) prefix(s *scanner) []byte {
	if a.p0 == a.p1 {
		return nil
	}
	return s.buf[a.p0:a.p1]
}

func (a *xattr) local(s *scanner) []byte { return s.buf[a.l0:a.l1] }

func (a *xattr) value(s *scanner) []byte {
	if a.decoded {
		return s.abuf[a.v0:a.v1]
	}
	return s.buf[a.v0:a.v1]
}

const (
	bufSize   = 64 << 10
	textPiece = 32 << 10
)

// maxToken bounds one tag, comment, processing instruction or directive:
// attribute values can carry a cell's text (office:string-value), so it is
// well above MaxCellText, encoded; a longer one is refused under that limit.
// (Below 256 MB, so that positions in the buffer fit an int32.)
func maxToken(lim sheet.Limits) int {
	return min(max(1<<20, 8*lim.MaxCellText), 1<<28)
}

// syntaxError is malformed XML at a byte offset of content.xml.
type syntaxError struct {
	off int64
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("XML syntax error at byte %d: %s", e.off, e.msg)
}

// errShort means the token does not end in the buffer: read more and
// parse it again.
var errShort = &syntaxError{msg: "short buffer"}

type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int   // unread input is buf[pos:end]
	off      int64 // offset in content.xml of buf[0]
	rerr     error // the error that ended reading (io.EOF at the end)
	maxTok   int
	piece    int // textPiece (tests make it small)

	file      string
	maxDepth  int
	textLimit int // MaxCellText, reported when a token is over maxTok
	// index resolves names as the index pass always has (see resolve).
	index bool

	base  int // depth of the element around the first token read
	stack []elem
	names []byte
	binds []binding
	cache *nsCache
	gen   int             // counts changes to binds
	hints [64][2]nameHint // see scanner.qname

	// The current token.
	ns         nsID   // of a start or end tag's element
	local      []byte // its local name
	attrs      []xattr
	text       []byte // tokText: the decoded piece
	textStart  bool   // tokText: the first piece of a character data token
	first      bool   // the next piece is the first
	pendingEnd bool   // the start tag just returned was self-closing

	inText, inCDATA bool // in the middle of a character data token
	b0, b1          byte // the last two raw bytes of text, for "]]>" and "\r\n"
	tbuf, abuf      []byte
}

func newScanner(r io.Reader, file string, lim sheet.Limits, index bool) *scanner {
	return &scanner{
		r: r, buf: make([]byte, bufSize), maxTok: maxToken(lim), piece: textPiece,
		file: file, maxDepth: lim.MaxDepth, textLimit: lim.MaxCellText, index: index,
	}
}

// offset is where in content.xml the next token starts.
func (s *scanner) offset() int64 { return s.off + int64(s.pos) }

func (s *scanner) depth() int { return s.base + len(s.stack) }

func (s *scanner) errorf(format string, args ...any) error {
	return &syntaxError{off: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// more reads at least one more byte into the buffer, keeping buf[pos:end];
// it compacts the buffer, or grows it up to maxTok. It returns io.EOF at
// the end of the input, or the error that stopped reading.
func (s *scanner) more() error {
	if s.rerr != nil {
		return s.rerr
	}
	if s.pos == s.end {
		s.off += int64(s.end)
		s.pos, s.end = 0, 0
	}
	if s.end == len(s.buf) {
		if s.pos > 0 {
			n := copy(s.buf, s.buf[s.pos:s.end])
			s.off += int64(s.pos)
			s.pos, s.end = 0, n
		} else {
			if len(s.buf) >= s.maxTok {
				return &sheet.LimitError{File: s.file, Part: contentXML, Limit: "MaxCellText", Got: int64(len(s.buf)), Max: int64(s.textLimit)}
			}
			nb := make([]byte, min(2*len(s.buf), s.maxTok))
			s.end = copy(nb, s.buf[s.pos:s.end])
			s.buf = nb
		}
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
			if n > 0 {
				return nil
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
	s.rerr = io.ErrNoProgress
	return s.rerr
}

// discard consumes n bytes of input.
func (s *scanner) discard(n int64) error {
	for {
		k := int64(s.end - s.pos)
		if k >= n {
			s.pos += int(n)
			return nil
		}
		n -= k
		s.off += int64(s.end)
		s.pos, s.end = 0, 0
		if err := s.more(); err != nil {
			return err
		}
	}
}

// next reads the next token.
func (s *scanner) next() (tokKind, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		return tokEnd, nil
	}
	eof := false
	for {
		if s.pos == s.end {
			if eof {
				if s.inCDATA {
					return 0, s.errorf("unexpected EOF in CDATA section")
				}
				s.inText = false
				return tokEOF, nil
			}
		} else {
			var k tokKind
			var err error
			switch {
			case s.inText && (s.inCDATA || s.buf[s.pos] != '<'):
				k, err = s.textToken(eof)
			case s.buf[s.pos] != '<':
				s.inText, s.inCDATA, s.first, s.b0, s.b1 = true, false, true, 0, 0
				k, err = s.textToken(eof)
			default:
				s.inText = false
				k, err = s.markup(eof)
			}
			if err != errShort {
				return k, err
			}
			if eof {
				return 0, s.errorf("unexpected EOF")
			}
		}
		if err := s.more(); err == io.EOF {
			eof = true
		} else if err != nil {
			return 0, err
		}
	}
}

// textToken delivers the next piece of the character data (or CDATA
// section) the scanner is in. A piece ends before the '<' that ends the
// token or, in a text longer than textPiece bytes, where the buffer ends,
// but never inside an entity or a UTF-8 sequence.
func (s *scanner) textToken(eof bool) (tokKind, error) {
	b := s.buf[s.pos:s.end]
	var k, skip int // deliver b[:k], then consume skip more bytes
	done := false
	if s.inCDATA {
		if i := bytes.Index(b, []byte("]]>")); i >= 0 {
			k, skip, done = i, 3, true
		} else if eof {
			return 0, s.errorf("unexpected EOF in CDATA section")
		} else if len(b) < s.piece {
			return 0, errShort
		} else {
			k = cutRune(b, len(b)-2)
		}
	} else {
		if i := bytes.IndexByte(b, '<'); i >= 0 {
			k, done = i, true
		} else if eof {
			k, done = len(b), true
		} else if len(b) < s.piece {
			return 0, errShort
		} else {
			k = len(b)
			// Never cut an entity: end the piece before it, or, if it
			// starts the piece, read on to its end.
			if a := bytes.LastIndexByte(b, '&'); a >= 0 && bytes.IndexByte(b[a:], ';') < 0 {
				if a > 0 {
					k = a
				} else if entityPrefix(b) {
					return 0, errShort
				}
			}
			if k = cutRune(b, k); k == 0 {
				k = len(b) // not UTF-8: let decode say so
			}
		}
	}
	text, err := s.decode(b[:k], s.inCDATA, false)
	if err != nil {
		return 0, err
	}
	s.text = text
	s.pos += k + skip
	s.textStart, s.first = s.first, false
	if done {
		s.inText, s.inCDATA = false, false
	}
	return tokText, nil
}

// entityPrefix reports whether b, starting with '&', can still become an
// entity reference.
func entityPrefix(b []byte) bool {
	i := 1
	if i < len(b) && b[i] == '#' {
		for i++; i < len(b); i++ {
			if c := b[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == 'x' && i == 2) {
				return false
			}
		}
		return true
	}
	for ; i < len(b); i++ {
		if !nameByte[b[i]] {
			return false
		}
	}
	return true
}

// cutRune moves a cut at k back to the start of a UTF-8 sequence that does
// not end before k.
func cutRune(b []byte, k int) int {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:k]) {
				return i
			}
			break
		}
	}
	return k
}

// special marks the bytes decode must look at: text needs entities,
// "\r" line ends, "]]>", control characters and non-ASCII checked.
var special = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '&', c == '\r', c < 0x20 && c != '\t' && c != '\n', c >= 0x80:
			t[c] = 3
		case c == ']':
			t[c] = 1 // text only
		case c == '<':
			t[c] = 2 // attribute values only
		}
	}
	return t
}()

// decode checks and decodes character data (cdata: a CDATA section,
// attr: an attribute value) as encoding/xml's Decoder.text does. Text
// keeps b0, b1 across pieces; an attribute value is whole.
func (s *scanner) decode(raw []byte, cdata, attr bool) ([]byte, error) {
	mask := uint8(1)
	if attr {
		mask = 2
	}
	clean := true
	for _, c := range raw {
		if special[c]&mask != 0 {
			clean = false
			break
		}
	}
	if clean && (attr || s.b1 != ']' && s.b1 != '\r') {
		if !attr && len(raw) > 0 {
			s.b0, s.b1 = 0, 0
		}
		return raw, nil
	}
	var b0, b1 byte
	if !attr {
		b0, b1 = s.b0, s.b1
	}
	out := s.tbuf[:0]
	if attr {
		out = s.abuf
	}
	start := len(out)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			r, n, ok := entity(raw[i:])
			if !ok {
				return nil, s.errorf("invalid character entity %.20q", raw[i:])
			}
			if !inCharRange(r) {
				return nil, s.errorf("illegal character code %U", r)
			}
			out = utf8.AppendRune(out, r)
			i += n
			b0, b1 = 0, 0
			continue
		case c == '<' && attr:
			return nil, s.errorf("unescaped < inside quoted string")
		case c == '>' && !attr && !cdata && b0 == ']' && b1 == ']':
			return nil, s.errorf("unescaped ]]> not in CDATA section")
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && b1 == '\r':
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, s.errorf("illegal character code %U", rune(c))
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, s.errorf("invalid UTF-8")
			}
			if !inCharRange(r) {
				return nil, s.errorf("illegal character code %U", r)
			}
			out = append(out, raw[i:i+n]...)
			i += n
			b0, b1 = 0, 0
			continue
		default:
			out = append(out, c)
		}
		b0, b1 = b1, c
		i++
	}
	if attr {
		s.abuf = out
		return out[start:], nil
	}
	s.tbuf = out
	s.b0, s.b1 = b0, b1
	return out, nil
}

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// entity decodes the reference at the start of p ("&amp;", "&#233;",
// "&#xE9;"), as encoding/xml does: only the five predefined names.
func entity(p []byte) (r rune, n int, ok bool) {
	if len(p) < 2 {
		return 0, 0, false
	}
	if p[1] == '#' {
		i, base := 2, 10
		if i < len(p) && p[i] == 'x' {
			i, base = i+1, 16
		}
		start := i
		for i < len(p) && ('0' <= p[i] && p[i] <= '9' || base == 16 && ('a' <= p[i] && p[i] <= 'f' || 'A' <= p[i] && p[i] <= 'F')) {
			i++
		}
		if i == len(p) || p[i] != ';' {
			return 0, 0, false
		}
		v, err := strconv.ParseUint(string(p[start:i]), base, 64)
		if err != nil || v > utf8.MaxRune {
			return 0, 0, false
		}
		r = rune(v)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // as string(rune(v)) has it
		}
		return r, i + 1, true
	}
	i := 1
	for i < len(p) && (p[i] >= utf8.RuneSelf || nameByte[p[i]]) {
		i++
	}
	if i == len(p) || p[i] != ';' {
		return 0, 0, false
	}
	switch string(p[1:i]) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		return 0, 0, false
	}
	return r, i + 1, true
}

var nameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return t
}()

// nameClass sorts name bytes for qname: 0 ends a name, 1 is an ASCII
// name byte, 2 a colon, 3 a non-ASCII byte.
var nameClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == ':':
			t[c] = 2
		case c >= utf8.RuneSelf:
			t[c] = 3
		case nameByte[c]:
			t[c] = 1
		}
	}
	return t
}()

// scanName returns the end of the run of name bytes from i (encoding/xml
// reads any non-ASCII byte into a name and checks the name after).
func scanName(b []byte, i int) int {
	for i < len(b) && nameByte[b[i]] {
		i++
	}
	return i
}

// qname scans a qualified name from b[i] as encoding/xml's nsname reads
// it: end is where the run of name bytes ends (len(b) if it may go on),
// colon where the prefix ends (-1 if there is none), ok whether it is a
// valid name with at most one colon.
func qname(b []byte, i int) (end, colon int, ok bool) {
	start, colon, colons, ascii := i, -1, 0, true
loop:
	for i < len(b) {
		for i < len(b) && nameClass[b[i]] == 1 {
			i++
		}
		if i == len(b) {
			break
		}
		switch nameClass[b[i]] {
		case 0:
			break loop
		case 2:
			colon, colons = i, colons+1
		case 3:
			ascii = false
		}
		i++
	}
	if i == start || colons > 1 {
		return i, -1, false
	}
	if ascii {
		c := b[start]
		ok = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
	} else {
		ok = validName(b[start:i])
	}
	if colon == start || colon == i-1 {
		colon = -1 // ":a" and "a:" are local names
	}
	return i, colon, ok
}

// nameHint is a name qname read before, for s.qname to match whole.
type nameHint struct {
	name  []byte
	colon int // in name, or -1
}

// qname is qname, first trying the names read before that start with the
// same eight bytes (a few dozen names make up nearly all of content.xml).
func (s *scanner) qname(b []byte, i int) (end, colon int, ok bool) {
	if i+8 > len(b) {
		return qname(b, i)
	}
	h := &s.hints[(binary.LittleEndian.Uint64(b[i:])*0x9E3779B97F4A7C15)>>58]
	for k := range h {
		e := &h[k]
		if n := len(e.name); n > 0 && i+n < len(b) && nameClass[b[i+n]] == 0 && string(b[i:i+n]) == string(e.name) {
			if e.colon < 0 {
				return i + n, -1, true
			}
			return i + n, i + e.colon, true
		}
	}
	end, colon, ok = qname(b, i)
	if ok && end < len(b) && end-i >= 8 && end-i <= 64 {
		// Keep it, in place of the older of the two.
		h[1] = h[0]
		h[0] = nameHint{name: append([]byte(nil), b[i:end]...), colon: -1}
		if colon >= 0 {
			h[0].colon = colon - i
		}
	}
	return end, colon, ok
}

// validName checks a name as encoding/xml's isName does.
func validName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	ascii := true
	for _, c := range name {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		c := name[0]
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
	}
	// Rare: let encoding/xml judge the letters.
	d := xml.NewDecoder(strings.NewReader("<" + string(name) + ">"))
	if t, err := d.RawToken(); err == nil {
		_, ok := t.(xml.StartElement)
		return ok
	}
	// A name that is valid but has two colons fails nsname; try it as a
	// processing instruction target, which is a plain name.
	d = xml.NewDecoder(strings.NewReader("<?" + string(name) + "?>"))
	_, err := d.RawToken()
	return err == nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// markup reads the token starting with '<' at pos.
func (s *scanner) markup(eof bool) (tokKind, error) {
	b := s.buf[s.pos:s.end]
	if len(b) < 2 {
		return 0, errShort
	}
	switch b[1] {
	case '/':
		return s.endTag(b)
	case '?':
		return s.procInst(b)
	case '!':
		return s.bang(b, eof)
	}
	return s.startTag(b)
}

func (s *scanner) startTag(b []byte) (tokKind, error) {
	ne, colon, ok := s.qname(b, 1)
	if ne == len(b) {
		return 0, errShort
	}
	if !ok {
		return 0, s.errorf("expected element name after <")
	}
	name, prefix, local := b[1:ne], []byte(nil), b[1:ne]
	if colon >= 0 {
		prefix, local = b[1:colon], b[colon+1:ne]
	}
	s.attrs = s.attrs[:0]
	s.abuf = s.abuf[:0]
	at := int32(s.pos) // b[i] is buf[at+i]
	self := false
	i := ne
	for {
		i = skipSpace(b, i)
		if i == len(b) {
			return 0, errShort
		}
		if c := b[i]; c == '/' {
			if i+1 == len(b) {
				return 0, errShort
			}
			if b[i+1] != '>' {
				return 0, s.errorf("expected /> in element")
			}
			i, self = i+2, true
			break
		} else if c == '>' {
			i++
			break
		}
		ae, colon, ok := s.qname(b, i)
		if ae == len(b) {
			return 0, errShort
		}
		if !ok {
			return 0, s.errorf("expected attribute name in element")
		}
		a := xattr{p0: at + int32(i), p1: at + int32(i), l0: at + int32(i), l1: at + int32(ae)}
		if colon >= 0 {
			a.p1, a.l0 = at+int32(colon), at+int32(colon+1)
		}
		i = skipSpace(b, ae)
		if i == len(b) {
			return 0, errShort
		}
		if b[i] != '=' {
			return 0, s.errorf("attribute name without = in element")
		}
		i = skipSpace(b, i+1)
		if i == len(b) {
			return 0, errShort
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return 0, s.errorf("unquoted or missing attribute value in element")
		}
		j := bytes.IndexByte(b[i+1:], q)
		if j < 0 {
			return 0, errShort
		}
		before := len(s.abuf)
		if _, err := s.decode(b[i+1:i+1+j], false, true); err != nil {
			return 0, err
		}
		a.v0, a.v1 = at+int32(i+1), at+int32(i+1+j)
		if len(s.abuf) != before {
			a.v0, a.v1, a.decoded = int32(before), int32(len(s.abuf)), true
		}
		s.attrs = append(s.attrs, a)
		i += 1 + j + 1
	}
	s.pos += i
	return tokStart, s.push(name, prefix, local, self)
}

// push opens the element just read: its namespace declarations, then its
// name and its attributes' names resolved.
func (s *scanner) push(name, prefix, local []byte, self bool) error {
	depth := s.depth() + 1
	nb := len(s.binds)
	for k := range s.attrs {
		a := &s.attrs[k]
		if p := a.prefix(s); string(p) == "xmlns" {
			v := string(a.value(s))
			s.binds = append(s.binds, binding{prefix: string(a.local(s)), uri: v, id: nsIDOf(v), depth: depth})
		} else if p == nil && string(a.local(s)) == "xmlns" {
			v := string(a.value(s))
			s.binds = append(s.binds, binding{uri: v, id: nsIDOf(v), depth: depth})
		}
	}
	if len(s.binds) != nb {
		s.cache = nil
		s.gen++
	}
	start := len(s.names)
	s.names = append(s.names, name...)
	e := elem{name: int32(start), local: int32(start + len(name) - len(local)), end: int32(len(s.names)), binds: int32(nb)}
	e.ns = s.elemNS(prefix, local)
	s.stack = append(s.stack, e)
	s.ns, s.local = e.ns, local
	for k := range s.attrs {
		a := &s.attrs[k]
		a.ns = s.attrNS(a.prefix(s))
	}
	s.pendingEnd = self
	if depth > s.maxDepth {
		return &sheet.LimitError{File: s.file, Part: contentXML, Limit: "MaxDepth", Got: int64(depth), Max: int64(s.maxDepth)}
	}
	return nil
}

// pop closes the innermost element, leaving its name as the token's.
func (s *scanner) pop() {
	e := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.ns, s.local = e.ns, s.names[e.local:e.end]
	s.names = s.names[:e.name]
	if int(e.binds) != len(s.binds) {
		s.binds = s.binds[:e.binds]
		s.cache = nil
		s.gen++
	}
}

// elemNS resolves an element's prefix. Rows resolves as encoding/xml's
// Token does; the index pass as it always has, by looking the prefix up
// among the declarations (an element named xmlns, or with the prefix
// xmlns, then differs, as does which of two declarations of one prefix on
// one element counts: the last for Token, the first for the index).
func (s *scanner) elemNS(prefix, local []byte) nsID {
	if !s.index && (string(prefix) == "xmlns" || prefix == nil && string(local) == "xmlns") {
		return nsNone
	}
	return s.resolve(prefix)
}

// attrNS resolves an attribute's prefix: an unprefixed attribute is in no
// namespace, whatever the default.
func (s *scanner) attrNS(prefix []byte) nsID {
	if prefix == nil || !s.index && string(prefix) == "xmlns" {
		return nsNone
	}
	return s.resolve(prefix)
}

func (s *scanner) resolve(prefix []byte) nsID {
	if string(prefix) == "xml" {
		return nsNone
	}
	if s.cache == nil {
		s.cache = new(nsCache)
	}
	c := &s.cache[cacheSlot(prefix)]
	if c.ok && c.prefix == string(prefix) {
		return c.id
	}
	id := nsNone
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].prefix != string(prefix) {
			continue
		}
		if s.index {
			for k := i - 1; k >= 0 && s.binds[k].depth == s.binds[i].depth; k-- {
				if s.binds[k].prefix == string(prefix) {
					i = k
				}
			}
		}
		id = s.binds[i].id
		break
	}
	c.prefix, c.id, c.ok = string(prefix), id, true
	return id
}

// attr returns the value of the first attribute ns:local.
func (s *scanner) attr(ns nsID, local string) []byte {
	for k := range s.attrs {
		if a := &s.attrs[k]; a.ns == ns && string(a.local(s)) == local {
			return a.value(s)
		}
	}
	return nil
}

func (s *scanner) endTag(b []byte) (tokKind, error) {
	// Mostly it is "</" and the open element's (checked) name, then '>'.
	if n := len(s.stack); n > 0 {
		e := s.stack[n-1]
		open := s.names[e.name:e.end]
		if k := 2 + len(open); k < len(b) && b[k] == '>' && string(b[2:k]) == string(open) {
			s.pos += k + 1
			s.pop()
			return tokEnd, nil
		}
	}
	ne, _, ok := s.qname(b, 2)
	if ne == len(b) {
		return 0, errShort
	}
	if !ok {
		return 0, s.errorf("expected element name after </")
	}
	name := b[2:ne]
	i := skipSpace(b, ne)
	if i == len(b) {
		return 0, errShort
	}
	if b[i] != '>' {
		return 0, s.errorf("invalid characters between </%s and >", name)
	}
	if len(s.stack) == 0 {
		return 0, s.errorf("unexpected end element </%s>", name)
	}
	if e := s.stack[len(s.stack)-1]; string(s.names[e.name:e.end]) != string(name) {
		return 0, s.errorf("element <%s> closed by </%s>", s.names[e.name:e.end], name)
	}
	s.pos += i + 1
	s.pop()
	return tokEnd, nil
}

func (s *scanner) procInst(b []byte) (tokKind, error) {
	ne := scanName(b, 2)
	if ne == len(b) {
		return 0, errShort
	}
	target := b[2:ne]
	if !validName(target) {
		return 0, s.errorf("expected target name after <?")
	}
	i := skipSpace(b, ne)
	j := bytes.Index(b[i:], []byte("?>"))
	if j < 0 {
		return 0, errShort
	}
	if string(target) == "xml" {
		content := string(b[i : i+j])
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return 0, s.errorf("unsupported version %q; only version 1.0 is supported", ver)
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return 0, s.errorf("encoding %q declared; only UTF-8 is read", enc)
		}
	}
	s.pos += i + j + 2
	return tokOther, nil
}

// procInstParam is encoding/xml's procInst: the value of param="..." in
// a processing instruction, or "".
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads a comment, the start of a CDATA section, or a directive.
func (s *scanner) bang(b []byte, eof bool) (tokKind, error) {
	if len(b) < 3 {
		return 0, errShort
	}
	switch b[2] {
	case '-':
		if len(b) < 4 {
			return 0, errShort
		}
		if b[3] != '-' {
			return 0, s.errorf("invalid sequence <!- not part of <!--")
		}
		j := bytes.Index(b[4:], []byte("--"))
		if j < 0 || 4+j+2 == len(b) {
			return 0, errShort
		}
		if b[4+j+2] != '>' {
			return 0, s.errorf(`invalid sequence "--" not allowed in comments`)
		}
		s.pos += 4 + j + 3
		return tokOther, nil
	case '[':
		for i := range 6 {
			if 3+i == len(b) {
				return 0, errShort
			}
			if b[3+i] != "CDATA["[i] {
				return 0, s.errorf("invalid <![ sequence")
			}
		}
		s.pos += 9
		s.inText, s.inCDATA, s.first, s.b0, s.b1 = true, true, true, 0, 0
		return s.textToken(eof)
	}
	// A directive (<!DOCTYPE ...>): to the '>' at depth 0 outside quotes,
	// with nested <...> and <!--...--> inside, as encoding/xml reads it.
	var inquote byte
	depth := 0
	i := 3 // the byte after "<!" is taken as it is
	get := func() (byte, bool) {
		if i == len(b) {
			return 0, false
		}
		i++
		return b[i-1], true
	}
	for {
		c, ok := get()
		if !ok {
			return 0, errShort
		}
		if inquote == 0 && c == '>' && depth == 0 {
			break
		}
	handle:
		switch {
		case c == inquote:
			inquote = 0
		case inquote != 0:
		case c == '\'' || c == '"':
			inquote = c
		case c == '>':
			depth--
		case c == '<':
			const open = "!--"
			for k := 0; k < len(open); k++ {
				if c, ok = get(); !ok {
					return 0, errShort
				}
				if c != open[k] {
					depth++
					goto handle
				}
			}
			var p0, p1 byte
			for {
				if c, ok = get(); !ok {
					return 0, errShort
				}
				if p0 == '-' && p1 == '-' && c == '>' {
					break
				}
				p0, p1 = p1, c
			}
		}
	}
	s.pos += i
	return tokOther, nil
}

// skipBody consumes the content and end tag of the element whose start tag
// was just read, as the index pass always has: without tokenizing, only
// counting elements. It looks for '<', steps over comments, CDATA sections
// and processing instructions whole, and reads a tag to its first '>'
// outside quotes, a "/>" closing no element. That is all the index needs
// from a table body, and about four times faster than tokenizing it; Rows
// tokenizes the table it reads in full, so nothing here decides cell
// content. It reports whether the element has a direct child whose local
// name is table-source (by local name only: no other namespace has one).
func (s *scanner) skipBody() (linked bool, err error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		return false, nil
	}
	depth := s.depth()
	open := 0 // elements open inside the one being skipped
	for {
		// Tags mostly follow each other: look at the next byte before
		// searching.
		if s.pos < s.end && s.buf[s.pos] == '<' {
			s.pos++
		} else if i := bytes.IndexByte(s.buf[s.pos:s.end], '<'); i >= 0 {
			s.pos += i + 1
		} else {
			s.pos = s.end
			if err := s.moreSkip(); err != nil {
				return false, err
			}
			continue
		}
		if s.pos == s.end {
			if _, err := s.peek(1); err != nil {
				return false, err
			}
		}
		switch s.buf[s.pos] {
		case '/':
			if _, err := s.skipTag(); err != nil {
				return false, err
			}
			if open == 0 {
				s.pop()
				return linked, nil
			}
			open--
		case '!':
			b, err := s.peek(8)
			if err != nil {
				return false, err
			}
			// Step over the opener first, so "<!-->" does not end where it
			// starts (encoding/xml agrees).
			switch {
			case bytes.HasPrefix(b, []byte("!--")):
				s.pos += 3
				err = s.past("-->")
			case bytes.HasPrefix(b, []byte("![CDATA[")):
				s.pos += 8
				err = s.past("]]>")
			default:
				err = s.errorf("unexpected <%s", b[:1])
			}
			if err != nil {
				return false, err
			}
		case '?':
			s.pos++
			if err := s.past("?>"); err != nil {
				return false, err
			}
		default:
			if open == 0 {
				name, err := s.peek(64)
				if err != nil {
					return false, err
				}
				if isTableSource(name) {
					linked = true
				}
			}
			self, err := s.skipTag()
			if err != nil {
				return false, err
			}
			if !self {
				open++
				if depth+open > s.maxDepth {
					return false, &sheet.LimitError{File: s.file, Part: contentXML, Limit: "MaxDepth", Got: int64(depth + open), Max: int64(s.maxDepth)}
				}
			}
		}
	}
}

// moreSkip reads on for skipBody, where running out is malformed.
func (s *scanner) moreSkip() error {
	if err := s.more(); err != nil {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
}

// peek returns the next n bytes, or fewer at the end of the input (but at
// least one).
func (s *scanner) peek(n int) ([]byte, error) {
	for s.end-s.pos < n {
		if err := s.more(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
	}
	if s.pos == s.end {
		return nil, io.ErrUnexpectedEOF
	}
	return s.buf[s.pos:min(s.end, s.pos+n)], nil
}

// past consumes up to and including the terminator.
func (s *scanner) past(term string) error {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte(term)); i >= 0 {
			s.pos += i + len(term)
			return nil
		}
		s.pos = max(s.pos, s.end-(len(term)-1))
		if err := s.moreSkip(); err != nil {
			return err
		}
	}
}

// tagStop marks the bytes skipTag stops at.
var tagStop = func() (t [256]bool) {
	t['"'], t['\''], t['>'] = true, true, true
	return t
}()

// quotesBalanced reports whether b has no "'" and an even number of '"'.
func quotesBalanced(b []byte) bool {
	const lo = 0x0101010101010101
	var dq, sq uint64 // the '"' bits, xored (their parity is the count's), and the "'" bits
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		dq ^= zeros(x ^ lo*'"')
		sq |= zeros(x ^ lo*'\'')
	}
	n := bits.OnesCount64(dq)
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			n++
		case '\'':
			sq = 1
		}
	}
	return sq == 0 && n%2 == 0
}

// zeros marks, exactly, the bytes of x that are zero (their top bits).
func zeros(x uint64) uint64 {
	const seven = 0x7F7F7F7F7F7F7F7F
	return ^(((x & seven) + seven) | x | seven)
}

// hasByte is non-zero if a byte of x is c.
func hasByte(x uint64, c byte) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	y := x ^ (lo * uint64(c))
	return (y - lo) &^ y & hi
}

// skipTag consumes a tag up to and including its closing '>', the first
// outside a quoted attribute value, and reports whether it was "/>".
func (s *scanner) skipTag() (self bool, err error) {
	// Mostly the first '>' ends the tag: when no single quote and an even
	// number of double quotes come before it.
	if b := s.buf[s.pos:s.end]; len(b) > 0 {
		if g := bytes.IndexByte(b, '>'); g >= 0 && quotesBalanced(b[:g]) {
			var prev byte
			if g > 0 {
				prev = b[g-1]
			}
			s.pos += g + 1
			return prev == '/', nil
		}
	}
	var quote, prev byte
	for {
		b := s.buf[s.pos:s.end]
		i := 0
		for i < len(b) {
			if quote != 0 {
				// Values are mostly short: look a few bytes ahead first.
				j := i
				for j < len(b) && j < i+16 && b[j] != quote {
					j++
				}
				if j < len(b) && b[j] != quote {
					if k := bytes.IndexByte(b[j:], quote); k >= 0 {
						j += k
					} else {
						j = len(b)
					}
				}
				if j == len(b) {
					i = len(b)
					break
				}
				i = j + 1
				quote = 0
				continue
			}
			// Eight bytes at a time while none is a quote or '>'.
			for i+8 <= len(b) {
				x := binary.LittleEndian.Uint64(b[i:])
				if hasByte(x, '"')|hasByte(x, '\'')|hasByte(x, '>') != 0 {
					break
				}
				i += 8
			}
			for i < len(b) && !tagStop[b[i]] {
				i++
			}
			if i == len(b) {
				break
			}
			c := b[i]
			if c == '>' {
				if i > 0 {
					prev = b[i-1]
				}
				s.pos += i + 1
				return prev == '/', nil
			}
			quote = c
			i++
		}
		if len(b) > 0 {
			prev = b[len(b)-1]
		}
		s.pos = s.end
		if err := s.moreSkip(); err != nil {
			return false, err
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
