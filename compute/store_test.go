package compute

import (
	"math/rand/v2"
	"testing"
)

// A chunk keeps lines as 4-byte offsets from its first; lines out of
// order or more than 4G apart fall back to 8 bytes. Either way At gives
// back every line, and shiftLines moves them all.
func TestStoreLines(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for trial := range 200 {
		n := 1 + r.IntN(50)
		lists := make([]ListStat, n)
		line := 1 + r.IntN(1000)
		for i := range lists {
			switch r.IntN(20) {
			case 0:
				line += 1 << 33 // too far for 4 bytes
			case 1:
				line -= r.IntN(line) // backwards
			default:
				line += r.IntN(5)
			}
			lists[i] = ListStat{Index: i, Line: line, Count: 1, Median: 1}
		}
		s := StoreOf(lists)
		shift := r.IntN(3) * 1000
		s.chunks[0].shiftLines(shift)
		for i, l := range lists {
			if got := s.At(i).Line; got != l.Line+shift {
				t.Fatalf("trial %d: list %d has line %d, want %d", trial, i, got, l.Line+shift)
			}
		}
	}
}
