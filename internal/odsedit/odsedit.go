// Package odsedit damages real OpenDocument spreadsheets for tests, as a
// publisher's next release might change them: it rewrites text in
// content.xml and repacks the zip (mimetype first and stored, as the
// OpenDocument standard requires). Tests damage real files in code rather
// than commit broken copies.
package odsedit

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
)

// Replace returns the workbook with every from in content.xml replaced by
// to; it is an error when from does not occur.
func Replace(data []byte, from, to string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	changed := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == "content.xml" {
			nb := bytes.ReplaceAll(b, []byte(from), []byte(to))
			changed = !bytes.Equal(nb, b)
			b = nb
		}
		method := zip.Deflate
		if f.Name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if !changed {
		return nil, fmt.Errorf("%q not found in content.xml", from)
	}
	return buf.Bytes(), nil
}
