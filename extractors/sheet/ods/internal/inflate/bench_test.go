package inflate

import (
	"archive/zip"
	"io"
	"testing"

	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
)

// BenchmarkInflate inflates the 2023 Ofsted workbook's content.xml (40 MB).
func BenchmarkInflate(b *testing.B) {
	zr, err := zip.OpenReader(testfiles.Path(b, testfiles.Ofsted2023ODS))
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "content.xml" {
			continue
		}
		b.SetBytes(int64(f.UncompressedSize64))
		for b.Loop() {
			raw, err := f.OpenRaw()
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, NewReader(raw))
			if err != nil || n != int64(f.UncompressedSize64) {
				b.Fatal(n, err)
			}
		}
	}
}
