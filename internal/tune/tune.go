// Package tune sets the Go runtime up for Medianscope's workload: a soft
// memory limit of half the RAM, so that a large heap target never pushes
// the machine into swap. It respects GOMEMLIMIT when the user sets it.
//
// The collector runs at Go's default GOGC=100. The command line once ran
// it at 400: millions of short rows then triggered many collections
// (make bench, shape "tall": up to 3x slower). Since results are
// pointer-free chunks and columns and groups keep their values in
// pointer-free slabs, collections cost little, while the garbage 400 let
// pile up (arrays outgrown by doubling) was memory touched afresh:
// farm-bench against 400, 4-6 pairs with -json: tiny 0.97x, wide 0.97x,
// groups 0.93x, a million groups 0.79x wall (617 -> 520 MiB), tiny with
// -csv 0.97x, one huge line level.
package tune

import (
	"os"
	"runtime/debug"
)

// GC applies the settings; call it first thing in main.
func GC() {
	setMemoryLimit()
}

func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		if ram := TotalRAM(); ram > 0 {
			debug.SetMemoryLimit(ram / 2)
		}
	}
}
