//go:build !linux

package tune

func TotalRAM() int64 { return 0 } // unknown: no memory limit
