package compute

import "unsafe"

// prefetch asks the CPU to bring p's cache line in (PREFETCHT0) and goes
// on: unlike a load, it never waits for the line nor holds up the
// instructions after it, so many can be under way at once. It never
// faults.
//
//go:noescape
func prefetch(p unsafe.Pointer)
