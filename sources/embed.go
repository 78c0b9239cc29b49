// Package sources embeds the official input files caredata publishes from,
// byte for byte as their publishers released them, with manifest.json
// recording for each its publisher, official address, licence, release and
// sha256. The built binary therefore runs with no network and no checkout.
package sources

import (
	"embed"
	"io/fs"
	"unsafe"
)

//go:embed manifest.json dfe ofsted mhclg lookups documents
var files embed.FS

// FS holds manifest.json and the files it lists.
var FS = Files{files}

// Files is the embedded folder. It reads like any fs.FS; Shared gives a
// source's bytes without the copy fs.ReadFile makes.
type Files struct{ embed.FS }

// Shared returns the bytes of the file at path without copying them: they
// are the program's own read-only memory, which every caller shares and
// none may change (a write would fault). A run holds tens of megabytes of
// sources while it extracts; shared, they cost the heap nothing, so the
// collector has that much less to work under the run's memory limit.
// A path that is not embedded as a string (see files_gen.go) is read with
// fs.ReadFile.
func (f Files) Shared(path string) ([]byte, error) {
	if s, ok := contents[path]; ok {
		return unsafe.Slice(unsafe.StringData(s), len(s)), nil
	}
	return fs.ReadFile(f.FS, path)
}

// embedded reports whether b lies inside one of the embedded files, the
// only memory Evict may advise on.
func (f Files) embedded(b []byte) bool {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	for _, s := range contents {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if start >= p && start+uintptr(len(b)) <= p+uintptr(len(s)) {
			return true
		}
	}
	return false
}
