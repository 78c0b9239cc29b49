package charset

import (
	"errors"
	"testing"
)

func TestFromMediaType(t *testing.T) {
	for mt, want := range map[string]string{
		"text/csv":                      "",
		"text/csv; charset=macintosh":   "macintosh",
		"text/csv; charset=\"UTF-8\"":   "utf-8",
		"text/csv;charset=windows-1252": "windows-1252",
		"not a media type;;":            "",
	} {
		if got := FromMediaType(mt); got != want {
			t.Errorf("FromMediaType(%q) = %q, want %q", mt, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		in, charset, want string
		err               error
	}{
		{"\xef\xbb\xbfURN,Name", "", "URN,Name", nil},
		{"caf\xe9", "", "café", nil},                  // Windows-1252 by default
		{"St Helen\x92s", "utf-8", "St Helen’s", nil}, // not UTF-8 whatever it says
		{"caf\x8e", "macintosh", "café", nil},         // Mac-Roman é
		{"\xd0", "macintosh", "–", nil},               // the 2024 Ofsted register's dash
		{"ok – already UTF-8", "macintosh", "ok – already UTF-8", nil},
		{"caf\xe9", "ebcdic", "", ErrUnknown},
	} {
		got, err := Decode([]byte(c.in), c.charset)
		if !errors.Is(err, c.err) || string(got) != c.want {
			t.Errorf("Decode(%q, %q) = %q, %v; want %q, %v", c.in, c.charset, got, err, c.want, c.err)
		}
	}
}
