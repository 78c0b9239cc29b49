// Package charset turns the bytes of a text input into UTF-8. Official
// files come as UTF-8 (often with a byte-order mark), Windows-1252 or, from
// old Macs, Mac-Roman; the last two cannot be told apart reliably by their
// bytes, so a caller names the legacy charset when it knows it (the
// manifest's media type parameter) and Windows-1252, the commoner, is
// assumed otherwise. golang.org/x/text does the decoding; this package only
// chooses.
package charset

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// ErrUnknown means a charset name is not one caredata reads.
var ErrUnknown = errors.New("unknown charset")

// FromMediaType returns the charset parameter of a media type such as
// "text/csv; charset=macintosh", lower case, or "" when it has none.
func FromMediaType(mediaType string) string {
	_, params, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return ""
	}
	return strings.ToLower(params["charset"])
}

// decoders are the legacy charsets by their IANA names and aliases.
var decoders = map[string]encoding.Encoding{
	"windows-1252": charmap.Windows1252,
	"cp1252":       charmap.Windows1252,
	"macintosh":    charmap.Macintosh,
	"x-mac-roman":  charmap.Macintosh,
	"mac-roman":    charmap.Macintosh,
	"iso-8859-1":   charmap.ISO8859_1,
	"latin1":       charmap.ISO8859_1,
}

// Decode returns data as UTF-8: unchanged (less a byte-order mark) when it
// is valid UTF-8, whatever charset says, otherwise decoded from charset
// (Windows-1252 when charset is "" or utf-8).
func Decode(data []byte, charset string) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data, nil
	}
	if charset == "" || charset == "utf-8" || charset == "utf8" {
		charset = "windows-1252"
	}
	enc, ok := decoders[charset]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknown, charset)
	}
	return enc.NewDecoder().Bytes(data)
}
