// Package tune sets the Go runtime up for Medianscope's workload: a few
// long-lived records per list and short-lived blocks. With Go's default
// GOGC=100 a file of millions of short rows triggers many collections
// while the workers run (make bench, shape "tall": up to 3× slower, and
// bimodal); GOGC=400 removes that. A soft memory limit of half the RAM
// keeps the larger heap target from ever pushing the machine into swap.
// Both respect GOGC and GOMEMLIMIT when the user sets them.
package tune

import (
	"os"
	"runtime/debug"
)

// GC applies the settings; call it first thing in main.
func GC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	setMemoryLimit()
}

// WindowGC is GC for the window, which holds every list's result for as
// long as it shows it: there the collector's default target keeps the peak
// lower (10M lists: 1216 -> 1034 MiB), at no measurable cost to the engine,
// whose results hold no pointers.
func WindowGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
}

func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		if ram := TotalRAM(); ram > 0 {
			debug.SetMemoryLimit(ram / 2)
		}
	}
}
