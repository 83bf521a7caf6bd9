package store

import "testing"

// BenchmarkTableAccessor measures getting a typed repository, which every
// web request (sessions) and every call (call records) does.
func BenchmarkTableAccessor(b *testing.B) {
	s := &Store{}
	b.ReportAllocs()
	for b.Loop() {
		_ = s.CallRecords()
	}
}
