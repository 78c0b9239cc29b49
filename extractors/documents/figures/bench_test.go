package figures

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		b.Skip("no seed texts")
	}
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		all.Write(data)
		all.WriteString("\n\n")
	}
	text := all.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(text)
	}
}
