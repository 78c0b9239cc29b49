package fetch

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	neturl "net/url"
	"path"
	"strings"
	"unicode/utf8"
)

// ErrCorrupt means downloaded (or stored) bytes are not a usable file of
// the expected kind. Errors from Verify wrap it with the file's name.
var ErrCorrupt = errors.New("corrupt file")

// Media types Verify recognises.
const (
	MediaODS  = "application/vnd.oasis.opendocument.spreadsheet"
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	MediaCSV  = "text/csv"
	MediaHTML = "text/html"
)

// maxUnzipped caps the total decompressed size Verify reads from one
// workbook, against zip bombs.
const maxUnzipped = 4 << 30

type kind int

const (
	kindUnknown kind = iota
	kindCSV
	kindODS
	kindXLSX
)

func (k kind) String() string {
	return [...]string{"file", "CSV", "ODS", "XLSX"}[k]
}

// kindOf decides what a file should be: by the extension of name (a file
// name or URL) when it has a known one, else by media type.
func kindOf(name, mediaType string) kind {
	p := name
	if u, err := neturl.Parse(name); err == nil && u.Path != "" {
		p = u.Path
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".csv":
		return kindCSV
	case ".ods":
		return kindODS
	case ".xlsx":
		return kindXLSX
	}
	switch baseMediaType(mediaType) {
	case MediaCSV, "application/csv":
		return kindCSV
	case MediaODS:
		return kindODS
	case MediaXLSX:
		return kindXLSX
	}
	return kindUnknown
}

func baseMediaType(mt string) string {
	if mt == "" {
		return ""
	}
	if t, _, err := mime.ParseMediaType(mt); err == nil {
		return strings.ToLower(t)
	}
	return strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
}

// Verify checks downloaded bytes before use. name is the file name or URL
// (its extension decides the kind; else mediaType does):
//   - ODS/XLSX must be a complete zip whose every entry decompresses with a
//     matching CRC, holding mimetype and content.xml (ODS) or
//     [Content_Types].xml (XLSX);
//   - CSV must be valid UTF-8 (a BOM is allowed) starting with a header line;
//   - an HTML page (served as text/html, or starting like one) is rejected
//     whatever was asked for.
//
// Files of other kinds only need to be non-empty. Errors wrap ErrCorrupt.
func Verify(name string, data []byte, mediaType string) error {
	k := kindOf(name, mediaType)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrCorrupt, fmt.Sprintf(format, args...))
	}
	if len(data) == 0 {
		return fail("empty %s", k)
	}
	if baseMediaType(mediaType) == MediaHTML || looksHTML(data) {
		return fail("an HTML page (media type %q) was served instead of the expected %s", mediaType, k)
	}
	switch k {
	case kindCSV:
		if err := verifyCSV(data); err != nil {
			return fail("CSV: %v", err)
		}
	case kindODS, kindXLSX:
		if err := verifyZip(data, k); err != nil {
			return fail("%s: %v", k, err)
		}
	}
	return nil
}

func looksHTML(data []byte) bool {
	head := data[:min(len(data), 512)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.ToLower(bytes.TrimLeft(head, " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return false
}

func verifyCSV(data []byte) error {
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(text) {
		i := 0
		for i < len(text) {
			r, n := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return fmt.Errorf("not valid UTF-8 (first bad byte at offset %d)", i+len(data)-len(text))
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return errors.New("contains NUL bytes: binary, not text")
	}
	line := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	line = bytes.TrimRight(line, "\r")
	if len(bytes.TrimSpace(line)) == 0 {
		return errors.New("no header line: the first line is empty")
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("header line: %v", err)
	}
	named := 0
	for _, h := range header {
		if strings.TrimSpace(h) != "" {
			named++
		}
	}
	if named == 0 {
		return errors.New("header line names no columns")
	}
	return nil
}

func verifyZip(data []byte, k kind) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("not a readable zip (truncated?): %v", err)
	}
	if len(zr.File) == 0 {
		return errors.New("zip has no entries")
	}
	names := map[string]bool{}
	var total int64
	var mimetype []byte
	for _, f := range zr.File {
		names[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("entry %s: %v", f.Name, err)
		}
		var w io.Writer = io.Discard
		var buf bytes.Buffer
		if f.Name == "mimetype" {
			w = &buf
		}
		n, err := io.Copy(w, io.LimitReader(rc, maxUnzipped-total+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("entry %s: %v", f.Name, err)
		}
		if total += n; total > maxUnzipped {
			return fmt.Errorf("decompresses to more than %d bytes", int64(maxUnzipped))
		}
		if f.Name == "mimetype" {
			mimetype = buf.Bytes()
		}
	}
	var need []string
	switch k {
	case kindODS:
		need = []string{"mimetype", "content.xml"}
	case kindXLSX:
		need = []string{"[Content_Types].xml"}
	}
	for _, n := range need {
		if !names[n] {
			return fmt.Errorf("zip lacks %s", n)
		}
	}
	if k == kindODS {
		if got := strings.TrimSpace(string(mimetype)); got != MediaODS {
			return fmt.Errorf("mimetype is %q, want %q", got, MediaODS)
		}
	}
	return nil
}
