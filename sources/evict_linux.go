package sources

import (
	"os"
	"syscall"
	"unsafe"
)

// Evict tells the kernel that the process has finished with b, bytes
// Shared returned: the whole pages inside it leave the process's resident
// set. They are the executable's read-only data, mapped from its file, so
// nothing is lost: a later read faults them back in from the page cache.
// Without it every source a run has read stays resident to the end, 28 MB
// of the run's 200 MB budget. Bytes that are not the embedded files' are
// left alone.
func (f Files) Evict(b []byte) {
	if len(b) == 0 || !f.embedded(b) {
		return
	}
	page := os.Getpagesize()
	start := int(uintptr(unsafe.Pointer(unsafe.SliceData(b))) % uintptr(page))
	off := (page - start) % page // to the first page boundary inside b
	if off >= len(b) {
		return
	}
	n := (len(b) - off) / page * page
	if n == 0 {
		return
	}
	// Advice, not a requirement: an error leaves the pages resident.
	_ = syscall.Madvise(b[off:off+n], syscall.MADV_DONTNEED)
}
