//go:build !linux

package tune

func totalRAM() int64 { return 0 } // unknown: no memory limit
