package tune

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldPct := debug.SetGCPercent(100)
	oldLim := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(oldPct)
	defer debug.SetMemoryLimit(oldLim)
	GC()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GC percent %d, want Go's default 100", p)
	}
	if lim := debug.SetMemoryLimit(-1); TotalRAM() > 0 && lim != TotalRAM()/2 {
		t.Errorf("memory limit %d, want half of %d", lim, TotalRAM())
	}
}

func TestRespectsEnvironment(t *testing.T) {
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	old := debug.SetGCPercent(123)
	defer debug.SetGCPercent(old)
	GC()
	if p := debug.SetGCPercent(old); p != 123 {
		t.Errorf("GOGC set by the user was overridden: %d", p)
	}
}
