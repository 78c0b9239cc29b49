//go:build !linux

package sources

// Evict does nothing outside Linux: the pages stay resident.
func (f Files) Evict(b []byte) {}
